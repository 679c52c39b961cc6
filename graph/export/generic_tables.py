"""Generic tables for researchers: every property of every node and relationship, with Gephi's
column names (``Id``, ``Label``, ``Source``, ``Target``, ``Type``), so the CSV files open in Gephi's
data laboratory as they are.
"""

from __future__ import annotations

from typing import Any

from graph.model import NODE_LABELS, NODE_PROPERTIES, PARTNER_OF
from graph.store.base import Subgraph
from graph.export.node_tables import degrees, node_name


def node_property_names(sub: Subgraph) -> list[str]:
    """Property columns in the model's order, only those some node has.

    Parameters
    ----------
    sub : Subgraph
        The nodes shown.

    Returns
    -------
    list of str
        Property names (never ``name``, which is the ``Label`` column) in the order of
        ``graph.model.NODE_PROPERTIES``, label by label; names the model does not know last, sorted.
    """
    present = {key for node in sub.nodes.values() for key in node.props}
    ordered: dict[str, None] = {}
    for label in NODE_LABELS:
        for key in NODE_PROPERTIES[label]:
            if key in present and key != "name":
                ordered.setdefault(key, None)
    ordered.update({key: None for key in sorted(present - set(ordered) - {"name"})})
    return list(ordered)


def node_columns(sub: Subgraph) -> list[str]:
    """The columns of :func:`generic_node_rows`, in order, also when there is no node.

    Parameters
    ----------
    sub : Subgraph
        The nodes shown.

    Returns
    -------
    list of str
        ``Id``, ``Label``, ``category``, ``degree``, then :func:`node_property_names`.
    """
    return ["Id", "Label", "category", "degree", *node_property_names(sub)]


def generic_node_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per node for Gephi-style tables, by id.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown.

    Returns
    -------
    list of dict
        Keys ``Id``, ``Label`` (the name), ``category`` (the node label), ``degree`` (relationships
        shown) and one key per name of :func:`node_property_names`, None where a node lacks it.
    """
    keys = node_property_names(sub)
    deg = degrees(sub)
    rows = []
    for node in sorted(sub.nodes.values(), key=lambda n: n.id):
        row = {"Id": node.id, "Label": node.name, "category": node.label, "degree": deg[node.id]}
        row.update({key: node.props.get(key) for key in keys})
        rows.append(row)
    return rows


def _edge_property_names(sub: Subgraph) -> list[str]:
    return sorted({key for e in sub.edges for key in e.props})


def edge_columns(sub: Subgraph) -> list[str]:
    """The columns of :func:`generic_edge_rows`, in order, also when there is no relationship.

    Parameters
    ----------
    sub : Subgraph
        The relationships shown.

    Returns
    -------
    list of str
        ``Source``, ``Target``, ``Type``, ``relationship``, ``source_name``, ``target_name``, then
        every property name some relationship has, sorted.
    """
    return ["Source", "Target", "Type", "relationship", "source_name", "target_name", *_edge_property_names(sub)]


def generic_edge_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per relationship for Gephi-style tables, in a stable order (by identity).

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown.

    Returns
    -------
    list of dict
        Keys ``Source`` and ``Target`` (ids), ``Type`` ("Undirected" for partnerships, else
        "Directed"), ``relationship`` (the type), ``source_name``, ``target_name`` and one key per
        property any relationship has, sorted, None where one lacks it.
    """
    keys = _edge_property_names(sub)
    rows = []
    for e in sorted(sub.edges, key=lambda e: e.identity):
        rows.append({
            "Source": e.source, "Target": e.target,
            "Type": "Undirected" if e.type == PARTNER_OF else "Directed",
            "relationship": e.type, "source_name": node_name(sub, e.source), "target_name": node_name(sub, e.target),
            **{key: e.props.get(key) for key in keys},
        })
    return rows
