"""What links the candidates of a partner suggestion to the origin, written once over the primitives.

For an origin municipality and the candidate municipalities of a target area,
:func:`candidate_links` counts and collects per candidate what the ranking and its reasons need:
how many partners it has and of which kinds, its programme partners, the partners, conferences,
organisations and themes it shares with the origin, and its partners in the origin's country.
Only these come back, not every relationship of every candidate. ``GraphStore.candidate_links``
answers with this function (the embedded store); the Neo4j store answers the same question in one
Cypher statement (graph.store.neo4j_queries, graph.store.cypher_server) under the rules stated here,
and the contract suite keeps the two equal.

Rules: a partner is the other end of a PARTNER_OF (counted once however many partnerships link the
two); a partnership without a kind is a twin partnership; a municipality takes part in the conferences
it ATTENDS and those HELD_IN it; a conference's themes are what it ADDRESSES; an organisation is one
the municipality is a MEMBER_OF.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Sequence

from graph.model import ADDRESSES, ATTENDS, HELD_IN, MEMBER_OF, PARTNER_OF

if TYPE_CHECKING:
    from graph.store.base import GraphStore

PROGRAMME_KINDS = ("climate", "solidarity", "project")  # partnership kinds run as programmes (SKEW, ...)
DEFAULT_KIND = "twin"  # the kind of a partnership stored without one


@dataclass
class CandidateLinks:
    """What links one candidate to the origin: counts and the ids of the linking nodes."""

    partners: int = 0  # its partners, of any kind
    kinds: set[str] = field(default_factory=set)  # the partnership kinds it holds
    programme_partners: dict[str, set[str]] = field(default_factory=dict)  # programme kind -> partner ids
    shared: set[str] = field(default_factory=set)  # partners the origin has too
    met: set[str] = field(default_factory=set)  # conferences both took part in
    orgs: set[str] = field(default_factory=set)  # organisations both are members of
    themes: set[str] = field(default_factory=set)  # themes of its conferences the origin's conferences address
    country_partners: set[str] = field(default_factory=set)  # its partners in the origin's country


@dataclass
class OriginFacts:
    """The origin's side of a suggestion: its partners, conferences, organisations and themes, how many
    partnerships each of its partners has, and where the places a reason may name lie."""

    partner_kinds: dict[str, set[str]] = field(default_factory=dict)  # partner id -> kinds of its partnerships with the origin
    events: set[str] = field(default_factory=set)  # conferences it attended or hosted
    orgs: set[str] = field(default_factory=set)  # organisations it is a member of
    themes: set[str] = field(default_factory=set)  # what those conferences address
    degrees: dict[str, int] = field(default_factory=dict)  # partner id -> its partnerships
    places: dict = field(default_factory=dict)  # id -> Node with the place facts, see origin_facts


def _other(edge, node_id: str) -> str:
    return edge.target if edge.source == node_id else edge.source


def partnership_kind(props: dict) -> str:
    """The kind of a partnership from its properties, ``DEFAULT_KIND`` when it has none.

    Parameters
    ----------
    props : dict
        The PARTNER_OF edge's properties.

    Returns
    -------
    str
    """
    return props.get("kind") or DEFAULT_KIND


def _events(edges, ids: set[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.type == ATTENDS and edge.source in ids:
            out[edge.source].add(edge.target)
        elif edge.type == HELD_IN and edge.target in ids:
            out[edge.target].add(edge.source)
    return out


def _origin_side(store: GraphStore, origin_id: str) -> tuple[dict[str, set[str]], set[str], set[str], set[str]]:
    """The origin's partners (id -> kinds of its partnerships with them), conferences, organisations and
    the themes of those conferences, by the rules of the module docstring."""
    partner_kinds: dict[str, set[str]] = defaultdict(set)
    origin_edges = store.edges(None, node_ids=[origin_id])
    for edge in origin_edges:
        if edge.type == PARTNER_OF:
            partner_kinds[_other(edge, origin_id)].add(partnership_kind(edge.props))
    events = _events(origin_edges, {origin_id}).get(origin_id, set())
    orgs = {e.target for e in origin_edges if e.type == MEMBER_OF and e.source == origin_id}
    themes = {e.target for e in store.edges(ADDRESSES, node_ids=events) if e.source in events} if events else set()
    return dict(partner_kinds), events, orgs, themes


def origin_facts(store: GraphStore, origin_id: str, links: dict[str, CandidateLinks],
                 properties: Sequence[str]) -> OriginFacts:
    """The origin's side of a suggestion, and where the places its reasons may name lie.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin_id : str
        The municipality looking for a partner (unknown: everything empty).
    links : dict of str to CandidateLinks
        What links the candidates to the origin (:func:`candidate_links`); their ``country_partners``
        are among the places read.
    properties : sequence of str
        The properties read of each place (graph.store.suggest_facts.PLACE_FACTS).

    Returns
    -------
    OriginFacts
        ``places`` holds the origin's partners and the candidates' partners in the origin's country,
        each with only ``properties``; ``degrees`` counts every partnership of each of the origin's
        partners (``GraphStore.partnership_counts``).
    """
    partner_kinds, events, orgs, themes = _origin_side(store, origin_id)
    partners = set(partner_kinds)
    wanted = set().union(*(found.country_partners for found in links.values())) | partners
    return OriginFacts(partner_kinds, events, orgs, themes,
                       store.partnership_counts(partners) if partners else {},
                       store.node_facts(wanted, properties) if wanted else {})


def candidate_links(store: GraphStore, origin_id: str, candidate_ids: Iterable[str],
                    country: str | None) -> dict[str, CandidateLinks]:
    """Candidate id -> what links it to the origin, for the candidates linked to anything.

    Parameters
    ----------
    store : GraphStore
        The graph.
    origin_id : str
        The municipality looking for a partner.
    candidate_ids : iterable of str
        The candidates (none of them the origin or its partner).
    country : str or None
        The origin's country, whose partners of a candidate are collected; None or "" for none.

    Returns
    -------
    dict of str to CandidateLinks
        Only candidates with a partner, a shared conference, organisation or theme; the others have
        nothing to count.
    """
    cand_ids = set(candidate_ids)
    if not cand_ids:
        return {}
    partner_kinds, origin_events, origin_orgs, origin_themes = _origin_side(store, origin_id)
    origin_partners = set(partner_kinds)

    cand_edges = store.edges(None, node_ids=cand_ids)
    partners: dict[str, set[str]] = defaultdict(set)
    links: dict[str, CandidateLinks] = defaultdict(CandidateLinks)
    for edge in cand_edges:
        if edge.type == PARTNER_OF:
            kind = partnership_kind(edge.props)
            for end in (edge.source, edge.target):
                if end in cand_ids:
                    other, found = _other(edge, end), links[end]
                    partners[end].add(other)
                    found.kinds.add(kind)
                    if kind in PROGRAMME_KINDS:
                        found.programme_partners.setdefault(kind, set()).add(other)
        elif edge.type == MEMBER_OF and edge.source in cand_ids and edge.target in origin_orgs:
            links[edge.source].orgs.add(edge.target)
    cand_events = _events(cand_edges, cand_ids)
    for cid, events in cand_events.items():
        if events & origin_events:
            links[cid].met = events & origin_events
    if origin_themes and cand_events:
        conferences = set().union(*cand_events.values())
        themes: dict[str, set[str]] = defaultdict(set)
        for edge in store.edges(ADDRESSES, node_ids=conferences):
            if edge.source in conferences and edge.target in origin_themes:
                themes[edge.source].add(edge.target)
        for cid, events in cand_events.items():
            shared_themes = set().union(*(themes[c] for c in events))
            if shared_themes:
                links[cid].themes = shared_themes
    in_country: set[str] = set()
    if country:
        others = store.get_many(set().union(*partners.values())) if partners else {}
        in_country = {i for i, n in others.items() if n.get("country") == country}
    for cid, ids in partners.items():
        found = links[cid]
        found.partners = len(ids)
        found.shared = ids & origin_partners
        found.country_partners = ids & in_country
    return dict(links)
