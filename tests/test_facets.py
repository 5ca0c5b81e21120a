"""Precomputed facet counts: the triggers keep them equal to a GROUP BY over the timeline,
and the table page reads them when nothing is filtered (and only then)."""

from __future__ import annotations

import asyncio
import shutil
import urllib.parse

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chrono.app import open_store
from chrono.events.projections import PROJECTIONS, catch_up, checksums, rebuild
from chrono.events.store import append
from chrono.schema import Actor, ArticleRedacted, EventCorrected, EventRetracted, ExtractionRevised
from tests.factories import OPERATIONS, article, extracted, random_log
from tests.test_datasette import build_site_db

GROUP_BY = """
SELECT 'kind', kind, count(*) FROM timeline WHERE kind IS NOT NULL GROUP BY kind
UNION ALL SELECT 'location', location, count(*) FROM timeline WHERE location IS NOT NULL GROUP BY location
UNION ALL SELECT 'outlet', outlet, count(*) FROM timeline WHERE outlet IS NOT NULL GROUP BY outlet
UNION ALL SELECT 'month', month, count(*) FROM timeline WHERE month IS NOT NULL GROUP BY month
UNION ALL SELECT 'actor_names', value, count(*) FROM (
    SELECT DISTINCT t.id, j.value FROM timeline t, json_each(t.actor_names) j WHERE j.value IS NOT NULL
) GROUP BY value
ORDER BY 1, 2
"""


def counts(conn) -> list[tuple]:
    return conn.execute("SELECT facet, value, count FROM timeline_facet_counts ORDER BY 1, 2").fetchall()


def test_counts_follow_loads_corrections_retractions_revisions_and_redactions(store):
    append(store, "a", [article("a", outlet="Outlet A"), extracted("a", 1),
                        extracted("a", 2, kind="meeting", actors=("X", "Y", "X"))], 0)
    append(store, "b", [article("b", outlet="Outlet B"), extracted("b", 1, day="2021-08-02")], 0)
    catch_up(store, PROJECTIONS)
    assert counts(store) == [
        ("actor_names", "Mustafa al-Kadhimi", 2), ("actor_names", "X", 1), ("actor_names", "Y", 1),
        ("kind", "meeting", 1), ("kind", "statement", 2),
        ("month", "2021-07", 2), ("month", "2021-08", 1),
        ("outlet", "Outlet A", 2), ("outlet", "Outlet B", 1),
    ]
    append(store, "a", [EventCorrected(event_id="a-1", note="fix", kind="attack", location="Erbil",
                                       date_earliest="2021-06-01",
                                       actors=(Actor(name="Y", name_ar="ي"),))], 3)
    append(store, "b", [EventRetracted(event_id="b-1", note="not an event")], 2)
    catch_up(store, PROJECTIONS)
    assert counts(store) == store.execute(GROUP_BY).fetchall()
    assert ("actor_names", "Y", 2) in counts(store)  # X's meeting and the corrected event
    assert not [c for c in counts(store) if c[0] == "outlet" and c[1] == "Outlet B"]  # zero: gone
    revised = ExtractionRevised(extractor_version="v2",
                                events=(extracted("a", 1).event, extracted("a", 3, kind="meeting").event))
    append(store, "a", [revised], 4)
    catch_up(store, PROJECTIONS)
    assert ("location", "Erbil", 1) in counts(store)  # the correction survives the revision
    assert counts(store) == store.execute(GROUP_BY).fetchall()
    append(store, "a", [ArticleRedacted(text_sha256="x", note="legal request")], 5)
    catch_up(store, PROJECTIONS)
    assert counts(store) == [] == store.execute(GROUP_BY).fetchall()


operations = st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from(OPERATIONS)), max_size=15)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations, st.integers(1, 4))
def test_counts_equal_a_group_by_after_any_log(tmp_path_factory, ops, every):
    conn = open_store(tmp_path_factory.mktemp("f") / "x.db")

    def counts_hold(conn):
        assert counts(conn) == conn.execute(GROUP_BY).fetchall()

    random_log(conn, ops, every, after_catch_up=counts_hold)
    assert counts(conn) == conn.execute(GROUP_BY).fetchall()
    incremental = checksums(conn, PROJECTIONS)
    assert "timeline_facet_counts" in incremental
    rebuild(conn, PROJECTIONS)
    assert checksums(conn, PROJECTIONS) == incremental
    conn.close()


# ---- the table page -------------------------------------------------------------------------

FACETS = ("kind", "actor_names", "location", "outlet", "month")


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """Three servers of the same rows: counts kept, counts tampered with, no counts table."""
    from chrono.serve import make_datasette

    folder = tmp_path_factory.mktemp("facets")
    kept = build_site_db(folder / "kept.db")
    for name, sql in [("tampered", "UPDATE timeline_facet_counts SET count = 99 WHERE value = 'meeting'"),
                      ("absent", "DROP TABLE timeline_facet_counts")]:
        shutil.copy(kept, folder / f"{name}.db")
        conn = open_store(folder / f"{name}.db", catch_up_views=False)
        with conn:
            conn.execute(sql)
        conn.close()
    loop = asyncio.new_event_loop()
    servers = {name: make_datasette(folder / f"{name}.db") for name in ("kept", "tampered", "absent")}

    def get(site: str, path: str) -> dict:
        response = loop.run_until_complete(servers[site].client.get(path))
        assert response.status_code == 200, response.text
        return response.json()

    yield get
    loop.close()


def facet_results(data: dict) -> dict:
    return data["facet_results"]


@pytest.mark.parametrize("query", ["", "?_facet_size=2", "?_facet_size=max"])
def test_counted_facets_match_datasettes_own_exactly(sites, query):
    path = "/chrono/timeline.json" + query
    counted = facet_results(sites("kept", path))
    assert set(counted) == set(FACETS)
    assert counted == facet_results(sites("absent", path))  # values, counts, links, truncation


@pytest.mark.parametrize("query", ["", "?_sort=id", "?_facet_size=3"])
def test_the_unfiltered_page_reads_the_counts_table(sites, query):
    kinds = facet_results(sites("tampered", "/chrono/timeline.json" + query))["kind"]
    assert {r["value"]: r["count"] for r in kinds["results"]}["meeting"] == 99
    assert kinds["type"] == "column" and not kinds["hideable"]
    actor = facet_results(sites("tampered", "/chrono/timeline.json"))["actor_names"]
    assert actor["type"] == "array"
    assert urllib.parse.unquote_plus(actor["results"][0]["toggle_url"]).endswith(
        "?actor_names__arraycontains=" + actor["results"][0]["value"])


@pytest.mark.parametrize(
    "query, facet, expected",
    [
        ("?kind=meeting", "kind", {"meeting": 2}),
        ("?kind=meeting", "actor_names", {"Mustafa al-Kadhimi": 2, "Joe Biden": 1,
                                          "Ministry of Foreign Affairs": 1}),
        ("?actor_names__arraycontains=Joe+Biden", "outlet", {"Outlet One": 1}),
        ("?_search=الكاظمى", "kind", {"meeting": 2}),
    ],
)
def test_filtered_pages_count_with_datasette(sites, query, facet, expected):
    data = facet_results(sites("tampered", "/chrono/timeline.json" + query))
    assert {r["value"]: r["count"] for r in data[facet]["results"]} == expected


@pytest.mark.parametrize("query", ["?kind=meeting", "?_search=الكاظمى", "?outlet=Outlet+Two", ""])
def test_the_filtered_array_facet_counts_as_datasettes_own(sites, query):
    data = facet_results(sites("absent", "/chrono/timeline.json" + (query or "?") + "&_facet_array=actor_names"))
    ours, datasettes = data["actor_names"], data["actor_names_2"]
    assert (ours["results"], ours["truncated"]) == (datasettes["results"], datasettes["truncated"])
    assert ours["results"]


def test_a_later_page_falls_back_too(sites):
    first = sites("tampered", "/chrono/timeline.json?_size=2")
    later = sites("tampered", "/chrono/timeline.json?_size=2&_next=" + first["next"])
    assert {r["value"]: r["count"] for r in facet_results(later)["kind"]["results"]}.get("meeting") != 99


def test_facet_settings_are_bounded(sites):
    settings_ = sites("kept", "/-/settings.json")
    assert settings_["suggest_facets"] is False
    assert 0 < settings_["facet_time_limit_ms"] <= 500
