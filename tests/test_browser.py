"""End to end in a real browser: the app on the real twin-city data, searched, drawn and mapped.

Debian's chromium (/usr/bin/chromium) is driven headless by Playwright; no browser is ever
downloaded. The app is started as users start it (``streamlit run app.py``) on an empty data
directory with PARTNERNET_LOAD naming the real CSV, so the first-start load is part of the test.
Screenshots are kept in the test's tmp dir and copied to var/screenshots/ for people to look at.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
REAL_CSV = REPO.parent / "shared" / "data" / "twin_cities.csv"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
START_TIMEOUT = 60  # the server answering
FIRST_LOAD_TIMEOUT = 300  # the first start loads 25,917 rows; generous for a busy machine

pytestmark = [pytest.mark.browser, pytest.mark.realdata]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"streamlit did not answer within {START_TIMEOUT} s:\n{log.read_text(errors='replace')[-2000:]}")


def serve_app(tmp_path: Path):
    """Start the app as users do, on an empty store that loads the real CSV at first start; yield its
    URL once it answers, stop it afterwards (one server per test module that uses it)."""
    if not REAL_CSV.exists():
        pytest.skip(f"the real dataset is not here ({REAL_CSV}); it lives in ../shared/data next to the repository")
    if not CHROMIUM.exists():
        pytest.skip(f"no chromium at {CHROMIUM} (Debian: apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install playwright)")
    port = _free_port()
    env = {**os.environ, "PARTNERNET_DATA_DIR": str(tmp_path / "store"), "PARTNERNET_LOAD": str(REAL_CSV),
           "PARTNERNET_STORE": "embedded"}
    log = tmp_path / "streamlit.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    yield from serve_app(tmp_path_factory.mktemp("browser-app"))


def _keep(path: Path) -> None:
    target = REPO / "var" / "screenshots"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(path, target / path.name)


def test_search_draws_network_and_map_offline(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    external: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1500})
            page.on("request", lambda r: external.append(r.url)
                    if not r.url.startswith((app_url, "data:", "blob:", "about:")) else None)
            page.goto(app_url)
            # the first start loads the real dataset, then the explore view appears
            expect(page.get_by_role("heading", name="Explore the network")).to_be_visible(
                timeout=FIRST_LOAD_TIMEOUT * 1000)

            box = page.get_by_role("textbox", name="Municipality, organisation or conference")
            box.fill("Krakau")
            box.press("Enter")
            expect(page.get_by_text("around Kraków")).to_be_visible(timeout=60_000)

            # the pyvis/vis-network page draws a canvas and reports that it has been laid out
            frame = page.frame_locator("iframe").first
            expect(frame.locator("#pn-network canvas")).to_be_visible(timeout=60_000)
            expect(frame.locator("body[data-network]")).to_have_count(1, timeout=60_000)
            expect(frame.locator(".pn-legend")).to_contain_text("Municipality")
            time.sleep(2)  # let the layout settle before the picture is taken
            network_png = tmp_path / "explore-network.png"
            page.screenshot(path=str(network_png))

            views = page.get_by_test_id("stRadio")
            views.get_by_text("Map", exact=True).click()
            deck = page.get_by_test_id("stDeckGlJsonChart")
            expect(deck.locator("canvas").first).to_be_visible(timeout=60_000)
            time.sleep(2)
            map_png = tmp_path / "explore-map.png"
            page.screenshot(path=str(map_png))

            views.get_by_text("Partners", exact=True).click()
            expect(page.get_by_text("partnerships.")).to_be_visible()
            partners_png = tmp_path / "explore-partners.png"
            page.screenshot(path=str(partners_png))
        finally:
            browser.close()

    for png in (network_png, map_png, partners_png):
        assert png.stat().st_size > 10_000, f"{png.name} looks empty"
        _keep(png)
    assert not external, f"the app fetched from elsewhere: {external[:5]}"


def test_a_shared_link_reload_and_back_keep_the_view_in_german(app_url, tmp_path):
    """A colleague's link opens the same view, in German; F5 and the back button keep what was chosen."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200}, locale="en-US")
            page.goto(f"{app_url}/regions?lang=de&from=Bayern&to=Polen")
            expect(page.get_by_role("heading", name="Partner nach Region")).to_be_visible(
                timeout=FIRST_LOAD_TIMEOUT * 1000)
            origin = page.get_by_role("textbox", name="Von: Kommune, Bundesland/Region oder Staat")
            expect(origin).to_have_value("Bayern")
            expect(page.get_by_text("Partnerschaften von").first).to_be_visible(timeout=60_000)  # the table is a canvas

            origin.fill("Sachsen")
            origin.press("Enter")
            page.wait_for_url("**from=Sachsen**", timeout=60_000)
            page.reload()
            origin = page.get_by_role("textbox", name="Von: Kommune, Bundesland/Region oder Staat")
            expect(origin).to_have_value("Sachsen", timeout=60_000)
            assert "lang=de" in page.url and "to=Polen" in page.url

            page.go_back()
            page.wait_for_url("**from=Bayern**", timeout=60_000)
            expect(page.get_by_role("textbox", name="Von: Kommune, Bundesland/Region oder Staat")).to_have_value(
                "Bayern", timeout=60_000)
            shot = tmp_path / "regions-german-link.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    _keep(shot)


def test_a_german_browser_gets_german(app_url):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="de-DE")
            page.goto(app_url)
            expect(page.get_by_role("heading", name="Das Netzwerk erkunden")).to_be_visible(
                timeout=FIRST_LOAD_TIMEOUT * 1000)
        finally:
            browser.close()
