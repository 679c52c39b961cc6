"""One writer at a time, and a damaged or half-written store file: what a user sees."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from graph.errors import StoreError
from graph.store.embedded import EmbeddedStore
from graph.store.lock import lock_path, writing

REPO = Path(__file__).resolve().parents[1]
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


def _cli(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(REPO / "cli.py"), *args], cwd=REPO, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})


def _pairs(real_csv: Path, start: int, count: int, marker: str) -> str:
    lines = real_csv.read_text(encoding="utf-8").splitlines()[1 + start:1 + start + count]
    return HEADER + f"{marker},Germany,51.0,12.0,{marker} Partner,Poland,50.0,19.0\n" + "\n".join(lines) + "\n"


@pytest.mark.realdata
def test_two_concurrent_loads_keep_both_files(tmp_path, real_csv):
    data = tmp_path / "store"
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text(_pairs(real_csv, 0, 4000, "Alphaheim"), encoding="utf-8")
    b.write_text(_pairs(real_csv, 8000, 4000, "Betadorf"), encoding="utf-8")
    procs = [_cli("--data-dir", str(data), "load", "twin-cities", str(path)) for path in (a, b)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    store = EmbeddedStore(data)
    names = {n.name for n in store.nodes("Municipality")}
    assert {"Alphaheim", "Alphaheim Partner", "Betadorf", "Betadorf Partner"} <= names
    # each file's pairs are all there: as many partnerships as loading both one after the other
    serial = tmp_path / "serial"
    for path in (a, b):
        assert _cli("--data-dir", str(serial), "load", "twin-cities", str(path)).wait(timeout=300) == 0
    assert store.stats() == EmbeddedStore(serial).stats()


def test_second_writer_is_refused_clearly_after_the_timeout(tmp_path):
    data = tmp_path / "store"
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "Leipzig,Germany,51.34,12.37,Kraków,Poland,50.06,19.94\n", encoding="utf-8")
    data.mkdir()
    with FileLock(lock_path(data / "graph.arrow")):
        proc = _cli("--data-dir", str(data), "load", "twin-cities", str(csv), env={"PARTNERNET_LOCK_TIMEOUT": "1"})
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert f"another partnernet process is writing to {data}; waiting for it to finish (up to 1 s)" in err
    assert f"error: another partnernet process is still writing to {data} after 1 s; nothing was written" in err
    assert "Traceback" not in err
    assert not (data / "graph.arrow").exists()


def test_writer_adds_to_what_another_process_saved_meanwhile(tmp_path, demo_store):
    from graph.model import Node

    mine, theirs = EmbeddedStore(tmp_path), EmbeddedStore(tmp_path)
    with writing(theirs):
        theirs.upsert([Node("Municipality", "de-theirs", {"name": "Theirs", "country": "DE"})])
    with writing(mine):
        mine.upsert([Node("Municipality", "de-mine", {"name": "Mine", "country": "DE"})])
    assert {n.id for n in EmbeddedStore(tmp_path).nodes("Municipality")} == {"de-theirs", "de-mine"}


def test_stale_temporary_files_are_removed_at_the_next_write(tmp_path):
    from graph.model import Node

    stale = tmp_path / ".graph-abc123.tmp"
    stale.write_bytes(b'{"format": "partnernet-gra')  # what a killed write leaves
    other = tmp_path / "notes.tmp"
    other.write_text("mine")
    store = EmbeddedStore(tmp_path)
    with writing(store):
        store.upsert([Node("Municipality", "de-x", {"name": "X", "country": "DE"})])
    assert not stale.exists() and other.exists()
    assert [p.name for p in tmp_path.glob(".graph-*.tmp")] == []


@pytest.mark.parametrize("content, what", [
    ("[1,2,3]", "it holds a JSON list, not a partnernet graph"),
    ('{"format": "partnernet-graph", "version": 1, "nodes": [[', "not JSON"),
    ('{"format": "partnernet-graph", "version": 1, "nodes": 5, "edges": []}', "a record of the wrong shape"),
    ('{"format": "partnernet-graph", "version": 1, "nodes": [["Municipality", 7, null]], "edges": []}',
     "a record of the wrong shape"),
    ('{"format": "partnernet-graph", "version": 1, "nodes": [], "edges": [["PARTNER_OF", "a", "b", {}]]}',
     "a record of the wrong shape"),
    ("\udcff".encode("utf-8", "surrogateescape").decode("latin-1"), "not JSON"),
])
def test_damaged_store_file_is_refused_with_path_and_recovery(tmp_path, content, what):
    (tmp_path / "graph.json").write_text(content, encoding="latin-1")
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path)
    message = str(err.value)
    assert f"the graph file {tmp_path / 'graph.json'} is damaged ({what}" in message
    assert f"Move it away (or delete it) and load your data again, e.g. partnernet --data-dir {tmp_path} load demo" \
        in message
    proc = _cli("--data-dir", str(tmp_path), "stats")
    out, err_text = proc.communicate(timeout=120)
    assert proc.returncode == 1 and "Traceback" not in err_text and "is damaged" in err_text


# -- any bytes in graph.json: a clear message or a correct open, never a traceback -------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

_JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
                     max_leaves=12)
_SHAPED = st.fixed_dictionaries({"format": st.just("partnernet-graph"), "version": st.just(1),
                                 "nodes": st.lists(st.lists(_JSON, max_size=4), max_size=3) | _JSON,
                                 "edges": st.lists(st.lists(_JSON, max_size=5), max_size=3) | _JSON})


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.binary(max_size=200) | _JSON.map(lambda v: json.dumps(v).encode())
       | _SHAPED.map(lambda v: json.dumps(v).encode()))
def test_any_graph_file_opens_or_is_refused_clearly(tmp_path, content):
    (tmp_path / "graph.json").write_bytes(content)
    try:
        store = EmbeddedStore(tmp_path)
    except StoreError as exc:
        assert str(tmp_path / "graph.json") in str(exc)
        return
    store.stats()
    for node in store.nodes("Municipality"):
        store.edges(node_ids=[node.id])


def test_app_first_start_takes_the_same_lock(tmp_path, monkeypatch):
    pytest.importorskip("streamlit")
    import re

    from streamlit.testing.v1 import AppTest

    data = tmp_path / "store"
    data.mkdir()
    for key in ("PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(data))
    monkeypatch.setenv("PARTNERNET_LOCK_TIMEOUT", "1")
    with FileLock(lock_path(data / "graph.arrow")):  # a CLI load is writing
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120).run()
    assert not at.exception
    shown = [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", e.value).replace("\u2060", "") for e in at.error]
    assert any(f"another partnernet process is still writing to {data} after 1 s; nothing was written" in text
               for text in shown), shown
    assert not (data / "graph.arrow").exists()
