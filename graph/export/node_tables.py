"""The node tables of an export, as plain rows: municipalities, organisations, conferences and the rest.

Rows are dicts with readable column names in the order they are shown. Values are raw (numbers,
text, lists); each format (CSV, Excel, the report) decides how to write them and neutralises cells
itself. The relationship tables are in :mod:`graph.export.relation_tables`, the summary and the
sources in :mod:`graph.export.summary_tables`, the Gephi-style tables in
:mod:`graph.export.generic_tables`.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph.model import CONFERENCE, MUNICIPALITY, NODE_LABELS, ORGANISATION, PARTNER_OF, REGION, Node
from graph.i18n import _, country_name as _country_name, subdivision_name, term
from graph.store.base import Subgraph
from graph.export.tooltips import display_name

NODE_TABLE_LABELS = (MUNICIPALITY, ORGANISATION, CONFERENCE)


def country_name(code: str) -> str:
    """A country's name in the current language (remembered per language in graph.i18n).

    Parameters
    ----------
    code : str
        An ISO 3166-1 alpha-2 code, e.g. ``"GB"``.

    Returns
    -------
    str
        The country's name ("United Kingdom", in German "Vereinigtes Königreich"); the code as
        given for an unknown code, ``""`` for no code.
    """
    return _country_name(code)


def degrees(sub: Subgraph) -> Counter:
    """Relationships of each node inside the subgraph, 0 for any other id (what a picture shows).

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown.

    Returns
    -------
    Counter
        Node id -> number of relationships of ``sub`` it is an end of; 0 for ids it has none for.
    """
    return Counter(sub.degrees())


def node_name(sub: Subgraph, node_id: str) -> str:
    """The name of a node of the subgraph, or the id itself when the node is not in it.

    Parameters
    ----------
    sub : Subgraph
        The nodes shown.
    node_id : str
        The id of a node, usually an end of a relationship of ``sub``.

    Returns
    -------
    str
        The node's name, else ``node_id``.
    """
    node = sub.nodes.get(node_id)
    return node.name if node else node_id


def node_country(sub: Subgraph, node_id: str) -> str:
    """The name of the country of a node of the subgraph, in the current language.

    Parameters
    ----------
    sub : Subgraph
        The nodes shown.
    node_id : str
        The id of a node, usually an end of a relationship of ``sub``.

    Returns
    -------
    str
        The country's name; empty when the node is not in ``sub`` or has no country.
    """
    node = sub.nodes.get(node_id)
    code = node.get("country") if node else None
    return country_name(code) if code else ""


def _by_label(sub: Subgraph, label: str) -> list[Node]:
    return sorted((n for n in sub.nodes.values() if n.label == label), key=lambda n: (n.name.casefold(), n.id))


def municipality_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per municipality, sorted by country code and name.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its Municipality nodes make the rows.

    Returns
    -------
    list of dict
        Keys ``Name``, ``Country`` (the name), ``Country code``, ``Subdivision`` (the name), ``Kind``
        (in words), ``Population``, ``Latitude``, ``Longitude``, ``Partnerships shown``,
        ``Relationships shown``, ``Other names`` (list), ``Sources`` (list of ids) and ``Id``.
    """
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
    """One row per organisation, sorted by name.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its Organisation nodes make the rows.

    Returns
    -------
    list of dict
        Keys ``Name``, ``Kind`` (in the current language), ``Country`` (the name), ``Website``, ``Relationships shown``,
        ``Other names`` (list), ``Sources`` (list of ids) and ``Id``.
    """
    deg = degrees(sub)
    return [{
        "Name": n.name,
        "Kind": term("organisation", n.get("kind")),
        "Country": country_name(n.get("country")) if n.get("country") else "",
        "Website": n.get("url"),
        "Relationships shown": deg[n.id],
        "Other names": n.get("aliases", []),
        "Sources": n.get("sources", []),
        "Id": n.id,
    } for n in _by_label(sub, ORGANISATION)]


def conference_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """One row per conference, by start date and title.

    Parameters
    ----------
    sub : Subgraph
        The nodes and relationships shown; its Conference nodes make the rows, its ATTENDS, HOSTS
        and HELD_IN relationships give participants and venues.

    Returns
    -------
    list of dict
        Keys ``Title``, ``Series``, ``Edition``, ``Start``, ``End``, ``Status`` (as shown, in the current language: a past
        conference is "held"), ``Venue``, ``Languages`` (list), ``Participants shown`` (hosts
        included, as in every view), ``Website``, ``Sources`` (list of ids) and ``Id``.
    """
    from graph.queries.conferences import shown_status, taking_part  # pandas: only when a table is asked for

    attendees = {conf: len(ids) for conf, ids in taking_part(sub.edges).items()}  # hosts count, as in every view
    held_in = {e.source: node_name(sub, e.target) for e in sub.edges if e.type == "HELD_IN"}
    conferences = sorted(_by_label(sub, CONFERENCE), key=lambda n: (n.get("start") or "", n.name.casefold()))
    return [{
        "Title": n.get("title") or n.name,
        "Series": n.get("series"),
        "Edition": n.get("edition"),
        "Start": n.get("start"),
        "End": n.get("end"),
        "Status": term("status", shown_status(n.get("status"), n.get("start"), n.get("end"))),
        "Venue": n.get("venue") or held_in.get(n.id),
        "Languages": n.get("languages", []),
        "Participants shown": attendees.get(n.id, 0),
        "Website": n.get("url"),
        "Sources": n.get("sources", []),
        "Id": n.id,
    } for n in conferences]


def other_node_rows(sub: Subgraph) -> list[dict[str, Any]]:
    """Countries, regions, themes and sources: the nodes without a table of their own.

    Parameters
    ----------
    sub : Subgraph
        The nodes shown; those whose label is not in :data:`NODE_TABLE_LABELS` make the rows.

    Returns
    -------
    list of dict
        Keys ``Type`` (the node label in the current language), ``Name`` (a country's and a region's
        in the current language), ``Code``, ``Kind``, ``Sources`` (list of ids) and
        ``Id``; by label in the model's order, then by name.
    """
    rows = []
    for label in NODE_LABELS:
        if label in NODE_TABLE_LABELS:
            continue
        for n in _by_label(sub, label):
            rows.append({
                "Type": term("label", label),
                "Name": display_name(n),
                "Code": n.get("code"),
                "Kind": term("region", n.get("kind")) if label == REGION else n.get("kind"),
                "Sources": n.get("sources", []), "Id": n.id,
            })
    return rows
