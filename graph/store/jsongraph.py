"""The embedded store's graph as one JSON document: the earlier file format, still read (and then
converted, see graph.store.graphfile), and the readable copy ``partnernet dump`` writes.

``{"format": "partnernet-graph", "version": 1, "nodes": [[label, id, props], ...],
"edges": [[type, source, target, props], ...]}``
"""

from __future__ import annotations

import json
from typing import Iterable, Mapping

from graph.model import _DEFAULT_EDGE_PROPERTIES, EDGE_PROPERTIES, NODE_PROPERTIES, REL_TYPES, Edge, Node
from graph.store.adjacency import Adjacency, Identity, key_type

FORMAT = "partnernet-graph"
VERSION = 1


class NotThisFormat(ValueError):
    """JSON, but not a partnernet graph of this version."""


def encode(nodes: Iterable[Node], edges: Mapping[Identity, dict]) -> bytes:
    """The graph as one JSON document (UTF-8).

    Parameters
    ----------
    nodes : iterable of Node
    edges : mapping
        ``Edge.identity`` (source, target, key) -> the edge's properties.

    Returns
    -------
    bytes
        ``{"format": "partnernet-graph", "version": 1, "nodes": [[label, id, props], ...], "edges":
        [[type, source, target, props], ...]}``, compact, UTF-8.

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

    Parameters
    ----------
    raw : bytes
        The file's bytes.

    Returns
    -------
    (dict, dict, Adjacency)
        Node id -> Node; edge identity -> properties; the adjacency index.

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
        _check_types(f"node {node_id!r}", props, NODE_PROPERTIES.get(label), label)
        nodes[node_id] = trusted_node(label, node_id, props)
        adjacency.add_node(node_id)
    edges = {}
    for rel_type, source, target, props in data["edges"]:
        if not (isinstance(rel_type, str) and isinstance(props, dict) and source in nodes and target in nodes):
            raise ValueError(f"edge {[rel_type, source, target]!r} is not [type, source, target, properties] "
                             "between stored nodes")
        _check_types(f"edge {[rel_type, source, target]!r}", props,
                     EDGE_PROPERTIES.get(rel_type, _DEFAULT_EDGE_PROPERTIES) if rel_type in REL_TYPES else None, rel_type)
        edge = trusted_edge(rel_type, source, target, props)
        identity = (source, target, edge_key(edge))
        if identity not in edges:
            adjacency.add_edge(*identity)
        edges[identity] = props
    return nodes, edges, adjacency


def _check_types(owner: str, props: dict, allowed: dict | None, kind: str) -> None:
    """TypeError unless the record's label or type is one of the model's and each known property has
    its type (a name that is a number, aliases that are not a list: a hand-edited file)."""
    if allowed is None:
        raise TypeError(f"{owner} has the unknown label or type {kind!r}")
    for key, value in props.items():
        types = allowed.get(key)
        if types is not None and value is not None and not isinstance(value, types):
            raise TypeError(f"{owner}: property {key!r} is {value!r}")
