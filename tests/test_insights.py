"""Network measures on a selection: hubs, brokers, communities, country pairs, network_between."""

import networkx as nx
import pytest

from graph.queries.insights import (
    brokers, communities, community_of, country_pair_counts, hubs, network_between, top_country_pairs,
)
from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node


def town(key, country):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {"name": key.title(), "country": country})


# two triangles of German and Polish towns joined through the German town "bridge"
NODES = [town(k, c) for k, c in [
    ("aa", "DE"), ("ab", "DE"), ("bridge", "DE"), ("pa", "PL"), ("pb", "PL"), ("pc", "PL"), ("fr", "FR"),
]]
EDGES = [
    Edge(PARTNER_OF, "mun:de:aa", "mun:de:ab"),
    Edge(PARTNER_OF, "mun:de:aa", "mun:de:bridge"),
    Edge(PARTNER_OF, "mun:de:ab", "mun:de:bridge"),
    Edge(PARTNER_OF, "mun:de:ab", "mun:de:bridge", {"kind": "friendship"}),  # a second link counts once
    Edge(PARTNER_OF, "mun:de:bridge", "mun:pl:pa"),
    Edge(PARTNER_OF, "mun:pl:pa", "mun:pl:pb"),
    Edge(PARTNER_OF, "mun:pl:pa", "mun:pl:pc"),
    Edge(PARTNER_OF, "mun:pl:pb", "mun:pl:pc"),
    Edge(PARTNER_OF, "mun:de:aa", "mun:fr:fr"),
    Edge(PARTNER_OF, "mun:pl:pb", "mun:de:ab"),
]


@pytest.fixture
def net_store(store):
    store.upsert(NODES, EDGES)
    store.flush()
    return store


def test_network_between_keeps_only_cross_partnerships(net_store):
    sub = network_between(net_store, ["DE"], ["PL"])
    assert set(sub.nodes) == {"mun:de:bridge", "mun:pl:pa", "mun:de:ab", "mun:pl:pb"}
    assert sorted((e.source, e.target) for e in sub.edges) == [
        ("mun:de:ab", "mun:pl:pb"), ("mun:de:bridge", "mun:pl:pa")]
    within = network_between(net_store, ["de"], ["pl"], within=True)
    assert set(within.nodes) == set(sub.nodes)
    assert len(within.edges) == 5  # plus ab–bridge (twice: two kinds) and pa–pb
    domestic = network_between(net_store, ["PL"], ["PL"])
    assert set(domestic.nodes) == {"mun:pl:pa", "mun:pl:pb", "mun:pl:pc"}


def test_hubs_and_brokers(net_store):
    sub = net_store.subgraph([n.id for n in NODES])
    top = hubs(sub, 3)
    degrees = {h["id"]: h["degree"] for h in hubs(sub, 10)}
    assert degrees == {"mun:de:aa": 3, "mun:de:ab": 3, "mun:de:bridge": 3, "mun:pl:pa": 3, "mun:pl:pb": 3,
                       "mun:pl:pc": 2, "mun:fr:fr": 1}
    assert [h["id"] for h in top] == ["mun:de:aa", "mun:de:ab", "mun:de:bridge"]  # ties by id
    found = brokers(sub, 10)
    # the same measure on the plain graph: parallel relationships count once, zero scores are left out
    expected = nx.betweenness_centrality(nx.Graph([(e.source, e.target) for e in EDGES]))
    assert {b["id"]: b["betweenness"] for b in found} == {
        n: pytest.approx(v, abs=1e-6) for n, v in expected.items() if v > 0}
    assert "mun:fr:fr" not in {b["id"] for b in found} and "mun:pl:pc" not in {b["id"] for b in found}
    assert all(not b["sampled"] for b in found)


def test_brokers_on_a_path_graph_are_exact():
    g = nx.path_graph(["a", "b", "c", "d", "e"])
    assert [(b["id"], b["betweenness"]) for b in brokers(g, 2)] == [("c", round(4 / 6, 6)), ("b", 0.5)]


def test_communities_split_the_two_triangles(net_store):
    sub = net_store.subgraph([n.id for n in NODES if n.id != "mun:fr:fr"])
    rows = communities(sub)
    groups = sorted(tuple(r["members"]) for r in rows)
    assert groups == [("mun:de:aa", "mun:de:ab", "mun:de:bridge"), ("mun:pl:pa", "mun:pl:pb", "mun:pl:pc")]
    assert {r["countries"][0] for r in rows} == {"DE", "PL"}
    assert communities(sub) == rows  # fixed seed: same answer every time
    assert set(community_of(rows)) == set(sub.nodes)


def test_country_pair_counts(net_store):
    matrix = country_pair_counts(net_store)
    assert matrix.loc["DE", "PL"] == matrix.loc["PL", "DE"] == 2
    assert matrix.loc["DE", "DE"] == 4 and matrix.loc["PL", "PL"] == 3
    assert matrix.loc["DE", "FR"] == 1 and matrix.loc["FR", "PL"] == 0
    assert top_country_pairs(matrix, 2).values.tolist() == [["DE", "DE", 4], ["PL", "PL", 3]]
    # the cache follows the store's content
    net_store.upsert([town("pd", "PL")], [Edge(PARTNER_OF, "mun:de:aa", "mun:pl:pd")])
    assert country_pair_counts(net_store).loc["DE", "PL"] == 3
    sub = network_between(net_store, ["DE"], ["PL"])
    assert country_pair_counts(sub).to_dict() == {"DE": {"DE": 0, "PL": 3}, "PL": {"DE": 3, "PL": 0}}
    # also a change that leaves every count of nodes and relationships as it was
    net_store.upsert([Node(MUNICIPALITY, "mun:pl:pd", {"name": "Pd", "country": "FR"})])
    assert country_pair_counts(net_store).loc["DE", "PL"] == 2


def test_real_german_polish_network(real_embedded):
    sub = network_between(real_embedded, ["DE"], ["PL"])
    assert len(sub.edges) > 100
    assert {n.get("country") for n in sub.nodes.values()} == {"DE", "PL"}
    top = hubs(sub, 5)
    assert len(top) == 5 and top[0]["degree"] >= top[-1]["degree"]
    assert brokers(sub, 5)
    assert country_pair_counts(real_embedded).loc["DE", "PL"] == len(sub.edges)


def test_the_note_under_a_large_network_between_two_countries_reads_in_german(net_store):
    """The note under Insights → Network (Germany–Poland) is one German sentence: the rule names the
    countries in German, the small groups left out are counted with German plurals."""
    from graph.export.netlayout import without_pairs
    from graph.export.network_page import network_html
    from graph.i18n import using

    with using("de"):
        sub = network_between(net_store, ["DE"], ["PL"], within=True)
        assert sub.rule == ("Kommunen aus Deutschland und Polen mit einer Partnerschaft zwischen beiden, dazu ihre "
                            "Partnerschaften untereinander")
        for i in range(3):  # one more small group beside the network drawn
            sub.nodes[f"x{i}"] = town(f"x{i}", "DE")
        sub.edges = sub.edges + [Edge(PARTNER_OF, "x0", "x1"), Edge(PARTNER_OF, "x1", "x2")]
        drawn = without_pairs(sub, cap=3)
        page = network_html(drawn)
    assert "3 Orte, nur mit einem oder zwei anderen verbunden" in page and "1 kleine Gruppe (" in page
    assert "4 von 7 passenden Knoten (Kommunen aus Deutschland und Polen" in page
    for english in ("small group", "municipalities of", "with a partnership", "not drawn", "places linked"):
        assert english not in page
