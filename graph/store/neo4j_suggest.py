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
from graph.store.suggest_facts import CANDIDATE_FACTS, AreaCandidates


def _facts(label: str, node_id: str, properties: Sequence[str], values: list) -> Node:
    return Node.trusted(label, node_id, {k: v for k, v in zip(properties, values) if v is not None})


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
        r = records[0]
        nodes = {cid: _facts(MUNICIPALITY, cid, CANDIDATE_FACTS, values) for cid, values in r["candidates"]}
        return AreaCandidates(r["in_area"], set(r["partners"]), nodes)

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
        return {node_id: _facts(next(lb for lb in labels if lb in NODE_LABELS), node_id, properties, values)
                for node_id, labels, values in (records[0]["nodes"] if records else [])}
