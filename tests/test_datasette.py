"""The Datasette publication through Datasette's own client: metadata, search, facets,
canned queries, the timeline page, the chart, the feeds, and that nothing writes."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from chrono import feeds

REPO = Path(__file__).resolve().parents[1]
SCRIPT = '<script>document.title="pwned"</script>'

ARTICLES = [
    # article_id, outlet, title, published, text
    ("a1", "Outlet One", "لقاء في واشنطن", "2021-07-27",
     "التقى رئيس الوزراء مصطفى الكاظمي الرئيس الأمريكي جو بايدن في البيت الأبيض."),
    ("a2", "Outlet Two", "هجوم على أربيل", "2021-06-16",
     "قُتل شخصان وأصيب ثلاثة بهجوم على أربيل. وقال السفير الأميركي إن التحالف باقٍ."),
    ("a3", "Outlet Three", f"عنوان {SCRIPT}", "2021-08-02", f"نص {SCRIPT} أعلنت الوزارة في بغـــداد تشكيل لجنة."),
]

KADHIMI = {"name": "Mustafa al-Kadhimi", "name_ar": "مصطفى الكاظمي", "role": "Prime Minister of Iraq"}
BIDEN = {"name": "Joe Biden", "name_ar": "جو بايدن", "role": "President of the United States"}
TUELLER = {"name": "Matthew Tueller", "name_ar": "ماثيو تولر", "role": "speaker"}
MINISTRY = {"name": "Ministry of Foreign Affairs", "name_ar": "وزارة الخارجية", "role": None}

# event_id, article_id, kind, status, earliest, latest, precision, actors, location, lat, lon,
# summary, quote, evidence, killed, wounded
EVENTS = [
    ("a1-1", "a1", "meeting", "happened", "2021-07-26", "2021-07-26", "day", [KADHIMI, BIDEN],
     "Washington", 38.9, -77.04, "Kadhimi met Biden at the White House", None,
     "التقى رئيس الوزراء مصطفى الكاظمي الرئيس الأمريكي جو بايدن في البيت الأبيض.", None, None),
    ("a2-1", "a2", "attack", "happened", "2021-06-15", "2021-06-15", "day", [],
     "Erbil", 36.19, 44.01, "Two killed and three wounded in an attack on Erbil", None,
     "قُتل شخصان وأصيب ثلاثة بهجوم على أربيل.", 2, 3),
    ("a2-2", "a2", "statement", "happened", "2021-06-14", "2021-06-16", "range", [TUELLER],
     None, None, None, "The US ambassador said the coalition is staying", "إن التحالف باقٍ",
     "وقال السفير الأميركي إن التحالف باقٍ.", None, None),
    ("a3-1", "a3", "announcement", "happened", "2021-08-01", "2021-08-01", "day", [MINISTRY],
     "Baghdad", 33.31, 44.36, f"A committee was formed {SCRIPT}", None,
     f"{SCRIPT} أعلنت الوزارة في بغـــداد تشكيل لجنة.", None, None),
    ("a3-2", "a3", "meeting", "planned", None, None, "unknown", [KADHIMI, MINISTRY],
     None, None, None, "An undated meeting", None, "ويلتقي الكاظمى بالوزارة.", None, None),
]

INCIDENTS = [
    ("a2-1", "attack", "2021-06-15", "2021-06-15", "Attack on Erbil", 2, 2, '["a2-1"]'),
    ("a1-1", "meeting", "2021-07-26", "2021-07-26", "Kadhimi met Biden", 1, 1, '["a1-1"]'),
]

INCIDENTS_SQL = """
CREATE TABLE IF NOT EXISTS incidents (
    incident_id TEXT PRIMARY KEY, kind TEXT NOT NULL, date_earliest TEXT, date_latest TEXT,
    summary TEXT, sources INTEGER NOT NULL, outlets INTEGER NOT NULL, event_ids TEXT NOT NULL
)"""


def build_site_db(path: Path) -> Path:
    """A chrono database with the real schema and a few hand-made rows."""
    from chrono.app import open_store

    conn = open_store(path)  # creates the log and the (empty) views
    with conn:
        for i, (article_id, outlet, title, published, text) in enumerate(ARTICLES, 1):
            conn.execute(
                "INSERT INTO articles (article_id, path, sha256, outlet, title, published_earliest,"
                " published_latest, published_basis, text, first_position)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 'text', ?, ?)",
                (article_id, f"{article_id}.txt", article_id * 8, outlet, title, published,
                 published, text, i),
            )
        outlets = {a[0]: a[1] for a in ARTICLES}
        for i, (event_id, article_id, kind, status, earliest, latest, precision, actors,
                location, lat, lon, summary, quote, evidence, killed, wounded) in enumerate(EVENTS):
            text = dict((a[0], a[4]) for a in ARTICLES)[article_id]
            start = max(text.find(evidence[:10]), 0)
            conn.execute(
                "INSERT INTO timeline (event_id, article_id, kind, status, date_earliest,"
                " date_latest, date_precision, month, actors, actor_names, location, lat, lon,"
                " outlet, summary, quote, evidence, evidence_start, evidence_end, killed, wounded,"
                " confidence, position) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (event_id, article_id, kind, status, earliest, latest, precision,
                 earliest[:7] if earliest else None,
                 json.dumps(actors, ensure_ascii=False),
                 json.dumps([a["name"] for a in actors], ensure_ascii=False),
                 location, lat, lon, outlets[article_id], summary, quote, evidence,
                 start, start + len(evidence), killed, wounded, 0.9, 10 + i),
            )
        conn.execute(INCIDENTS_SQL)
        conn.executemany("INSERT INTO incidents VALUES (?,?,?,?,?,?,?,?)", INCIDENTS)
    conn.close()
    return path


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from chrono.serve import make_datasette

    db = build_site_db(tmp_path_factory.mktemp("site") / "store.db")
    ds = make_datasette(db)
    loop = asyncio.new_event_loop()

    def request(path: str, method: str = "GET", **kwargs):
        return loop.run_until_complete(ds.client.request(method, path, **kwargs))

    yield request
    loop.close()


def rows(site, path: str) -> list[dict]:
    response = site(path)
    assert response.status_code == 200, response.text
    return response.json()


# ---- metadata -------------------------------------------------------------------------------

def test_metadata_names_only_tables_and_columns_that_exist(tmp_path):
    db = build_site_db(tmp_path / "chrono.db")
    meta = yaml.safe_load((REPO / "metadata.yml").read_text(encoding="utf-8"))
    conn = sqlite3.connect(db)
    tables = meta["databases"]["chrono"]["tables"]
    for table, spec in tables.items():
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
        assert columns, f"metadata.yml names a missing table {table}"
        named = set(spec.get("columns", {}))
        named |= {f if isinstance(f, str) else next(iter(f.values())) for f in spec.get("facets", [])}
        named |= {spec[k] for k in ("sort", "sort_desc", "label_column", "fts_pk") if k in spec}
        assert named <= columns, (table, named - columns)
    # every column of the SQL contract tables is described
    for table in ("timeline", "articles", "events", "corrections", "incidents"):
        columns = {r[1] for r in conn.execute(f"PRAGMA table_info([{table}])")}
        assert set(tables[table]["columns"]) == columns, table
    conn.close()


@pytest.mark.parametrize(
    "query", ["timeline_between", "actor_said", "meetings_between", "attacks_by_place",
              "reported_by_several_outlets", "article_yield"],
)
def test_canned_queries_are_listed_and_read_only(site, query):
    data = rows(site, "/chrono.json")
    listed = {q["name"]: q for q in data["queries"]}
    assert query in listed
    assert not listed[query].get("write")


# ---- search ---------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "query, expected",
    [
        ("الامريكي", ["a2-2", "a1-1"]),  # no hamza finds الأمريكي and الأميركي
        ("الأميركي", ["a2-2", "a1-1"]),  # the variant spelling finds both too
        ("الكاظمى", ["a1-1", "a3-2"]),  # ى finds ي (and the undated row that has ى)
        ("الكَاظِمِي", ["a1-1", "a3-2"]),  # tashkeel in the query
        ("بغداد", ["a3-1"]),  # tatweel in the text
        ("قتل", ["a2-1"]),  # tashkeel in the text
        ("اربيل", ["a2-1"]),  # hamza below in the text
        ("Biden", ["a1-1"]),  # English summaries and actor names
        ('"جو بايدن"', ["a1-1"]),  # a phrase
        ("البصرة", []),
    ],
)
def test_search_normalises_text_and_query(site, query, expected):
    found = rows(site, f"/chrono/timeline.json?_search={query}&_shape=array&_col=event_id")
    assert [r["event_id"] for r in found] == expected


def test_search_page_documents_normalisation(site):
    html = site("/chrono/timeline?_search=الامريكي").text
    assert "الامريكي" in html and "tashkeel" in html
    assert 'name="_search"' in html


# ---- table, facets, sort --------------------------------------------------------------------

def test_table_is_sorted_by_date_with_facets():
    pass
