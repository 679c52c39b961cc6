"""Connection paths between two nodes, their relationships and their description in words."""

import pytest

from graph.errors import NotFound
from graph.model import (
    ATTENDS, CONFERENCE, COUNTRY, IN_COUNTRY, MEMBER_OF, MUNICIPALITY, ORGANISATION, PARTNER_OF, Edge, Node,
)
from graph.queries.paths import connection_paths, describe
from graph.queries.search import search


def town(key, name, country):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {"name": name, "country": country})


NODES = [
    town("muenster", "Münster", "DE"), town("lublin", "Lublin", "PL"), town("lviv", "Lviv", "UA"),
    town("kyiv", "Kyiv", "UA"), town("leipzig", "Leipzig", "DE"), town("krakow", "Kraków", "PL"),
    town("ryazan", "Ryazan", "RU"), town("bonn", "Bonn", "DE"),
    Node(CONFERENCE, "conf:ua-2023", {"name": "German-Ukrainian conference 2023"}),
    Node(ORGANISATION, "org:dst", {"name": "Deutscher Städtetag", "kind": "association"}),
    Node(COUNTRY, "country:DE", {"code": "DE", "name": "Germany"}),
]
EDGES = [
    Edge(PARTNER_OF, "mun:de:muenster", "mun:pl:lublin", {"kind": "twin"}),
    Edge(PARTNER_OF, "mun:pl:lublin", "mun:ua:lviv", {"kind": "solidarity"}),
    Edge(PARTNER_OF, "mun:ua:lviv", "mun:ua:kyiv", {"kind": "friendship"}),
    Edge(PARTNER_OF, "mun:de:muenster", "mun:de:leipzig", {"kind": "contact"}),
    Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"kind": "twin"}),
    Edge(PARTNER_OF, "mun:pl:krakow", "mun:ua:kyiv", {"kind": "twin"}),
    Edge(ATTENDS, "mun:de:muenster", "conf:ua-2023"),
    Edge(ATTENDS, "mun:ua:kyiv", "conf:ua-2023"),
    Edge(MEMBER_OF, "mun:de:bonn", "org:dst"),
    Edge(MEMBER_OF, "mun:de:muenster", "org:dst"),
    Edge(IN_COUNTRY, "mun:de:bonn", "country:DE"),
    Edge(IN_COUNTRY, "mun:de:leipzig", "country:DE"),
]


@pytest.fixture
def path_store(store):
    store.upsert(NODES, EDGES)
    store.flush()
    return store


def test_shortest_path_through_a_conference(path_store):
    result = connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv")
    assert result.found
    assert [p.ids for p in result.paths] == [["mun:de:muenster", "conf:ua-2023", "mun:ua:kyiv"]]
    assert describe(result.paths[0]) == "Münster —attended→ German-Ukrainian conference 2023 ←attended— Kyiv"
    assert [e.type for e in result.paths[0].edges] == [ATTENDS, ATTENDS]
    assert set(result.subgraph.nodes) == {"mun:de:muenster", "conf:ua-2023", "mun:ua:kyiv"}
    assert len(result.subgraph.edges) == 2


def test_partnerships_only(path_store):
    result = connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv", rel_types=[PARTNER_OF])
    assert [p.ids for p in result.paths] == [
        ["mun:de:muenster", "mun:de:leipzig", "mun:pl:krakow", "mun:ua:kyiv"],
        ["mun:de:muenster", "mun:pl:lublin", "mun:ua:lviv", "mun:ua:kyiv"],
    ]
    assert [describe(p) for p in result.paths] == [
        "Münster —contact→ Leipzig —twin→ Kraków —twin→ Kyiv",
        "Münster —twin→ Lublin —solidarity→ Lviv —friendship→ Kyiv",
    ]
    assert len(result.subgraph.nodes) == 6 and len(result.subgraph.edges) == 6
    assert "2 shortest paths of 3 steps" in result.summary()
    assert [p.ids for p in connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv",
                                            rel_types=[PARTNER_OF], limit=1).paths] == [result.paths[0].ids]


def test_organisation_path_and_country_links_left_out(path_store):
    result = connection_paths(path_store, "mun:de:bonn", "mun:de:muenster")
    assert describe(result.paths[0]) == "Bonn —member of→ Deutscher Städtetag ←member of— Münster"
    # Bonn and Leipzig share only their country, which is not a connection by default
    assert not connection_paths(path_store, "mun:de:bonn", "mun:de:leipzig", max_depth=2).found
    via_country = connection_paths(path_store, "mun:de:bonn", "mun:de:leipzig", rel_types=[IN_COUNTRY])
    assert describe(via_country.paths[0]) == "Bonn —in→ Germany ←in— Leipzig"


def test_no_path_and_bad_input(path_store):
    result = connection_paths(path_store, "mun:de:muenster", "mun:ru:ryazan")
    assert not result.found and result.paths == []
    assert "no connection between Münster and Ryazan" in result.summary()
    assert set(result.subgraph.nodes) == {"mun:de:muenster", "mun:ru:ryazan"}
    with pytest.raises(NotFound, match="mun:xx:nowhere"):
        connection_paths(path_store, "mun:de:muenster", "mun:xx:nowhere")
    with pytest.raises(ValueError, match="KNOWS"):
        connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv", rel_types=["KNOWS"])


def test_max_depth_limits_the_search(path_store):
    assert not connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv", rel_types=[PARTNER_OF],
                                max_depth=2).found


def test_real_muenster_to_kyiv(real_embedded):
    muenster = search(real_embedded, "Münster", labels=[MUNICIPALITY], limit=1)[0]
    kyiv = search(real_embedded, "Kyiv", labels=[MUNICIPALITY], limit=1)[0]
    result = connection_paths(real_embedded, muenster.id, kyiv.id)
    assert result.found
    for path in result.paths:
        assert path.ids[0] == muenster.id and path.ids[-1] == kyiv.id
        assert len(path.edges) == len(path.nodes) - 1
        assert describe(path).startswith(muenster.name) and describe(path).endswith("Kyiv")


def test_paths_are_described_in_german(path_store):
    from graph import i18n

    result = connection_paths(path_store, "mun:de:muenster", "mun:ua:kyiv", rel_types=[PARTNER_OF])
    with i18n.using("de"):
        assert result.summary() == "2 kürzeste Wege mit 3 Schritten zwischen Münster und Kyiv"
        assert describe(result.paths[0]) == "Münster —Städtekontakt→ Leipzig —Städtepartnerschaft→ Kraków —Städtepartnerschaft→ Kyiv"
