"""The rules of a neighbourhood every store follows: what may be asked, which nodes the cap keeps
(nearest first, then most relationships, then id, after the hard limit) and the words that say so.

The embedded store applies them in Python (graph.store.base), the Neo4j store in Cypher
(graph.store.cypher_reads) with the same parameters; the contract suite keeps the two equal.
"""

from __future__ import annotations

from typing import Sequence

from graph.errors import check_at_least, check_choices
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
    cost more than it shows."""
    return max(max_nodes * 50, 20000)


def neighbourhood_rule(shown: int, total: int, depth: int) -> str:
    """The words that say how a neighbourhood's nodes were chosen."""
    if total > shown:
        return f"{shown} of {total} nodes within {depth} hop(s): nearest first, then most connected"
    return f"all {shown} nodes within {depth} hop(s)"


def edge_passes(edge: Edge, rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None) -> bool:
    """Whether an edge is of one of ``rel_types`` and, for PARTNER_OF, of one of ``partner_kinds`` (empty: any)."""
    if rel_types and edge.type not in rel_types:
        return False
    if partner_kinds and edge.type == "PARTNER_OF" and edge.props.get("kind") not in partner_kinds:
        return False
    return True


def limit_hops(hops: dict[str, int], hard_limit: int) -> tuple[dict[str, int], int]:
    """At most ``hard_limit`` of the nodes found, nearest first (ties by id), and how many were found."""
    total = len(hops)
    if total > hard_limit:
        keep = sorted(hops, key=lambda n: (hops[n], n))[:hard_limit]
        hops = {n: hops[n] for n in keep}
    return hops, total


def cap_nodes(hops: dict[str, int], degrees: dict[str, int], max_nodes: int) -> list[str]:
    """The first ``max_nodes`` node ids: nearest first, then most relationships, then by id."""
    order = sorted(hops, key=lambda n: (hops[n], -degrees.get(n, 0), n))
    return order[:max_nodes]
