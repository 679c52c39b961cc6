"""Area questions written once over the store's primitives: the municipalities of an area and the
partnerships from one area into another.

This is the definition every store follows (:class:`AreaReads`, part of ``GraphStore``, calls it;
the embedded store answers with it); the Neo4j store answers the same questions on the server
(graph.store.neo4j_queries) and the contract suite keeps both equal. An area is anything shaped like
``graph.queries.areas.Area``: ``kind``, ``id``, ``countries``, ``keys`` and ``contains(node)``.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.store.shared import per_version

if TYPE_CHECKING:
    from graph.store.base import GraphStore

AREA_KINDS = ("municipality", "subdivision", "country", "region")
# Above this many countries one scan of all municipalities is cheaper than a query per country.
PER_COUNTRY_QUERIES = 8


def municipalities_of(store: GraphStore, area) -> list[Node]:
    """Municipalities of an area, sorted by id.

    Parameters
    ----------
    store : GraphStore
        The graph.
    area : Area
        A municipality, subdivision, country or region (graph.queries.areas.Area).

    Returns
    -------
    list of Node
        The Municipality nodes the area contains.
    """
    if area.kind == "municipality":
        node = store.get(area.id)
        return [node] if node is not None else []
    if len(area.countries) <= PER_COUNTRY_QUERIES:
        found = [n for code in area.countries for n in store.nodes(MUNICIPALITY, country=code)]
    else:
        found = store.nodes(MUNICIPALITY)
    return sorted((n for n in found if area.contains(n)), key=lambda n: n.id)


def partnerships_between(store: GraphStore, origin, target) -> list[tuple[Node, Edge, Node]]:
    """Each partnership from a municipality of ``origin`` to one of ``target``, once.

    A partnership with both ends in both areas is given from its stored source. Sorted by the edge's
    identity.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin, target : Area
        Where the partnerships start and end (graph.queries.areas.Area).

    Returns
    -------
    list of (Node, Edge, Node)
        The municipality of ``origin``, the PARTNER_OF edge, the partner in ``target``.
    """
    origins = {n.id: n for n in municipalities_of(store, origin)}
    edges = store.edges(PARTNER_OF, node_ids=origins)
    others = store.get_many({e.source for e in edges} | {e.target for e in edges})
    found = []
    for edge in edges:
        for here, there in ((edge.source, edge.target), (edge.target, edge.source)):
            node, partner = origins.get(here), others.get(there)
            if node is not None and partner is not None and target.contains(partner):
                found.append((node, edge, partner))
                break
    return found


def one_per_edge(rows: list[tuple[Node, Edge, Node]]) -> list[tuple[Node, Edge, Node]]:
    """Rows found from either end reduced to the rule of :func:`partnerships_between`: one per edge,
    from the edge's stored source where that end qualifies, sorted by the edge's identity.

    Parameters
    ----------
    rows : list of (Node, Edge, Node)
        The municipality of the origin area, the PARTNER_OF edge and the partner in the target area;
        an edge with both ends in both areas comes twice, once from each end.

    Returns
    -------
    list of (Node, Edge, Node)
        One row per edge (the one from its stored source when there are two), sorted by
        ``Edge.identity``.
    """
    chosen: dict[tuple, tuple[Node, Edge, Node]] = {}
    for row in rows:
        node, edge, _ = row
        if edge.identity not in chosen or node.id == edge.source:
            chosen[edge.identity] = row
    return [chosen[k] for k in sorted(chosen)]


def subdivision_counts(store: GraphStore) -> Counter:
    """(country, subdivision value) -> number of municipalities carrying it, over every municipality.

    Parameters
    ----------
    store : GraphStore
        Every Municipality node of it is read.

    Returns
    -------
    Counter
        (ISO 3166-1 alpha-2 code, subdivision value as stored: an ISO 3166-2 code or a name) -> count;
        municipalities without a country or a subdivision are not counted.
    """
    return Counter((n.get("country"), n.get("subdivision")) for n in store.nodes(MUNICIPALITY)
                   if n.get("subdivision") and n.get("country"))


class AreaReads:
    """The area questions of :class:`graph.store.base.GraphStore`, answered by the rules above; a store
    that can answer them where the data is overrides them with the same answers."""

    def partnerships_between(self, origin, target) -> list[tuple[Node, Edge, Node]]:
        """Each partnership from a municipality of ``origin`` to one of ``target``, once, by edge identity.

        Parameters
        ----------
        origin, target : Area
            Areas (graph.queries.areas.Area): municipality, subdivision, country or region.

        Returns
        -------
        list of (Node, Edge, Node)
            The municipality of ``origin``, the PARTNER_OF edge, the partner in ``target``; see
            :func:`partnerships_between` for the rule.
        """
        return partnerships_between(self, origin, target)

    def subdivision_counts(self) -> Counter:
        """(country, subdivision value) -> number of municipalities carrying it, counted once per version.

        Returns
        -------
        Counter
            See :func:`subdivision_counts`; a copy, so the caller may change it.
        """
        return Counter(per_version(self, "_subdivision_counts", self._count_subdivisions))

    def _count_subdivisions(self) -> Counter:
        """The counts of :meth:`subdivision_counts`, read from the store (no cache)."""
        return subdivision_counts(self)
