"""How two nodes are connected: shortest paths through partnerships, conferences and organisations.

By default paths may use the relationships that stand for real contact between people
(``DEFAULT_PATH_TYPES``). Country, region and theme links are left out, because through them every
two German cities would be two steps apart and the answer would say nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from graph.errors import NotFound, check_at_least, check_choices
from graph.i18n import _, kind_label, ngettext, number, pgettext
from graph.model import (
    ATTENDS, BASED_IN, HELD_IN, IN_COUNTRY, IN_REGION, MEMBER_OF, ORGANISES, PART_OF, PARTNER_OF,
    REL_TYPES, ADDRESSES, Edge, Node,
)
from graph.store.base import GraphStore, Subgraph

DEFAULT_PATH_TYPES = (PARTNER_OF, ATTENDS, HELD_IN, MEMBER_OF, ORGANISES, BASED_IN)

# relationship -> (word read along the stored direction, word read against it)
_VERBS = {
    ATTENDS: ("attended", "attended by"),
    HELD_IN: ("held in", "hosted"),
    MEMBER_OF: ("member of", "has member"),
    ORGANISES: ("organised", "organised by"),
    BASED_IN: ("based in", "seat of"),
    IN_COUNTRY: ("in", "includes"),
    IN_REGION: ("in", "includes"),
    PART_OF: ("part of", "includes"),
    ADDRESSES: ("addresses", "addressed by"),
}
# when two nodes are linked more than once, the path shows the most telling relationship
_PREFERENCE = {t: i for i, t in enumerate((PARTNER_OF, ATTENDS, HELD_IN, ORGANISES, MEMBER_OF, BASED_IN))}


@dataclass
class Path:
    """One path: its nodes in order and the edge between each two neighbours."""
    nodes: list[Node]
    edges: list[Edge]  # edges[i] links nodes[i] and nodes[i + 1]

    @property
    def ids(self) -> list[str]:
        """The ids of the path's nodes, in order."""
        return [n.id for n in self.nodes]

    def __len__(self) -> int:
        return len(self.edges)


@dataclass
class PathResult:
    """The answer to a path question: the shortest paths between two nodes and the subgraph they make."""
    source: Node
    target: Node
    paths: list[Path] = field(default_factory=list)
    subgraph: Subgraph = field(default_factory=Subgraph)
    rel_types: tuple[str, ...] = DEFAULT_PATH_TYPES
    max_depth: int = 6

    @property
    def found(self) -> bool:
        """Whether any path was found."""
        return bool(self.paths)

    def summary(self) -> str:
        """One sentence in the current language: how many shortest paths of how many steps, or none.

        Returns
        -------
        str
            E.g. "2 shortest paths of 3 steps between Gießen and Kumasi".
        """
        if not self.paths:
            return _("no connection between {a} and {b} within {n} steps").format(
                a=self.source.name, b=self.target.name, n=self.max_depth)
        steps = len(self.paths[0])
        paths = ngettext("{n} shortest path", "{n} shortest paths", len(self.paths)).format(n=number(len(self.paths)))
        return ngettext("{paths} of {steps} step between {a} and {b}", "{paths} of {steps} steps between {a} and {b}",
                        steps).format(paths=paths, steps=steps, a=self.source.name, b=self.target.name)


def edge_word(edge: Edge, forward: bool) -> str:
    """The word for an edge on a path, in the current language: its partnership kind, or its verb.

    Parameters
    ----------
    edge : Edge
        The edge walked.
    forward : bool
        True when walked from its source to its target ("attended"), False against it ("attended by").

    Returns
    -------
    str
        The kind's label ("twin" when the edge has none), or the verb; an unknown type in lower case.
    """
    if edge.type == PARTNER_OF:
        return kind_label(edge.props.get("kind", "twin"))
    along, against = _VERBS.get(edge.type, (edge.type.lower(), edge.type.lower()))
    return pgettext("path", along if forward else against)


def describe(path: Path) -> str:
    """A path in words, arrows in the direction each relationship is stored:
    "Münster —twin→ Lublin —twin→ Lviv", "Leipzig —attended→ Conference ←attended— Kyiv".

    Parameters
    ----------
    path : Path
        As in :attr:`PathResult.paths`.

    Returns
    -------
    str
        "" for a path without nodes.

    Examples
    --------
    >>> [describe(p) for p in connection_paths(store, a_id, b_id).paths]  # doctest: +SKIP
    """
    if not path.nodes:
        return ""
    parts = [path.nodes[0].name]
    for node, nxt, edge in zip(path.nodes, path.nodes[1:], path.edges):
        if edge.type == PARTNER_OF or edge.source == node.id:  # partnerships have no direction
            parts.append(f"—{edge_word(edge, True)}→ {nxt.name}")
        else:
            parts.append(f"←{edge_word(edge, True)}— {nxt.name}")
    return " ".join(parts)


def _pick(edges: list[Edge]) -> Edge:
    return min(edges, key=lambda e: (_PREFERENCE.get(e.type, 99), e.identity))


def connection_paths(store: GraphStore, a_id: str, b_id: str, rel_types: Sequence[str] | None = None,
                     max_depth: int = 6, limit: int = 5) -> PathResult:
    """Up to ``limit`` shortest paths between two nodes, with their relationships and a drawable union.

    Parameters
    ----------
    store : GraphStore
        The graph.
    a_id, b_id : str
        Node ids of the two ends.
    rel_types : sequence of str, optional
        Relationship types a path may use; by default all of ``DEFAULT_PATH_TYPES``.
    max_depth : int
        Most steps of a path (at least 1).
    limit : int
        Most paths returned (at least 1).

    Returns
    -------
    PathResult
        The paths (empty when there is none within ``max_depth``) and the subgraph of their nodes and steps.

    Raises
    ------
    NotFound
        Either id is not in the store.
    UsageError
        An unknown relationship type, or ``max_depth`` or ``limit`` below 1.

    Examples
    --------
    >>> result = connection_paths(store, "mun:gn:2925533", "mun:gn:2988507")  # doctest: +SKIP
    >>> result.summary()  # doctest: +SKIP
    """
    types = tuple(rel_types) if rel_types else DEFAULT_PATH_TYPES
    check_choices("relationship type", types, REL_TYPES)
    check_at_least("max_depth", max_depth, 1)
    check_at_least("limit", limit, 1)
    ends = store.get_many([a_id, b_id])
    for node_id in (a_id, b_id):
        if node_id not in ends:
            raise NotFound(f"no node with id {node_id!r}")
    result = PathResult(ends[a_id], ends[b_id], rel_types=types, max_depth=max_depth)
    id_paths = store.shortest_paths(a_id, b_id, rel_types=list(types), max_depth=max_depth, limit=limit)
    if not id_paths:
        result.subgraph = Subgraph(dict(ends), [], 2, "the two ends; no path found")
        return result
    ids = {i for p in id_paths for i in p}
    nodes = store.get_many(ids)
    between: dict[frozenset, list[Edge]] = {}
    for edge in store.edges(node_ids=ids):
        if edge.type in types and edge.source in ids and edge.target in ids:
            between.setdefault(frozenset((edge.source, edge.target)), []).append(edge)
    used: dict[tuple, Edge] = {}
    for id_path in id_paths:
        steps = [_pick(between[frozenset(pair)]) for pair in zip(id_path, id_path[1:])]
        result.paths.append(Path([nodes[i] for i in id_path], steps))
        used.update((e.identity, e) for e in steps)
    result.subgraph = Subgraph(nodes, sorted(used.values(), key=lambda e: e.identity), len(nodes),
                               f"the {len(result.paths)} shortest path(s)")
    return result
