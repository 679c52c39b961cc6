"""A question made of several lookups reads the version of the data once (``graph.store.shared.one_version``).

Each lookup of a name checks the name index against ``store.version()``, one small read on Neo4j;
naming an area takes several lookups (countries, regions, subdivisions, municipalities). Inside the
block the version is read once, and a write in the block makes the next ``version()`` read again.
"""

import pytest

from graph.model import MUNICIPALITY, Node
from graph.queries.areas import resolve_area
from graph.store import cypher
from graph.store.shared import one_version
from loaders.demo import load_demo


def _counting(store, monkeypatch) -> list[str]:
    """The version reads of a Neo4j store (none for the embedded store, whose version is its own)."""
    reads: list[str] = []
    if hasattr(store, "_read"):
        read = store._read

        def counted(statement, **params):
            if statement == cypher.READ_VERSION:
                reads.append(statement)
            return read(statement, **params)

        monkeypatch.setattr(store, "_read", counted)
    return reads


def test_naming_an_area_reads_the_version_once(store, monkeypatch):
    load_demo(store)
    reads = _counting(store, monkeypatch)
    sachsen, africa = resolve_area(store, "Sachsen"), resolve_area(store, "Afrika")
    assert (sachsen.kind, africa.kind) == ("subdivision", "region")
    if hasattr(store, "_read"):
        assert len(reads) == 2  # one per name, not one per lookup (a region is looked up after the countries)
        before = len(reads)
        store.version(), store.version()
        assert len(reads) == before + 2  # outside a block, every call reads


def test_a_write_in_the_block_reads_the_version_again(store):
    with one_version():
        first = store.version()
        assert store.version() == first
        store.upsert([Node(MUNICIPALITY, "mun:de:neustadt", {"name": "Neustadt", "country": "DE"})], [])
        assert store.version() != first
        with one_version():  # nested: the outer block's reading stands
            assert store.version() == store.version()
    assert store.version() != first


@pytest.mark.parametrize("text", ["Sachsen", "Polen", "Afrika", "Leipzig"])
def test_an_area_is_the_same_inside_and_outside_a_block(demo_store, text):
    with one_version():
        inside = resolve_area(demo_store, text)
    assert inside == resolve_area(demo_store, text)
