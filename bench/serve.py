"""Response times of `chrono serve` on a synthetic store of 1,000,000 events.

    .venv/bin/python bench/serve.py [--events 1000000] [--db /tmp/chrono-bench.db] [--runs 40]

Rows go straight into the contract tables (`articles`, `timeline`, `timeline_fts`;
`timeline_facet_counts` by the projection's own statement, as a load would); the log is
left empty, as the pages never read it. Then a real `chrono serve` (Datasette
under uvicorn) on 127.0.0.1 answers each page `--runs` times after a warm-up,
and the median and 95th percentile are printed. Targets: p95 < 100 ms for the
timeline page, the plain table page and a search; < 1 s with facets.
`--reuse` rebuilds a store made before the facet counts existed.
"""

from __future__ import annotations

import argparse
import json
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from functools import cache
from pathlib import Path

from chrono.events.projections.timeline import COUNT_RANGE
from chrono.events.sqlite import sqlite3
from chrono.loaders.arabic import normalise

KINDS = [("statement", 45), ("meeting", 25), ("announcement", 20), ("attack", 10)]
FIRST = ["مصطفى", "محمد", "علي", "أحمد", "حسين", "فؤاد", "برهم", "جو", "أنتوني", "لويد", "عادل",
         "إبراهيم", "عمار", "حيدر", "قاسم", "نوري", "إياد", "هادي", "فالح", "خالد"]
LAST = ["الكاظمي", "حسين", "السوداني", "بايدن", "بلينكن", "أوستن", "صالح", "عبد المهدي",
        "الحكيم", "العبادي", "المالكي", "العامري", "الفياض", "الصدر", "الزيدي", "تولر", "رومانوسكي"]
PLACES_AR = ["بغداد", "أربيل", "البصرة", "الموصل", "كركوك", "النجف", "كربلاء", "الأنبار",
             "ديالى", "صلاح الدين", "واشنطن", "نيويورك", "طهران", "دمشق", "عمان", "الرياض"]
VERBS = ["التقى", "استقبل", "بحث", "أعلن", "أكد", "قال", "أشار", "دعا", "أعلنت", "هاجم"]
NOUNS = ["الرئيس الأمريكي", "السفير الأميركي", "رئيس الوزراء", "وزير الخارجية", "التحالف الدولي",
         "القوات العراقية", "الحكومة", "البرلمان", "الانتخابات", "الاتفاقية الأمنية", "الحوار الاستراتيجي",
         "القوات الأمريكية", "داعش", "الطائرات المسيرة", "الصواريخ", "السفارة", "الاقتصاد", "الطاقة"]
OUTLETS = [f"Outlet {i}" for i in range(20)]


@cache
def norm(text: str) -> str:
    return normalise(text)


def make_store(path: Path, events: int, seed: int = 5) -> None:
    from chrono.app import open_store

    path.unlink(missing_ok=True)
    open_store(path).close()  # the real schema, views created empty
    rng = random.Random(seed)
    actors = [
        {"name": f"Actor {i}", "name_ar": f"{rng.choice(FIRST)} {rng.choice(LAST)}", "role": "speaker"}
        for i in range(300)
    ]
    places = [(f"Place {i}", f"{rng.choice(PLACES_AR)} {i}", rng.uniform(29, 37), rng.uniform(39, 48))
              for i in range(400)]
    kinds = [k for k, w in KINDS for _ in range(w)]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    per_article = 5
    with conn:
        conn.executemany(
            "INSERT INTO articles (article_id, path, sha256, outlet, title, published_earliest,"
            " published_latest, published_basis, text, first_position) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (
                (f"{a:016x}", f"a/{a}.txt", f"{a:064x}", OUTLETS[a % len(OUTLETS)],
                 f"{rng.choice(NOUNS)} {rng.choice(PLACES_AR)}", None, None, "unknown",
                 " ".join(rng.choice(NOUNS) for _ in range(30)), a + 1)
                for a in range(events // per_article + 1)
            ),
        )

        def rows():
            for i in range(events):
                article = i // per_article
                day = 730_000 + rng.randrange(0, 22 * 365)  # ordinal days, 2000s to 2020s
                date = time.strftime("%Y-%m-%d", time.gmtime((day - 719_163) * 86400))
                span = rng.choice([0, 0, 0, 0, 6, 30])
                latest = time.strftime("%Y-%m-%d", time.gmtime((day + span - 719_163) * 86400))
                kind = rng.choice(kinds)
                who = rng.sample(actors, rng.choice([1, 1, 2, 2, 3]))
                place = rng.choice(places) if rng.random() < 0.7 else None
                evidence = " ".join([rng.choice(VERBS), rng.choice(NOUNS), who[0]["name_ar"],
                                     rng.choice(NOUNS), "في", place[1] if place else rng.choice(PLACES_AR)])
                summary = f"{who[0]['name']} {kind} {i}"
                actors_json = json.dumps(who, ensure_ascii=False)
                killed = rng.randrange(0, 30) if kind == "attack" and rng.random() < 0.6 else None
                fts = " ".join([summary.lower(), norm(evidence), actors_json.lower(),
                                *(norm(a["name_ar"]) for a in who),
                                (place[0].lower() + " " + norm(place[1])) if place else ""])
                yield (i + 1, f"{article:016x}-{i % per_article + 1}", f"{article:016x}", kind,
                       "happened", date, latest, "day" if span == 0 else "range", date[:7],
                       actors_json, json.dumps([a["name"] for a in who]),
                       place[0] if place else None, place[1] if place else None,
                       place[2] if place else None, place[3] if place else None,
                       OUTLETS[article % len(OUTLETS)], summary, evidence, killed,
                       rng.choice([None, 1, 4]) if killed is not None else None, fts)

        batch = []
        for row in rows():
            batch.append(row)
            if len(batch) == 20_000:
                _insert(conn, batch)
                batch = []
        _insert(conn, batch)
    # the bench fills the search index itself (faster than the Python normaliser); the counts as a load would
    conn.execute(COUNT_RANGE, (0, events))
    conn.execute("UPDATE timeline_indexed SET last_id = ?", (events,))
    conn.execute("INSERT INTO timeline_fts (timeline_fts) VALUES ('optimize')")
    conn.execute("ANALYZE")
    conn.commit()
    conn.execute("VACUUM")
    conn.close()


def _insert(conn: sqlite3.Connection, batch: list[tuple]) -> None:
    conn.executemany(
        "INSERT INTO timeline (id, event_id, article_id, kind, status, date_earliest, date_latest,"
        " date_precision, month, actors, actor_names, location, location_ar, lat, lon, outlet,"
        " summary, evidence, killed, wounded, evidence_start, evidence_end, confidence, position)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,0,10,0.8,1)",
        [r[:-1] for r in batch],
    )
    conn.executemany("INSERT INTO timeline_fts (rowid, text) VALUES (?, ?)",
                     [(r[0], r[-1]) for r in batch])


def _has_facet_counts(path: Path) -> bool:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT 1 FROM sqlite_master WHERE name = 'timeline_facet_counts'").fetchone() is not None
    finally:
        conn.close()


PAGES = {
    "timeline page": "/-/timeline",
    "table page": "/chrono/timeline?_nofacet=1",
    "search": "/chrono/timeline?_nofacet=1&_search=" + urllib.parse.quote("الاميركي"),
    "search, rare word": "/chrono/timeline?_nofacet=1&_search=" + urllib.parse.quote("الكاظمى العامري"),
    "timeline page, search": "/-/timeline?q=" + urllib.parse.quote("الامريكي"),
    "timeline page, rare word": "/-/timeline?q=" + urllib.parse.quote("الكاظمى العامري"),
    "faceted table page": "/chrono/timeline",
    "faceted search": "/chrono/timeline?_search=" + urllib.parse.quote("الكاظمى العامري"),
    "faceted, 5% filter": "/chrono/timeline?outlet=Outlet+3",  # Datasette counts these
    "faceted, 45% filter": "/chrono/timeline?kind=statement",  # facet_time_limit_ms bounds it
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def measure(base: str, runs: int) -> dict[str, tuple[float, float]]:
    results = {}
    for name, path in PAGES.items():
        for _ in range(3):  # warm-up
            urllib.request.urlopen(base + path).read()
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            with urllib.request.urlopen(base + path) as response:
                response.read()
                assert response.status == 200
            times.append((time.perf_counter() - start) * 1000)
        times.sort()
        results[name] = (statistics.median(times), times[int(0.95 * (len(times) - 1))])
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/chrono-bench.db"))
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--reuse", action="store_true", help="Reuse an existing --db file.")
    args = parser.parse_args()
    if not (args.reuse and args.db.exists() and _has_facet_counts(args.db)):
        start = time.perf_counter()
        make_store(args.db, args.events)
        print(f"built {args.events:,} events in {time.perf_counter() - start:.0f} s "
              f"({args.db.stat().st_size / 1e6:.0f} MB)")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "import sys; from chrono.serve import serve; "
         "serve(sys.argv[1], port=int(sys.argv[2]))", str(args.db), str(port)],
        stderr=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/-/versions.json").read()
                break
            except OSError:
                time.sleep(0.2)
        print(f"{'page':26} {'median ms':>10} {'p95 ms':>8}")
        for name, (median, p95) in measure(base, args.runs).items():
            print(f"{name:26} {median:10.1f} {p95:8.1f}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
