"""The explorer during a Neo4j outage: the answers it already has, marked as possibly stale.

The app runs on the tests' real local Neo4j; the server is killed between two runs of the page and
started again afterwards (as the crash test of ``test_neo4j_store`` does).
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from loaders.demo import ensure_demo  # noqa: E402
from loaders.twin_cities import load_twin_cities  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
ENV = ("PARTNERNET_STORE", "PARTNERNET_DATA_DIR", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
       "NEO4J_PASSWORD", "NEO4J_DATABASE", "PARTNERNET_NEO4J_TIMEOUT")


@pytest.fixture
def app_on_neo4j(neo4j_server, neo4j_store, tmp_path):
    if neo4j_server.local is None:
        pytest.skip("needs the project's local Neo4j (NEO4J_URI points elsewhere), which the test stops")
    ensure_demo(neo4j_store)
    pairs = tmp_path / "partner.csv"
    pairs.write_text("Stadt;Land;Partnerstadt;Partnerland\nLeipzig;Deutschland;Kraków;Polen\n"
                     "Leipzig;Deutschland;Lyon;Frankreich\n", encoding="utf-8")
    load_twin_cities(neo4j_store, pairs)
    saved = {k: os.environ.get(k) for k in ENV}
    os.environ.update(PARTNERNET_STORE="neo4j", NEO4J_URI=neo4j_server.uri, NEO4J_USERNAME=neo4j_server.user,
                      NEO4J_PASSWORD=neo4j_server.password, PARTNERNET_LOAD="none", PARTNERNET_NEO4J_TIMEOUT="2")
    os.environ.pop("NEO4J_DATABASE", None)
    yield neo4j_server.local
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


def plain(text: str) -> str:
    """Markdown as read: without the escapes that keep names from being interpreted."""
    return text.replace("\\", "").replace("\u2060", "")


def page_text(at: AppTest) -> str:
    return plain(" ".join(str(m.value) for m in (*at.markdown, *at.warning, *at.error, *at.info)))


def test_cached_answers_are_shown_marked_stale_while_neo4j_is_down(app_on_neo4j):
    local = app_on_neo4j
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    assert "around Leipzig" in page_text(at) and not at.warning
    os.kill(int((local.home / "neo4j.pid").read_text()), signal.SIGKILL)
    try:
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        warning = plain(" ".join(w.value for w in at.warning))
        assert f"cannot reach Neo4j at {local.uri} (nothing answers there)" in warning
        assert "Showing answers kept from the data as of 20" in warning and "UTC: they may be out of date" in warning
        assert "around Leipzig" in page_text(at)  # the answer kept from the run before
        assert " ".join(m.value for m in at.sidebar.markdown).count("partnership")  # the counts too
        at.text_input(key="focus:input").set_value("Lyon").run()  # a question not asked before
        assert "cannot reach Neo4j" in page_text(at)
    finally:
        local.start()
    from app_pages import outage

    outage._KNOWN.clear()  # the server is back: the next check asks it again at once
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.warning and "around Leipzig" in page_text(at)
