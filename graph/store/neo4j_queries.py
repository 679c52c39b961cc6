"""Questions the Neo4j store answers on the server: one statement each, only the answer crossing Bolt.

``GraphStore`` (graph.store.base) defines each question once over the primitives, which the embedded
store uses; the methods here give the same answers from Cypher (graph.store.cypher_server) under the
same rules, and the contract suite (tests/test_store_contract.py) keeps the two equal. Every read is
routed to readers (``execute_query`` with read routing), so a cluster or Aura spreads them out.
"""

from __future__ import annotations

import logging
from collections import Counter
from typing import Iterable, Sequence

from graph.errors import StoreError
from graph.model import NODE_LABELS, PARTNER_OF, Edge, Node
from graph.store import cypher_server
from graph.store.area_reads import one_per_edge
from graph.store.base import (
    DEFAULT_MAX_NODES, GraphStore, Subgraph, check_neighbourhood, edge_passes, hard_limit, neighbourhood_rule,
)
from graph.store.country_reads import CountrySummary
from graph.store.neo4j_connection import ServerMemoryExceeded
from graph.store.neo4j_records import stored_edge, stored_node
from graph.store.shared import without_cyclic_gc
from graph.store.neo4j_suggest import links_of
from graph.store.suggest_reads import DEFAULT_KIND, PROGRAMME_KINDS, CandidateLinks
from graph.text import fold


log = logging.getLogger(__name__)


class Neo4jReads:
    """The server-side answers of the Neo4j store (mixed into ``Neo4jStore``, which gives ``_read``)."""

    _walked_in_steps = False  # said once per store that a neighbourhood was too large for the server's limit

    @without_cyclic_gc
    def neighbourhood(
        self, ids: str | Sequence[str], depth: int = 1, rel_types: Sequence[str] | None = None,
        partner_kinds: Sequence[str] | None = None, max_nodes: int = DEFAULT_MAX_NODES,
    ) -> Subgraph:
        """The nodes within ``depth`` hops of ``ids`` and the edges among them, ranked and capped by the server.

        The same answer as ``GraphStore.neighbourhood``: the centre, then the nearest nodes, and among
        equally near ones those with the most relationships (ties by id), at most ``max_nodes``.

        Parameters
        ----------
        ids : str or sequence of str
            The centre's node ids (unknown ids are left out).
        depth : int
            Hops to walk, in both directions.
        rel_types, partner_kinds : sequence of str, optional
            Relationship types to walk and, for PARTNER_OF, partnership kinds; every one when None.
        max_nodes : int
            The node cap.

        Returns
        -------
        Subgraph
            The nodes shown in rank order, the relationships among them (of ``rel_types`` and
            ``partner_kinds`` when given), how many nodes were found, and the rule in words.

        Raises
        ------
        UsageError
            A type or kind outside the model's lists, a negative depth or a cap below 1.
        StoreError
            The server cannot be reached or read.

        Notes
        -----
        The server's walk stops at the hop that fills the cap. Where that can be before the last hop
        (``depth`` 2 or more, or as many centres as the cap), a second read started beside the first
        (``cypher_server.neighbourhood_size``, in the store's own thread) counts the nodes within
        ``depth`` hops; it walks one hop less than ``depth`` and counts the last only when the cap is
        full by then (otherwise the first walk counted every node itself).

        A neighbourhood too large to rank within the server's transaction memory (a walk through hubs
        with thousands of partners each) is walked hop by hop as ``GraphStore.neighbourhood`` does, with
        the same answer; the log says so once per store, with the setting that avoids it.
        """
        check_neighbourhood(depth, rel_types, partner_kinds, max_nodes)
        centre = [ids] if isinstance(ids, str) else list(dict.fromkeys(ids))
        types = self._known_types(rel_types)
        depth_walked = depth if types != [] else 0
        kinds = list(partner_kinds) if partner_kinds else None
        statement = cypher_server.capped_neighbourhood(types, depth_walked)
        # the cap can fill before the last hop only from 2 hops on, or with as many centres as the cap:
        # then the nodes beyond it are counted beside the ranked walk, on the server's other core
        counting = self._beside(cypher_server.neighbourhood_size(types, depth_walked), ids=centre, kinds=kinds,
                                cap=max_nodes) if depth_walked >= 2 or len(centre) >= max_nodes else None
        try:
            records = self._read_once(statement, ids=centre, kinds=kinds, hard=hard_limit(max_nodes), cap=max_nodes)
            if not records:
                return Subgraph(rule=neighbourhood_rule(0, 0, depth))
            record = records[0]
            nodes = {node_id: stored_node(labels, {**props, "id": node_id})
                     for node_id, labels, props in record["nodes"]}
            edges = _edges_among(record["edges"])
            counted = counting.result()[0]["total"] if counting is not None and not record["complete"] else None
            total = record["total"] if counted is None else counted
        except ServerMemoryExceeded as exc:
            if not self._walked_in_steps:
                self._walked_in_steps = True
                log.warning("%s while walking a neighbourhood of %s on the server; such neighbourhoods are walked "
                            "hop by hop instead, which takes longer. Raise the server's "
                            "dbms.memory.transaction.total.max (NEO4J_TX_MEMORY for the local server) to walk "
                            "them on the server (db.memory.transaction.max too, where it is set).", exc, ", ".join(centre))
            return GraphStore.neighbourhood(self, centre, depth, rel_types, partner_kinds, max_nodes)
        finally:
            if counting is not None:
                counting.cancel()  # not needed after all (a walk that went every hop): not started, if still waiting
        if rel_types or partner_kinds:
            edges = [e for e in edges if edge_passes(e, rel_types, partner_kinds)]
        total = max(total, len(nodes))
        return Subgraph(nodes, sorted(edges, key=lambda e: e.identity), total, neighbourhood_rule(len(nodes), total, depth))

    def search_facts(self, ids: Iterable[str]) -> dict[str, tuple[str, float, int, str]]:
        """What the search ranks its candidates by (see ``GraphStore.search_facts``), read without whole nodes.

        Parameters
        ----------
        ids : iterable of str
            Node ids found in the name index.

        Returns
        -------
        dict
            Node id -> (label, population or 0, number of sources, name).

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        return {r["id"]: (next(lb for lb in r["labels"] if lb in NODE_LABELS), r["population"], r["sources"], r["name"])
                for r in self._read(cypher_server.SEARCH_FACTS, ids=ids)}

    @without_cyclic_gc
    def partnerships_between(self, origin, target) -> list[tuple[Node, Edge, Node]]:
        """Each partnership from a municipality of ``origin`` to one of ``target``, found by the server.

        The same answer as ``GraphStore.partnerships_between``: the areas' municipalities are found
        through the country, subdivision and id indexes, and only the partnerships between the two
        areas come back.

        Parameters
        ----------
        origin, target : Area
            Areas (graph.queries.areas.Area).

        Returns
        -------
        list of (Node, Edge, Node)
            The municipality of ``origin``, the PARTNER_OF edge, the partner in ``target``, by edge identity.

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        params = {**self._area_params("o", origin), **self._area_params("t", target)}
        records = self._read(cypher_server.partnerships_between(origin.kind, target.kind), **params)
        if not records:
            return []
        nodes = {node_id: stored_node(labels, {**props, "id": node_id}) for node_id, labels, props in records[0]["nodes"]}
        rows = [(nodes[o], stored_edge(PARTNER_OF, *((o, p) if forward else (p, o)), props), nodes[p])
                for o, p, forward, props in records[0]["links"]]
        return one_per_edge(rows)

    @without_cyclic_gc
    def candidate_links(self, origin_id: str, candidate_ids: Iterable[str],
                        country: str | None) -> dict[str, CandidateLinks]:
        """Candidate id -> what links it to the origin, counted on the server in one statement.

        The same answer as ``GraphStore.candidate_links`` (rules in graph.store.suggest_reads): only
        counts and the ids of the linking nodes cross Bolt, not every relationship of every candidate.

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        candidate_ids : iterable of str
            The candidates (not the origin, none of its partners).
        country : str or None
            The origin's country, whose partners of a candidate are collected; None or "" for none.

        Returns
        -------
        dict of str to CandidateLinks
            Only candidates with a partner, a shared conference, organisation or theme.

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        ids = list(dict.fromkeys(candidate_ids))
        if not ids:
            return {}
        records = self._read(cypher_server.CANDIDATE_LINKS, origin=origin_id, ids=ids, country=country or None,
                             programme_kinds=list(PROGRAMME_KINDS), default_kind=DEFAULT_KIND)
        return links_of(records[0]["links"] if records else [])

    def _area_params(self, prefix: str, area) -> dict:
        """The parameters of ``cypher_server.partnerships_between`` for one area: its id, countries and,
        for a subdivision, the stored spellings of it (the values whose folded form the area goes by)."""
        subs = None
        if area.kind == "subdivision":
            values = self._subdivision_values()
            subs = sorted({v for c, v in values if c in area.countries and fold(v) in area.keys})
        return {f"{prefix}_id": area.id, f"{prefix}_countries": list(area.countries), f"{prefix}_subs": subs}

    def _subdivision_values(self) -> list[tuple[str, str]]:
        """(country, subdivision) as municipalities carry them, read once per version of the data."""
        return list(self.subdivision_counts())

    def _count_country_totals(self) -> tuple[dict, Counter]:
        """Country code -> CountrySummary and (country, country) -> partnerships (see
        ``country_summaries`` and ``country_pairs``), counted on the server in one statement."""
        records = self._read(cypher_server.COUNTRY_TOTALS)
        if not records:  # two aggregations always give one record
            raise StoreError(f"Neo4j at {self.uri} gave no answer to the country totals")
        record = records[0]
        return ({code: CountrySummary(n, lon, lat) for code, n, lon, lat in record["countries"]},
                Counter({(ca, cb): n for ca, cb, n in record["pairs"]}))

    def _count_subdivisions(self) -> Counter:
        """(country, subdivision value) -> municipalities, counted on the server (see ``subdivision_counts``)."""
        return Counter({(r["country"], r["value"]): r["municipalities"]
                        for r in self._read(cypher_server.SUBDIVISION_COUNTS)})


def _edges_among(grouped: list) -> list[Edge]:
    """The edges of a capped neighbourhood from the statement's compact form (graph.store.cypher_server:
    [source id, [[type, target id, props or null], ...]] per start node)."""
    return [stored_edge(rel_type, source, target, props or {})
            for source, out in grouped for rel_type, target, props in out]
