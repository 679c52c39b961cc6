"""The GraphStore interface every backend implements, and the results it returns.

The primitives are few on purpose: batch upsert, get, search, neighbourhood, shortest paths,
subgraph, stats, clear. Domain logic (partners by region, suggestions, insights, exports) is written
once over these primitives in other modules of ``graph``. Two stores must give the same answers; the
results they return and the rules both follow (search keys, the node cap) live in
``graph.store.shared``, re-exported here.
"""

from __future__ import annotations

import abc
from typing import Iterable, Sequence

from graph.model import Edge, Node
from graph.store.area_reads import AreaReads
from graph.store.country_reads import CountryReads
from graph.store.neighbourhood_rules import (  # noqa: F401  (re-exported)
    cap_nodes, check_neighbourhood, edge_passes, hard_limit, limit_hops, neighbourhood_rule,
)
from graph.store.shared import (  # noqa: F401  (re-exported: the results every store returns)
    Stats, Subgraph, WriteResult, iter_batches, node_keys, without_cyclic_gc,
)
from graph.store.suggest_facts import SuggestQuestions
from graph.store.writes import StoreWrites

DEFAULT_MAX_NODES = 200


class GraphStore(SuggestQuestions, StoreWrites, AreaReads, CountryReads):
    """What every backend offers. Node ids are globally unique; labels and types come from graph.model.

    Writing, the version of the data and data derived from it are documented in
    :class:`graph.store.writes.StoreWrites`, the questions of a partner suggestion in
    :class:`graph.store.suggest_facts.SuggestQuestions`, the area questions in
    :class:`graph.store.area_reads.AreaReads`; reading and the other shared answers here.
    """

    # -- reading --------------------------------------------------------------------------------
    @abc.abstractmethod
    def get(self, node_id: str) -> Node | None:
        """The node with that id, or None.

        Parameters
        ----------
        node_id : str
            A node id (``graph.ids``).

        Returns
        -------
        Node or None
        """

    @abc.abstractmethod
    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        """The nodes of the given ids the store holds.

        Parameters
        ----------
        ids : iterable of str
            Node ids; unknown ones are left out.

        Returns
        -------
        dict of str to Node
            Node id -> node.
        """

    @abc.abstractmethod
    def nodes(self, label: str, **equals) -> list[Node]:
        """All nodes of a label whose properties equal the given values, sorted by id.

        Parameters
        ----------
        label : str
            One of ``graph.model.NODE_LABELS``.
        **equals
            Property -> value every node returned has (e.g. ``country="DE"``).

        Returns
        -------
        list of Node
        """

    def name_keys(self, label: str) -> list[list[str]]:
        """Each node of a label with the folded names it is found by: what the search index reads.

        Neo4j keeps the keys on each node; other stores derive them with ``node_keys``.

        Parameters
        ----------
        label : str
            One of ``graph.model.NODE_LABELS``.

        Returns
        -------
        list of list of str
            ``[id, *keys]`` per node (its folded name, aliases and, for a country, code; keys sorted),
            sorted by id.
        """
        return [[node.id, *sorted(node_keys(node))] for node in self.nodes(label)]

    @abc.abstractmethod
    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        """Edges of a type (or all), optionally only those touching the given nodes, sorted by identity.

        Parameters
        ----------
        rel_type : str, optional
            One of ``graph.model.REL_TYPES``; None for every type.
        node_ids : iterable of str, optional
            Only edges with one end among these nodes; None for all.

        Returns
        -------
        list of Edge
            Sorted by (source, target, key).
        """

    @abc.abstractmethod
    def neighbourhood_raw(
        self, ids: Sequence[str], depth: int, rel_types: Sequence[str] | None,
        partner_kinds: Sequence[str] | None, hard_limit: int,
    ) -> tuple[dict[str, int], int]:
        """The nodes within ``depth`` hops of ``ids``, by hop distance (the primitive under ``neighbourhood``).

        Edges are walked in both directions, only of ``rel_types`` and, for PARTNER_OF, of ``partner_kinds``.

        Parameters
        ----------
        ids : sequence of str
            The centre nodes (distance 0).
        depth : int
            Most hops, 0 or more.
        rel_types : sequence of str or None
            Relationship types walked; None or empty for all.
        partner_kinds : sequence of str or None
            Partnership kinds of the PARTNER_OF edges walked; None or empty for all.
        hard_limit : int
            Most nodes returned, nearest first (ties by id).

        Returns
        -------
        (dict of str to int, int)
            Node id -> hop distance, and how many nodes matched in all (a lower bound when the hard limit
            was hit).
        """

    @abc.abstractmethod
    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relationships of each node, both directions, of every type.

        Parameters
        ----------
        ids : iterable of str
            Node ids.

        Returns
        -------
        dict of str to int
            Node id -> count (0 for a node without relationships).
        """

    @abc.abstractmethod
    def shortest_paths(
        self, source: str, target: str, rel_types: Sequence[str] | None = None,
        max_depth: int = 6, limit: int = 5,
    ) -> list[list[str]]:
        """All shortest paths between two nodes, edges walked in both directions.

        Parameters
        ----------
        source, target : str
            Node ids of the two ends.
        rel_types : sequence of str, optional
            Relationship types walked; None for all.
        max_depth : int
            Most hops of a path.
        limit : int
            Most paths returned.

        Returns
        -------
        list of list of str
            Each path as node ids from ``source`` to ``target``, sorted; empty when none is within ``max_depth``.
        """

    @abc.abstractmethod
    def stats(self) -> Stats:
        """Number of nodes per label and of edges per type."""

    # -- shared, written once over the primitives ------------------------------------------------
    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """The given nodes and every edge among them.

        Parameters
        ----------
        ids : iterable of str
            Node ids; unknown ones are left out.

        Returns
        -------
        Subgraph
            Not truncated; its ``rule`` says "the nodes asked for".
        """
        nodes = self.get_many(ids)
        inside = set(nodes)
        edges = [e for e in self.edges(node_ids=inside) if e.source in inside and e.target in inside]
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def search_facts(self, ids: Iterable[str]) -> dict[str, tuple[str, float, int, str]]:
        """What the search ranks its candidates by, for each of ``ids`` the store holds.

        Parameters
        ----------
        ids : iterable of str
            Node ids found in the name index.

        Returns
        -------
        dict
            Node id -> (label, population or 0, number of sources, name).
        """
        return {i: (n.label, n.props.get("population") or 0, len(n.props.get("sources", ())), n.props.get("name", ""))
                for i, n in self.get_many(ids).items()}

    @without_cyclic_gc
    def neighbourhood(
        self, ids: str | Sequence[str], depth: int = 1, rel_types: Sequence[str] | None = None,
        partner_kinds: Sequence[str] | None = None, max_nodes: int = DEFAULT_MAX_NODES,
    ) -> Subgraph:
        """The nodes within ``depth`` hops of ``ids`` and the edges among them, capped at ``max_nodes``.

        The cap keeps the centre nodes, then the nearest nodes, and among equally near ones those
        with the most relationships (ties by id), so both stores show the same nodes.

        Parameters
        ----------
        ids : str or sequence of str
            The centre node(s).
        depth : int
            Most hops, 0 or more.
        rel_types : sequence of str, optional
            Only these relationship types are walked and kept.
        partner_kinds : sequence of str, optional
            Only PARTNER_OF edges of these kinds (``graph.model.PARTNERSHIP_KINDS``).
        max_nodes : int
            Most nodes kept, at least 1 (200 by default).

        Returns
        -------
        Subgraph
            ``total_nodes`` counts the nodes that matched before the cap; ``rule`` says how they were chosen.

        Raises
        ------
        UsageError
            A relationship type or partnership kind outside :mod:`graph.model`'s lists, a negative
            depth or a cap below 1 (the message names the value and the allowed ones).
        """
        check_neighbourhood(depth, rel_types, partner_kinds, max_nodes)
        centre = [ids] if isinstance(ids, str) else list(ids)
        hops, total = self.neighbourhood_raw(centre, depth, rel_types, partner_kinds, hard_limit(max_nodes))
        chosen = cap_nodes(hops, self.degrees(hops), max_nodes)
        sub = self.subgraph(chosen)
        if rel_types or partner_kinds:
            sub.edges = [e for e in sub.edges if edge_passes(e, rel_types, partner_kinds)]
        sub.total_nodes = max(total, len(sub.nodes))
        sub.rule = neighbourhood_rule(len(sub.nodes), sub.total_nodes, depth)
        return sub
