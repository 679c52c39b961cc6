"""The evidence behind partner suggestions, read from a store in a handful of batch calls.

For an origin municipality and the candidates of a target area, :func:`gather` collects what links
each candidate to the origin — partners both have, conferences both attended, organisations both
belong to, themes both work on, partners the candidate has in the origin's country, Land and
neighbourhood, programme partnerships (climate, solidarity, project) — and the plain facts (size,
distance). :func:`components` turns one candidate's evidence into the numbers the ranking weighs
(see :mod:`graph.queries.suggest`; :mod:`graph.queries.suggest_scoring` works them out for all
candidates at once). No per-candidate queries: the candidates with only the facts the ranking reads,
what links each to the origin (per candidate only counts and the ids of the linking nodes) and the
origin's side (its partners and their partnership counts, its conferences, organisations and themes,
where the places a reason names lie) come from one store call, ``GraphStore.suggestion_facts``, which
Neo4j answers in one statement; :func:`graph.queries.suggest_candidates.complete` reads the whole nodes
of the few suggestions shown.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from graph.model import Node
from graph.store.base import GraphStore
from graph.store.suggest_facts import PLACE_FACTS
from graph.store.suggest_reads import PROGRAMME_KINDS, CandidateLinks, OriginFacts, origin_facts, partnership_kind  # noqa: F401  (re-exported)
from graph.queries.suggest_places import NEAR_KM, km_between, km_from, near_pairs, partner_places, same_subdivision  # noqa: F401


_NONE: frozenset = frozenset()  # the default of every set below: most candidates have no link at all


@dataclass(slots=True)
class Evidence:
    """What links one candidate to the origin (ids of the linking nodes) and the plain facts.

    The sets are not changed in place once made (an empty one may be shared between candidates).
    """

    node: Node
    partner_count: int = 0  # its partners, of any kind
    shared: set[str] = _NONE
    met: set[str] = _NONE
    orgs: set[str] = _NONE
    themes: set[str] = _NONE
    kinds: set[str] = _NONE  # the partnership kinds it holds
    programme_partners: dict[str, set[str]] = field(default_factory=dict)  # programme kind -> partners
    country_ties: set[str] = _NONE  # partners in the origin's country
    land_ties: set[str] = _NONE  # ... in the origin's Land / subdivision
    near_origin: set[str] = _NONE  # ... within NEAR_KM of the origin
    near_partners: set[str] = _NONE  # origin's partners within NEAR_KM of it
    km: float | None = None


@dataclass
class Context:
    """The origin's side: its partners, conferences, organisations, themes and the nodes named."""

    origin: Node
    partners: set[str]
    partner_kinds: dict[str, set[str]]  # partner id -> kinds of the partnerships with the origin
    degrees: dict[str, int]  # partner id -> its number of partnerships
    named: dict[str, Node]  # every node a reason may mention


def gather(store: GraphStore, origin: Node, candidates: dict[str, Node],
           links: dict[str, CandidateLinks] | None = None,
           side: OriginFacts | None = None) -> tuple[Context, dict[str, Evidence]]:
    """The origin's context and every candidate's evidence.

    Parameters
    ----------
    store : GraphStore
    origin : Node
        The municipality looking for a partner.
    candidates : dict
        Candidate id -> Municipality node (not the origin, none of its partners).
    links : dict, optional
        ``store.candidate_links`` of these candidates, when already read (``GraphStore.suggestion_facts``);
        read here otherwise.
    side : OriginFacts, optional
        The origin's side for these links (graph.store.suggest_reads.origin_facts), when already read
        with them; read here otherwise.

    Returns
    -------
    (Context, dict)
        The origin's side and candidate id -> :class:`Evidence`.
    """
    origin_id = origin.id
    if links is None:
        links = store.candidate_links(origin_id, list(candidates), origin.get("country") or None)
    if side is None:
        side = origin_facts(store, origin_id, links, PLACE_FACTS)
    partners = set(side.partner_kinds)
    # where the candidates' partners in the origin's country lie (Land and 40 km ties), and the
    # origin's partners, which the reasons name; the conferences, organisations and themes as whole nodes
    places = side.places
    others = side.events | side.orgs | side.themes
    named = {**places, **(store.get_many(others) if others else {})}
    named[origin_id] = origin

    partners_in: dict[str | None, list[Node]] = defaultdict(list)  # the origin's partners by country
    for p in partners:
        if p in named:
            partners_in[named[p].get("country")].append(named[p])
    land, near = partner_places(origin, places)
    near_partners: dict[str, set[str]] = defaultdict(set)  # candidate -> the origin's partners near it
    by_country: dict[str | None, list[Node]] = defaultdict(list)
    for node in candidates.values():
        if node.get("country") in partners_in:
            by_country[node.get("country")].append(node)
    for where, nodes in by_country.items():
        for p, c in near_pairs(partners_in[where], nodes, NEAR_KM):
            near_partners[nodes[c].id].add(partners_in[where][p].id)
    evidence = {}
    for (cid, node), km in zip(candidates.items(), km_from(origin, list(candidates.values()))):
        found = links.get(cid)
        if found is None:  # most candidates of a country: nothing links them to the origin
            ev = evidence[cid] = Evidence(node)
        else:
            ev = evidence[cid] = Evidence(node, found.partners, found.shared, found.met, found.orgs, found.themes,
                                          found.kinds, found.programme_partners)
            ties = {p for p in found.country_partners if p in places} if found.country_partners else None
            if ties:
                ev.country_ties, ev.land_ties, ev.near_origin = ties, ties & land, ties & near
        if cid in near_partners:
            ev.near_partners = near_partners[cid]
        ev.km = km
    return Context(origin, partners, side.partner_kinds, side.degrees, named), evidence


def programmes(ev: Evidence) -> dict[str, set[str]]:
    """The candidate's partnerships of programme kinds (``PROGRAMME_KINDS``: climate, solidarity, project).

    Parameters
    ----------
    ev : Evidence
    Returns
    -------
    dict of str to set of str
        Kind -> ids of the partners of that kind; empty when there are none.
    """
    return dict(ev.programme_partners)


def population_similarity(p1: int | None, p2: int | None) -> float:
    """1 - |log10(p1 / p2)| / 2, at least 0; 0 when either is unknown (equal sizes give 1, a factor 10 gives 0.5).

    Parameters
    ----------
    p1, p2 : int or None
        Inhabitants of the two municipalities.

    Returns
    -------
    float
        From 0 to 1.

    Examples
    --------
    >>> population_similarity(100_000, 10_000)
    0.5
    >>> population_similarity(None, 5_000)
    0.0
    """
    if not p1 or not p2 or p1 <= 0 or p2 <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(p1 / p2)) / 2.0)


def shared_weight(context: Context, partner_id: str, candidate: Node) -> float:
    """What one shared partner is worth: 1 / ln(1 + its partnerships) (an Adamic–Adar weight), doubled
    when it lies in the origin's or the candidate's country (a far hub with many partners says little).

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`gather` (partners' partnership counts and nodes).
    partner_id : str
        A partner both the origin and the candidate have.
    candidate : Node
    Returns
    -------
    float
        At most 2 / ln 3 (a partnership count below 2 counts as 2).
    """
    partner = context.named.get(partner_id)
    local = partner is not None and partner.get("country") in (context.origin.get("country"), candidate.get("country"))
    return (2.0 if local else 1.0) / math.log(1 + max(2, context.degrees.get(partner_id, 1)))


def saturating(n: int, at: int) -> float:
    """ln(1 + n) / ln(1 + at), at most 1: a count that says more the larger it is, up to ``at``.

    Parameters
    ----------
    n : int
        A count (partners, ties), 0 or more.
    at : int
        The count at which the value reaches 1.
    Returns
    -------
    float
        From 0 to 1.
    """
    return min(1.0, math.log1p(n) / math.log1p(at))


def linking_components(context: Context, ev: Evidence) -> dict[str, float]:
    """The components of :func:`components` that need what links the candidate to the origin (shared
    partners, conferences, organisations, themes, programmes, ties, the origin's partners near it),
    rounded to 4 decimals, in :func:`components`' order; empty for most candidates.

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`gather`.
    ev : Evidence
        The candidate's evidence, from :func:`gather`.
    Returns
    -------
    dict of str to float
        Component name -> value, only those that are not 0.
    """
    comps = {}
    if ev.shared:
        comps["shared_partners"] = sum(shared_weight(context, p, ev.node) for p in ev.shared)
    if ev.met:
        comps["shared_conferences"] = min(len(ev.met), 2) / 2
    if ev.orgs:
        comps["shared_organisations"] = min(len(ev.orgs), 2) / 2
    if ev.themes:
        comps["shared_themes"] = min(len(ev.themes), 3) / 3
    if ev.programme_partners:
        comps["programmes"] = 1.0
    if ev.country_ties:
        comps["origin_country_ties"] = saturating(len(ev.country_ties), 10)
    if ev.land_ties:
        comps["land_ties"] = saturating(len(ev.land_ties), 5)
    if ev.near_origin:
        comps["near_origin"] = saturating(len(ev.near_origin), 5)
    if ev.near_partners:
        comps["near_partners"] = min(len(ev.near_partners), 2) / 2
    return {k: round(v, 4) for k, v in comps.items() if v}


def components(context: Context, ev: Evidence) -> dict[str, float]:
    """The numbers the ranking weighs for one candidate, rounded to 4 decimals.

    See the component table in :mod:`graph.queries.suggest` for what each is. The ranking itself
    works them out for all candidates at once (:func:`graph.queries.suggest_scoring.scores`, the same
    numbers); this is the rule, and what a suggestion shows.

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`gather`.
    ev : Evidence
        The candidate's evidence, from :func:`gather`.
    Returns
    -------
    dict of str to float
        Component name -> value, only those that are not 0; each from 0 to 1 but ``shared_partners``
        (a sum over shared partners).
    Examples
    --------
    >>> context, evidence = gather(store, origin, candidates)  # doctest: +SKIP
    >>> components(context, evidence[candidate_id])  # doctest: +SKIP
    {'shared_partners': 0.9102, 'distance': 0.6211, ...}
    """
    comps = linking_components(context, ev)
    dense = {}
    if ev.partner_count:
        dense["activity"] = saturating(ev.partner_count, 20)
    population = population_similarity(context.origin.get("population"), ev.node.get("population"))
    if population:
        dense["population"] = population
    if ev.km is not None:
        dense["distance"] = 1.0 / (1.0 + ev.km / 1000.0)
    comps.update((k, round(v, 4)) for k, v in dense.items() if v)
    return comps
