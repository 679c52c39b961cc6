"""The embedded store's fast paths give the rule's answers: partnerships between areas from its adjacency index,
and the smallest ids a walk keeps.

:func:`graph.store.area_reads.partnerships_between` states the rule over the primitives; the
embedded store answers from its index. Compared here on a generated network for every shape of
question: a Land into a country, a country into a continent, a city into a country, and an area into
itself, where a partnership has both ends in both areas and is given once, from its stored source.
"""

import pytest

from benchmarks.generate import network
from benchmarks.workload import questions
from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.queries.regional import resolve_area
from graph.store import area_reads
from graph.store.embedded import EmbeddedStore


@pytest.fixture(scope="module")
def generated():
    store = EmbeddedStore.memory()
    net = network("S", seed=13)
    store.upsert(net.nodes(), net.edges())
    return store, net


def _pairs(store, net):
    asked = questions(net, 30, 7)["partners_by_region"]
    towns = store.nodes(MUNICIPALITY)[:400:40]
    asked += [(t.id, "Deutschland") for t in towns] + [("Deutschland", "Deutschland"), ("Europa", "Europa"),
                                                      ("Frankreich", "Europa"), (towns[0].id, towns[0].id)]
    asked += [(a, a) for a, _ in asked[:10]]  # an area into itself
    return asked


def test_the_index_gives_the_rules_rows_in_the_rules_order(generated):
    store, net = generated
    both_ways = kept = 0
    for origin, target in _pairs(store, net):
        a, b = resolve_area(store, origin), resolve_area(store, target)
        fast = store.partnerships_between(a, b)
        rule = area_reads.partnerships_between(store, a, b)
        assert [(n.id, e.identity, p.id) for n, e, p in fast] == [(n.id, e.identity, p.id) for n, e, p in rule], \
            (origin, target)
        assert all(e is r for (_, e, _), (_, r, _) in zip(fast, rule))  # the stored records themselves
        kept += len(fast)
        both_ways += sum(1 for n, e, p in fast if a.contains(p) and b.contains(n))
    assert kept > 1_000 and both_ways > 100  # the questions held rows, and rows with both ends in both areas


def test_a_partnership_of_two_kinds_is_two_rows_in_the_order_of_the_edges_identities():
    store = EmbeddedStore.memory()
    towns = [Node(MUNICIPALITY, f"mun:{c.lower()}:{k}", {"name": k, "country": c})
             for c, k in (("DE", "jena"), ("PL", "opole"), ("PL", "lodz"))]
    store.upsert(towns, [Edge(PARTNER_OF, "mun:de:jena", "mun:pl:opole", {"kind": "twin"}),
                         Edge(PARTNER_OF, "mun:de:jena", "mun:pl:opole", {"kind": "climate"}),
                         Edge(PARTNER_OF, "mun:pl:lodz", "mun:de:jena", {"kind": "friendship"})])
    de, pl = resolve_area(store, "DE"), resolve_area(store, "PL")
    rows = store.partnerships_between(de, pl)
    assert [(n.id, e.props["kind"], p.id) for n, e, p in rows] == [
        ("mun:de:jena", "friendship", "mun:pl:lodz"), ("mun:de:jena", "climate", "mun:pl:opole"),
        ("mun:de:jena", "twin", "mun:pl:opole")]
    assert rows == area_reads.partnerships_between(store, de, pl)
    assert store.partnerships_between(pl, de) == area_reads.partnerships_between(store, pl, de)


def test_the_walks_smallest_ids_are_the_first_of_the_sorted_ids_whichever_way_they_are_found():
    import random

    from graph.store.neighbourhood_rules import smallest

    rng = random.Random(3)
    for size, count in ((70_000, 19_850), (70_000, 200), (50, 50), (50, 60), (10, 0), (0, 5)):
        ids = [f"mun:gen:{rng.randrange(10 ** 6):06d}" for _ in range(size)]
        assert smallest(count, ids) == sorted(ids)[:max(count, 0)], (size, count)
