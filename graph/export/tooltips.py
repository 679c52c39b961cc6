"""What a network picture says about its nodes and edges: names and hover texts in the current language.

Everything here is plain text, never markup: the picture draws names on a canvas and turns tooltips
into DOM text nodes (see :mod:`graph.export.visual`).
"""

from __future__ import annotations

from typing import Mapping

from graph.model import CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, PARTNER_OF, REGION, Edge, Node
from graph.i18n import _, country_name, kind_phrase, ngettext, number, region_name, rel_label, subdivision_name, term
from graph.store.base import Subgraph


def display_name(node: Node) -> str:
    """A node's name as the picture shows it: countries and regions in the current language.

    Parameters
    ----------
    node : Node
        Any node; a country is named by its ISO 3166-1 ``code`` (CLDR names), a region by the
        region data (UN M49, EU, DAC) when its id is known there.

    Returns
    -------
    str
        The name in the current language, or the node's stored name when none is known.
    """
    if node.label == COUNTRY and node.get("code"):
        return country_name(node.get("code")) or node.name
    if node.label == REGION:
        return region_name(node.id) or node.name
    return node.name


def sources_line(ids: list[str], titles: Mapping[str, str] | None = None) -> str:
    """The sources of a node or edge as an office reader sees them: their titles, never their ids.

    Parameters
    ----------
    ids : list of str
        The source ids a record cites.
    titles : mapping of str to str, optional
        Source id to title; sources without one are counted ("2 sources"), their titles are in the
        view's details.

    Returns
    -------
    str
    """
    named = [titles[i] for i in ids if titles and titles.get(i)]
    if len(named) == len(ids):
        return _("sources: {ids}").format(ids=", ".join(named[:3]) + (" …" if len(named) > 3 else ""))
    return ngettext("{n} source", "{n} sources", len(ids)).format(n=number(len(ids)))


def node_tooltip(node: Node, degree: int | None = None, titles: Mapping[str, str] | None = None,
                 drawn: int | None = None) -> str:
    """Plain text (never markup) shown when hovering a node, in the current language: name, what and where
    it is, population, names.

    Parameters
    ----------
    node : Node
    degree : int, optional
        Relationships shown, added as a line when given.
    titles : mapping of str to str, optional
        Source titles by id (:func:`sources_line`).
    drawn : int, optional
        How many of those a thinned picture draws (:mod:`graph.export.netedges`); said when fewer.
    Returns
    -------
    str
    """
    lines = [display_name(node), term("label", node.label)]
    if node.label == MUNICIPALITY:
        place = [p for p in (subdivision_name(node.get("subdivision"), node.get("country")),
                             country_name(node.get("country"))) if p]
        if place:
            lines[1] = _("{kind} in {place}").format(kind=term("place", node.get("kind") or "municipality"),
                                                     place=", ".join(place))
        if node.get("population"):
            lines.append(_("population {n}").format(n=number(node.get("population"))))
    elif node.label == CONFERENCE:
        when = " – ".join(d for d in (node.get("start"), node.get("end")) if d)
        lines[1] = " · ".join(p for p in (term("label", CONFERENCE), when, term("status", node.get("status"))) if p)
    elif node.get("kind"):
        kind = term("organisation" if node.label == ORGANISATION else "region", node.get("kind"))
        lines[1] = f"{term('label', node.label)} ({kind})"
    aliases = [a for a in node.get("aliases", []) if a != lines[0] and node.label not in (COUNTRY, REGION)]
    if aliases:
        more = f" (+{len(aliases) - 6})" if len(aliases) > 6 else ""
        lines.append(_("also: {names}").format(names=", ".join(aliases[:6]) + more))
    if degree is not None:
        if drawn is not None and drawn < degree:
            lines.append(ngettext("{n} relationship in this view, {drawn} of them drawn",
                                  "{n} relationships in this view, {drawn} of them drawn",
                                  degree).format(n=number(degree), drawn=number(drawn)))
        else:
            lines.append(ngettext("{n} relationship shown", "{n} relationships shown", degree).format(n=number(degree)))
    if node.get("sources"):
        lines.append(sources_line(node.get("sources"), titles))
    return "\n".join(lines)


def edge_tooltip(edge: Edge, sub: Subgraph, titles: Mapping[str, str] | None = None,
                 names: Mapping[str, str] | None = None) -> str:
    """Plain text (never markup) shown when hovering an edge: its ends, kind or type, years and sources.

    Parameters
    ----------
    edge : Edge
    sub : Subgraph
        Where the names of the ends are read.
    titles : mapping of str to str, optional
        Source titles by id (:func:`sources_line`).
    names : mapping of str to str, optional
        Node id -> :func:`display_name`, worked out once for a picture of thousands of edges; ends not
        in it are named from ``sub``.
    Returns
    -------
    str
    """
    def name(node_id: str) -> str:
        known = names.get(node_id) if names is not None else None
        if known is not None:
            return known
        node = sub.nodes.get(node_id)
        return display_name(node) if node else node_id

    if edge.type == PARTNER_OF:
        years = " – ".join(str(y) for y in (edge.props.get("since"), edge.props.get("until")) if y)
        head = f"{name(edge.source)} — {name(edge.target)}"
        what = kind_phrase(edge.props.get("kind", "twin")) + (f", {years}" if years else "")
    else:
        head = f"{name(edge.source)} → {name(edge.target)}"
        what = rel_label(edge.type) + (f" ({term('role', edge.props['role'])})" if edge.props.get("role") else "")
    lines = [head, what]
    if edge.props.get("sources"):
        lines.append(sources_line(edge.props["sources"], titles))
    return "\n".join(lines)
