"""GraphML, GEXF and JSON: networkx reads them back to the same nodes, edges and properties."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.export import export, read_gexf, read_graphml, read_json
from graph.export.common import join_list, split_list
from graph.model import PARTNERSHIP_KINDS, Edge, Node
from graph.store.base import Subgraph
from test_export_samples import KYIV, LEIPZIG, sample_context, sample_subgraph

READERS = {"graphml": read_graphml, "gexf": read_gexf, "json": read_json}


def typed(props: dict) -> dict:
    """Properties with their types, so 1973 and 1973.0 do not compare equal."""
    return {key: (type(value).__name__, value) for key, value in props.items()}


def snapshot(sub: Subgraph):
    nodes = {n.id: (n.label, typed(n.props)) for n in sub.nodes.values()}
    edges = sorted((e.identity, e.type, sorted(typed(e.props).items())) for e in sub.edges)
    return nodes, edges


@pytest.fixture(scope="module")
def sub():
    return sample_subgraph()


@pytest.mark.parametrize("fmt", sorted(READERS))
def test_round_trip_of_sample(sub, fmt):
    data = export(sub, fmt, context=sample_context())
    assert snapshot(READERS[fmt](data)) == snapshot(sub)


def test_graphml_as_networkx_reads_it(sub):
    g = nx.read_graphml(io.BytesIO(export(sub, "graphml")), force_multigraph=True)
    assert set(g.nodes) == set(sub.nodes)
    assert g.number_of_edges() == len(sub.edges)
    leipzig = g.nodes[LEIPZIG]
    assert leipzig["label"] == "Leipzig" and leipzig["category"] == "Municipality"
    assert leipzig["population"] == 601866 and leipzig["lat"] == pytest.approx(51.34)
    assert split_list(g.nodes[KYIV]["aliases"]) == ["Kiev", "Kiew", "Київ"]
    kinds = sorted(d["kind"] for _, other, d in g.edges(LEIPZIG, data=True)
                   if other == KYIV and d["relationship"] == "PARTNER_OF")
    assert kinds == ["solidarity", "twin"]


def test_graphml_key_ids_unique(sub):
    text = export(sub, "graphml").decode("utf-8")
    ids = re.findall(r'<key id="([^"]+)"', text)
    assert len(ids) == len(set(ids))


def test_gexf_for_gephi(sub):
    text = export(sub, "gexf", context=sample_context()).decode("utf-8")
    assert 'defaultedgetype="undirected"' in text
    assert "<viz:color" in text and "<viz:position" in text
    g = nx.read_gexf(io.BytesIO(text.encode()))
    assert g.nodes[LEIPZIG]["label"] == "Leipzig"
    # edge "type" is GEXF's direction attribute: the relationship type must not land there
    assert all(d.get("type") in (None, "undirected") for _, _, d in g.edges(data=True))
    assert {d["relationship"] for _, _, d in g.edges(data=True)} >= {"PARTNER_OF", "ATTENDS"}


def test_direction_of_directed_relationships_survives(sub):
    for fmt in READERS:
        back = READERS[fmt](export(sub, fmt))
        attends = {(e.source, e.target) for e in back.edges if e.type == "ATTENDS"}
        assert attends == {(e.source, e.target) for e in sub.edges if e.type == "ATTENDS"}, fmt


def test_xml_illegal_characters_are_dropped_not_fatal():
    node = Node("Municipality", "mun:de:x", {"name": "Bad\x01Name\x0b", "aliases": ["ok\x1f"]})
    sub = Subgraph({node.id: node}, [], 1, "")
    for fmt in ("graphml", "gexf"):
        back = READERS[fmt](export(sub, fmt))
        assert back.nodes["mun:de:x"].name == "BadName"
        assert back.nodes["mun:de:x"].props["aliases"] == ["ok"]


def test_json_is_networkx_node_link(sub):
    doc = json.loads(export(sub, "json", context=sample_context()))
    assert doc["graph"]["selection"] == "Leipzig and its partners, 2 hops"
    g = nx.node_link_graph(doc, edges="edges")
    assert set(g.nodes) == set(sub.nodes)
    assert g.number_of_edges() == len(sub.edges)
    assert g.nodes[LEIPZIG]["label"] == "Municipality"
    assert g.nodes[LEIPZIG]["props"]["aliases"] == ["Lipcse", "Lipsk"]  # lists stay lists in JSON


def test_read_json_rejects_garbage():
    from graph.errors import ValidationError

    with pytest.raises(ValidationError, match="node-link"):
        read_json(b"{not json")
    with pytest.raises(ValidationError, match="nodes"):
        read_json(b"[1, 2]")


def _partnership(doc_edges):
    return next(e for e in doc_edges if e["type"] == "PARTNER_OF")


@pytest.mark.parametrize("change, message", [
    (lambda doc: _partnership(doc["edges"]).pop("type"), r"relationship \d+ \('mun:.*' -> 'mun:.*'\): no 'type'"),
    (lambda doc: _partnership(doc["edges"])["props"].update(since="early"),
     r"relationship \d+ \('mun:.*' -> 'mun:.*'\): .*'since' must be a whole number, got 'early'"),
    (lambda doc: doc["nodes"][0].pop("label"), r"node '.+': no 'label'"),
    (lambda doc: doc["edges"][0].pop("source"), r"relationship 1: no 'source'"),
    (lambda doc: doc["graph"].update(total_nodes="many"), r"'total_nodes' must be a whole number, got 'many'"),
], ids=["no type", "year", "no label", "no source", "total"])
def test_read_json_names_the_record_and_field(sub, change, message):
    from graph.errors import ValidationError

    doc = json.loads(export(sub, "json"))
    change(doc)
    with pytest.raises(ValidationError, match=message):
        read_json(json.dumps(doc))


@pytest.mark.parametrize("change, message", [
    (lambda g: g.nodes[LEIPZIG].pop("category"), f"node '{LEIPZIG}': no 'category'"),
    (lambda g: next(iter(g.edges(data=True)))[2].pop("relationship"), r"relationship '.+' -> '.+': no 'relationship'"),
    (lambda g: next(d for *_, d in g.edges(data=True) if d["relationship"] == "PARTNER_OF").update(since="early"),
     r"relationship '.+' -> '.+': property 'since' must be a whole number, got 'early'"),
    (lambda g: g.nodes[LEIPZIG].update(population=1.5), f"node '{LEIPZIG}': property 'population' must be a whole"),
], ids=["no category", "no relationship", "year", "population"])
def test_from_networkx_names_the_record_and_field(sub, change, message):
    from graph.errors import ValidationError
    from graph.export.gephi import from_networkx, to_networkx

    graph = to_networkx(sub)
    change(graph)
    with pytest.raises(ValidationError, match=message):
        from_networkx(graph)


@pytest.mark.parametrize("items", [["a"], ["a;b", "c"], ["back\\slash", "x"], ["ends\\", "y;"], []])
def test_list_text_round_trip(items):
    assert split_list(join_list(items)) == items


# --- property-based: random subgraphs through GraphML and JSON ------------------------------------

XML_TEXT = st.characters(blacklist_categories=("Cs", "Cc", "Cn", "Co"))
ANY_TEXT = st.characters(blacklist_categories=("Cs", "Cn", "Co"))


def names(alphabet):
    return st.text(alphabet, min_size=1, max_size=20).filter(lambda s: s.strip())


@st.composite
def subgraphs(draw, alphabet=XML_TEXT):
    count = draw(st.integers(min_value=1, max_value=8))
    nodes = {}
    for i in range(count):
        props = {"name": draw(names(alphabet))}
        if draw(st.booleans()):
            props["country"] = draw(st.sampled_from(["DE", "PL", "UA", "GH"]))
        if draw(st.booleans()):
            props["population"] = draw(st.integers(min_value=0, max_value=40_000_000))
        if draw(st.booleans()):
            props["lat"] = draw(st.floats(min_value=-90, max_value=90, allow_nan=False))
            props["lon"] = draw(st.floats(min_value=-180, max_value=180, allow_nan=False))
        props["aliases"] = draw(st.lists(names(alphabet), max_size=3))
        props["sources"] = draw(st.lists(st.text(alphabet, min_size=1, max_size=8), max_size=2))
        try:
            node = Node("Municipality", f"mun:t:{i}", props)
        except Exception:  # a drawn name the model refuses is not this test's subject
            continue
        nodes[node.id] = node
    ids = sorted(nodes)
    edges = {}
    if len(ids) > 1:
        for _ in range(draw(st.integers(min_value=0, max_value=10))):
            a, b = draw(st.sampled_from(ids)), draw(st.sampled_from(ids))
            if a == b:
                continue
            props = {"kind": draw(st.sampled_from(PARTNERSHIP_KINDS))}
            if draw(st.booleans()):
                props["since"] = draw(st.integers(min_value=1900, max_value=2030))
            edge = Edge("PARTNER_OF", a, b, props)
            edges[edge.identity] = edge
    return Subgraph(nodes, list(edges.values()), len(nodes), "random")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subgraphs())
def test_property_graphml_round_trip(sub):
    assert snapshot(read_graphml(export(sub, "graphml"))) == snapshot(sub)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(subgraphs(alphabet=ANY_TEXT))
def test_property_json_round_trip(sub):
    assert snapshot(read_json(export(sub, "json"))) == snapshot(sub)
