"""The running explorer shows what another process wrote into its store, after a page reload.

``partnernet load`` into the embedded store the app is serving replaces the store's file; the app
sees the new file stamp on its next run (one stat) and re-reads it, and its cached answers are
keyed by the store's version, so nothing old is shown and the app needs no restart.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
APP = str(REPO / "app.py")
TIMEOUT = 120
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI")
# the first pair of the real twin-city dataset: two towns the demo data does not hold
PAIR = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\nBerat,Albania,40.7022,19.9583,Amasya,Turkey,40.65,35.8331\n"


@pytest.fixture
def data_dir(tmp_path):
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    for key in ENV_KEYS:
        os.environ.pop(key, None)
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path / "store")
    os.environ["PARTNERNET_LOAD"] = "none"  # the curated records only, not the world dataset
    yield tmp_path / "store"
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def cli(*args: str) -> subprocess.CompletedProcess:
    """The command line, run as the separate process it is beside a running app."""
    return subprocess.run([sys.executable, "-c", "import sys, cli; sys.exit(cli.main(sys.argv[1:]))", *args],
                          cwd=REPO, capture_output=True, text=True, timeout=600)


def clean(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def sidebar_text(at: AppTest) -> str:
    return " ".join(m.value for m in at.sidebar.markdown)


def test_a_load_by_the_command_line_shows_after_a_reload_without_restart(data_dir, tmp_path):
    at = clean(AppTest.from_file(APP, default_timeout=TIMEOUT).run())  # first start: the demo data
    at.text_input(key="focus:input").input("Berat").run()
    assert any("Nothing found for “Berat”" in w.value for w in at.warning)
    before = sidebar_text(at)

    csv = tmp_path / "pair.csv"
    csv.write_text(PAIR, encoding="utf-8")
    done = cli("--data-dir", str(data_dir), "load", "twin-cities", str(csv))
    assert done.returncode == 0, done.stderr

    at.run()  # the page reloaded in the browser: the same server process, a new run
    clean(at)
    assert not any("Nothing found" in w.value for w in at.warning)
    pick = at.selectbox(key="focus:pick:Berat")
    assert any(option.startswith("Berat (") for option in pick.options), pick.options
    after = sidebar_text(at)
    assert after != before  # the store's counts in the sidebar are the new ones
    partnerships = int(after.split("**")[-2].replace(",", ""))
    assert partnerships == int(before.split("**")[-2].replace(",", "")) + 1
