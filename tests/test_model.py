import pytest

from graph.errors import ValidationError
from graph.model import (
    MUNICIPALITY, ORGANISES, PARTNER_OF, Edge, Node, municipality_id,
)
from graph.upsert import check_endpoints, merge_props


def test_node_keeps_only_present_properties_and_sorts_lists():
    node = Node(MUNICIPALITY, "mun:de:leipzig", {"name": " Leipzig ", "aliases": ["Lipsk", "Leipzig", "Lipsk"],
                                                  "population": 600000, "subdivision": ""})
    assert node.props == {"name": "Leipzig", "aliases": ["Leipzig", "Lipsk"], "population": 600000}


@pytest.mark.parametrize("label, props, message", [
    ("Town", {"name": "x"}, "unknown node label 'Town'"),
    (MUNICIPALITY, {"name": ""}, "name is empty"),
    (MUNICIPALITY, {"name": "x", "colour": "red"}, "unknown property 'colour'"),
    (MUNICIPALITY, {"name": "x", "lat": "51.3"}, "property 'lat' must be a finite number, got '51.3'"),
    (MUNICIPALITY, {"name": "x", "lat": float("nan")}, "must be a finite number"),
    (MUNICIPALITY, {"name": "x", "population": 1.5}, "must be a whole number"),
    (MUNICIPALITY, {"name": "x", "aliases": "Lipsk"}, "must be a list of text"),
    (MUNICIPALITY, {"name": "x", "kind": "village"}, "kind 'village' is not one of city, town"),
    ("Conference", {"name": "x", "status": "done"}, "status 'done' is not one of planned, held"),
])
def test_node_validation_names_the_bad_value(label, props, message):
    with pytest.raises(ValidationError, match=message.replace("(", r"\(").replace(")", r"\)")):
        Node(label, "mun:xx:x", props)


def test_partner_of_is_stored_once_from_the_smaller_id():
    a = Edge(PARTNER_OF, "mun:pl:krakow", "mun:de:leipzig", {"kind": "twin"})
    b = Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"kind": "twin"})
    assert (a.source, a.target) == ("mun:de:leipzig", "mun:pl:krakow")
    assert a.identity == b.identity


def test_partnership_kind_and_role_are_part_of_the_identity():
    twin = Edge(PARTNER_OF, "mun:a:a", "mun:b:b", {})
    climate = Edge(PARTNER_OF, "mun:a:a", "mun:b:b", {"kind": "climate"})
    assert twin.props["kind"] == "twin" and twin.identity != climate.identity
    with pytest.raises(ValidationError, match="role 'boss' is not one of host"):
        Edge(ORGANISES, "org:a", "conf:b", {"role": "boss"})


@pytest.mark.parametrize("rel, props, message", [
    ("LIKES", {}, "unknown relationship type 'LIKES'"),
    (PARTNER_OF, {"kind": "romance"}, "kind 'romance' is not one of twin"),
    (PARTNER_OF, {"since": "1990"}, "property 'since' must be a whole number"),
])
def test_edge_validation(rel, props, message):
    with pytest.raises(ValidationError, match=message):
        Edge(rel, "mun:a:a", "mun:b:b", props)


def test_self_loops_are_refused():
    with pytest.raises(ValidationError, match="cannot be linked to itself"):
        Edge(PARTNER_OF, "mun:a:a", "mun:a:a")


def test_endpoints_follow_the_model():
    check_endpoints(Edge(ORGANISES, "org:skew", "conf:x", {"role": "host"}), "Organisation", "Conference")
    with pytest.raises(ValidationError, match="ORGANISES cannot join Municipality"):
        check_endpoints(Edge(ORGANISES, "mun:de:a", "conf:x"), MUNICIPALITY, "Conference")


def test_merge_unites_lists_and_overwrites_scalars():
    merged = merge_props({"name": "Kiev", "aliases": ["Kiev"], "population": 1},
                         {"name": "Kyiv", "aliases": ["Kyiv", "Kiew"]})
    assert merged == {"name": "Kyiv", "aliases": ["Kiev", "Kiew", "Kyiv"], "population": 1}


def test_ids_are_stable_and_spelling_insensitive():
    assert municipality_id("Halle (Saale)", "DE") == "mun:de:halle-saale"
    assert municipality_id("KRAKÓW", "pl") == municipality_id("Krakow", "PL")
    with pytest.raises(ValidationError, match="has no letters"):
        municipality_id("--", "DE")


def test_a_list_of_blank_entries_is_absent_like_an_empty_list():
    # a node read back from an export must equal the one written: [" "] and [] both mean "none"
    node = Node(MUNICIPALITY, "mun:de:x", {"name": "X", "sources": [" ", ""], "aliases": ["X", " "]})
    assert node.props == {"name": "X", "aliases": ["X"]}
