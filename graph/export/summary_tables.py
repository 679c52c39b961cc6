"""The tables that open and close an export: the summary of what was selected, and the sources cited.

Rows are plain values; each format (CSV, Excel, the report) writes them itself, as for the node
tables (:mod:`graph.export.node_tables`).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.model import COUNTRY, MUNICIPALITY, NODE_LABELS, PARTNER_OF, PARTNERSHIP_KINDS, SOURCE
from graph.i18n import _, kind_label, rel_label
from graph.store.base import Subgraph
from graph.export.common import ExportContext
from graph.export.readable import source_value


def source_rows(sub: Subgraph, context: ExportContext | None = None) -> list[dict[str, Any]]:
    """Every source cited by a node or relationship shown, with its title, link and how many facts cite it.

    Titles and links come from the Source nodes in the subgraph or, for the others, from
    ``context.sources`` (filled from the store by ``graph.export.with_sources``).

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; their ``sources`` properties are counted.
    context : ExportContext, optional
        Its ``sources`` map source ids to Source nodes read from the store.

    Returns
    -------
    list of dict
        Keys ``Source`` (the title, else the name, else the id), ``Link or file``, ``Facts citing
        it`` and ``Id``; one row for each cited or known source, most cited first, then by title.
    """
    cited: Counter = Counter()
    for node in sub.nodes.values():
        cited.update(node.get("sources", []))
    for edge in sub.edges:
        cited.update(edge.props.get("sources", []))
    known = dict((context.sources if context is not None else None) or {})
    known.update({n.id: n for n in sub.nodes.values() if n.label == SOURCE})
    rows = []
    for source in sorted(set(cited) | set(known)):
        node = known.get(source)
        rows.append({
            "Source": (source_value(node, "title") or source_value(node, "name") or source) if node else source,
            "Link or file": (source_value(node, "url") or source_value(node, "file")) if node else None,
            "Facts citing it": cited[source],
            "Id": source,
        })
    rows.sort(key=lambda r: (-r["Facts citing it"], str(r["Source"]).casefold()))
    return rows


def summary_rows(sub: Subgraph, context: ExportContext) -> list[tuple[str, Any]]:
    """(what, value) pairs that open every export: what was selected, when, and how much.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its rule, counts and truncation are summed up.
    context : ExportContext
        Its ``title``, ``selection`` and creation time open the summary.

    Returns
    -------
    list of (str, object)
        Pairs of a label in the current language and its value: title, selection, created, nodes
        shown and matching, a note when the selection was cut (else the rule), then counts by node
        label, by relationship type and by partnership kind, and the number of countries.
    """
    counts = Counter(n.label for n in sub.nodes.values())
    edge_counts = Counter(e.type for e in sub.edges)
    rows: list[tuple[str, Any]] = [
        (_("Title"), context.title),
        (_("Selection"), context.selection or sub.rule or _("the nodes given")),
        (_("Created"), context.created_text),
        (_("Nodes shown"), len(sub.nodes)),
        (_("Nodes matching"), max(sub.total_nodes, len(sub.nodes))),
    ]
    if sub.truncated:
        rows.append((_("Note"), _("only {shown} of {total} matching nodes are included ({rule})").format(
            shown=len(sub.nodes), total=sub.total_nodes, rule=sub.rule)))
    elif sub.rule and context.selection:
        rows.append((_("Rule"), sub.rule))
    for label in NODE_LABELS:
        if counts.get(label):
            rows.append((_("{label} nodes").format(label=_(label)), counts[label]))
    for rel, count in sorted(edge_counts.items()):
        rows.append((_("{relationship} relationships").format(relationship=rel_label(rel)), count))
    kinds = Counter(e.props.get("kind") for e in sub.edges if e.type == PARTNER_OF)
    for kind in PARTNERSHIP_KINDS:
        if kinds.get(kind):
            rows.append((_("Partnerships: {kind}").format(kind=kind_label(kind)), kinds[kind]))
    countries = {n.get("country") for n in sub.nodes.values() if n.label == MUNICIPALITY and n.get("country")}
    countries |= {n.get("code") for n in sub.nodes.values() if n.label == COUNTRY and n.get("code")}
    if countries:
        rows.append((_("Countries"), len(countries)))
    return rows
