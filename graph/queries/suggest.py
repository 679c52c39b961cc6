"""Partner suggestions: which municipalities of a target area would fit a municipality, and why.

Candidates are the municipalities of the target area that are not the origin and not already its
partner (of any kind), narrowed by optional :class:`Filters` (:mod:`graph.queries.suggest_candidates`).
Each candidate gets components (:func:`graph.queries.suggest_evidence.components`); the score is
their weighted sum (``DEFAULT_WEIGHTS``, overridable per call), added left to right in the order of
the table below, rounded to 4 decimals (:mod:`graph.queries.suggest_scoring` works it out for every
candidate at once), and candidates
are ranked by score, then by id, so the order is the same on every store.

=====================  =======  ==========================================================================
component              weight   value
=====================  =======  ==========================================================================
shared_partners        see      sum over partners both have of 1 / ln(1 + the partner's partnerships),
                       below    doubled for a partner in the origin's or the candidate's country
shared_conferences              conferences both attended or hosted: min(n, 2) / 2
shared_organisations            organisations both are members of: min(n, 2) / 2
shared_themes                   themes of the conferences each attended, in common: min(n, 3) / 3
programmes                      1 when the candidate holds a climate, solidarity or project partnership
origin_country_ties             candidate's partners in the origin's country: ln(1 + n) / ln(11), at most 1
land_ties                       ... in the origin's Land (subdivision): ln(1 + n) / ln(6), at most 1
near_origin                     ... within 40 km of the origin: ln(1 + n) / ln(6), at most 1
near_partners                   origin's partners within 40 km of the candidate: min(n, 2) / 2
activity                        candidate's partnerships: ln(1 + n) / ln(21), at most 1
population                      1 - |log10(p1 / p2)| / 2, at least 0; 0 when either is unknown
distance                        1 / (1 + km / 1000); 0 when coordinates are unknown
=====================  =======  ==========================================================================

The weights of the components the twin-city data holds are tuned by the back-test
(``make bench-suggest``, ``benchmarks/suggest_backtest.py``) on a validation split that the reported
figures never see; conferences, organisations, themes and programmes are not in that data, so their
weights are set by judgement (a shared conference or organisation counts like a shared local partner).

The score is shown with a meaning: ``percentile`` (share of the other candidates with a lower score)
and "fits N of M criteria" (:mod:`graph.queries.suggest_reasons`: only criteria that tell candidates apart
count, and only those are given as reasons).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Mapping

from graph.errors import UsageError
from graph.model import Node
from graph.i18n import _, area_name, ngettext, number
from graph.queries.regional import Area
from graph.store.base import GraphStore
from graph.store.shared import without_cyclic_gc
from graph.queries.suggest_filters import KINDS, RANKING_HELP, Filters, population_band  # noqa: F401  (re-exported)
from graph.queries.suggest_evidence import components, population_similarity  # noqa: F401  (re-exported)
from graph.queries.suggest_reasons import reasons
from graph.queries.suggest_scoring import criteria_table, distinguishing_criteria, linked, ranked, scores
from graph.queries.suggest_candidates import complete, prepare

DEFAULT_WEIGHTS: dict[str, float] = {
    "shared_partners": 2.0,
    "shared_conferences": 1.5,
    "shared_organisations": 1.5,
    "shared_themes": 0.5,
    "programmes": 0.5,
    "origin_country_ties": 0.0,
    "land_ties": 0.05,
    "near_origin": 0.3,
    "near_partners": 0.2,
    "activity": 0.3,
    "population": 0.3,
    "distance": 1.2,
}
MAX_PATHS = 3


@dataclass
class Suggestion:
    """One candidate: its score and components, reasons in words, paths to draw and what the score means."""

    node: Node
    score: float
    components: dict[str, float] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)
    paths: list[list[str]] = field(default_factory=list)
    percentile: int = 100  # share of the other candidates with a lower score, in %
    criteria: list[str] = field(default_factory=list)  # distinguishing criteria met
    criteria_total: int = 0  # distinguishing criteria of this question

    @property
    def fit(self) -> str:
        """"fits 3 of 5 criteria" (or "no criterion tells the candidates apart")."""
        if not self.criteria_total:
            return _("no criterion tells the candidates apart")
        return ngettext("fits {n} of {m} criterion", "fits {n} of {m} criteria", self.criteria_total).format(
            n=number(len(self.criteria)), m=self.criteria_total)

    def to_dict(self) -> dict:
        """One table row: name, id, country, subdivision, score, percentile, criteria, reasons, c_* components."""
        return {"name": self.node.name, "id": self.node.id, "country": self.node.get("country", ""),
                "subdivision": self.node.get("subdivision", ""), "score": self.score,
                "percentile": self.percentile,
                "criteria": _("{n} of {m}").format(n=len(self.criteria), m=self.criteria_total),
                "reasons": "; ".join(self.reasons), **{f"c_{k}": v for k, v in self.components.items()}}


@dataclass
class Suggestions:
    """The answer to one question: the ranked suggestions and what the candidates were.

    ``message`` says in words why the list is empty (no municipality of the area in the store, all
    already partners, or the filters left none), or how many were ranked.
    """

    origin: Node
    target: Area
    suggestions: list[Suggestion]
    in_area: int  # municipalities of the area in the store, the origin not counted
    partners_already: int  # of which already partners of the origin
    filtered_out: dict[str, int]  # filter in words -> candidates it removed
    ranked: int  # candidates that passed the filters
    criteria: list[str]  # the distinguishing criteria
    message: str


def _weights(weights: Mapping[str, float] | None) -> dict[str, float]:
    w = dict(DEFAULT_WEIGHTS)
    if weights:
        unknown = set(weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise UsageError(f"unknown weight(s) {', '.join(sorted(unknown))}; use {', '.join(DEFAULT_WEIGHTS)}")
        w.update(weights)
    return w


def _message(origin: Node, target: Area, in_area: int, partners: int, removed: dict[str, int], ranked: int) -> str:
    where = area_name(target)
    if not in_area:
        return _("the store holds no municipality in {area} — load data for it "
                 "(e.g. partnernet load twin-cities FILE)").format(area=where)
    if not partners < in_area:
        if in_area == 1:
            return _("the only municipality in {area} the store holds is already a partner of {origin}").format(
                area=where, origin=origin.name)
        return _("all {n} municipalities in {area} the store holds are already partners of {origin}").format(
            n=number(in_area), area=where, origin=origin.name)
    candidates = in_area - partners
    if not ranked:
        return ngettext("none of the {n} candidate in {area} passes the filters: {why}",
                        "none of the {n} candidates in {area} passes the filters: {why}", candidates).format(
            n=number(candidates), area=where, why="; ".join(removed))
    if removed:
        return ngettext("{n} candidate in {area} ranked ({left} left out by the filters)",
                        "{n} candidates in {area} ranked ({left} left out by the filters)", ranked).format(
            n=number(ranked), area=where, left=number(candidates - ranked))
    return ngettext("{n} candidate in {area} ranked", "{n} candidates in {area} ranked", ranked).format(
        n=number(ranked), area=where)


@without_cyclic_gc
def suggest(store: GraphStore, origin_id: str, target: Area, limit: int | None = 20,
            weights: Mapping[str, float] | None = None, filters: Filters | None = None) -> Suggestions:
    """Ranked partner suggestions for a municipality among the municipalities of an area, with reasons.

    Parameters
    ----------
    store : GraphStore
    origin_id : str
        Id of the municipality looking for a partner.
    target : Area
        Where the partner should be (:func:`graph.queries.regional.resolve_area`).
    limit : int or None
        How many suggestions to return with reasons (None: all).
    weights : mapping, optional
        Overrides of ``DEFAULT_WEIGHTS``.
    filters : Filters, optional
        Size band, no partner in the origin's country, a partner in its Land, kind sought.
    Returns
    -------
    Suggestions
        Best first; ``message`` explains an empty list.
    Raises
    ------
    NotFound
        When ``origin_id`` is not a municipality of the store.
    ValidationError
        For a bad filter value; UsageError for an unknown weight.
    Example
    -------
    >>> found = suggest(store, find_one(store, "Gießen").id, resolve_area(store, "Ghana"), limit=10)  # doctest: +SKIP
    >>> found.suggestions[0].fit  # doctest: +SKIP
    'fits 3 of 5 criteria'
    """
    w = _weights(weights)
    origin, context, found, kept, removed = prepare(store, origin_id, target, filters)
    ids, evidence = list(kept), list(kept.values())
    positions = linked(evidence)
    values = scores(context, evidence, w, positions)
    order = ranked(ids, values)
    table = criteria_table(context, evidence, positions)
    criteria = distinguishing_criteria(table)
    kms = [ev.km for ev in evidence if ev.km is not None]
    ordered = values[order].tolist() if order else []
    lower = _lower_counts(ordered)
    top = order if limit is None else order[:limit]
    shown_components = [components(context, evidence[i]) for i in top]  # of the facts the score was given
    complete(store, context, [evidence[i] for i in top])
    suggestions = []
    for index, i in enumerate(top):
        ev = evidence[i]
        shown = {c for c in criteria if table[c][i]}
        words, paths = reasons(context, ev, shown, kms)
        percentile = 100 * lower[index] // (len(order) - 1) if len(order) > 1 else 100
        suggestions.append(Suggestion(ev.node, ordered[index], shown_components[index], words, paths[:MAX_PATHS],
                                      percentile, [c for c in criteria if c in shown], len(criteria)))
    already = len(found.partners)
    return Suggestions(origin, target, suggestions, found.in_area, already, removed, len(kept), criteria,
                       _message(origin, target, found.in_area, already, removed, len(kept)))


def _lower_counts(scores: list[float]) -> list[int]:
    """For scores sorted best first: how many scores are strictly lower than each."""
    out, n, i = [], len(scores), 0
    while i < n:
        j = i
        while j < n and scores[j] == scores[i]:
            j += 1
        out.extend([n - j] * (j - i))
        i = j
    return out


def suggest_partners(store: GraphStore, origin_id: str, target: Area, limit: int | None = 20,
                     weights: Mapping[str, float] | None = None, filters: Filters | None = None) -> list[Suggestion]:
    """The suggestions of :func:`suggest` as a list, best first (an empty list says nothing about why).

    Parameters
    ----------
    store, origin_id, target, limit, weights, filters : as for :func:`suggest`
    Returns
    -------
    list of Suggestion
    Raises
    ------
    NotFound
        ``origin_id`` is not a municipality of the store.
    ValidationError
        A bad filter value.
    """
    return suggest(store, origin_id, target, limit, weights, filters).suggestions


def suggestions_table(suggestions: list[Suggestion]):
    """The suggestions as a DataFrame: one row each (:meth:`Suggestion.to_dict`), components as c_* columns.

    Parameters
    ----------
    suggestions : list of Suggestion
    Returns
    -------
    pandas.DataFrame
    """
    import pandas as pd

    return pd.DataFrame([s.to_dict() for s in suggestions])
