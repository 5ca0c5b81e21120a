"""The Datasette publication through Datasette's own client: metadata, search, facets,
canned queries, the timeline page, the chart, the feeds, and that nothing writes."""

from __future__ import annotations

import asyncio
import json
import re
import xml.etree.ElementTree as ET
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from chrono import feeds
from chrono.events.sqlite import sqlite3

REPO = Path(__file__).resolve().parents[1]
SCRIPT = '<script>document.title="pwned"</script>'

ARTICLES = [
    # article_id, outlet, title, published, text
    ("a1", "Outlet One", "لقاء في واشنطن", "2021-07-27",
     "التقى رئيس الوزراء مصطفى الكاظمي الرئيس الأمريكي جو بايدن في البيت الأبيض."),
    ("a2", "Outlet Two", "هجوم على أربيل", "2021-06-16",
     "قُتل شخصان وأصيب ثلاثة بهجوم على أربيل. وقال السفير الأميركي إن التحالف باقٍ."),
    ("a3", "Outlet Three", f"عنوان {SCRIPT}", "2021-08-02",
     f"نص {SCRIPT} أعلنت الوزارة في بغـــداد تشكيل لجنة. ويلتقي الكاظمى بالوزارة."),
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
    from chrono.events.projections.timeline import index_new_rows

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
        index_new_rows(conn)
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
        ("الامريكي", ["a1-1", "a2-2"]),  # no hamza finds الأمريكي and الأميركي (newest first)
        ("الأميركي", ["a1-1", "a2-2"]),  # the variant spelling finds both too
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


@pytest.mark.parametrize(("walk_from", "probe_from"), [(10**6, 10**6), (1, 10**6), (1, 1)])
def test_table_search_plans_agree_and_the_index_counts_a_pure_search(site, monkeypatch, walk_from, probe_from):
    from chrono.plugins import query

    # fetch the matches; walk the dates (without facets only); probe the index row by row
    monkeypatch.setattr(query, "WALK_FROM", walk_from)
    monkeypatch.setattr(query, "PROBE_FROM", probe_from)
    pure = rows(site, "/chrono/timeline.json?_search=الامريكي&_col=event_id")
    assert [r[1] for r in pure["rows"]] == ["a1-1", "a2-2"]
    no_facets = rows(site, "/chrono/timeline.json?_search=الامريكي&_nofacet=1&_col=event_id")
    assert [r[1] for r in no_facets["rows"]] == ["a1-1", "a2-2"]
    assert pure["filtered_table_rows_count"] is None  # Datasette's own count spared ...
    assert '(2 events)' in pure["human_description_en"]  # ... the index's count given instead
    html = site("/chrono/timeline?_search=الامريكي").text
    assert 'search matches &#34;الامريكي&#34; (2 events)' in html
    filtered = rows(site, "/chrono/timeline.json?_search=الامريكي&kind=meeting&_col=event_id")
    assert [r[1] for r in filtered["rows"]] == ["a1-1"]
    assert filtered["filtered_table_rows_count"] == 1  # with a column filter Datasette counts
    assert "events)" not in filtered["human_description_en"]


def test_a_pure_search_counts_matches_up_to_the_cap(site, monkeypatch):
    from chrono.plugins import search

    monkeypatch.setattr(search, "COUNT_CAP", 1)
    pure = rows(site, "/chrono/timeline.json?_search=الامريكي&_col=event_id")
    assert [r[1] for r in pure["rows"]] == ["a1-1", "a2-2"]  # every match still listed
    assert "(more than 1 events)" in pure["human_description_en"]


def test_search_page_documents_normalisation(site):
    html = site("/chrono/timeline?_search=الامريكي").text
    assert "الامريكي" in html and "tashkeel" in html
    assert 'name="_search"' in html


# ---- table, facets, sort --------------------------------------------------------------------

def test_table_is_sorted_newest_first_with_facets(site):
    data = rows(site, "/chrono/timeline.json?_col=event_id")
    assert [r[1] for r in data["rows"]] == ["a3-1", "a1-1", "a2-1", "a2-2", "a3-2"]
    facets = {name: {r["value"]: r["count"] for r in f["results"]}
              for name, f in data["facet_results"].items()}
    assert facets == {
        "kind": {"meeting": 2, "statement": 1, "attack": 1, "announcement": 1},
        "actor_names": {"Mustafa al-Kadhimi": 2, "Ministry of Foreign Affairs": 2,
                        "Joe Biden": 1, "Matthew Tueller": 1},
        "location": {"Washington": 1, "Erbil": 1, "Baghdad": 1},
        "outlet": {"Outlet One": 1, "Outlet Two": 2, "Outlet Three": 2},
        "month": {"2021-06": 2, "2021-07": 1, "2021-08": 1},
    }


def test_table_page_loads_the_map_and_links_articles(site):
    html = site("/chrono/timeline").text
    assert "datasette-cluster-map.js" in html
    assert 'DATASETTE_CLUSTER_MAP_LATITUDE_COLUMN = "lat"' in html
    assert '<a href="/chrono/articles/a1">a1</a>' in html
    assert "/chrono-static/chrono.css" in html


def test_incident_cells_link_each_event(site):
    html = site("/chrono/incidents").text
    assert '<a href="/chrono/timeline?event_id=a2-1">a2-1</a>' in html
    row = site("/chrono/incidents/a1-1").text
    assert '<a href="/chrono/timeline?event_id=a1-1">a1-1</a>' in row
    assert '<td class="col-kind type-str">meeting</td>' in row


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/chrono/timeline_between.json?start_date=2021-06-16&end_date=2021-07-26",
         ["a2-2", "a1-1"]),
        ("/chrono/actor_said.json?actor=tueller", ["a2-2"]),
        ("/chrono/actor_said.json?actor=ماثيو تولر", ["a2-2"]),
        ("/chrono/actor_said.json?actor=", []),
        ("/chrono/meetings_between.json?actor_a=Biden&actor_b=الكاظمى", ["a1-1"]),
        ("/chrono/meetings_between.json?actor_a=Biden&actor_b=Tueller", []),
        ("/chrono/article_yield.json?article=a2", ["a2-1", "a2-2"]),
        ("/chrono/article_yield.json?article=a3.txt", ["a3-1", "a3-2"]),
    ],
)
def test_canned_queries_answer(site, path, expected):
    found = rows(site, path + "&_shape=array")
    assert [r["event_id"] for r in found] == expected


def test_canned_query_evidence_points_into_the_article(site):
    found = rows(site, "/chrono/article_yield.json?article=a1&_shape=array")
    assert [r["evidence_found"] for r in found] == [1]


def test_attacks_by_place_and_multi_outlet_incidents(site):
    assert rows(site, "/chrono/attacks_by_place.json?_shape=array") == [{
        "location": "Erbil", "location_ar": None, "attacks": 1, "killed": 2, "wounded": 3,
        "first_date": "2021-06-15", "last_date": "2021-06-15", "event_ids": '["a2-1"]',
    }]
    found = rows(site, "/chrono/reported_by_several_outlets.json?_shape=array")
    assert [(r["incident_id"], r["outlets"]) for r in found] == [("a2-1", 2)]


# ---- the timeline page ----------------------------------------------------------------------

def event_ids(html: str) -> list[str]:
    return re.findall(r'id="event-([^"]+)"', html)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("", ["a2-2", "a2-1", "a1-1", "a3-1"]),  # date order; the undated event is not here
        ("?kind=meeting", ["a1-1"]),
        ("?actor=Mustafa+al-Kadhimi", ["a1-1"]),
        ("?place=Erbil", ["a2-1"]),
        ("?place=Erbil&kind=meeting", []),
        ("?from=2021-07-01", ["a1-1", "a3-1"]),
        ("?to=2021-06-14", ["a2-2"]),
        ("?q=الامريكي", ["a2-2", "a1-1"]),
        ("?kind=nonsense", ["a2-2", "a2-1", "a1-1", "a3-1"]),
    ],
)
def test_timeline_page_filters(site, query, expected):
    response = site("/-/timeline" + query)
    assert response.status_code == 200
    assert event_ids(response.text) == expected


def test_timeline_page_groups_by_month_and_links(site):
    html = site("/-/timeline").text
    assert re.findall(r'<h2>(\d{4}-\d\d)</h2>', html) == ["2021-06", "2021-07", "2021-08"]
    assert 'href="/chrono/timeline/1"' in html and 'href="/chrono/articles/a1"' in html
    assert 'class="chrono-evidence" lang="ar" dir="rtl"' in html
    assert 'class="chrono-event kind-attack"' in html


def test_timeline_pages_by_cursor(site, monkeypatch):
    from chrono.plugins import timeline

    monkeypatch.setattr(timeline, "PAGE_SIZE", 3)
    first = site("/-/timeline").text
    assert event_ids(first) == ["a2-2", "a2-1", "a1-1"]
    next_url = re.search(r'class="chrono-next"><a href="([^"]+)"', first).group(1)
    assert event_ids(site("/-/timeline" + next_url.replace("&amp;", "&")).text) == ["a3-1"]


@pytest.mark.parametrize(
    "path",
    ["/-/timeline", "/chrono/timeline", "/chrono/timeline/4", "/chrono/articles/a3",
     "/chrono/articles", "/-/timeline.atom", "/chrono/article_yield?article=a3"],
)
def test_article_text_is_escaped_everywhere(site, path):
    body = site(path).text
    assert "pwned" in body  # the text is shown…
    assert SCRIPT not in body  # …but never as markup
    assert "<script>document" not in body


# ---- chart and feeds ------------------------------------------------------------------------

def test_chart_counts_events_per_month_by_kind(site):
    svg = site("/-/chart.svg").text
    bars = re.findall(r'data-month="([^"]+)" data-kind="([^"]+)" data-count="(\d+)"', svg)
    assert bars == [("2021-06", "statement", "1"), ("2021-06", "attack", "1"),
                    ("2021-07", "meeting", "1"), ("2021-08", "announcement", "1")]
    ET.fromstring(svg)  # well-formed
    page = site("/-/chart?kind=attack").text
    assert page.count('class="bar ') == 1 and "<svg" in page


def test_ics_feed_has_all_day_events(site):
    response = site("/-/timeline.ics")
    assert response.headers["content-type"].startswith("text/calendar")
    events = {str(e["uid"]): e for e in Calendar.from_ical(response.text).walk("VEVENT")}
    assert set(events) == {"a1-1@chrono", "a2-1@chrono", "a2-2@chrono", "a3-1@chrono"}
    statement = events["a2-2@chrono"]
    assert statement.decoded("dtstart") == date(2021, 6, 14)
    assert statement.decoded("dtend") == date(2021, 6, 17)  # the day after date_latest
    assert "VALUE=DATE" in response.text and "DTSTART:2021" not in response.text
    assert str(events["a1-1@chrono"]["url"]) == "http://localhost/chrono/timeline/1"


def test_atom_feed_lists_the_filtered_events(site):
    response = site("/-/timeline.atom?kind=attack")
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert [e.find("a:title", ns).text for e in entries] == [
        "Two killed and three wounded in an attack on Erbil"]
    assert entries[0].find("a:updated", ns).text.startswith("2021-06-15T00:00:00")


def test_feed_renderer_is_pure_and_skips_undated_events():
    rows_ = [
        {"event_id": "x-1", "kind": "meeting", "date_earliest": "2020-02-28",
         "date_latest": "2020-02-29", "summary": "s", "evidence": "نص", "actors": "[]"},
        {"event_id": "x-2", "kind": "meeting", "date_earliest": None, "evidence": "نص"},
    ]
    stamp = datetime(2024, 1, 1, tzinfo=timezone.utc)
    first = feeds.ics(rows_, stamp=stamp)
    assert first == feeds.ics(rows_, stamp=stamp)
    assert b"DTSTART;VALUE=DATE:20200228" in first and b"DTEND;VALUE=DATE:20200301" in first
    assert first.count(b"BEGIN:VEVENT") == 1
    atom = feeds.atom(rows_, feed_url="http://x/f", site_url="http://x/", updated=stamp)
    assert atom.count(b"<entry>") == 1


# ---- read-only ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "method, path",
    [
        ("GET", "/chrono.db"),
        ("GET", "/chrono.json?sql=insert+into+articles+(article_id,sha256,first_position)"
                "+values+('zz','x',9)"),
        ("GET", "/chrono.json?sql=delete+from+timeline"),
        ("GET", "/chrono.json?sql=update+timeline+set+summary='x'"),
        ("POST", "/chrono/timeline"),
        ("POST", "/chrono/article_yield"),
        ("POST", "/chrono"),
    ],
)
def test_writes_through_the_server_fail(site, method, path):
    response = site(path, method=method)
    assert response.status_code >= 400, (path, response.status_code)
    count = rows(site, "/chrono.json?sql=select+count(*)+n,sum(summary='x')+x+from+timeline&_shape=array")
    assert count == [{"n": 5, "x": 0}]
    assert rows(site, "/chrono.json?sql=select+count(*)+n+from+articles&_shape=array") == [{"n": 3}]


def test_settings_are_read_only(site):
    settings = rows(site, "/-/settings.json")
    assert settings["allow_download"] is False
    databases = rows(site, "/-/databases.json")
    assert [(d["name"], d["is_mutable"]) for d in databases] == [("chrono", True)]


def test_immutable_serving(tmp_path):
    from chrono.serve import make_datasette

    ds = make_datasette(build_site_db(tmp_path / "frozen.db"), immutable=True)
    assert ds.databases["chrono"].is_mutable is False


def test_missing_database_file_is_an_error(tmp_path):
    from chrono.serve import make_datasette

    with pytest.raises(FileNotFoundError, match="no such database file"):
        make_datasette(tmp_path / "absent.db")


@pytest.mark.parametrize(("walk_from", "probe_from"), [(10**6, 10**6), (1, 10**6), (1, 1)])
def test_timeline_search_plans_agree(site, monkeypatch, walk_from, probe_from):
    from chrono.plugins import query

    # fetch the matches; walk the dates testing membership; probe the index row by row
    monkeypatch.setattr(query, "WALK_FROM", walk_from)
    monkeypatch.setattr(query, "PROBE_FROM", probe_from)
    assert event_ids(site("/-/timeline?q=الامريكي").text) == ["a2-2", "a1-1"]
    assert event_ids(site("/-/timeline?q=الامريكي&kind=meeting").text) == ["a1-1"]
