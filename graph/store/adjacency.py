"""The embedded store's adjacency index: each node's neighbours per relationship key, and its degree.

``near[node][key][neighbour]`` says how the node and the neighbour are linked by edges of that key
(``Edge.key``: the relationship type, for PARTNER_OF and ORGANISES with the kind or role): ``OUT``
when the node is the source, ``IN`` when it is the target, both bits for one edge each way. A filter on
relationship types and partnership kinds therefore chooses keys, never single edges: walking a hub's
thousands of partnerships is one set operation on one dict, not a Python call per edge. Degrees are
counted as edges are added and removed, so a lookup is one dict access.
"""

from __future__ import annotations

import itertools
from typing import Callable, Iterable, Iterator, Sequence

from graph.model import PARTNER_OF

OUT, IN = 1, 2
Identity = tuple[str, str, str]  # (source, target, key), as Edge.identity


def key_type(key: str) -> str:
    """The relationship type of an edge key (remembered: a store has few distinct keys).

    Parameters
    ----------
    key : str
        An edge key of the adjacency index: ``TYPE`` or ``TYPE:kind`` / ``TYPE:role``.

    Returns
    -------
    str
        The relationship type (one of ``graph.model.REL_TYPES``).

    Examples
    --------
    >>> key_type("PARTNER_OF:twin"), key_type("IN_COUNTRY")
    ('PARTNER_OF', 'IN_COUNTRY')
    """
    rel = _TYPE_OF.get(key)
    if rel is None:
        rel = _TYPE_OF[key] = key.partition(":")[0]
    return rel


_TYPE_OF: dict[str, str] = {}


def key_filter(rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None) -> Callable[[str], bool] | None:
    """Whether an edge key passes a filter on types and partnership kinds (as ``base.edge_passes``);
    None when nothing is filtered. The answer for each key is remembered (a store has few keys).

    Parameters
    ----------
    rel_types : sequence of str or None
        Relationship types to keep; empty or None: any.
    partner_kinds : sequence of str or None
        Partnership kinds to keep for PARTNER_OF; empty or None: any.

    Returns
    -------
    callable or None
        key -> bool, or None when neither filter is given.

    Examples
    --------
    >>> keep = key_filter(["PARTNER_OF"], ["twin"])
    >>> keep("PARTNER_OF:twin"), keep("PARTNER_OF:climate"), keep("IN_COUNTRY")
    (True, False, False)
    """
    if not rel_types and not partner_kinds:
        return None
    known: dict[str, bool] = {}

    def keep(key: str) -> bool:
        passes = known.get(key)
        if passes is None:
            rel, _, kind = key.partition(":")
            passes = known[key] = (not rel_types or rel in rel_types) and not (
                partner_kinds and rel == PARTNER_OF and kind not in partner_kinds)
        return passes

    return keep


class Adjacency:
    """Neighbours per key and degrees of every node of an embedded store.

    Examples
    --------
    >>> adj = Adjacency()
    >>> for n in ("a", "b", "c"):
    ...     adj.add_node(n)
    >>> adj.add_edge("a", "b", "PARTNER_OF:twin"); adj.add_edge("a", "c", "PARTNER_OF:climate")
    >>> sorted(adj.neighbours("a", key_filter(None, ["twin"]))), adj.degree["a"]
    (['b'], 2)
    >>> sorted(adj.incident("b"))
    [('a', 'b', 'PARTNER_OF:twin')]
    """

    __slots__ = ("near", "degree")

    def __init__(self) -> None:
        self.near: dict[str, dict[str, dict[str, int]]] = {}
        self.degree: dict[str, int] = {}

    def __contains__(self, node: str) -> bool:
        return node in self.near

    def add_node(self, node: str) -> None:
        """Make ``node`` known (no edges yet); nothing happens for a known node."""
        if node not in self.near:
            self.near[node] = {}
            self.degree[node] = 0

    def add_edge(self, source: str, target: str, key: str) -> None:
        """Record a new edge between two known nodes (an edge already recorded must not be added again)."""
        for here, there, bit in ((source, target, OUT), (target, source, IN)):
            by_key = self.near[here]
            others = by_key.get(key)
            if others is None:
                others = by_key[key] = {}
            others[there] = others.get(there, 0) | bit
            self.degree[here] += 1

    def remove_edge(self, source: str, target: str, key: str) -> None:
        """Forget a recorded edge."""
        for here, there, bit in ((source, target, OUT), (target, source, IN)):
            by_key = self.near[here]
            others = by_key[key]
            left = others[there] & ~bit
            if left:
                others[there] = left
            else:
                del others[there]
                if not others:
                    del by_key[key]
            self.degree[here] -= 1

    def remove_node(self, node: str) -> None:
        """Forget a node whose edges have all been removed."""
        del self.near[node], self.degree[node]

    def incident(self, node: str, rel_type: str | None = None) -> Iterator[Identity]:
        """Identities of the edges touching ``node`` (of one type, or all); none for an unknown node."""
        for key, others in self.near.get(node, {}).items():
            if rel_type is not None and key_type(key) != rel_type:
                continue
            for other, how in others.items():
                if how & OUT:
                    yield (node, other, key)
                if how & IN:
                    yield (other, node, key)

    def neighbours(self, node: str, keep: Callable[[str], bool] | None = None) -> Iterable[str]:
        """The nodes linked to ``node`` by an edge whose key passes ``keep`` (None: any); a node linked
        by edges of several keys comes once per key (a hub's neighbours are not copied to a set)."""
        groups = [others for key, others in self.near[node].items() if keep is None or keep(key)]
        return groups[0].keys() if len(groups) == 1 else itertools.chain.from_iterable(groups)

    def levels(self, start: Iterable[str], depth: int, keep: Callable[[str], bool] | None) -> list[list[str]]:
        """Breadth-first levels from the known nodes of ``start``: level ``h`` holds the nodes ``h``
        hops away, each node in the first level it is found in (unordered within a level)."""
        near = self.near
        first = list(dict.fromkeys(n for n in start if n in near))
        seen, out = set(first), [first]
        for _ in range(depth):
            found: set[str] = set()
            for node in out[-1]:
                for key, others in near[node].items():
                    if keep is None or keep(key):
                        found.update(others)
            found -= seen
            if not found:
                break
            seen |= found
            out.append(list(found))
        return out

    def within(self, inside: set[str]) -> list[Identity]:
        """Identities of the edges with both ends in ``inside``, each once; a hub's neighbours are
        intersected with ``inside``, not walked one by one."""
        out = []
        near = self.near
        for node in inside:
            for key, others in near.get(node, {}).items():
                for other in others.keys() & inside:
                    if others[other] & OUT:
                        out.append((node, other, key))
        return out
