"""A real `chrono serve` on 127.0.0.1 and a real headless Chromium: the pages as a reader sees them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import closing, contextmanager
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from chrono.events.sqlite import sqlite3
from tests.test_datasette import build_site_db

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHRONO = Path(sys.executable).with_name("chrono")
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout}s")


@contextmanager
def serving(db: Path):
    """A real `chrono serve` on a free port of 127.0.0.1; yields its base URL."""
    port = free_port()
    process = subprocess.Popen(
        [str(CHRONO), "serve", "--db", str(db), "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(base + "/-/timeline", process)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "chrono.db"
    done = subprocess.run([str(CHRONO), "load", str(SEEDS), "--db", str(db), "--silent"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return db


@pytest.fixture(scope="module")
def server(seeds_db):
    with serving(seeds_db) as base:
        yield base


@pytest.fixture(scope="module")
def handmade_server(tmp_path_factory):
    with serving(build_site_db(tmp_path_factory.mktemp("handmade") / "chrono.db")) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1280,1600",
                f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


def expected_events(db: Path, sql: str) -> list[str]:
    with closing(sqlite3.connect(db)) as conn:
        return [r[0] for r in conn.execute(sql)]


def test_seed_timeline_in_date_order_with_arabic_right_to_left(server, seeds_db, browser, tmp_path):
    expected = expected_events(seeds_db, "SELECT event_id FROM timeline WHERE date_earliest IS NOT NULL"
                                         " ORDER BY date_earliest, event_id")
    assert expected, "the seeds yield dated events"
    browser.get(server + "/-/timeline")
    events = browser.find_elements(By.CSS_SELECTOR, "li.chrono-event")
    assert [e.get_attribute("id") for e in events] == [f"event-{i}" for i in expected]
    dates = [e.get_attribute("data-date") for e in events]
    assert dates == sorted(dates)
    for evidence in browser.find_elements(By.CSS_SELECTOR, ".chrono-evidence")[:5]:
        style = browser.execute_script(
            "const s = getComputedStyle(arguments[0]); return [s.direction, s.fontFamily];", evidence)
        assert style[0] == "rtl"
        assert "Noto Naskh Arabic" in style[1]
    summary = browser.find_element(By.CSS_SELECTOR, ".chrono-summary")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", summary) == "ltr"
    shot = tmp_path / "timeline.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("CHRONO_KEEP_SCREENSHOT"):
        Path(os.environ["CHRONO_KEEP_SCREENSHOT"]).write_bytes(shot.read_bytes())


def test_article_script_is_shown_and_never_runs(handmade_server, browser):
    browser.get(handmade_server + "/-/timeline")
    assert browser.title == "Timeline"
    assert '<script>document.title="pwned"</script>' in browser.find_element(
        By.CSS_SELECTOR, "#event-a3-1 .chrono-evidence").text
    browser.get(handmade_server + "/chrono/articles/a3")
    assert "pwned" not in browser.title


def test_timeline_filter_form(handmade_server, browser):
    browser.get(handmade_server + "/-/timeline")
    browser.find_element(By.NAME, "q").send_keys("الامريكي")
    browser.find_element(By.CSS_SELECTOR, "form.chrono-filters button").click()
    WebDriverWait(browser, 10).until(lambda d: "q=" in d.current_url)
    ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "li.chrono-event")]
    assert ids == ["event-a2-2", "event-a1-1"]


def test_map_shows_a_marker_for_every_located_event(server, seeds_db, browser):
    located = len(expected_events(seeds_db, "SELECT id FROM timeline WHERE lat IS NOT NULL"))
    assert located
    browser.get(server + "/chrono/timeline")
    markers = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon"))
    represented = sum(
        int(m.text) if "marker-cluster" in (m.get_attribute("class") or "") else 1 for m in markers)
    assert represented == located  # tiles are not checked: no network


def test_chart_draws_one_bar_per_month_and_kind(server, seeds_db, browser):
    bars_expected = len(expected_events(
        seeds_db, "SELECT DISTINCT month || kind FROM timeline WHERE month IS NOT NULL"))
    browser.get(server + "/-/chart")
    bars = browser.find_elements(By.CSS_SELECTOR, ".chrono-chart svg rect.bar")
    assert len(bars) == bars_expected > 0
    assert all(b.size["height"] > 0 for b in bars)
