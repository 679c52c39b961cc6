"""GraphML and GEXF for Gephi and other network tools, and reading them back.

Both formats hold only scalar attributes, so list properties (aliases, sources, languages) are
written as "; "-joined text and split again on reading (common.join_list / split_list). Node
attributes: ``label`` is the name (what Gephi shows), ``category`` the node type; edges carry
``relationship`` (the type: GEXF reserves ``type`` for directed/undirected), ``from_id`` (so that
directed relationships such as ATTENDS keep their direction in an undirected file) and their
properties. The graph is undirected: partnerships, the bulk of every export, have no direction,
and Gephi's degree and layout should treat them so. GEXF nodes also carry colour, size and a
position so Gephi opens with the same picture partnernet draws.
"""

from __future__ import annotations

import io
import math
from typing import Any

import networkx as nx

from graph.errors import ValidationError
from graph.model import LIST_MERGE_PROPERTIES, Edge, Node
from graph.store.base import Subgraph
from graph.export.common import ExportContext, join_list, split_list, xml_text
from graph.export.layout import positions
from graph.export.node_tables import degrees

_NODE_RESERVED = {"label", "category"}
_WHOLE_NUMBER_PROPERTIES = ("population", "edition", "since", "until")
GEXF_LAYOUT_NODES = 500


def _value(key: str, value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return xml_text(join_list(value))
    if isinstance(value, str):
        return xml_text(value)
    return value


def to_networkx(sub: Subgraph, context: ExportContext | None = None, *, viz: bool = False) -> nx.MultiGraph:
    """The subgraph as the undirected multigraph both file formats are written from.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        Its title becomes the graph's ``name``.
    viz : bool, optional
        Add GEXF ``viz`` data to each node: colour by label, size by relationships shown and, up to
        ``GEXF_LAYOUT_NODES`` (500) nodes, a position from the fixed-seed layout (±1000 units).

    Returns
    -------
    networkx.MultiGraph
        Nodes by id with ``label`` (name), ``category`` (label) and their properties; one edge per
        relationship keyed by its key, with ``relationship``, ``from_id`` and its properties. List
        properties are "; "-joined text.
    """
    graph = nx.MultiGraph()
    if context is not None:
        graph.graph["name"] = xml_text(context.title)
    if viz:
        from graph.export.visual import LABEL_COLOURS, node_size

        # beyond a few hundred nodes the layout takes minutes; Gephi lays such graphs out itself
        pos = positions(sub) if len(sub.nodes) <= GEXF_LAYOUT_NODES else {}
        degree = degrees(sub)
    for node in sorted(sub.nodes.values(), key=lambda n: n.id):
        attrs = {"label": xml_text(node.name), "category": node.label}
        attrs.update({key: _value(key, value) for key, value in node.props.items() if key not in _NODE_RESERVED})
        if viz:
            r, g, b = (int(LABEL_COLOURS[node.label][i:i + 2], 16) for i in (1, 3, 5))
            attrs["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}, "size": float(node_size(degree[node.id]))}
            if node.id in pos:
                x, y = pos[node.id]
                attrs["viz"]["position"] = {"x": round(x * 1000, 2), "y": round(-y * 1000, 2), "z": 0.0}
        graph.add_node(node.id, **attrs)
    for edge in sorted(sub.edges, key=lambda e: e.identity):
        attrs = {"relationship": edge.type, "from_id": edge.source}
        attrs.update({key: _value(key, value) for key, value in edge.props.items()})
        graph.add_edge(edge.source, edge.target, key=edge.key, **attrs)
    return graph


def to_graphml(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The subgraph as GraphML bytes (UTF-8), for Gephi, yEd or networkx; list properties joined with ``;``.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        Its title names the graph.

    Returns
    -------
    bytes
        A GraphML document that :func:`read_graphml` reads back.

    Examples
    --------
    >>> sub2 = read_graphml(to_graphml(sub))  # doctest: +SKIP
    >>> sorted(sub2.nodes) == sorted(sub.nodes)  # doctest: +SKIP
    True
    """
    buffer = io.BytesIO()
    nx.write_graphml(to_networkx(sub, context), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def to_gexf(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The subgraph as GEXF 1.2 bytes (UTF-8) with colours, sizes and (small graphs) positions for Gephi.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        Its title names the graph.

    Returns
    -------
    bytes
        A GEXF document whose edges are labelled by kind, role or relationship; :func:`read_gexf` reads it back.
    """
    graph = to_networkx(sub, context, viz=True)
    for _, _, data in graph.edges(data=True):
        # GEXF's edge label is what Gephi can show on an edge
        data["label"] = data.get("kind") or data.get("role") or data["relationship"].lower()
    buffer = io.BytesIO()
    nx.write_gexf(graph, buffer, encoding="utf-8", prettyprint=True, version="1.2draft")
    return buffer.getvalue()


def from_networkx(graph: nx.Graph) -> Subgraph:
    """Records from a graph written by :func:`to_networkx` (as read back by networkx from GraphML or GEXF).

    Parameters
    ----------
    graph : networkx.Graph
        Nodes need ``category``, edges ``relationship``; ``from_id`` restores an edge's direction.

    Returns
    -------
    Subgraph
        Nodes and edges with list properties split again and whole-number properties as int; no rule.

    Raises
    ------
    ValidationError
        A node or relationship does not fit the model: no ``category`` or ``relationship``, a year,
        edition or population that is not a whole number, an unknown label or property, an empty
        name. The message names the node (by id) or relationship (by its ends) and the field.
    """
    nodes: dict[str, Node] = {}
    for node_id, data in graph.nodes(data=True):
        what = f"node {str(node_id)!r}"
        if data.get("category") in (None, ""):
            raise ValidationError(f"{what}: no 'category' (its node type)")
        props = {key: _read_value(what, key, value) for key, value in data.items()
                 if key not in ("label", "category", "viz", "id")}
        props["name"] = data.get("label", node_id)
        nodes[str(node_id)] = _checked(what, Node, data["category"], str(node_id), props)
    edges: list[Edge] = []
    for u, v, data in graph.edges(data=True):
        data = dict(data)
        rel = data.pop("relationship", None)
        start = data.pop("from_id", None) or str(u)
        end = str(v) if start == str(u) else str(u)
        what = f"relationship {start!r} -> {end!r}"
        if rel in (None, ""):
            raise ValidationError(f"{what}: no 'relationship' (its type)")
        for ignored in ("label", "id", "weight", "networkx_key", "key"):
            data.pop(ignored, None)
        props = {key: _read_value(what, key, value) for key, value in data.items()}
        edges.append(_checked(what, Edge, rel, start, end, props))
    return Subgraph(nodes, edges, graph.graph.get("total_nodes", len(nodes)) or len(nodes), "")


def _checked(what: str, record: type, *args: Any) -> Any:
    """``record(*args)``, its ValidationError naming ``what`` when the message does not already."""
    try:
        return record(*args)
    except ValidationError as exc:
        raise ValidationError(str(exc) if what.split(" ", 1)[1] in str(exc) else f"{what}: {exc}") from None


def _read_value(what: str, key: str, value: Any) -> Any:
    if key in LIST_MERGE_PROPERTIES:
        return split_list(value) if isinstance(value, str) else value
    if key in _WHOLE_NUMBER_PROPERTIES and isinstance(value, (float, str)):
        # GEXF's reader widens whole numbers in some tools; the model wants int
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not number.is_integer():
            raise ValidationError(f"{what}: property {key!r} must be a whole number, got {value!r}")
        return int(number)
    return value


def read_graphml(data: bytes) -> Subgraph:
    """Records from GraphML bytes written by :func:`to_graphml`.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    Subgraph

    Raises
    ------
    ValidationError
        As for :func:`from_networkx`.
    """
    return from_networkx(nx.read_graphml(io.BytesIO(data), force_multigraph=True))


def read_gexf(data: bytes) -> Subgraph:
    """Records from GEXF bytes written by :func:`to_gexf`.

    Parameters
    ----------
    data : bytes

    Returns
    -------
    Subgraph

    Raises
    ------
    ValidationError
        As for :func:`from_networkx`.
    """
    return from_networkx(nx.read_gexf(io.BytesIO(data), version="1.2draft"))


__all__ = ["to_graphml", "to_gexf", "read_graphml", "read_gexf", "to_networkx", "from_networkx"]
