"""A real `chrono serve` on 127.0.0.1 and a real headless Chromium: the pages as a reader sees them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.test_datasette import build_site_db

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHRONO = Path(sys.executable).with_name("chrono")


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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = build_site_db(tmp_path_factory.mktemp("served") / "chrono.db")
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


def test_timeline_in_date_order_with_arabic_right_to_left(server, browser, tmp_path):
    browser.get(server + "/-/timeline")
    events = browser.find_elements(By.CSS_SELECTOR, "li.chrono-event")
    assert [e.get_attribute("id") for e in events] == [
        "event-a2-2", "event-a2-1", "event-a1-1", "event-a3-1"]
    dates = [e.get_attribute("data-date") for e in events]
    assert dates == sorted(dates)
    evidence = browser.find_element(By.CSS_SELECTOR, "#event-a1-1 .chrono-evidence")
    assert "الكاظمي" in evidence.text
    style = browser.execute_script(
        "const s = getComputedStyle(arguments[0]); return [s.direction, s.fontFamily, s.textAlign];",
        evidence,
    )
    assert style[0] == "rtl"
    assert "Noto Naskh Arabic" in style[1]
    assert style[2] in ("right", "start")
    summary = browser.find_element(By.CSS_SELECTOR, "#event-a1-1 .chrono-summary")
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", summary) == "ltr"
    # the article's <script> is text on the page, and never ran
    assert browser.title == "Timeline"
    assert '<script>document.title="pwned"</script>' in browser.find_element(
        By.CSS_SELECTOR, "#event-a3-1 .chrono-evidence").text
    shot = tmp_path / "timeline.png"
    assert browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if os.environ.get("CHRONO_KEEP_SCREENSHOT"):
        Path(os.environ["CHRONO_KEEP_SCREENSHOT"]).write_bytes(shot.read_bytes())


def test_timeline_filter_form(server, browser):
    browser.get(server + "/-/timeline")
    browser.find_element(By.NAME, "q").send_keys("الامريكي")
    browser.find_element(By.CSS_SELECTOR, "form.chrono-filters button").click()
    WebDriverWait(browser, 10).until(lambda d: "q=" in d.current_url)
    ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "li.chrono-event")]
    assert ids == ["event-a2-2", "event-a1-1"]


def test_map_shows_a_marker_for_every_located_event(server, browser):
    browser.get(server + "/chrono/timeline")
    markers = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, ".leaflet-marker-icon"))
    represented = sum(
        int(m.text) if "marker-cluster" in (m.get_attribute("class") or "") else 1 for m in markers)
    assert represented == 3  # Washington, Erbil, Baghdad (tiles are not checked: no network)


def test_chart_draws_one_bar_per_month_and_kind(server, browser):
    browser.get(server + "/-/chart")
    bars = browser.find_elements(By.CSS_SELECTOR, ".chrono-chart svg rect.bar")
    assert len(bars) == 4
    assert all(b.size["height"] > 0 for b in bars)
