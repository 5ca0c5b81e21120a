"""chrono at scale, measured side by side; writes bench/RESULTS.md.

    .venv/bin/python bench/run.py [--articles 10000] [--big 100000] [--events 1000000]
                                  [--work /tmp/chrono-bench] [--repeat 1]

Every figure comes from a child process (wall time, and its peak RSS from
os.wait4), so the runs do not share caches:

- `chrono load` of the synthetic corpus (bench/corpus.py) with --jobs 1 and
  with every core: articles/s, events/s;
- the floor: the same texts written raw into SQLite with sqlite-utils'
  `insert_all`; and a peer doing a fraction of the work: dateparser's
  `search_dates` over a sample of the texts, extrapolated;
- a store of `--big` articles (built once under --work, kept for the next
  run; the load's rate and peak RSS are recorded when it is built);
- one more article into that store: in-process milliseconds of `load` plus the
  inference of undated articles, and the whole `chrono load` command against
  the same command into an empty store;
- `chrono rebuild` of a log of at least `--events` events (the corpus's
  streams appended again under new ids until the log is that long, each copy
  with its own actor names so links stay as sparse as in the corpus): events/s.

Big stores live under --work (default /tmp/chrono-bench), never in the repo.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

from chrono.events.sqlite import sqlite3

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHRONO = str(Path(PYTHON).with_name("chrono"))
CORPUS = str(ROOT / "bench" / "corpus.py")
SAMPLE = 300  # texts given to dateparser
MARKER = "## What limits each figure"


@dataclass
class Run:
    wall: float
    rss_mb: float
    out: str


def child(args: list[str], *, env: dict | None = None) -> Run:
    """Run a command to its end; its wall time, peak RSS (itself or any child it waited for) and stdout."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{err.read()[-3000:]}")
        return Run(wall, usage.ru_maxrss / 1024, out.read())


def python(code: str, *args: str) -> Run:
    return child([PYTHON, "-c", textwrap.dedent(code), *args])


def fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def corpus(work: Path, n: int, seed: int = 1, start: int = 0) -> Path:
    path = work / f"corpus-{seed}-{start}-{n}.jsonl"
    if not path.exists():
        child([PYTHON, CORPUS, str(path), "--articles", str(n), "--seed", str(seed), "--start", str(start)])
    return path


def summary_counts(line: str) -> tuple[int, int]:
    """(new articles, events appended) from `chrono load`'s summary line."""
    words = line.replace(",", "").replace(";", "").split()
    return int(words[0]), int(words[words.index("events") - 1])


def load_cli(work: Path, texts: Path, jobs: int, name: str) -> dict:
    db = fresh(work / f"{name}.db")
    run = child([CHRONO, "load", str(texts), "--db", str(db), "--jobs", str(jobs), "--silent"])
    new, events = summary_counts(run.out.strip().splitlines()[-1])
    return {"wall": run.wall, "rss_mb": run.rss_mb, "articles": new, "events": events,
            "articles_s": new / run.wall, "events_s": events / run.wall}


def floor(work: Path, texts: Path) -> dict:
    db = fresh(work / "floor.db")
    run = python("""
        import json, sys, time, sqlite_utils
        started = time.perf_counter()
        db = sqlite_utils.Database(sys.argv[2])
        with open(sys.argv[1], encoding="utf-8") as f:
            rows = (json.loads(line) for line in f)
            db["articles"].insert_all(({"url": r["url"], "title": r["title"], "published": r.get("published"),
                                        "text": r["text"]} for r in rows), pk="url", batch_size=1000)
        print(db["articles"].count, time.perf_counter() - started)
    """, str(texts), str(db))
    count, inner = run.out.split()
    return {"wall": run.wall, "inner": float(inner), "rss_mb": run.rss_mb, "articles": int(count),
            "articles_s": int(count) / run.wall}


def dateparser_peer(texts: Path, total: int) -> dict:
    run = python("""
        import json, sys, time
        from dateparser.search import search_dates
        with open(sys.argv[1], encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for _, line in zip(range(int(sys.argv[2])), f)]
        search_dates("اليوم", languages=["ar"])  # its own start-up, left out
        started = time.perf_counter()
        found = sum(len(search_dates(t, languages=["ar"]) or ()) for t in texts)
        print(len(texts), found, time.perf_counter() - started)
    """, str(texts), str(SAMPLE))
    sample, found, seconds = run.out.split()
    per = float(seconds) / int(sample)
    return {"sample": int(sample), "found": int(found), "seconds_per_text": per,
            "articles_s": 1 / per, "extrapolated_wall": per * total, "rss_mb": run.rss_mb}


def chrono_peer(texts: Path) -> dict:
    """chrono's own date finder over the texts dateparser gets, and the whole pure pipeline (one core)."""
    run = python("""
        import json, sys, time
        from chrono.loaders.dates import find_dates
        from chrono.loaders.read import read
        from chrono.pipeline import prepare
        sources = [s for _, s in zip(range(int(sys.argv[2])), read(sys.argv[1]))]
        prepare(sources[0])  # start-up (grammar, gazetteer, lexicons), left out as for dateparser
        started = time.perf_counter()
        found = sum(len(find_dates(s.text, None)) for s in sources)
        dates = time.perf_counter() - started
        started = time.perf_counter()
        for s in sources:
            prepare(s)
        print(len(sources), found, dates, time.perf_counter() - started)
    """, str(texts), str(SAMPLE))
    sample, found, dates, whole = run.out.split()
    n = int(sample)
    return {"sample": n, "found": int(found), "dates_articles_s": n / float(dates),
            "prepare_articles_s": n / float(whole)}


def build_big(work: Path, n: int, jobs: int) -> dict:
    """The big store, loaded once with chrono's loader (inference left out), kept under `work`."""
    db = work / f"big-{n}.db"
    record = work / f"big-{n}.json"
    if db.exists() and record.exists():
        return json.loads(record.read_text())
    texts = corpus(work, n)
    run = python("""
        import sys, time
        from chrono.app import open_store
        from chrono.loading import load
        conn = open_store(sys.argv[1])
        started = time.perf_counter()
        s = load(conn, [sys.argv[2]], jobs=int(sys.argv[3]))
        conn.close()
        print(s.new, s.events, time.perf_counter() - started)
    """, str(fresh(db)), str(texts), str(jobs))
    new, events, seconds = run.out.split()
    result = {"articles": int(new), "events": int(events), "wall": float(seconds), "rss_mb": run.rss_mb,
              "articles_s": int(new) / float(seconds), "events_s": int(events) / float(seconds), "jobs": jobs}
    record.write_text(json.dumps(result))
    return result


def one_more(work: Path, big: Path, tries: int) -> dict:
    """One new article into the big store: in-process ms (load + inference), and the whole command."""
    copy = fresh(work / "one-more.db")
    shutil.copyfile(big, copy)
    extra = corpus(work, tries * 2, seed=2)
    singles = []
    with extra.open(encoding="utf-8") as f:
        for i, line in enumerate(f):
            path = work / f"one-{i}.jsonl"
            path.write_text(line, encoding="utf-8")
            singles.append(path)
    run = python("""
        import json, sys, time
        from chrono.app import open_store
        from chrono.events.store import head
        from chrono.inference import infer_undated
        from chrono.loading import load
        from chrono.loaders.gazetteer import romanise
        conn = open_store(sys.argv[1])
        paths = sys.argv[2:]
        load(conn, [paths[0]], jobs=1)  # warm: grammar, gazetteer
        romanise("عبد الرحمن الخطيب")  # ... and the name romaniser's model, loaded at its first name
        infer_undated(conn, since=head(conn)[0])
        times, loads = [], []
        for path in paths[1:]:
            since = head(conn)[0]
            started = time.perf_counter()
            s = load(conn, [path], jobs=1)
            loaded = time.perf_counter()
            infer_undated(conn, since=since)
            times.append((time.perf_counter() - started) * 1000)
            loads.append((loaded - started) * 1000)
            assert s.new == 1, s.line()
        print(json.dumps([times, loads]))
    """, str(copy), *map(str, singles[:tries]))
    in_process, loads = json.loads(run.out)
    command_big = [child([CHRONO, "load", str(p), "--db", str(copy), "--jobs", "1", "--silent"]).wall
                   for p in singles[tries:]]
    command_empty = [child([CHRONO, "load", str(p), "--db", str(fresh(work / "empty.db")), "--jobs", "1",
                            "--silent"]).wall for p in singles[tries:]]
    articles = int(python("""
        import sqlite3, sys
        print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM articles").fetchone()[0])
    """, str(big)).out)
    return {"store_articles": articles, "in_process_ms": statistics.median(in_process), "in_process_all": in_process,
            "load_ms": statistics.median(loads), "load_all": loads,
            "command_big_s": statistics.median(command_big), "command_empty_s": statistics.median(command_empty),
            "rss_mb": run.rss_mb}


def build_log(work: Path, source: Path, events: int) -> Path:
    """A log of at least `events` events: the source store's streams appended again under new ids."""
    db = work / f"log-{events}.db"
    if db.exists():
        return db
    python("""
        import hashlib, json, re, sys
        from chrono.app import open_store
        from chrono.events.store import append, read_all, transaction
        from chrono.schema.events import parse_event
        source, target, wanted = open_store(sys.argv[1], catch_up_views=False), sys.argv[2], int(sys.argv[3])
        conn = open_store(target, catch_up_views=False)
        NAME = re.compile(r'("name": ")([^"]*)"')
        written, copy = 0, 0
        while written < wanted:
            copy += 1
            versions, stream, batch = {}, None, []

            def flush():
                global written
                if batch:
                    append(conn, new_id, batch, versions.get(new_id, 0), metadata={"command": "bench"})
                    versions[new_id] = versions.get(new_id, 0) + len(batch)
                    written += len(batch)

            with transaction(conn):
                for e in read_all(source):
                    if e.stream_id != stream:
                        flush()
                        stream, batch = e.stream_id, []
                        new_id = hashlib.sha256(f"{copy}:{stream}".encode()).hexdigest()[:16]
                    # new ids, and each copy's own actors (copy k's "Joe Biden #k"): as many
                    # events a week as the copies make, but links as sparse as in the corpus
                    text = json.dumps(e.data, ensure_ascii=False).replace(stream, new_id)
                    data = json.loads(NAME.sub(lambda m: f'{m[1]}{m[2]} #{copy}"', text))
                    batch.append(parse_event(e.type, e.schema_version, data))
                flush()
        conn.execute("ATTACH ? AS source", (sys.argv[1],))
        conn.execute("INSERT OR IGNORE INTO article_texts SELECT * FROM source.article_texts")
        print(written)
    """, str(source), str(fresh(db)), str(events))
    return db


def rebuild(db: Path) -> dict:
    events = int(python("""
        import sqlite3, sys
        print(sqlite3.connect(sys.argv[1]).execute("SELECT count(*) FROM events").fetchone()[0])
    """, str(db)).out)
    run = child([CHRONO, "rebuild", "--db", str(db)])
    return {"events": events, "wall": run.wall, "events_s": events / run.wall, "rss_mb": run.rss_mb,
            **rebuild_floor(db)}


def rebuild_floor(db: Path) -> dict:
    """What SQLite alone spends on two parts of any rebuild that keeps today's views: reading the
    timeline's fields out of the JSON payloads (the projection's own SELECT, nothing written),
    and FTS5 indexing the rebuilt rows' search text without chrono's normaliser."""
    return json.loads(python("""
        import json, sys, time
        from chrono.app import open_store
        from chrono.events.projections.timeline import _EXTRACTED
        conn = open_store(sys.argv[1], catch_up_views=False)
        select = _EXTRACTED[_EXTRACTED.index("SELECT"):]
        started = time.perf_counter()
        for _ in conn.execute(select, (0, 1 << 62)):
            pass
        reads = time.perf_counter() - started
        conn.execute("CREATE VIRTUAL TABLE temp.floor USING fts5(text, tokenize = 'unicode61 remove_diacritics 2')")
        started = time.perf_counter()
        conn.execute("INSERT INTO temp.floor (rowid, text) SELECT id, coalesce(summary, '') || ' ' || "
                     "coalesce(evidence, '') || ' ' || coalesce(quote, '') || ' ' || coalesce(actors, '') || ' ' || "
                     "coalesce(location, '') || ' ' || coalesce(location_ar, '') FROM timeline")
        print(json.dumps({"floor_reads_s": reads, "floor_fts_s": time.perf_counter() - started}))
    """, str(db)).out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}, SQLite "
            f"{sqlite3.sqlite_version}; load average {load:.1f} when the run began")


def report(r: dict, args) -> str:
    j1, jn, fl, dp = r["load_1"], r["load_n"], r["floor"], r["dateparser"]
    big, one, rb, cp = r["big"], r["one_more"], r["rebuild"], r["chrono_peer"]
    rows = [
        ("`chrono load --jobs 1`", f"{j1['articles_s']:.0f} articles/s, {j1['events_s']:.0f} events/s",
         f"{j1['wall']:.1f} s", f"{j1['rss_mb']:.0f} MB"),
        (f"`chrono load --jobs {r['cores']}`", f"{jn['articles_s']:.0f} articles/s, {jn['events_s']:.0f} events/s",
         f"{jn['wall']:.1f} s", f"{jn['rss_mb']:.0f} MB"),
        ("floor: sqlite-utils `insert_all` of the texts", f"{fl['articles_s']:.0f} articles/s",
         f"{fl['wall']:.1f} s", f"{fl['rss_mb']:.0f} MB"),
        (f"dateparser `search_dates` ({dp['sample']} texts, extrapolated)", f"{dp['articles_s']:.1f} articles/s",
         f"{dp['extrapolated_wall']:.0f} s", f"{dp['rss_mb']:.0f} MB"),
        (f"chrono's date finder alone (`find_dates`, same {cp['sample']} texts)",
         f"{cp['dates_articles_s']:.0f} articles/s", "", ""),
        (f"chrono's whole pure pipeline (`prepare`, same {cp['sample']} texts, one core)",
         f"{cp['prepare_articles_s']:.0f} articles/s", "", ""),
        (f"loader, {big['articles']:,} articles (jobs {big['jobs']}, no inference)",
         f"{big['articles_s']:.0f} articles/s, {big['events_s']:.0f} events/s", f"{big['wall']:.0f} s",
         f"{big['rss_mb']:.0f} MB"),
        (f"one more article into a {one['store_articles']:,}-article store, in-process (load + inference)",
         f"{one['in_process_ms']:.0f} ms", "", f"{one['rss_mb']:.0f} MB"),
        ("… of which the load alone", f"{one['load_ms']:.0f} ms", "", ""),
        ("… the whole `chrono load` command (big store / empty store)",
         f"{one['command_big_s']:.2f} s / {one['command_empty_s']:.2f} s", "", ""),
        (f"`chrono rebuild`, {rb['events']:,} events", f"{rb['events_s']:,.0f} events/s", f"{rb['wall']:.0f} s",
         f"{rb['rss_mb']:.0f} MB"),
        ("… floor: SQLite reading the timeline's fields from the payloads + FTS5 over its search text",
         f"{rb['events'] / (rb['floor_reads_s'] + rb['floor_fts_s']):,.0f} events/s",
         f"{rb['floor_reads_s']:.1f} s + {rb['floor_fts_s']:.1f} s", ""),
    ]
    table = "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows)
    return f"""# chrono at scale: results

Written by `bench/run.py` ({time.strftime('%Y-%m-%d')}); medians of {args.repeat} run(s) each.
Machine: {r['machine']}.
Corpus: `bench/corpus.py`, seed 1, {j1['articles']:,} synthetic articles for the load runs.

| what | rate | wall | peak RSS |
|---|---|---|---|
{table}

Ratios:
- `chrono load` (all cores) takes {jn['wall'] / fl['wall']:.0f}x the time of the raw-insert floor.
- `chrono load` (all cores) is {jn['articles_s'] / dp['articles_s']:.0f}x as fast as dateparser's
  `search_dates` alone on the same texts (one core each: {j1['articles_s'] / dp['articles_s']:.0f}x).
- chrono's date finder alone is {cp['dates_articles_s'] / dp['articles_s']:.0f}x as fast as `search_dates`
  on the same texts; its whole extraction (one core) {cp['prepare_articles_s'] / dp['articles_s']:.1f}x.
- all cores vs one: {jn['articles_s'] / j1['articles_s']:.2f}x.
- one more article: the command into the big store takes
  {one['command_big_s'] / one['command_empty_s']:.2f}x the command into an empty one.

Raw figures: `{args.work}/results.json`.
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--big", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--tries", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/chrono-bench"))
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    cores = os.cpu_count() or 1
    r: dict = {"machine": machine(), "cores": cores}
    texts = corpus(args.work, args.articles)

    def median_of(fn, *a) -> dict:
        runs = [fn(*a) for _ in range(args.repeat)]
        return sorted(runs, key=lambda x: x["wall"])[len(runs) // 2]

    steps = [
        ("load_1", lambda: median_of(load_cli, args.work, texts, 1, "load-1")),
        ("load_n", lambda: median_of(load_cli, args.work, texts, cores, "load-n")),
        ("floor", lambda: median_of(floor, args.work, texts)),
        ("dateparser", lambda: dateparser_peer(texts, args.articles)),
        ("chrono_peer", lambda: chrono_peer(texts)),
        ("big", lambda: build_big(args.work, args.big, cores)),
        ("one_more", lambda: one_more(args.work, args.work / f"big-{args.big}.db", args.tries)),
        ("rebuild", lambda: rebuild(build_log(args.work, args.work / "load-n.db", args.events))),
    ]
    for name, step in steps:
        started = time.perf_counter()
        r[name] = step()
        print(f"{name}: {json.dumps(r[name])[:300]} ({time.perf_counter() - started:.0f} s)", file=sys.stderr)
        (args.work / "results.json").write_text(json.dumps(r, indent=1))
    # The hand-written analysis below the marker survives a new run.
    kept = args.out.read_text(encoding="utf-8").partition(MARKER)[2] if args.out.exists() else ""
    args.out.write_text(report(r, args) + (f"\n{MARKER}{kept}" if kept else ""), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
