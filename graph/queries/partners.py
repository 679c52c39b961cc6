"""Partnerships of one municipality, as plain rows for tables, exports and the CLI."""

from __future__ import annotations

from typing import Iterable

from graph.i18n import _, term
from graph.errors import NotFound
from graph.model import MUNICIPALITY, PARTNER_OF, Node
from graph.queries.search import search
from graph.store.base import GraphStore


def find_one(store: GraphStore, text: str, labels: tuple[str, ...] = (MUNICIPALITY,)) -> Node:
    """The node a user means by ``text``: a node id, or the best match of ``graph.queries.search.search``.

    Parameters
    ----------
    store : GraphStore
    text : str
        A node id ("mun:gn:2879139") or a name in any spelling ("Leipzig", "Krakau").
    labels : tuple of str
        Only nodes of these labels; () for any searchable node.

    Returns
    -------
    Node
        The node with that id, else the first search result.

    Raises
    ------
    NotFound
        Nothing matches, not even a close spelling; the message names the text.
    """
    node = store.get(text)
    if node is not None and (not labels or node.label in labels):
        return node
    hits = search(store, text, labels=list(labels) if labels else None, limit=1)
    if hits:
        return hits[0]
    what = " / ".join(term("label", label) for label in labels) if labels else _("node")
    raise NotFound(_("no {what} named {text!r}").format(what=what, text=text))


def partner_rows(store: GraphStore, node_id: str) -> list[dict]:
    """One row per partnership of a municipality: partner, country, kind, since, until, status, sources.

    Parameters
    ----------
    store : GraphStore
    node_id : str
        Id of a Municipality node; an id with no partnerships (or not in the store) gives [].

    Returns
    -------
    list of dict
        Sorted by ISO 3166-1 country and partner name; ``since`` and ``until`` are years or None, ``status``
        is ``former``, ``suspended`` or empty (current); also subdivision and ``partner_id``.

    Examples
    --------
    >>> partner_rows(store, "mun:gn:2925533")  # doctest: +SKIP
    """
    edges = store.edges(PARTNER_OF, node_ids=[node_id])
    others = store.get_many(e.target if e.source == node_id else e.source for e in edges)
    rows = []
    for edge in edges:
        other_id = edge.target if edge.source == node_id else edge.source
        other = others.get(other_id)
        if other is None:
            continue
        rows.append({
            "partner": other.name,
            "country": other.get("country", ""),
            "subdivision": other.get("subdivision", ""),
            "kind": edge.props.get("kind", ""),
            "since": edge.props.get("since"),
            "until": edge.props.get("until"),
            "status": edge.props.get("status", ""),  # former | suspended; empty: current
            "sources": "; ".join(edge.props.get("sources", [])),
            "partner_id": other.id,
        })
    return sorted(rows, key=lambda r: (r["country"] or "~", r["partner"].casefold()))


def partner_counts(store: GraphStore, ids: Iterable[str]) -> dict[str, int]:
    """How many partnerships (``PARTNER_OF`` edges, any kind) each of the nodes ``ids`` has.

    Parameters
    ----------
    store : GraphStore
    ids : iterable of str
        Node ids; an id the store lacks counts 0.

    Returns
    -------
    dict
        id -> number of partnerships.
    """
    counts = dict.fromkeys(ids, 0)
    for edge in store.edges(PARTNER_OF, node_ids=list(counts)):
        for end in {edge.source, edge.target}:
            if end in counts:
                counts[end] += 1
    return counts
