"""A neighbourhood too large for the server's transaction memory is still answered, the same way."""

from __future__ import annotations

import logging
import shutil

import pytest

from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.store.embedded import EmbeddedStore

pytestmark = pytest.mark.neo4j


def _star_of_stars(hubs=20, spokes=1500):
    """A centre partnered with ``hubs`` hubs, each with ``spokes`` partners of its own."""
    nodes = [Node(MUNICIPALITY, "mun:de:centre", {"name": "Centre", "country": "DE"})]
    edges = []
    for h in range(hubs):
        hub = f"mun:pl:hub-{h}"
        nodes.append(Node(MUNICIPALITY, hub, {"name": f"Hub {h}", "country": "PL"}))
        edges.append(Edge(PARTNER_OF, "mun:de:centre", hub, {"kind": "twin"}))
        for s in range(spokes):
            spoke = f"mun:ua:spoke-{h}-{s}"
            nodes.append(Node(MUNICIPALITY, spoke, {"name": f"Spoke {h} {s}", "country": "UA"}))
            edges.append(Edge(PARTNER_OF, hub, spoke, {"kind": "twin"}))
    return nodes, edges


@pytest.fixture(scope="module")
def tight_memory(neo4j_server, tmp_path_factory):
    """A second local server that allows all transactions together only 10 MiB (NEO4J_TX_MEMORY, its least)."""
    import neo4j

    from graph.store.neo4j import Neo4jStore
    from neo4j_support import LocalServer, _free_port

    if neo4j_server.local is None:
        pytest.skip("needs the project's local Neo4j launcher (NEO4J_URI points at another server)")
    home = tmp_path_factory.mktemp("neo4j-tight")
    server = LocalServer(port=_free_port(), home=home, env={"NEO4J_TX_MEMORY": "10m"})
    server.start()
    driver = neo4j.GraphDatabase.driver(server.uri, auth=("neo4j", server.password))
    try:
        yield Neo4jStore(driver, None, uri=server.uri, user="neo4j")
    finally:
        driver.close()
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


def test_a_neighbourhood_beyond_the_transaction_memory_is_walked_in_steps_with_the_same_answer(tight_memory, caplog):
    nodes, edges = _star_of_stars()
    embedded = EmbeddedStore.memory()
    embedded.upsert(nodes, edges)
    for start in range(0, len(nodes), 2000):  # small writes fit the small memory
        tight_memory.upsert(nodes[start:start + 2000])
    for start in range(0, len(edges), 2000):
        tight_memory.upsert(edges=edges[start:start + 2000])
    with caplog.at_level(logging.WARNING):
        sub = tight_memory.neighbourhood("mun:de:centre", 2, max_nodes=50)
        again = tight_memory.neighbourhood("mun:de:centre", 2, max_nodes=50)
    expected = embedded.neighbourhood("mun:de:centre", 2, max_nodes=50)
    assert sub.total_nodes == expected.total_nodes == 1 + 20 + 20 * 1500
    assert list(sub.nodes) == list(expected.nodes) and list(again.nodes) == list(expected.nodes)
    assert [e.identity for e in sub.edges] == [e.identity for e in expected.edges]
    # the cap full at one hop: the ranked walk fits, and the count of the 30,021 nodes within two hops
    # is answered too, by the server or hop by hop
    small = tight_memory.neighbourhood("mun:de:centre", 2, max_nodes=10)
    expected_small = embedded.neighbourhood("mun:de:centre", 2, max_nodes=10)
    assert small.total_nodes == expected_small.total_nodes == 1 + 20 + 20 * 1500
    assert list(small.nodes) == list(expected_small.nodes) and small.rule == expected_small.rule
    said = [r.getMessage() for r in caplog.records if "walked hop by hop" in r.getMessage()]
    assert len(said) == 1 and "dbms.memory.transaction.total.max" in said[0]  # said once, with the fix
