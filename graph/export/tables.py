"""The tables of an export, as plain rows: one builder per table, shared by CSV, Excel and the report.

Rows are dicts with readable column names in the order they are shown. Values are raw (numbers,
text, lists); each format decides how to write them and neutralises cells itself.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Iterable

from graph.model import (
    CONFERENCE, COUNTRY, MUNICIPALITY, NODE_LABELS, NODE_PROPERTIES, ORGANISATION, PARTNER_OF,
    PARTNERSHIP_KINDS, SOURCE, Edge, Node,
)
from graph.i18n import _, country_name as _country_name, kind_label, kind_phrase, rel_label, subdivision_name, term
from graph.store.base import Subgraph
from graph.export.common import ExportContext, table_rows
from graph.export.readable import readable_rows, source_value  # noqa: F401  (readable_rows: used by the writers)

NODE_TABLE_LABELS = (MUNICIPALITY, ORGANISATION, CONFERENCE)


def country_name(code: str) -> str:
    """A country's name in the current language (remembered per language in graph.i18n)."""
    return _country_name(code)


def degrees(sub: Subgraph) -> Counter:
    """Relationships of each node inside the subgraph, 0 for any other id (what a picture shows)."""
    return Counter(sub.degrees())


def _by_label(sub: Subgraph, label: str) -> list[Node]:
    return sorted((n for n in sub.nodes.values() if n.label == label), key=lambda n: (n.name.casefold(), n.id))


def _name(sub: Subgraph, node_id: str) -> str:
    node = sub.nodes.get(node_id)
    return node.name if node else node_id


def _country(sub: Subgraph, node_id: str) -> str:
    node = sub.nodes.get(node_id)
    code = node.get("country") if node else None
    return country_name(code) if code else ""


def municipality_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per municipality, sorted by country and name: names, place, inhabitants, coordinates, degree."""
    deg = degrees(sub)
    partners = Counter()
    for edge in sub.edges:
        if edge.type == PARTNER_OF:
            partners[edge.source] += 1
            partners[edge.target] += 1
    return [{
        "Name": n.name,
        "Country": country_name(n.get("country")) if n.get("country") else "",
        "Country code": n.get("country"),
        "Subdivision": subdivision_name(n.get("subdivision"), n.get("country")),
        "Kind": _(n.get("kind") or ""),
        "Population": n.get("population"),
        "Latitude": n.get("lat"),
        "Longitude": n.get("lon"),
        "Partnerships shown": partners[n.id],
        "Relationships shown": deg[n.id],
        "Other names": n.get("aliases", []),
        "Sources": n.get("sources", []),
        "Id": n.id,
    } for n in sorted(_by_label(sub, MUNICIPALITY), key=lambda n: (n.get("country") or "", n.name.casefold()))]


def organisation_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per organisation: name, kind, country, website, relationships shown, sources, id."""
    deg = degrees(sub)
    return [{
        "Name": n.name,
        "Kind": n.get("kind"),
        "Country": country_name(n.get("country")) if n.get("country") else "",
        "Website": n.get("url"),
        "Relationships shown": deg[n.id],
        "Other names": n.get("aliases", []),
        "Sources": n.get("sources", []),
        "Id": n.id,
    } for n in _by_label(sub, ORGANISATION)]


def conference_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per conference by start date: title, series, dates, status, venue, attendees (hosts included)."""
    from graph.queries.conferences import shown_status, taking_part  # pandas: only when a table is asked for

    attendees = {conf: len(ids) for conf, ids in taking_part(sub.edges).items()}  # hosts count, as in every view
    held_in = {e.source: _name(sub, e.target) for e in sub.edges if e.type == "HELD_IN"}
    conferences = sorted(_by_label(sub, CONFERENCE), key=lambda n: (n.get("start") or "", n.name.casefold()))
    return [{
        "Title": n.get("title") or n.name,
        "Series": n.get("series"),
        "Edition": n.get("edition"),
        "Start": n.get("start"),
        "End": n.get("end"),
        "Status": shown_status(n.get("status"), n.get("start"), n.get("end")),
        "Venue": n.get("venue") or held_in.get(n.id),
        "Languages": n.get("languages", []),
        "Participants shown": attendees.get(n.id, 0),
        "Website": n.get("url"),
        "Sources": n.get("sources", []),
        "Id": n.id,
    } for n in conferences]


def other_node_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """Countries, regions, themes and sources: the nodes without a table of their own."""
    rows = []
    for label in NODE_LABELS:
        if label in NODE_TABLE_LABELS:
            continue
        for n in _by_label(sub, label):
            rows.append({
                "Type": label, "Name": n.name, "Code": n.get("code"), "Kind": n.get("kind"),
                "Sources": n.get("sources", []), "Id": n.id,
            })
    return rows


def partnership_rows(sub: Subgraph, focus: Iterable[str] = ()) -> list[dict[str, Any]]:
    """One row per partnership. A focused municipality (the one the report is about) is always A;
    otherwise A and B are in alphabetical order, as a partnership has no direction."""
    focus = set(focus)
    rows = []
    for e in sub.edges:
        if e.type != PARTNER_OF:
            continue
        a, b = e.source, e.target
        if (b in focus and a not in focus) or (
                (a in focus) == (b in focus) and (_name(sub, a).casefold(), a) > (_name(sub, b).casefold(), b)):
            a, b = b, a
        rows.append({
            "Municipality A": _name(sub, a), "Country A": _country(sub, a),
            "Municipality B": _name(sub, b), "Country B": _country(sub, b),
            "Kind": kind_label(e.props.get("kind")),
            "Since": e.props.get("since"), "Until": e.props.get("until"),
            "Sources": e.props.get("sources", []), "Id A": a, "Id B": b,
        })
    rows.sort(key=lambda r: (r["Id A"] not in focus, r["Municipality A"].casefold(), r["Municipality B"].casefold(),
                             r["Kind"] or ""))
    return rows


def relation_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """Every relationship other than a partnership, read from source to target."""
    rows = []
    for e in sub.edges:
        if e.type == PARTNER_OF:
            continue
        rows.append({
            "From": _name(sub, e.source), "From type": _label(sub, e.source), "Relationship": e.type,
            "To": _name(sub, e.target), "To type": _label(sub, e.target), "Role": e.props.get("role"),
            "Sources": e.props.get("sources", []), "From id": e.source, "To id": e.target,
        })
    rows.sort(key=lambda r: (r["Relationship"], r["From"].casefold(), r["To"].casefold()))
    return rows


def _label(sub: Subgraph, node_id: str) -> str:
    node = sub.nodes.get(node_id)
    return node.label if node else ""


def country_pair_rows(sub: Subgraph, context: ExportContext | None = None) -> list[dict[str, Any]]:
    """Partnerships by country pair, most first: the given table, or counted from the subgraph."""
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


def source_rows(sub: Subgraph, context: ExportContext | None = None) -> list[dict[str, Any]]:
    """Every source cited by a node or relationship shown, with its title, link and how many facts cite it.

    Titles and links come from the Source nodes in the subgraph or, for the others, from
    ``context.sources`` (filled from the store by ``graph.export.with_sources``)."""
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
    """(what, value) pairs that open every export: what was selected, when, and how much."""
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


# --- generic tables (CSV for researchers: every property, Gephi's column names) ------------------


def node_property_names(sub: Subgraph) -> list[str]:
    """Property columns in the model's order, only those some node has."""
    present = {key for node in sub.nodes.values() for key in node.props}
    ordered: dict[str, None] = {}
    for label in NODE_LABELS:
        for key in NODE_PROPERTIES[label]:
            if key in present and key != "name":
                ordered.setdefault(key, None)
    ordered.update({key: None for key in sorted(present - set(ordered) - {"name"})})
    return list(ordered)


def generic_node_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per node for Gephi-style tables: Id, Label, category, degree and every property, by id."""
    keys = node_property_names(sub)
    deg = degrees(sub)
    rows = []
    for node in sorted(sub.nodes.values(), key=lambda n: n.id):
        row = {"Id": node.id, "Label": node.name, "category": node.label, "degree": deg[node.id]}
        row.update({key: node.props.get(key) for key in keys})
        rows.append(row)
    return rows


def generic_edge_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per edge for Gephi-style tables: Source, Target, Type (Undirected for partnerships) and properties."""
    keys = sorted({key for e in sub.edges for key in e.props})
    rows = []
    for e in sorted(sub.edges, key=lambda e: e.identity):
        rows.append({
            "Source": e.source, "Target": e.target,
            "Type": "Undirected" if e.type == PARTNER_OF else "Directed",
            "relationship": e.type, "source_name": _name(sub, e.source), "target_name": _name(sub, e.target),
            **{key: e.props.get(key) for key in keys},
        })
    return rows


def edge_label(edge: Edge) -> str:
    """Short words for a relationship: the partnership kind or the relationship type."""
    if edge.type == PARTNER_OF:
        return kind_phrase(edge.props.get("kind"))
    if edge.props.get("role"):
        return f"{rel_label(edge.type)} ({term('role', edge.props['role'])})"
    return rel_label(edge.type)
