"""The partner suggestion's questions the Neo4j store answers on the server, one statement each.

``GraphStore`` states their rules over the primitives (graph.store.suggest_facts), which the embedded
store uses; the methods here give the same answers from Cypher (graph.store.cypher_suggest), so that
only the few facts the ranking reads cross Bolt instead of whole nodes and every partnership of the
origin's partners. The contract suite (tests/test_store_contract_suggest.py) keeps the two equal.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from graph.model import MUNICIPALITY, NODE_LABELS, Node
from graph.store import cypher_suggest
from graph.store.suggest_facts import CANDIDATE_FACTS, PLACE_FACTS, AreaCandidates
from graph.store.shared import without_cyclic_gc
from graph.store.suggest_reads import DEFAULT_KIND, PROGRAMME_KINDS, CandidateLinks, OriginFacts


def links_of(rows: list) -> dict[str, CandidateLinks]:
    """Candidate id -> CandidateLinks from the ``links`` of graph.store.cypher_server.CANDIDATE_LINKS.

    Parameters
    ----------
    rows : list
        [id, partners, kinds, programme ([kind, partner id] pairs), shared, country_partners, met, orgs,
        themes] per candidate.

    Returns
    -------
    dict of str to CandidateLinks
    """
    out = {}
    for cid, partners, kinds, pairs, shared, country_partners, met, orgs, themes in rows:
        programme: dict[str, set[str]] = {}
        for kind, partner in pairs:
            programme.setdefault(kind, set()).add(partner)
        out[cid] = CandidateLinks(partners, set(kinds), programme, set(shared), set(met), set(orgs), set(themes),
                                  set(country_partners))
    return out


def _facts(label: str, node_id: str, properties: Sequence[str], values: list) -> Node:
    return Node.trusted(label, node_id, {k: v for k, v in zip(properties, values) if v is not None})


def _label(labels: list[str]) -> str:
    return next(lb for lb in labels if lb in NODE_LABELS)


def _area_candidates(record) -> AreaCandidates:
    """AreaCandidates from a record with ``in_area``, ``partners`` and ``candidates`` ([id, values of
    ``CANDIDATE_FACTS``] pairs), as graph.store.cypher_suggest's statements return them."""
    nodes = {cid: _facts(MUNICIPALITY, cid, CANDIDATE_FACTS, values) for cid, values in record["candidates"]}
    return AreaCandidates(record["in_area"], set(record["partners"]), nodes)


class Neo4jSuggest:
    """The server-side answers of a suggestion (mixed into ``Neo4jStore``, which gives ``_read`` and
    ``_area_params``)."""

    def area_candidates(self, origin_id: str, area) -> AreaCandidates:
        """The municipalities of ``area`` other than the origin, split into its partners and the
        candidates, found by the server through the area's index.

        The same answer as ``GraphStore.area_candidates`` (rules in graph.store.suggest_facts).

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        area : Area
            The target area (graph.queries.areas.Area).

        Returns
        -------
        AreaCandidates
            The count, the partners' ids and id -> candidate node with ``CANDIDATE_FACTS`` only.

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        records = self._read(cypher_suggest.area_candidates(area.kind), origin=origin_id,
                             props=list(CANDIDATE_FACTS), **self._area_params("t", area))
        if not records:
            return AreaCandidates()
        return _area_candidates(records[0])

    @without_cyclic_gc
    def suggestion_facts(self, origin_id: str, area, country: str | None) -> tuple[AreaCandidates, dict, OriginFacts]:
        """The candidates of the area, their links and the origin's side in one statement: the candidates
        go from the area's index to their links, and the places named to their facts, without crossing
        Bolt again.

        The same answer as ``GraphStore.suggestion_facts`` (the rules over the primitives).

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        area : Area
            The target area (graph.queries.areas.Area).
        country : str or None
            The origin's country, whose partners of a candidate are collected; None or "" for none.

        Returns
        -------
        (AreaCandidates, dict of str to CandidateLinks, OriginFacts)

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        records = self._read(cypher_suggest.suggestion_facts(area.kind), origin=origin_id,
                             props=list(CANDIDATE_FACTS), place_props=list(PLACE_FACTS), country=country or None,
                             programme_kinds=list(PROGRAMME_KINDS), default_kind=DEFAULT_KIND,
                             **self._area_params("t", area))
        if not records:  # no such origin: nothing links it, and every municipality of the area is a candidate
            return self.area_candidates(origin_id, area), {}, OriginFacts()
        record = records[0]
        side = OriginFacts({pid: set(kinds) for pid, kinds, _ in record["o_partners"]}, set(record["o_events"]),
                           set(record["o_orgs"]), set(record["o_themes"]),
                           {pid: count for pid, _, count in record["o_partners"]},
                           {pid: _facts(_label(labels), pid, PLACE_FACTS, values)
                            for pid, labels, values in record["places"]})
        return _area_candidates(record), links_of(record["links"]), side

    def partnership_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """How many partnerships each node has, counted by the server.

        Parameters
        ----------
        ids : iterable of str
            Node ids.

        Returns
        -------
        dict of str to int
            Only nodes with at least one partnership.

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        ids = list(dict.fromkeys(ids))
        if not ids:
            return {}
        records = self._read(cypher_suggest.PARTNERSHIP_COUNTS, ids=ids)
        return {node_id: count for node_id, count in records[0]["counts"]} if records else {}

    def node_facts(self, ids: Iterable[str], properties: Sequence[str]) -> dict[str, Node]:
        """The nodes of ``ids`` with only ``properties``, read without whole nodes.

        Parameters
        ----------
        ids : iterable of str
            Node ids; unknown ones are left out.
        properties : sequence of str
            Property names (sent as a parameter).

        Returns
        -------
        dict of str to Node

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        ids, properties = list(dict.fromkeys(ids)), list(properties)
        if not ids:
            return {}
        records = self._read(cypher_suggest.NODE_FACTS, ids=ids, props=properties)
        return {node_id: _facts(_label(labels), node_id, properties, values)
                for node_id, labels, values in (records[0]["nodes"] if records else [])}
