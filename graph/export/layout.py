"""One layout for every static picture of a subgraph, the same on every run (fixed seed)."""

from __future__ import annotations

import networkx as nx

from graph.store.base import Subgraph

LAYOUT_SEED = 7
# Force layouts cost O(n²) per step; beyond this the picture is unreadable anyway.
MAX_LAYOUT_NODES = 3000


def positions(sub: Subgraph, node_ids=None) -> dict[str, tuple[float, float]]:
    """Node id -> (x, y) from a spring layout (networkx ``spring_layout``) with a fixed seed.

    Parameters
    ----------
    sub : Subgraph
        The nodes and the relationships that pull them together.
    node_ids : iterable of str, optional
        The nodes to place (default: all of ``sub``); relationships to other nodes are ignored.

    Returns
    -------
    dict of str to (float, float)
        Positions in about [-1, 1]; one node sits at (0, 0); {} when there are none or more than
        ``MAX_LAYOUT_NODES`` (3000).
    """
    ids = sorted(node_ids if node_ids is not None else sub.nodes)
    if not ids or len(ids) > MAX_LAYOUT_NODES:
        return {}
    inside = set(ids)
    graph = nx.Graph()
    graph.add_nodes_from(ids)
    graph.add_edges_from(sorted((e.source, e.target) for e in sub.edges if e.source in inside and e.target in inside))
    if len(ids) == 1:
        return {ids[0]: (0.0, 0.0)}
    k = 1.6 / max(len(ids), 1) ** 0.5  # a little looser than networkx's default: room for labels
    pos = nx.spring_layout(graph, seed=LAYOUT_SEED, k=k, iterations=80)
    return {node: (float(x), float(y)) for node, (x, y) in pos.items()}
