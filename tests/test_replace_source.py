"""Loading a corrected file again replaces what it said before, in both stores (``drop_sources``),
and a refused file leaves the store as it was, byte for byte."""

from __future__ import annotations

import hashlib

import pytest

from graph.queries.search import search
from graph.errors import InputError
from graph.model import COUNTRY, IN_COUNTRY, MUNICIPALITY, PARTNER_OF, SOURCE, Edge, Node
from loaders.twin_cities import load_twin_cities


def mun(key, sources):
    return Node(MUNICIPALITY, f"mun:xx:{key}", {"name": key.title(), "sources": sources})


def test_drop_sources_contract(store):
    nodes = [
        Node(SOURCE, "source:a", {"name": "a.csv"}), Node(SOURCE, "source:b", {"name": "b.csv"}),
        Node(SOURCE, "source:url-a", {"name": "https://a.example", "sources": ["source:a"]}),
        mun("x", ["source:a"]), mun("y", ["source:a", "source:b"]), mun("z", ["source:b"]), mun("w", ["source:a"]),
        Node(COUNTRY, "country:AA", {"code": "AA", "name": "Only A"}),
        Node(COUNTRY, "country:BB", {"code": "BB", "name": "Both"}),
    ]
    edges = [
        Edge(PARTNER_OF, "mun:xx:x", "mun:xx:y", {"sources": ["source:a", "source:url-a"]}),
        Edge(PARTNER_OF, "mun:xx:y", "mun:xx:z", {"sources": ["source:a", "source:b"]}),
        Edge(PARTNER_OF, "mun:xx:w", "mun:xx:y", {"sources": ["source:b"]}),
        Edge(IN_COUNTRY, "mun:xx:x", "country:AA"), Edge(IN_COUNTRY, "mun:xx:x", "country:BB"),
        Edge(IN_COUNTRY, "mun:xx:y", "country:BB"), Edge(IN_COUNTRY, "mun:xx:z", "country:BB"),
    ]
    store.upsert(nodes, edges)
    store.flush()
    store.drop_sources(["source:a", "source:url-a"])
    store.flush()
    remaining = {n.id: n for label in (SOURCE, MUNICIPALITY, COUNTRY) for n in store.nodes(label)}
    assert sorted(remaining) == ["country:BB", "mun:xx:w", "mun:xx:y", "mun:xx:z", "source:b"]
    assert remaining["mun:xx:y"].get("sources") == ["source:b"]
    assert remaining["mun:xx:w"].get("sources") is None  # kept: b still names its partnership
    assert sorted((e.type, e.source, e.target, tuple(e.props.get("sources", ()))) for e in store.edges()) == [
        ("IN_COUNTRY", "mun:xx:y", "country:BB", ()), ("IN_COUNTRY", "mun:xx:z", "country:BB", ()),
        ("PARTNER_OF", "mun:xx:w", "mun:xx:y", ("source:b",)),
        ("PARTNER_OF", "mun:xx:y", "mun:xx:z", ("source:b",)),
    ]
    assert search(store, "Y")[0].id == "mun:xx:y" and search(store, "X") == []


GERMAN = "Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Quelle\n"


def _pairs(store):
    names = {n.id: n.name for n in store.nodes(MUNICIPALITY)}
    return sorted((*sorted((names[e.source], names[e.target])), e.props["kind"], tuple(e.props["sources"]))
                  for e in store.edges(PARTNER_OF))


def _orphans(store):
    linked = {end for e in store.edges() for end in (e.source, e.target)}
    return [n.id for label in (MUNICIPALITY, COUNTRY) for n in store.nodes(label) if n.id not in linked]


def test_loading_again_with_replace_replaces_what_the_file_said(store, tmp_path):
    first = tmp_path / "unsere.csv"
    first.write_text(GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;1995;\n"
                              "Leipzig;Deutschland;Lyon;Frankreich;P;1981;https://lyon.example/jumelage\n",
                     encoding="utf-8")
    other = tmp_path / "verband.csv"
    other.write_text(GERMAN + "Leipzig;Deutschland;Kyjiw;Ukraine;P;1961;\n", encoding="utf-8")
    load_twin_cities(store, first)
    load_twin_cities(store, other)
    first.write_text(GERMAN + "Leipzig;Deutschland;Kraków;Polen;F;1995;\n", encoding="utf-8")
    report = load_twin_cities(store, first, replace=True)
    assert _pairs(store) == [("Kraków", "Leipzig", "friendship", ("source:file-unsere-csv",)),
                             ("Kyiv", "Leipzig", "twin", ("source:file-verband-csv",))]
    assert _orphans(store) == []
    assert store.get("source:https-lyon-example-jumelage") is None and store.get("country:FR") is None
    assert store.get("source:file-unsere-csv") is not None
    leipzig = search(store, "Leipzig")[0]
    assert leipzig.get("sources") == ["source:file-unsere-csv", "source:file-verband-csv"]
    # what the totals say adds up with what the store holds
    totals = report.totals
    assert totals.removed == {"Municipality": 2, "Country": 2, "Source": 2, "IN_COUNTRY": 2, "PARTNER_OF": 2}
    stats = store.stats()
    for kind, after in {**stats.nodes, **stats.edges}.items():
        assert after == totals.before.get(kind, 0) - totals.removed.get(kind, 0) + totals.new(kind), kind
    assert report.summary().splitlines()[1:5] == [
        "  nodes: 5 written (3 new, 2 already present); 6 removed with the earlier load of this file; store 11 -> 8",
        "    Country 2 (1 new, 2 removed), Municipality 2 (1 new, 2 removed), Source 1 (1 new, 2 removed)",
        "  relationships: 3 written (2 new, 1 already present); 4 removed with the earlier load of this file; "
        "store 7 -> 5",
        "    IN_COUNTRY 2 (1 new, 2 removed), PARTNER_OF 1 (1 new, 2 removed)",
    ]


def test_replace_with_no_row_loaded_keeps_the_earlier_load(memory_store, tmp_path):
    path = tmp_path / "unsere.csv"
    path.write_text(GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;1995;\n", encoding="utf-8")
    load_twin_cities(memory_store, path)
    path.write_text(GERMAN + ";Deutschland;Kraków;Polen;P;1995;\n", encoding="utf-8")
    report = load_twin_cities(memory_store, path, replace=True)
    assert [p[:2] for p in _pairs(memory_store)] == [("Kraków", "Leipzig")]
    assert "no row loaded, so the earlier load of this file was kept as it was" in report.notes


@pytest.mark.parametrize("text, options, message", [
    ("Stadt;Land\nLeipzig;Deutschland\n", {}, "neu.csv: missing columns 'city2', 'country2'"),
    (GERMAN + "Leipzig;Deutschland;;Polen;P;;\n", {"strict": True}, "neu.csv: 1 bad row; nothing was written"),
    (GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;;\n", {"sheet": "Liste"}, "neu.csv is a text file, not a workbook"),
    (GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;;\n", {"encoding": "ebcdic"}, "unknown encoding 'ebcdic'"),
])
def test_a_refused_file_leaves_the_store_byte_identical(tmp_path, text, options, message):
    from graph.store.embedded import EmbeddedStore

    store = EmbeddedStore(tmp_path / "store")
    first = tmp_path / "unsere.csv"
    first.write_text(GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;1995;\n", encoding="utf-8")
    load_twin_cities(store, first)
    graph_file = tmp_path / "store" / "graph.arrow"
    before = hashlib.sha256(graph_file.read_bytes()).hexdigest()
    path = tmp_path / "neu.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_twin_cities(store, path, replace=True, **options)
    assert str(err.value).startswith(message)
    store.close()
    assert hashlib.sha256(graph_file.read_bytes()).hexdigest() == before
