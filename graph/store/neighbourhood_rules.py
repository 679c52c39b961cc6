"""The rules of a neighbourhood every store follows: what may be asked, which nodes the cap keeps
(nearest first, then most relationships, then id, after the hard limit) and the words that say so.

The embedded store applies them in Python (graph.store.base), the Neo4j store in Cypher
(graph.store.cypher_server) with the same parameters; the contract suite keeps the two equal.
"""

from __future__ import annotations

import heapq
import itertools
from typing import Sequence

from graph.errors import check_at_least, check_choices
from graph.i18n import ngettext, number
from graph.model import PARTNERSHIP_KINDS, REL_TYPES, Edge


def check_neighbourhood(depth: int, rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None,
                        max_nodes: int) -> None:
    """Refuse what no neighbourhood can be asked with, before any store does work.

    Parameters
    ----------
    depth : int
        Hops from the centre; at least 0.
    rel_types, partner_kinds : sequence of str or None
        Relationship types and partnership kinds to walk, from :mod:`graph.model`'s lists.
    max_nodes : int
        The node cap; at least 1.

    Raises
    ------
    UsageError
        A value outside those lists or below those bounds (the message names it and the allowed ones).
    """
    check_choices("relationship type", rel_types, REL_TYPES)
    check_choices("partnership kind", partner_kinds, PARTNERSHIP_KINDS)
    check_at_least("depth", depth, 0)
    check_at_least("max_nodes", max_nodes, 1)


def hard_limit(max_nodes: int) -> int:
    """How many of the nodes found, nearest first and then by id, are ranked for the cap at all: a walk
    through a country reaches every municipality of it, and ranking them all by relationships would
    cost more than it shows.

    Parameters
    ----------
    max_nodes : int
        The node cap asked for.

    Returns
    -------
    int
        ``max(50 × max_nodes, 20,000)``.
    """
    return max(max_nodes * 50, 20000)


def neighbourhood_rule(shown: int, total: int, depth: int) -> str:
    """The words that say how a neighbourhood's nodes were chosen, in the current language.

    Parameters
    ----------
    shown : int
        Nodes kept by the cap.
    total : int
        Nodes that matched before the cap.
    depth : int
        Hops from the centre.

    Returns
    -------
    str
        "150 of 200 nodes within 2 hops: nearest first, then most connected", or "all 12 nodes within
        1 hop" when nothing was left out (real plural forms; numbers with the language's separators,
        "200 of 58,245" in English, "200 von 58.245" in German).
    """
    if total > shown:
        return ngettext("{shown} of {total} nodes within {n} hop: nearest first, then most connected",
                        "{shown} of {total} nodes within {n} hops: nearest first, then most connected",
                        depth).format(shown=number(shown), total=number(total), n=number(depth))
    return ngettext("all {shown} nodes within {n} hop", "all {shown} nodes within {n} hops", depth).format(
        shown=number(shown), n=number(depth))


def edge_passes(edge: Edge, rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None) -> bool:
    """Whether an edge passes a filter of relationship types and partnership kinds.

    Parameters
    ----------
    edge : Edge
        The edge.
    rel_types : sequence of str or None
        Allowed relationship types; None or empty for any.
    partner_kinds : sequence of str or None
        Allowed kinds of a PARTNER_OF edge; None or empty for any. Other types pass by kind.

    Returns
    -------
    bool
    """
    if rel_types and edge.type not in rel_types:
        return False
    if partner_kinds and edge.type == "PARTNER_OF" and edge.props.get("kind") not in partner_kinds:
        return False
    return True


def limit_hops(hops: dict[str, int], hard_limit: int) -> tuple[dict[str, int], int]:
    """At most ``hard_limit`` of the nodes found, nearest first (ties by id), and how many were found.

    Parameters
    ----------
    hops : dict of str to int
        Node id -> hop distance.
    hard_limit : int
        Most nodes kept.

    Returns
    -------
    (dict of str to int, int)
        The nodes kept with their distance, and the number found before the limit.
    """
    total = len(hops)
    if total > hard_limit:
        keep = sorted(hops, key=lambda n: (hops[n], n))[:hard_limit]
        hops = {n: hops[n] for n in keep}
    return hops, total


def smallest(count: int, items: list[str]) -> list[str]:
    """The ``count`` smallest of ``items``, smallest first: ``sorted(items)[:count]``.

    A heap (``heapq.nsmallest``) when ``count`` is small beside ``len(items)``, one sort otherwise (the
    heap's Python-level steps cost more than sorting once when a walk keeps 20,000 of 70,000 ids).

    Parameters
    ----------
    count : int
        How many to keep (0 or less: none).
    items : list of str
        Node ids (any mutually comparable values).

    Returns
    -------
    list of str

    Examples
    --------
    >>> smallest(2, ["c", "a", "d", "b"])
    ['a', 'b']
    """
    if count <= 0:
        return []
    if count * 16 < len(items):
        return heapq.nsmallest(count, items)
    return sorted(items)[:count]


def cap_nodes(hops: dict[str, int], degrees: dict[str, int], max_nodes: int) -> list[str]:
    """The node ids a cap keeps: nearest first, then most relationships, then by id.

    Parameters
    ----------
    hops : dict of str to int
        Node id -> hop distance from the centre.
    degrees : dict of str to int
        Node id -> number of relationships (missing: 0).
    max_nodes : int
        Most ids returned.

    Returns
    -------
    list of str
        At most ``max_nodes`` ids in that order. Only the level the cap cuts through is ranked, and only
        among its nodes with at least the degree of the last one kept (a depth-2 walk across a hub finds
        tens of thousands).

    Examples
    --------
    >>> cap_nodes({"c": 0, "a": 1, "b": 1, "d": 2}, {"a": 1, "b": 5, "d": 9}, 3)
    ['c', 'b', 'a']
    """
    levels: dict[int, list[str]] = {}
    for node, hop in hops.items():
        levels.setdefault(hop, []).append(node)
    order: list[str] = []
    for hop in sorted(levels):
        room = max_nodes - len(order)
        if room <= 0:
            break
        level = levels[hop]
        if len(level) > room:
            least = heapq.nlargest(room, map(degrees.get, level, itertools.repeat(0)))[-1]
            level = [n for n in level if degrees.get(n, 0) >= least]
        level.sort(key=lambda n: (-degrees.get(n, 0), n))
        order.extend(level[:room])
    return order
