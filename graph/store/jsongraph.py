"""The embedded store's graph as one JSON document: the earlier file format, still read (and then
converted, see graph.store.graphfile), and the readable copy ``partnernet dump`` writes.

``{"format": "partnernet-graph", "version": 1, "nodes": [[label, id, props], ...],
"edges": [[type, source, target, props], ...]}``
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

from graph.model import Edge, Node
from graph.store.adjacency import Adjacency, Identity, key_type

FORMAT = "partnernet-graph"
VERSION = 1


class NotThisFormat(ValueError):
    """JSON, but not a partnernet graph of this version."""


def encode(nodes: Iterable[Node], edges: Mapping[Identity, dict]) -> bytes:
    """The graph as one JSON document (UTF-8); ``edges`` maps ``Edge.identity`` to properties.

    Examples
    --------
    >>> encode([Node.trusted("Country", "country:DE", {"name": "Germany"})], {})[:40]
    b'{"format":"partnernet-graph","version":1'
    """
    data = {
        "format": FORMAT, "version": VERSION,
        "nodes": [[n.label, n.id, n.props] for n in nodes],
        "edges": [[key_type(key), source, target, props] for (source, target, key), props in edges.items()],
    }
    # json.dumps uses the C encoder; json.dump writes through the slow Python one
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def decode(raw: bytes) -> tuple[dict[str, Node], dict[Identity, dict], Adjacency]:
    """Nodes by id, edge identity -> properties, and the adjacency index of a JSON graph file's bytes.

    Raises
    ------
    NotThisFormat
        JSON of another kind (the message says what it holds) or another version.
    ValueError, TypeError, KeyError, AttributeError, RecursionError
        Not JSON, or a record of the wrong shape (a damaged or hand-edited file).
    """
    data = json.loads(raw)
    if not isinstance(data, dict) or "format" not in data:
        raise NotThisFormat(f"it holds a JSON {type(data).__name__}, not a partnernet graph")
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise NotThisFormat(f"format {data.get('format')!r}, version {data.get('version')!r}")
    if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
        raise TypeError("'nodes' and 'edges' must be lists")
    trusted_node, trusted_edge, edge_key = Node.trusted, Edge.trusted, Edge.key.fget
    nodes = {}
    adjacency = Adjacency()
    for label, node_id, props in data["nodes"]:
        if not (isinstance(label, str) and isinstance(node_id, str) and isinstance(props, dict)):
            raise TypeError(f"node {node_id!r} is not [label, id, properties]")
        nodes[node_id] = trusted_node(label, node_id, props)
        adjacency.add_node(node_id)
    edges = {}
    for rel_type, source, target, props in data["edges"]:
        if not (isinstance(rel_type, str) and isinstance(props, dict) and source in nodes and target in nodes):
            raise ValueError(f"edge {[rel_type, source, target]!r} is not [type, source, target, properties] "
                             "between stored nodes")
        edge = trusted_edge(rel_type, source, target, props)
        identity = (source, target, edge_key(edge))
        if identity not in edges:
            adjacency.add_edge(*identity)
        edges[identity] = props
    return nodes, edges, adjacency
