"""Every domain query gives the same answer on the embedded store and on Neo4j (demo data)."""

import pytest

from graph.queries.conferences import attendees_without_partner_in, conference_network, conference_table, find_conferences
from graph.store.embedded import EmbeddedStore
from graph.queries.insights import brokers, country_pair_counts, hubs, network_between
from graph.model import MUNICIPALITY
from graph.queries.partners import find_one, partner_rows
from graph.queries.paths import connection_paths, describe
from graph.geo.countries import resolve_country
from graph.places.resolver import PlaceResolver
from graph.queries.quality import quality
from graph.queries.regional import coverage_gaps, existing_partnerships, partnership_matrix, resolve_area
from graph.queries.search import search
from graph.queries.suggest import suggest_partners, suggestions_table
from loaders.demo import load_demo

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def pair(neo4j_server, neo4j_driver):
    """Both stores loaded once for the module; the tests only read."""
    from graph.store.neo4j import Neo4jStore

    neo4j_store = Neo4jStore(neo4j_driver, neo4j_server.database, uri=neo4j_server.uri, user=neo4j_server.user)
    neo4j_store.clear()
    embedded = EmbeddedStore.memory()
    # and places GeoNames lacks, linked to their national registers
    resolver = PlaceResolver()
    registered = [resolver.place(*row) for row in (
        ("Beaupréau-en-Mauges", resolve_country("France"), 47.2028, -0.9933),
        ("Amblimont", resolve_country("France"), 49.6, 5.08), ("Weinstadt", resolve_country("Germany"), 48.81, 9.37))]
    for store in (embedded, neo4j_store):
        load_demo(store)
        for place in registered:
            store.upsert([place.node, *place.nodes], place.edges)
    yield embedded, neo4j_store
    neo4j_store.clear()


def both(pair, func):
    return func(pair[0]), func(pair[1])


def test_primitives_agree(pair):
    a, b = pair
    assert a.stats() == b.stats()
    for label in ("Municipality", "Organisation", "Conference", "Region", "Country"):
        assert a.nodes(label) == b.nodes(label)
    assert a.edges() == b.edges()


@pytest.mark.parametrize("text", ["Leipzig", "Kiew", "Krakau", "Köln", "SKEW", "Ukraine", "Afrika", "Leipzg"])
def test_search_agrees(pair, text):
    ours, theirs = both(pair, lambda s: [n.id for n in search(s, text, limit=10)])
    assert ours == theirs and ours


def test_partners_regions_and_suggestions_agree(pair):
    ours, theirs = both(pair, lambda s: partner_rows(s, find_one(s, "Leipzig").id))
    assert ours == theirs and any(r["partner"] == "Kyiv" for r in ours)

    def region(s):
        table = existing_partnerships(s, resolve_area(s, "Sachsen"), resolve_area(s, "Ukraine"))
        return table.to_dict("records"), partnership_matrix(table).to_dict()

    ours, theirs = both(pair, region)
    assert ours == theirs and ours[0]
    ours, theirs = both(pair, lambda s: coverage_gaps(s, "DE", resolve_area(s, "Ukraine")).to_dict("records"))
    assert ours == theirs

    def suggestions(s):
        found = suggest_partners(s, find_one(s, "Gießen").id, resolve_area(s, "Afrika"), limit=10)
        return suggestions_table(found).to_dict("records")

    ours, theirs = both(pair, suggestions)
    assert ours == theirs


def test_paths_conferences_and_insights_agree(pair):
    def paths(s):
        result = connection_paths(s, find_one(s, "Münster").id, find_one(s, "Kyiv").id)
        return [describe(p) for p in result.paths]

    ours, theirs = both(pair, paths)
    assert ours == theirs and ours
    ours, theirs = both(pair, lambda s: conference_table(s).to_dict("records"))
    assert ours == theirs and len(ours) == 20

    def conference(s):
        ids = find_conferences(s, "German-Ukrainian")
        sub = conference_network(s, ids[0])
        return sorted(sub.nodes), attendees_without_partner_in(s, ids, "UA").to_dict("records")

    ours, theirs = both(pair, conference)
    assert ours == theirs
    ours, theirs = both(pair, lambda s: country_pair_counts(s).to_dict())
    assert ours == theirs

    def network(s):
        sub = network_between(s, ["DE"], ["PL", "UA"])
        return hubs(sub), brokers(sub)

    ours, theirs = both(pair, network)
    assert ours == theirs


def test_neighbourhood_with_cap_agrees(pair):
    def hood(s):
        sub = s.neighbourhood(find_one(s, "Leipzig", labels=(MUNICIPALITY,)).id, depth=2, max_nodes=15)
        return sorted(sub.nodes), sorted(e.identity for e in sub.edges), sub.total_nodes, sub.rule

    ours, theirs = both(pair, hood)
    assert ours == theirs


def test_quality_and_merges_agree(pair):
    a, b = both(pair, quality)
    assert a.to_dict() == b.to_dict()
    assert a.registers == {"INSEE": 2, "postal": 1}
    assert a.rules and sum(a.rules.values()) >= a.municipalities - len(a.merges)
