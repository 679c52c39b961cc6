"""Reading a graph file builds the adjacency index the store would have built edge by edge.

``graph.store.arrowgraph.decode`` sorts each relationship's two halves by node and key with numpy
instead of adding one edge at a time; here its index, degrees and edges are compared with
``Adjacency.add_edge`` over the same relationships in the file's order, on graphs with what a
plain loop handles without thinking: a pair linked both ways under one key, self-loops, several keys
between one pair, nodes without relationships, and relationships with and without properties.
"""

import random

import pytest

from graph.model import Node
from graph.store.adjacency import IN, OUT, Adjacency
from graph.store.arrowgraph import decode, encode

KEYS = ("PARTNER_OF:twin", "PARTNER_OF:friendship", "IN_COUNTRY", "MEMBER_OF", "ATTENDS")


def _graph(seed: int, n_nodes: int, n_edges: int):
    rng = random.Random(seed)
    nodes = [Node.trusted("Municipality", f"mun:x:{i:04d}", {"name": f"Ort {i}"}) for i in range(n_nodes)]
    edges = {}
    props = [{}, {"since": 1990}, {"since": 1990}, {"source": "twin_cities.csv", "kind": "twin"}]
    while len(edges) < n_edges:
        u, v = rng.randrange(n_nodes), rng.randrange(n_nodes)
        if rng.random() < 0.02:
            v = u  # a self-loop
        key = rng.choice(KEYS)
        edges[(nodes[u].id, nodes[v].id, key)] = dict(rng.choice(props))
        if rng.random() < 0.2:  # the same pair the other way, under the same key
            edges[(nodes[v].id, nodes[u].id, key)] = {}
    return nodes, edges


def _one_by_one(nodes, edge_order) -> Adjacency:
    adjacency = Adjacency()
    for node in nodes:
        adjacency.add_node(node.id)
    for source, target, key in edge_order:
        adjacency.add_edge(source, target, key)
    return adjacency


@pytest.mark.parametrize("seed, n_nodes, n_edges", [(1, 30, 200), (2, 500, 3_000), (3, 5, 40), (4, 50, 0)])
def test_the_index_read_from_a_file_is_the_index_built_edge_by_edge(seed, n_nodes, n_edges):
    nodes, edges = _graph(seed, n_nodes, n_edges)
    read_nodes, read_edges, index = decode(encode(nodes, edges))
    assert read_nodes == {n.id: n for n in nodes}
    assert read_edges == edges
    expected = _one_by_one(nodes, list(read_edges))  # the file's order of relationships
    assert index.near == expected.near and index.degree == expected.degree
    for node_id, by_key in expected.near.items():  # and each key and neighbour list in that order
        assert list(index.near[node_id]) == list(by_key), node_id
        for key, linked in by_key.items():
            assert list(index.near[node_id][key]) == list(linked), (node_id, key)
    both = [(u, v, k) for (u, v, k) in edges if u != v and (v, u, k) in edges]
    loops = [(u, k) for (u, v, k) in edges if u == v]
    if n_edges:
        assert both and index.near[both[0][0]][both[0][2]][both[0][1]] == OUT | IN
    if loops:
        assert index.near[loops[0][0]][loops[0][1]][loops[0][0]] == OUT | IN


def test_relationships_without_properties_read_as_empty_and_equal_ones_shared():
    nodes, edges = _graph(5, 40, 300)
    _, read_edges, _ = decode(encode(nodes, edges))
    empty = [p for p in read_edges.values() if not p]
    dated = [p for p in read_edges.values() if p == {"since": 1990}]
    assert empty and dated and all(p is dated[0] for p in dated)
