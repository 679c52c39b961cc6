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
        The data is not JSON, not a node-link object with a ``nodes`` list, or holds an invalid
        record: the message names the node (by id) or relationship (by its ends) and the field,
        e.g. a relationship without ``type`` or a year that is not a whole number.
    """
    try:
        doc = json.loads(data)
    except ValueError as exc:
        raise ValidationError(f"not a JSON node-link file: {exc}") from None
    if not isinstance(doc, dict) or not isinstance(doc.get("nodes"), list):
        raise ValidationError("not a JSON node-link file: expected an object with a 'nodes' list")
    links = "edges" if "edges" in doc else "links"
    if not isinstance(doc.get(links, []), list):
        raise ValidationError(f"not a JSON node-link file: {links!r} must be a list")
    nodes = {}
    for i, item in enumerate(doc["nodes"]):
        item = _record(item, f"node {_given(item, 'id') or i + 1}", ("id", "label"))
        node_id = str(item["id"])
        props = _props(item, f"node {node_id!r}")
        props.setdefault("name", item.get("name"))
        try:
            nodes[node_id] = Node(item["label"], node_id, props)
        except ValidationError as exc:
            raise ValidationError(str(exc) if repr(node_id) in str(exc) else f"node {node_id!r}: {exc}") from None
    edges = []
    for i, item in enumerate(doc.get(links, [])):
        ends = (_given(item, "source"), _given(item, "target"))
        what = f"relationship {i + 1}" + (f" ({ends[0]} -> {ends[1]})" if all(ends) else "")
        item = _record(item, what, ("source", "target", "type"))
        absent = [str(end) for end in (item["source"], item["target"]) if str(end) not in nodes]
        if absent:
            raise ValidationError(f"{what}: no node {' and no node '.join(map(repr, absent))} in 'nodes'")
        try:
            edges.append(Edge(item["type"], str(item["source"]), str(item["target"]), _props(item, what)))
        except ValidationError as exc:
            raise ValidationError(f"{what}: {exc}") from None
    meta = doc.get("graph") or {}
    if not isinstance(meta, dict):
        raise ValidationError(f"not a JSON node-link file: 'graph' must be an object, got {meta!r}")
    try:
        total = int(meta.get("total_nodes") or len(nodes))
    except (TypeError, ValueError):
        raise ValidationError(f"graph: 'total_nodes' must be a whole number, got {meta['total_nodes']!r}") from None
    return Subgraph(nodes, edges, total, str(meta.get("rule") or ""))


def _given(item: Any, key: str) -> str:
    """``repr`` of ``item[key]`` for messages; empty when there is none."""
    value = item.get(key) if isinstance(item, dict) else None
    return "" if value is None or value == "" else repr(value)


def _record(item: Any, what: str, required: tuple[str, ...]) -> dict:
    if not isinstance(item, dict):
        raise ValidationError(f"{what}: expected an object, got {item!r}")
    missing = [key for key in required if not _given(item, key)]
    if missing:
        raise ValidationError(f"{what}: no {' and no '.join(repr(key) for key in missing)}")
    return item


def _props(item: dict, what: str) -> dict:
    props = item.get("props") or {}
    if not isinstance(props, dict):
        raise ValidationError(f"{what}: 'props' must be an object, got {props!r}")
    return dict(props)


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
