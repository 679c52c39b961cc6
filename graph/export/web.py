"""JSON (networkx node-link) and the standalone interactive HTML network.

The JSON is what ``networkx.node_link_data(G, edges="edges")`` writes, so
``networkx.node_link_graph(data, edges="edges")`` reads it back; each node carries ``label`` (its
type), ``name`` and ``props`` (every property, lists as lists), each edge ``type``, ``key`` and
``props``. Node and edge order is sorted, so the same subgraph always gives the same bytes.
"""

from __future__ import annotations

import json
from typing import Any

import networkx as nx

from graph.errors import ValidationError
from graph.model import Edge, Node
from graph.store.base import Subgraph
from graph.export.network_page import network_html
from graph.export.common import ExportContext

JSON_FORMAT_VERSION = 1


def node_link(sub: Subgraph, context: ExportContext | None = None) -> dict[str, Any]:
    """The subgraph as networkx node-link data with partnernet's metadata.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        Gives the title, selection and creation time of the metadata.

    Returns
    -------
    dict
        ``graph`` (format, version, title, selection, created, rule, total_nodes, truncated), ``nodes``
        and ``edges`` (stored direction kept), sorted by id; ready for ``json.dumps``.
    """
    graph = nx.MultiGraph()
    context = context or ExportContext()
    graph.graph.update({
        "format": "partnernet-node-link", "version": JSON_FORMAT_VERSION, "title": context.title,
        "selection": context.selection or sub.rule, "created": context.created.isoformat(timespec="seconds"),
        "rule": sub.rule, "total_nodes": max(sub.total_nodes, len(sub.nodes)), "truncated": sub.truncated,
    })
    for node in sorted(sub.nodes.values(), key=lambda n: n.id):
        graph.add_node(node.id, label=node.label, name=node.name, props=dict(node.props))
    for edge in sorted(sub.edges, key=lambda e: e.identity):
        graph.add_edge(edge.source, edge.target, key=edge.key, type=edge.type, props=dict(edge.props))
    data = nx.node_link_data(graph, edges="edges")
    # an undirected multigraph may list an edge from either end; keep the stored direction
    data["edges"] = [
        {"source": e.source, "target": e.target, "key": e.key, "type": e.type, "props": dict(e.props)}
        for e in sorted(sub.edges, key=lambda e: e.identity)
    ]
    return data


def to_json(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The subgraph as a JSON node-link file (UTF-8 bytes), read back by :func:`read_json`.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        As for :func:`node_link`.

    Returns
    -------
    bytes

    Examples
    --------
    >>> sub2 = read_json(to_json(sub))  # doctest: +SKIP
    >>> sorted(sub2.nodes) == sorted(sub.nodes)  # doctest: +SKIP
    True
    """
    return json.dumps(node_link(sub, context), ensure_ascii=False, indent=1, sort_keys=False).encode("utf-8")


def read_json(data: bytes | str) -> Subgraph:
    """Records from a node-link file written by :func:`to_json`; a clear error names what is wrong.

    Parameters
    ----------
    data : bytes or str
        The file's content; node-link data with ``links`` instead of ``edges`` is read as well.

    Returns
    -------
    Subgraph
        With the ``total_nodes`` and ``rule`` the file records.

    Raises
    ------
    ValidationError
        The data is not JSON, not a node-link object with a ``nodes`` list, or holds an invalid record.
    """
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ValidationError(f"not a JSON node-link file: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise ValidationError("not a JSON node-link file: expected an object with a 'nodes' list")
    graph = nx.node_link_graph(doc, edges="edges" if "edges" in doc else "links", multigraph=True)
    nodes = {}
    for node_id, attrs in graph.nodes(data=True):
        props = dict(attrs.get("props") or {})
        props.setdefault("name", attrs.get("name"))
        nodes[str(node_id)] = Node(attrs.get("label"), str(node_id), props)
    edges = [Edge(e["type"], e["source"], e["target"], dict(e.get("props") or {}))
             for e in doc.get("edges", doc.get("links", []))]
    meta = doc.get("graph") or {}
    return Subgraph(nodes, edges, int(meta.get("total_nodes") or len(nodes)), str(meta.get("rule") or ""))


def to_html(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The subgraph as a standalone interactive network page (vis-network inlined), UTF-8 bytes.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        Its title heads the page, its selection and creation time below it; ``highlight`` is ringed.

    Returns
    -------
    bytes
        The page of :func:`graph.export.network_page.network_html`, 80 % of the window high.
    """
    context = context or ExportContext()
    subtitle = " · ".join(p for p in (context.selection or sub.rule, context.created_text) if p)
    page = network_html(sub, height="80vh", highlight=context.highlight, title=context.title, subtitle=subtitle)
    return page.encode("utf-8")
