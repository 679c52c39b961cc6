"""What only the embedded store promises: one file, written atomically, reopened fast and intact."""

import json
import os

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from graph.queries.search import search
from graph.store.embedded import FILE_NAME, EmbeddedStore
from graph.errors import StoreError
from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node


def sample():
    nodes = [Node(MUNICIPALITY, f"mun:de:c{i}", {"name": f"City {i}", "country": "DE", "aliases": [f"Stadt {i}"]})
             for i in range(5)]
    edges = [Edge(PARTNER_OF, f"mun:de:c{i}", f"mun:de:c{i + 1}", {"since": 1990 + i}) for i in range(4)]
    return nodes, edges


def test_reopen_gives_the_same_graph(tmp_path):
    store = EmbeddedStore(tmp_path)
    store.upsert(*sample())
    store.flush()
    again = EmbeddedStore(tmp_path)
    assert again.stats() == store.stats()
    assert again.get("mun:de:c2") == store.get("mun:de:c2")
    assert again.edges() == store.edges()
    assert search(again, "stadt 3") == search(store, "stadt 3") and search(again, "stadt 3")[0].id == "mun:de:c3"


def test_a_crash_while_writing_leaves_the_previous_file(tmp_path, monkeypatch):
    store = EmbeddedStore(tmp_path)
    nodes, edges = sample()
    store.upsert(nodes[:2], edges[:1])
    store.flush()
    before = (tmp_path / FILE_NAME).read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    store.upsert(nodes, edges)
    monkeypatch.setattr(os, "fsync", crash)  # the new file is being written
    with pytest.raises(KeyboardInterrupt):
        store.flush()
    assert (tmp_path / FILE_NAME).read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [FILE_NAME]  # no temporary file left behind
    assert EmbeddedStore(tmp_path).stats().node_count == 2


def test_unflushed_writes_are_not_persisted_when_a_block_fails(tmp_path):
    nodes, edges = sample()
    with pytest.raises(RuntimeError):
        with EmbeddedStore(tmp_path) as store:
            store.upsert(nodes, edges)
            raise RuntimeError("interrupted")
    assert not (tmp_path / FILE_NAME).exists()
    with EmbeddedStore(tmp_path) as store:
        store.upsert(nodes, edges)
    assert EmbeddedStore(tmp_path).stats().edge_count == 4


def test_a_corrupt_file_gives_a_clear_message(tmp_path):
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match=f"the graph file .*{FILE_NAME} is damaged .*load your data again"):
        EmbeddedStore(tmp_path)


def test_data_dir_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERNET_DATA_DIR", str(tmp_path / "elsewhere"))
    store = EmbeddedStore()
    store.upsert(*sample())
    store.flush()
    assert (tmp_path / "elsewhere" / FILE_NAME).exists()


names = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20) \
    .filter(lambda s: any(c.isalnum() for c in s))


@settings(max_examples=40, deadline=None)
@given(st.lists(names, min_size=2, max_size=12, unique_by=lambda s: s.strip().casefold()),
       st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=20))
def test_round_trip_through_the_file(tmp_path_factory, city_names, pairs):
    path = tmp_path_factory.mktemp("rt")
    nodes = [Node(MUNICIPALITY, f"mun:xx:n{i}", {"name": name, "aliases": [name.upper()]})
             for i, name in enumerate(city_names)]
    edges = [Edge(PARTNER_OF, f"mun:xx:n{a}", f"mun:xx:n{b}")
             for a, b in pairs if a != b and a < len(nodes) and b < len(nodes)]
    store = EmbeddedStore(path)
    store.upsert(nodes, edges)
    store.flush()
    again = EmbeddedStore(path)
    assert {n.id: n.props for n in again.nodes(MUNICIPALITY)} == {n.id: n.props for n in store.nodes(MUNICIPALITY)}
    assert again.edges() == store.edges()
    assert os.listdir(path) == [FILE_NAME]


def test_derived_data_is_kept_only_for_the_graph_it_was_derived_from(tmp_path):
    store = EmbeddedStore(tmp_path)
    nodes, edges = sample()
    store.upsert(nodes, edges)
    before_flush = store.version()
    store.keep_derived("probe", {"answer": 1}, store.version())
    assert not (tmp_path / "graph.probe.json").exists()  # not flushed: the file holds another graph
    store.flush()
    store.keep_derived("probe", {"answer": 1}, before_flush)
    assert not (tmp_path / "graph.probe.json").exists()  # derived from another version
    store.keep_derived("probe", {"answer": 1}, store.version())
    assert store.read_derived("probe") == {"answer": 1}
    assert EmbeddedStore(tmp_path).read_derived("probe") == {"answer": 1}
    assert EmbeddedStore(tmp_path).read_derived("other") is None

    changed = EmbeddedStore(tmp_path)
    changed.upsert([Node(MUNICIPALITY, "mun:de:c9", {"name": "City 9", "country": "DE"})])
    assert changed.read_derived("probe") is None  # memory differs from the file it was derived from
    changed.flush()
    assert changed.read_derived("probe") is None
    assert EmbeddedStore(tmp_path).read_derived("probe") is None  # the graph file changed

    (tmp_path / "graph.probe.json").write_text("{torn", encoding="utf-8")
    assert EmbeddedStore(tmp_path).read_derived("probe") is None
    memory = EmbeddedStore.memory()
    memory.keep_derived("probe", {"answer": 1}, memory.version())
    assert memory.read_derived("probe") is None
    with pytest.raises(ValueError, match="lower-case letters"):
        store.read_derived("../graph")


def test_the_version_changes_with_writes_that_change_something(tmp_path):
    store = EmbeddedStore(tmp_path)
    empty = store.version()
    nodes, edges = sample()
    store.upsert(nodes, edges)
    after_load = store.version()
    assert after_load != empty
    store.upsert(nodes, edges)  # the same records again change nothing
    assert store.version() == after_load
    store.upsert([Node(MUNICIPALITY, "mun:de:c0", {"name": "City 0", "country": "DE", "aliases": ["Erste"]})])
    assert store.version() != after_load
    store.clear()
    assert store.version() not in (empty, after_load)


def test_a_write_by_another_process_is_seen_after_refresh(tmp_path):
    reader = EmbeddedStore(tmp_path)
    assert reader.refresh() is False and reader.stats().node_count == 0
    before = reader.version()
    writer = EmbeddedStore(tmp_path)  # another process: the same file, its own memory
    nodes, edges = sample()
    writer.upsert(nodes, edges)
    writer.flush()
    assert reader.stats().node_count == 0  # memory is what was read until refreshed
    assert reader.refresh() is True
    assert reader.version() != before
    assert reader.stats() == writer.stats()
    assert reader.get("mun:de:c1").name == "City 1"
    assert reader.refresh() is False  # nothing new: one stat, no re-read
    unchanged = reader.version()
    assert reader.version() == unchanged

    writer.clear()
    writer.flush()
    assert reader.refresh() is True and reader.stats().node_count == 0


def test_unflushed_writes_are_not_replaced_by_refresh(tmp_path):
    writer, reader = EmbeddedStore(tmp_path), EmbeddedStore(tmp_path)
    nodes, edges = sample()
    writer.upsert(nodes, edges)
    writer.flush()
    reader.upsert([Node(MUNICIPALITY, "mun:de:c9", {"name": "City 9", "country": "DE"})])
    assert reader.refresh() is False
    assert reader.get("mun:de:c9") is not None and reader.get("mun:de:c1") is None


def test_a_reopened_store_walks_the_same_graph(tmp_path):
    nodes, edges = sample()
    edges.append(Edge(PARTNER_OF, "mun:de:c1", "mun:de:c0", {"kind": "friendship"}))  # a second kind, same pair
    store = EmbeddedStore(tmp_path)
    store.upsert(nodes, edges)
    store.flush()
    again = EmbeddedStore(tmp_path)
    assert again._adj.near == store._adj.near and again._adj.degree == store._adj.degree
    assert again._edges == store._edges
    ids = [n.id for n in nodes]
    assert again.degrees(ids) == store.degrees(ids) and again.degrees(["mun:de:c0"]) == {"mun:de:c0": 2}
    assert again.neighbourhood("mun:de:c0", 2, partner_kinds=["friendship"]) == \
        store.neighbourhood("mun:de:c0", 2, partner_kinds=["friendship"])
    assert again.shortest_paths("mun:de:c0", "mun:de:c4") == [ids]
