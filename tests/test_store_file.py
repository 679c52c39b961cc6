"""The embedded store's Arrow file: the earlier JSON file converted once, a readable JSON dump, damaged
files refused with path and recovery."""

import logging

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

import cli
from graph.errors import StoreError
from graph.model import MUNICIPALITY, ORGANISES, PARTNER_OF, Edge, Node
from graph.store import jsongraph
from graph.store.embedded import FILE_NAME, EmbeddedStore


def sample():
    nodes = [Node(MUNICIPALITY, f"mun:de:c{i}", {"name": f"Stadt {i}", "country": "DE", "aliases": ["Ünna"]})
             for i in range(4)]
    edges = [Edge(PARTNER_OF, "mun:de:c0", f"mun:de:c{i}", {"kind": kind, "sources": ["source:x"]})
             for i, kind in ((1, "twin"), (2, "twin"), (3, "climate"))]
    edges.append(Edge(PARTNER_OF, "mun:de:c1", "mun:de:c0", {"kind": "friendship", "since": 1990}))
    return nodes, edges


def test_a_json_graph_file_is_converted_once_and_said_so(tmp_path, caplog):
    nodes, edges = sample()
    (tmp_path / "graph.json").write_bytes(jsongraph.encode(nodes, {e.identity: e.props for e in edges}))
    with caplog.at_level(logging.WARNING):
        store = EmbeddedStore(tmp_path)
    assert f"converted the graph file {tmp_path / 'graph.json'} to {tmp_path / FILE_NAME}" in caplog.text
    assert (tmp_path / FILE_NAME).exists() and (tmp_path / "graph.json.old").exists()
    assert not (tmp_path / "graph.json").exists()
    assert store.edges() == sorted(edges, key=lambda e: e.identity) and store.get("mun:de:c3") == nodes[3]
    caplog.clear()
    with caplog.at_level(logging.WARNING):
        again = EmbeddedStore(tmp_path)
    assert caplog.text == "" and again.edges() == store.edges() and again.stats() == store.stats()
    assert again.degrees(["mun:de:c0", "mun:de:c1"]) == {"mun:de:c0": 4, "mun:de:c1": 2}


def test_a_json_file_that_cannot_be_converted_is_read_as_it_is_and_said_so(tmp_path, caplog, monkeypatch):
    import os

    nodes, edges = sample()
    (tmp_path / "graph.json").write_bytes(jsongraph.encode(nodes, {e.identity: e.props for e in edges}))

    def refuse(*args):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "link", refuse)
    with caplog.at_level(logging.WARNING):
        store = EmbeddedStore(tmp_path)
    assert "could not be converted (Permission denied); it is read as it is, more slowly" in caplog.text
    assert f"Make {tmp_path} writable to convert it" in caplog.text
    assert not (tmp_path / FILE_NAME).exists() and (tmp_path / "graph.json").exists()
    assert store.refresh() is False and store.stats().node_count == 4


def test_dump_writes_readable_json_that_opens_again(tmp_path, capsys):
    nodes, edges = sample()
    edges.append(Edge(ORGANISES, "org:a", "conf:b", {}))
    nodes += [Node("Organisation", "org:a", {"name": "A"}), Node("Conference", "conf:b", {"name": "B"})]
    with EmbeddedStore(tmp_path / "store") as store:
        store.upsert(nodes, edges)
    assert cli.main(["--data-dir", str(tmp_path / "store"), "dump", str(tmp_path / "copy" / "graph.json")]) == 0
    assert "6 nodes and 5 relationships as JSON" in capsys.readouterr().out
    text = (tmp_path / "copy" / "graph.json").read_text(encoding="utf-8")
    assert '"Ünna"' in text and '"ORGANISES","org:a","conf:b",{"role":"organiser"}' in text
    copy = EmbeddedStore(tmp_path / "copy")
    assert copy.edges() == EmbeddedStore(tmp_path / "store").edges()


@pytest.mark.parametrize("cut", [0.2, 0.5, 0.9])
def test_a_torn_arrow_file_is_refused_with_path_and_recovery(tmp_path, cut):
    with EmbeddedStore(tmp_path) as store:
        store.upsert(*sample())
    raw = (tmp_path / FILE_NAME).read_bytes()
    (tmp_path / FILE_NAME).write_bytes(raw[:int(len(raw) * cut)])
    with pytest.raises(StoreError) as err:
        EmbeddedStore(tmp_path)
    assert f"the graph file {tmp_path / FILE_NAME} is damaged (" in str(err.value)
    assert f"load your data again, e.g. partnernet --data-dir {tmp_path} load demo" in str(err.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1), value=st.integers(0, 255))
def test_any_changed_byte_of_an_arrow_file_opens_or_is_refused_clearly(tmp_path, where, value):
    path = tmp_path / FILE_NAME
    if not path.exists():
        with EmbeddedStore(tmp_path) as store:
            store.upsert(*sample())
        (tmp_path / "good").write_bytes(path.read_bytes())
    raw = bytearray((tmp_path / "good").read_bytes())
    raw[min(int(where * len(raw)), len(raw) - 1)] = value
    path.write_bytes(bytes(raw))
    try:
        store = EmbeddedStore(tmp_path)
    except StoreError as exc:
        assert str(path) in str(exc)
        return
    store.stats()
    for node in store.nodes(MUNICIPALITY):
        store.edges(node_ids=[node.id])
        store.neighbourhood(node.id, 2)
