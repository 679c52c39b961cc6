"""Partner suggestions: which municipalities of a target area would fit a municipality, and why.

Candidates are the municipalities of the target area that are not the origin and not already its
partner (of any kind). Each candidate gets components in [0, 1]; the score is their weighted sum
(``DEFAULT_WEIGHTS``, overridable per call) rounded to 4 decimals, and candidates are ranked by
score, then by id, so the order is the same on every store.

=====================  =======  ===================================================================
component              weight   value
=====================  =======  ===================================================================
shared_partners        3.0      partners both already have: min(n, 3) / 3
shared_conferences     2.5      conferences both attended or hosted: min(n, 2) / 2
shared_organisations   2.0      organisations both are members of: min(n, 2) / 2
shared_themes          1.0      themes of the conferences each attended, in common: min(n, 3) / 3
origin_country_ties    1.5      candidate's partners in the origin's country: min(n, 3) / 3
activity               0.5      candidate's partnerships: log(1 + n) / log(21), at most 1
population             1.0      1 - |log10(p1 / p2)| / 2, at least 0; 0 when either is unknown
distance               0.5      1 / (1 + km / 1000); 0 when coordinates are unknown
=====================  =======  ===================================================================

Shared partners, conferences and organisations are the strong signals: they are how partnerships
start (an introduction, a meeting). Size and distance only separate otherwise equal candidates.
Every component that contributes comes with a reason in words, and up to three short paths
(origin - shared partner / conference / organisation - candidate) for drawing.

All data is fetched with a handful of batch primitive calls (no per-candidate queries), so a
suggestion on the whole twin-city dataset takes well under a second.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Mapping

from graph.errors import NotFound, UsageError
from graph.geo.gazetteer import distance_km
from graph.model import ADDRESSES, ATTENDS, HELD_IN, MEMBER_OF, MUNICIPALITY, PARTNER_OF, Node
from graph.geo.countries import country_name
from graph.queries.regional import Area, municipalities_in
from graph.store.base import GraphStore

DEFAULT_WEIGHTS: dict[str, float] = {
    "shared_partners": 3.0,
    "shared_conferences": 2.5,
    "shared_organisations": 2.0,
    "shared_themes": 1.0,
    "origin_country_ties": 1.5,
    "activity": 0.5,
    "population": 1.0,
    "distance": 0.5,
}
MAX_PATHS = 3
SIMILAR_POPULATION = 0.85  # population component from which sizes are called similar (ratio up to 2)
_NAMES_IN_REASON = 3


@dataclass
class Suggestion:
    node: Node
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    paths: list[list[str]] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"name": self.node.name, "id": self.node.id, "country": self.node.get("country", ""),
                "subdivision": self.node.get("subdivision", ""), "score": self.score,
                "reasons": "; ".join(self.reasons), **{f"c_{k}": v for k, v in self.components.items()}}


def _other(edge, node_id: str) -> str:
    return edge.target if edge.source == node_id else edge.source


def _names(ids, nodes: Mapping[str, Node]) -> str:
    names = sorted((nodes[i].name for i in ids if i in nodes), key=str.casefold)
    more = len(names) - _NAMES_IN_REASON
    return ", ".join(names[:_NAMES_IN_REASON]) + (f" and {more} more" if more > 0 else "")


def _thousands(population: int) -> str:
    if population >= 1_000_000:
        return f"{population / 1_000_000:.1f}M"
    if population >= 1000:
        return f"{round(population / 1000)}k"
    return str(population)


def population_similarity(p1: int | None, p2: int | None) -> float:
    if not p1 or not p2 or p1 <= 0 or p2 <= 0:
        return 0.0
    return max(0.0, 1.0 - abs(math.log10(p1 / p2)) / 2.0)


def _events(edges, ids: set[str]) -> dict[str, set[str]]:
    """Municipality id -> conferences it attended or hosted (HELD_IN counts as taking part)."""
    out: dict[str, set[str]] = defaultdict(set)
    for edge in edges:
        if edge.type == ATTENDS and edge.source in ids:
            out[edge.source].add(edge.target)
        elif edge.type == HELD_IN and edge.target in ids:
            out[edge.target].add(edge.source)
    return out


def suggest_partners(store: GraphStore, origin_id: str, target: Area, limit: int = 20,
                     weights: Mapping[str, float] | None = None) -> list[Suggestion]:
    """Ranked partner suggestions for ``origin_id`` among the municipalities of ``target``."""
    origin = store.get(origin_id)
    if origin is None or origin.label != MUNICIPALITY:
        raise NotFound(f"no municipality with id {origin_id!r}")
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise UsageError(f"unknown weight(s) {', '.join(sorted(unknown))}; use {', '.join(DEFAULT_WEIGHTS)}")
        w.update(weights)

    origin_edges = store.edges(None, node_ids=[origin_id])
    partners = {_other(e, origin_id) for e in origin_edges if e.type == PARTNER_OF}
    candidates = {n.id: n for n in municipalities_in(store, target) if n.id != origin_id and n.id not in partners}
    if not candidates:
        return []
    cand_ids = set(candidates)

    # every relationship of the candidates, in one call: partners, conferences, memberships
    cand_edges = store.edges(None, node_ids=cand_ids)
    cand_partners: dict[str, set[str]] = defaultdict(set)
    cand_orgs: dict[str, set[str]] = defaultdict(set)
    for edge in cand_edges:
        if edge.type == PARTNER_OF:
            for end in (edge.source, edge.target):
                if end in cand_ids:
                    cand_partners[end].add(_other(edge, end))
        elif edge.type == MEMBER_OF and edge.source in cand_ids:
            cand_orgs[edge.source].add(edge.target)
    cand_events = _events(cand_edges, cand_ids)
    origin_events = _events(origin_edges, {origin_id}).get(origin_id, set())
    origin_orgs = {e.target for e in origin_edges if e.type == MEMBER_OF and e.source == origin_id}

    conferences = origin_events | set().union(*cand_events.values()) if cand_events else set(origin_events)
    themes: dict[str, set[str]] = defaultdict(set)
    if conferences:
        for edge in store.edges(ADDRESSES, node_ids=conferences):
            if edge.source in conferences:
                themes[edge.source].add(edge.target)
    origin_themes = set().union(*(themes[c] for c in origin_events)) if origin_events else set()

    # names of everything a reason may mention, fetched once
    partner_ids = set().union(*cand_partners.values()) if cand_partners else set()
    theme_ids = set().union(*themes.values()) if themes else set()
    named = store.get_many(partner_ids | conferences | origin_orgs | theme_ids)
    origin_country = origin.get("country")
    country_label = country_name(origin_country) if origin_country else None

    # first every candidate's evidence and score, then words and paths for the ones shown
    o_pop, o_lat, o_lon = origin.get("population"), origin.get("lat"), origin.get("lon")
    log21 = math.log(21)
    scored = []
    for cid, node in candidates.items():
        mine = cand_partners.get(cid, set())
        ev = {
            "shared": mine & partners,
            "met": cand_events.get(cid, set()) & origin_events,
            "orgs": cand_orgs.get(cid, set()) & origin_orgs,
            "themes": set().union(*(themes[c] for c in cand_events[cid])) & origin_themes if cid in cand_events
            else set(),
            "ties": {p for p in mine if p in named and named[p].get("country") == origin_country}
            if origin_country else set(),
        }
        comps: dict[str, float] = {}
        for key, name, cap in (("shared", "shared_partners", 3), ("met", "shared_conferences", 2),
                               ("orgs", "shared_organisations", 2), ("themes", "shared_themes", 3),
                               ("ties", "origin_country_ties", 3)):
            if ev[key]:
                comps[name] = min(len(ev[key]), cap) / cap
        if mine:
            comps["activity"] = min(1.0, math.log1p(len(mine)) / log21)
        similarity = population_similarity(o_pop, node.get("population"))
        if similarity:
            comps["population"] = similarity
        if None not in (o_lat, o_lon, node.get("lat"), node.get("lon")):
            ev["km"] = distance_km(o_lat, o_lon, node.get("lat"), node.get("lon"))
            comps["distance"] = 1.0 / (1.0 + ev["km"] / 1000.0)
        comps = {k: round(v, 4) for k, v in comps.items()}
        scored.append((-round(sum(w[k] * v for k, v in comps.items()), 4), cid, comps, ev))
    scored.sort(key=lambda item: (item[0], item[1]))

    suggestions = []
    for neg_score, cid, comps, ev in scored[:limit]:
        node = candidates[cid]
        reasons: list[str] = []
        paths: list[list[str]] = []
        if ev["shared"]:
            n = len(ev["shared"])
            reasons.append(f"shares {n} partner{'s' if n > 1 else ''} with {origin.name}: {_names(ev['shared'], named)}")
            paths.extend([origin_id, p, cid] for p in sorted(ev["shared"]))
        if ev["met"]:
            reasons.append(f"both attended {_names(ev['met'], named)}")
            paths.extend([origin_id, c, cid] for c in sorted(ev["met"]))
        if ev["orgs"]:
            reasons.append(f"both members of {_names(ev['orgs'], named)}")
            paths.extend([origin_id, o, cid] for o in sorted(ev["orgs"]))
        if ev["themes"]:
            reasons.append(f"shared themes: {_names(ev['themes'], named)}")
        if ev["ties"]:
            n = len(ev["ties"])
            reasons.append(f"has {n} partner{'s' if n > 1 else ''} in {country_label}: {_names(ev['ties'], named)}")
        elif comps.get("activity"):
            n = len(cand_partners[cid])
            reasons.append(f"has {n} partnership{'s' if n > 1 else ''}")
        if comps.get("population", 0) >= SIMILAR_POPULATION:
            reasons.append(f"similar population ({_thousands(o_pop)} vs {_thousands(node.get('population'))})")
        if "km" in ev:
            reasons.append(f"{ev['km']:,.0f} km apart")
        suggestions.append(Suggestion(node, -neg_score, comps, reasons, paths[:MAX_PATHS]))
    return suggestions


def suggestions_table(suggestions: list[Suggestion]):
    """The suggestions as a DataFrame (one row each, components as c_* columns)."""
    import pandas as pd

    return pd.DataFrame([s.to_dict() for s in suggestions])
