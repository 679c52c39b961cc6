"""The relationship tables of an export, as plain rows: partnerships, other relationships, country pairs.

Rows are dicts with readable column names in the order they are shown; values are raw and each
format writes them itself, as for the node tables (:mod:`graph.export.node_tables`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from graph.model import PARTNER_OF, PARTNERSHIP_KINDS, Edge
from graph.i18n import _, kind_label, kind_phrase, rel_label, term
from graph.store.base import Subgraph
from graph.export.common import ExportContext, table_rows
from graph.export.node_tables import country_name, node_country, node_name


def partnership_rows(sub: Subgraph, focus: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One row per partnership. A focused municipality (the one the report is about, or one of the
    origin a region question starts from) is always A; otherwise A and B are in alphabetical order,
    as a partnership has no direction.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its PARTNER_OF relationships make the rows.
    focus : iterable of str, optional
        Ids of the municipalities the export is about; their partnerships come first.

    Returns
    -------
    list of dict
        Keys ``Municipality A``, ``Country A``, ``Municipality B``, ``Country B`` (names), ``Kind``
        (in words), ``Since``, ``Until``, ``Sources`` (list of ids), ``Id A`` and ``Id B``; the
        focused first, then by the names of A and B.
    """
    focus = set(focus)
    rows = []
    for e in sub.edges:
        if e.type != PARTNER_OF:
            continue
        a, b = e.source, e.target
        if (b in focus and a not in focus) or (
                (a in focus) == (b in focus)
                and (node_name(sub, a).casefold(), a) > (node_name(sub, b).casefold(), b)):
            a, b = b, a
        rows.append({
            "Municipality A": node_name(sub, a), "Country A": node_country(sub, a),
            "Municipality B": node_name(sub, b), "Country B": node_country(sub, b),
            "Kind": kind_label(e.props.get("kind")),
            "Since": e.props.get("since"), "Until": e.props.get("until"),
            "Sources": e.props.get("sources", []), "Id A": a, "Id B": b,
        })
    rows.sort(key=lambda r: (r["Id A"] not in focus, r["Municipality A"].casefold(), r["Municipality B"].casefold(),
                             r["Kind"] or ""))
    return rows


def _label(sub: Subgraph, node_id: str) -> str:
    node = sub.nodes.get(node_id)
    return node.label if node else ""


def relation_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """Every relationship other than a partnership, read from source to target.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; every relationship but PARTNER_OF makes a row.

    Returns
    -------
    list of dict
        Keys ``From``, ``From type`` (node label), ``Relationship`` (the type), ``To``, ``To type``,
        ``Role`` (labels, type and role in words of the current language), ``Sources`` (list of ids),
        ``From id`` and ``To id``; by type, then by names.
    """
    rows = []
    for e in sub.edges:
        if e.type == PARTNER_OF:
            continue
        rows.append({
            "From": node_name(sub, e.source), "From type": term("label", _label(sub, e.source)),
            "Relationship": rel_label(e.type), "To": node_name(sub, e.target),
            "To type": term("label", _label(sub, e.target)), "Role": term("role", e.props.get("role")) or None,
            "Sources": e.props.get("sources", []), "From id": e.source, "To id": e.target,
        })
    rows.sort(key=lambda r: (r["Relationship"], r["From"].casefold(), r["To"].casefold()))
    return rows


def country_pair_rows(sub: Subgraph, context: ExportContext | None = None) -> list[dict[str, Any]]:
    """Partnerships by country pair, most first: the given table, or counted from the subgraph.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its partnerships are counted when ``context`` gives no table.
    context : ExportContext, optional
        Its ``country_pairs`` table (a DataFrame or list of dicts), when set, is returned as rows.

    Returns
    -------
    list of dict
        The rows of ``context.country_pairs`` as given; else keys ``Country A``, ``Country B``
        (names, "unknown" for a municipality without a country), ``Partnerships`` (the total) and
        one column per partnership kind present (the kind in words, capitalised; None for none),
        by total, most first, then by country names.
    """
    if context is not None and context.country_pairs is not None:
        return table_rows(context.country_pairs)
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for e in sub.edges:
        if e.type != PARTNER_OF:
            continue
        codes = [(sub.nodes[i].get("country") if i in sub.nodes else None) or "?" for i in (e.source, e.target)]
        pairs[tuple(sorted(codes))][e.props.get("kind", "twin")] += 1
    present = [kind for kind in PARTNERSHIP_KINDS if any(kinds.get(kind) for kinds in pairs.values())]
    rows = []
    for (a, b), kinds in pairs.items():
        rows.append({
            "Country A": country_name(a) if a != "?" else _("unknown"),
            "Country B": country_name(b) if b != "?" else _("unknown"),
            "Partnerships": sum(kinds.values()),
            **{kind_label(kind).capitalize(): kinds.get(kind) or None for kind in present},
        })
    rows.sort(key=lambda r: (-r["Partnerships"], r["Country A"], r["Country B"]))
    return rows


def edge_label(edge: Edge) -> str:
    """Short words for a relationship: the partnership kind or the relationship type.

    Parameters
    ----------
    edge : Edge
        Any relationship.

    Returns
    -------
    str
        The kind's phrase for a partnership ("twin partnership"); else the type in lower case words,
        with the role in brackets when it has one ("organises (host)").
    """
    if edge.type == PARTNER_OF:
        return kind_phrase(edge.props.get("kind"))
    if edge.props.get("role"):
        return f"{rel_label(edge.type)} ({term('role', edge.props['role'])})"
    return rel_label(edge.type)
