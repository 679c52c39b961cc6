"""The candidates of a partner suggestion and the few facts their ranking reads, written once over the primitives.

A partner suggestion ranks the municipalities of a target area for an origin municipality. The ranking
reads of each candidate only its name, country, subdivision, population and coordinates
(``CANDIDATE_FACTS``), of the origin's partners how many partnerships each has (the hub discount), and
of the candidates' partners in the origin's country and of the origin's partners where they lie and
what they are called (``PLACE_FACTS``: Land and 40 km ties, names in each language). The functions here state the rules over the store's primitives, and :class:`SuggestQuestions`
(part of every ``GraphStore``) answers with them — the embedded store; the Neo4j store answers the same
questions in one Cypher statement each (graph.store.neo4j_suggest, graph.store.cypher_suggest), and the
contract suite (tests/test_store_contract_suggest.py) keeps the two equal.

Rules: the candidates are the municipalities of the area (graph.store.area_reads.municipalities_of)
other than the origin and not its partner; a partner is the other end of a PARTNER_OF, of any kind. A
node's partnerships are the PARTNER_OF relationships touching it, each counted once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from graph.model import PARTNER_OF, Node
from graph.store import suggest_reads
from graph.store.area_reads import municipalities_of
from graph.store.suggest_reads import OriginFacts

if TYPE_CHECKING:
    from graph.store.base import GraphStore

CANDIDATE_FACTS = ("name", "country", "subdivision", "population", "lat", "lon")  # what ranking a candidate reads
PLACE_FACTS = ("name", "zone", "country", "subdivision", "lat", "lon")  # where a linking place lies, its name


@dataclass
class AreaCandidates:
    """The municipalities of a target area as a suggestion sees them."""

    in_area: int = 0  # municipalities of the area, the origin not counted
    partners: set[str] = field(default_factory=set)  # of which partners of the origin (ids)
    nodes: dict[str, Node] = field(default_factory=dict)  # the others, the candidates: id -> CANDIDATE_FACTS only


def facts_node(node: Node, properties: Sequence[str]) -> Node:
    """The node with only ``properties`` (those it has), as the questions here return it.

    Parameters
    ----------
    node : Node
        A stored node.
    properties : sequence of str
        The property names to keep.

    Returns
    -------
    Node
        Same label and id; the properties kept in the order of ``properties``.
    """
    props = node.props  # a stored node holds no property without a value
    return Node.trusted(node.label, node.id, {k: props[k] for k in properties if k in props})


def area_candidates(store: GraphStore, origin_id: str, area) -> AreaCandidates:
    """The municipalities of ``area`` other than the origin, which of them are its partners, and the
    others' facts.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin_id : str
        The municipality looking for a partner.
    area : Area
        The target area (graph.queries.areas.Area): municipality, subdivision, country or region.

    Returns
    -------
    AreaCandidates
        The count, the partners' ids and id -> candidate node with ``CANDIDATE_FACTS`` only.
    """
    partners = {e.target if e.source == origin_id else e.source
                for e in store.edges(PARTNER_OF, node_ids=[origin_id])}
    found = [n for n in municipalities_of(store, area) if n.id != origin_id]
    return AreaCandidates(len(found), {n.id for n in found if n.id in partners},
                          {n.id: facts_node(n, CANDIDATE_FACTS) for n in found if n.id not in partners})


def partnership_counts(store: GraphStore, ids: Iterable[str]) -> dict[str, int]:
    """How many partnerships each node has (PARTNER_OF relationships of any kind touching it).

    Parameters
    ----------
    store : GraphStore
        The graph.
    ids : iterable of str
        Node ids.

    Returns
    -------
    dict of str to int
        Id -> count, only for nodes with at least one partnership.
    """
    wanted = set(ids)
    counts: dict[str, int] = {}
    if not wanted:
        return counts
    for edge in store.edges(PARTNER_OF, node_ids=wanted):
        for end in (edge.source, edge.target):
            if end in wanted:
                counts[end] = counts.get(end, 0) + 1
    return counts


def node_facts(store: GraphStore, ids: Iterable[str], properties: Sequence[str]) -> dict[str, Node]:
    """The nodes of ``ids`` with only ``properties``, for questions that need a few facts of many nodes.

    Parameters
    ----------
    store : GraphStore
        The graph.
    ids : iterable of str
        Node ids; unknown ones are left out.
    properties : sequence of str
        The property names to read.

    Returns
    -------
    dict of str to Node
        Id -> the node with those of ``properties`` it has.
    """
    return {i: facts_node(n, properties) for i, n in store.get_many(set(ids)).items()}


class SuggestQuestions:
    """The questions of a partner suggestion every store answers (mixed into ``GraphStore``); a store
    may answer them on its server under the same rules."""

    def candidate_links(self, origin_id: str, candidate_ids: Iterable[str], country: str | None) -> dict:
        """Candidate id -> what links it to the origin, counted and collected for a partner suggestion.

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        candidate_ids : iterable of str
            The candidates (not the origin, none of its partners).
        country : str or None
            The origin's country, whose partners of a candidate are collected.

        Returns
        -------
        dict of str to CandidateLinks
            See :func:`graph.store.suggest_reads.candidate_links` for the rule.
        """
        return suggest_reads.candidate_links(self, origin_id, candidate_ids, country)

    def area_candidates(self, origin_id: str, area) -> AreaCandidates:
        """The candidates of a suggestion in ``area``: see :func:`area_candidates` for the rule.

        Parameters
        ----------
        origin_id : str
            The municipality looking for a partner.
        area : Area
            The target area (graph.queries.areas.Area).

        Returns
        -------
        AreaCandidates
        """
        return area_candidates(self, origin_id, area)

    def suggestion_facts(self, origin_id: str, area, country: str | None) -> tuple[AreaCandidates, dict, OriginFacts]:
        """Everything a suggestion ranks by: :meth:`area_candidates`, those candidates' :meth:`candidate_links`
        and the origin's side (:func:`graph.store.suggest_reads.origin_facts` with ``PLACE_FACTS``); a store
        may answer all in one read.

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
        """
        found = self.area_candidates(origin_id, area)
        links = self.candidate_links(origin_id, list(found.nodes), country)
        return found, links, suggest_reads.origin_facts(self, origin_id, links, PLACE_FACTS)

    def partnership_counts(self, ids: Iterable[str]) -> dict[str, int]:
        """How many partnerships each node has: see :func:`partnership_counts`.

        Parameters
        ----------
        ids : iterable of str
            Node ids.

        Returns
        -------
        dict of str to int
            Only nodes with at least one partnership.
        """
        return partnership_counts(self, ids)

    def node_facts(self, ids: Iterable[str], properties: Sequence[str]) -> dict[str, Node]:
        """The nodes of ``ids`` with only ``properties``: see :func:`node_facts`.

        Parameters
        ----------
        ids : iterable of str
            Node ids; unknown ones are left out.
        properties : sequence of str
            Property names from the model.

        Returns
        -------
        dict of str to Node
        """
        return node_facts(self, ids, properties)
