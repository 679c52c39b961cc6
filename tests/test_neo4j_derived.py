"""The search index kept in Neo4j beside the graph: a new process reads it instead of every name."""

from __future__ import annotations

import pytest

from graph.model import MUNICIPALITY, Node
from graph.queries import search as search_module
from graph.store.neo4j_derived import derived_key

pytestmark = pytest.mark.neo4j


def _town(key, name):
    return Node(MUNICIPALITY, f"mun:de:{key}", {"name": name, "country": "DE"})


def _fresh_process(store, monkeypatch):
    """Forget the indexes this process built, as a new process would not have them; count key reads."""
    monkeypatch.setattr(search_module, "_INDEXES", type(search_module._INDEXES)())
    reads = []
    original = type(store).name_keys
    monkeypatch.setattr(type(store), "name_keys", lambda self, label: reads.append(label) or original(self, label))
    return reads


def test_a_new_process_reads_the_kept_index_and_finds_the_same(neo4j_store, monkeypatch):
    neo4j_store.upsert([_town("leipzig", "Leipzig"), _town("koeln", "Köln")])
    first = [n.id for n in search_module.search(neo4j_store, "koln")]
    assert first == ["mun:de:koeln"]
    reads = _fresh_process(neo4j_store, monkeypatch)
    assert [n.id for n in search_module.search(neo4j_store, "koln")] == first
    assert reads == []  # the kept index answered; no name was read from the graph


def test_the_kept_index_is_not_used_after_a_write(neo4j_store, monkeypatch):
    neo4j_store.upsert([_town("leipzig", "Leipzig")])
    search_module.search(neo4j_store, "leipzig")
    neo4j_store.upsert([_town("lohr", "Lohr am Main")])
    reads = _fresh_process(neo4j_store, monkeypatch)
    assert [n.id for n in search_module.search(neo4j_store, "lohr am main")] == ["mun:de:lohr"]
    assert reads  # rebuilt from the graph, not the index of the earlier graph


def test_a_damaged_kept_index_is_derived_again(neo4j_store, monkeypatch, caplog):
    neo4j_store.upsert([_town("leipzig", "Leipzig")])
    search_module.search(neo4j_store, "leipzig")
    neo4j_store._driver.execute_query("MATCH (d:PartnernetMeta {key: $key}) SET d.data = $junk",
                                      {"key": derived_key("names"), "junk": b"not zlib"},
                                      database_=neo4j_store.database)
    _fresh_process(neo4j_store, monkeypatch)
    assert [n.id for n in search_module.search(neo4j_store, "leipzig")] == ["mun:de:leipzig"]
    assert "cannot be read" in caplog.text


def test_kept_data_is_not_part_of_the_graph(neo4j_store):
    neo4j_store.upsert([_town("leipzig", "Leipzig")])
    search_module.search(neo4j_store, "leipzig")
    assert neo4j_store.stats().nodes == {MUNICIPALITY: 1}
    neo4j_store.clear()
    assert neo4j_store.stats().nodes == {} and search_module.search(neo4j_store, "leipzig") == []
