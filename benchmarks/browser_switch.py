"""Page switches as a person waits for them: headless Chromium clicks each page of the sidebar.

The app is started as users start it (``streamlit run app.py``) on a data directory (filled with the
world dataset at first start when empty). After one warm-up round, each round clicks every page of
the sidebar in turn and times, from the click, until the page's heading shows, the run has finished
(Streamlit's script state) and every embedded picture (network, map) has loaded its document.

Run::

    .venv/bin/python -m benchmarks.browser_switch --data-dir var/bench-browser --rounds 2

Debian's ``/usr/bin/chromium`` is driven through Playwright; no browser is downloaded.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
# sidebar link -> the heading the page shows (English)
PAGES = {"Explore": "Explore the network", "Partners by region": "Partners by region",
         "Conferences": "Partnership conferences", "Paths": "How are two places connected?",
         "Insights": "Insights", "About the data": "About the data", "Your data": "Your data"}
DONE = """() => {
  const app = document.querySelector('[data-test-script-state]');
  if (!app || app.getAttribute('data-test-script-state') === 'running') return false;
  if (document.querySelector('[data-stale="true"]')) return false;
  for (const frame of document.querySelectorAll('iframe')) {
    try { if (!frame.contentDocument || frame.contentDocument.readyState !== 'complete') return false; }
    catch (e) { }
  }
  return true;
}"""


def _serve(data_dir: Path, log: Path) -> tuple[subprocess.Popen, str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PARTNERNET_DATA_DIR": str(data_dir), "PARTNERNET_STORE": "embedded"}
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                return proc, url
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit(f"the app did not answer; see {log}")


def measure(url: str, rounds: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Seconds per page switch, per page, for ``rounds`` rounds after one warm-up round; and the bytes
    the server sent for one switch to each page."""
    from playwright.sync_api import expect, sync_playwright

    times: dict[str, list[float]] = {name: [] for name in PAGES}
    sizes: dict[str, int] = {}
    received = [0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="en-GB")
        page.on("websocket", lambda ws: ws.on("framereceived", lambda frame: received.__setitem__(
            0, received[0] + len(frame if isinstance(frame, (bytes, str)) else b""))))
        page.goto(url + "/?lang=en")
        expect(page.get_by_role("heading", name=PAGES["Explore"])).to_be_visible(timeout=600_000)
        nav = page.get_by_test_id("stSidebarNav")
        for round_ in range(rounds + 1):
            for name, heading in list(PAGES.items())[1:] + list(PAGES.items())[:1]:
                received[0] = 0
                start = time.perf_counter()
                nav.get_by_role("link", name=name, exact=True).click()
                expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
                page.wait_for_function(DONE, polling=20, timeout=60_000)
                if round_:
                    times[name].append(time.perf_counter() - start)
                    sizes[name] = received[0]
                time.sleep(0.5)
        browser.close()
    return times, sizes


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=REPO / "var" / "bench-browser")
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    args.data_dir.mkdir(parents=True, exist_ok=True)
    proc, url = _serve(args.data_dir, args.data_dir / "streamlit.log")
    try:
        times, sizes = measure(url, args.rounds)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    load = os.getloadavg()[0]
    print(f"page switch in headless Chromium, {args.rounds} rounds after a warm-up, load average {load:.1f}:")
    for name, values in times.items():
        print(f"  {name:20s} median {statistics.median(values):.2f} s  max {max(values):.2f} s  "
              f"sent {sizes.get(name, 0) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
