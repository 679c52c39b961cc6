"""Every candidate's score and criteria at once: the rules of :func:`~graph.queries.suggest_evidence.components`
and of the criteria table (:mod:`graph.queries.suggest_reasons`) worked out as arrays.

A suggestion ranks every municipality of the target area (10,000 in a large country), but most of them
are linked to the origin by nothing: their score is made of the three components every candidate has
(activity, population, distance) and their criteria of the three that compare it with the others
(similar size, among the nearest, experienced). Those are computed here for all candidates as numpy
arrays; the components and criteria that need the linking evidence (shared partners, conferences,
organisations, themes, programmes, ties) are computed per candidate, for the few that have any.

The answers are the same numbers as the per-candidate rules, to the last bit: a score is the sum of
``weight * component`` taken in the order of ``components()``'s keys, left to right, rounded to 4
decimals; numpy's rounding (multiply, round to even, divide) equals Python's ``round`` except within
a hair of a tie, where Python's is used (:func:`round4`). Logarithms are taken with :mod:`math` as the
per-candidate rules take them. ``tests/test_suggest_scoring.py`` compares both on generated networks
and on the real dataset.
"""

from __future__ import annotations

import math
from typing import Mapping, Sequence

import numpy as np

from graph.queries.suggest_evidence import Context, Evidence, linking_components, population_similarity, saturating
from graph.queries.suggest_reasons import CRITERIA, SIMILAR_SIZE

_EXACT_BELOW = 2.0 ** 52 / 10_000  # below it, a value times 10**4 keeps its fraction
# the components every candidate has, in the order components() adds them after the linking ones
DENSE = ("activity", "population", "distance")


def round4(values: np.ndarray) -> np.ndarray:
    """``round(v, 4)`` of every value, as Python's ``round`` gives it.

    Parameters
    ----------
    values : numpy.ndarray of float
    Returns
    -------
    numpy.ndarray of float
        The same shape. Values within 1e-6 of a tie in the fifth decimal (after scaling), of 2**52 / 10**4
        or more in magnitude (where the scaled value holds no fraction) and infinities or NaN are given
        by Python's correctly rounded ``round`` one by one (or left as they are); the others by
        ``rint(v * 10**4) / 10**4``, which gives the same double there (IEEE division is correctly rounded).
    """
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = values * 10_000.0
        out = np.rint(scaled) / 10_000.0
        # beside a tie, and where a scaled value no longer holds a fraction (|v| from 2**52 / 10**4) or is
        # not finite, Python's round decides
        by_python = ~(np.abs(scaled - np.floor(scaled) - 0.5) >= 1e-6) | ~(np.abs(values) < _EXACT_BELOW)
    for i in np.flatnonzero(by_python).tolist():
        out[i] = round(float(values[i]), 4) if np.isfinite(values[i]) else values[i]
    return out


def linked(evidence: Sequence[Evidence]) -> list[int]:
    """The positions of the candidates that anything links to the origin (a shared partner, conference,
    organisation or theme, a programme partnership, a tie to its country or one of its partners near).

    Parameters
    ----------
    evidence : sequence of Evidence
    Returns
    -------
    list of int
        Ascending; the only candidates whose linking components and criteria can be anything but empty.
    """
    return [i for i, ev in enumerate(evidence)
            if ev.shared or ev.met or ev.orgs or ev.themes or ev.programme_partners or ev.country_ties
            or ev.land_ties or ev.near_origin or ev.near_partners]


def _kilometres(evidence: Sequence[Evidence]) -> np.ndarray:
    return np.array([np.nan if ev.km is None else ev.km for ev in evidence], dtype=np.float64)  # NaN: unknown


def dense_values(context: Context, evidence: Sequence[Evidence]) -> dict[str, np.ndarray]:
    """The raw (unrounded) activity, population and distance components of every candidate, 0 where absent.

    Parameters
    ----------
    context : Context
        The origin's side (its population).
    evidence : sequence of Evidence
    Returns
    -------
    dict of str to numpy.ndarray
        ``DENSE`` name -> float array in the order of ``evidence``; the rules of ``components()``.
    """
    counts = [ev.partner_count for ev in evidence]
    activity_of = {n: saturating(n, 20) if n else 0.0 for n in set(counts)}
    activity = np.array([activity_of[n] for n in counts], dtype=np.float64)
    o_pop = context.origin.get("population")
    population = np.array([population_similarity(o_pop, ev.node.get("population")) for ev in evidence],
                          dtype=np.float64)
    km = _kilometres(evidence)
    distance = np.where(np.isnan(km), 0.0, 1.0 / (1.0 + km / 1000.0))
    return {"activity": activity, "population": population, "distance": distance}


def scores(context: Context, evidence: Sequence[Evidence], weights: Mapping[str, float],
           positions: Sequence[int] | None = None) -> np.ndarray:
    """Every candidate's score: ``round(sum of weight * component, 4)``, the components of
    :func:`~graph.queries.suggest_evidence.components` added in its order.

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`~graph.queries.suggest_evidence.gather`.
    evidence : sequence of Evidence
        The candidates' evidence.
    weights : mapping of str to float
        Component name -> weight, for every component (``DEFAULT_WEIGHTS`` with overrides).
    positions : sequence of int, optional
        :func:`linked` of ``evidence``, when already known.
    Returns
    -------
    numpy.ndarray of float
        In the order of ``evidence``.
    """
    total = np.zeros(len(evidence), dtype=np.float64)
    for i in linked(evidence) if positions is None else positions:
        s = 0.0
        for k, v in linking_components(context, evidence[i]).items():
            s = s + weights[k] * v
        total[i] = s
    for name, raw in dense_values(context, evidence).items():
        total = total + np.where(raw != 0.0, weights[name] * round4(raw), 0.0)
    return round4(total)


def criteria_table(context: Context, evidence: Sequence[Evidence],
                   positions: Sequence[int] | None = None) -> dict[str, np.ndarray]:
    """Which candidate meets which criterion (the table in :mod:`graph.queries.suggest_reasons`), before the
    distinguishing rule: :func:`graph.queries.suggest_reasons.met_criteria` for all candidates at once.

    "among the nearest" and "experienced" compare a candidate with the others of this question (the
    nearest quarter and 20 % below the median distance; at least 3 partnerships and more than three
    quarters of the candidates).

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`~graph.queries.suggest_evidence.gather`.
    evidence : sequence of Evidence
        The candidates' evidence.
    positions : sequence of int, optional
        :func:`linked` of ``evidence``, when already known.
    Returns
    -------
    dict of str to numpy.ndarray of bool
        Every name of ``CRITERIA`` -> whether each candidate (in the order of ``evidence``) meets it.
    """
    n = len(evidence)
    table = {c: np.zeros(n, dtype=bool) for c in CRITERIA}
    linking = (("shared partners", "shared"), ("same conference", "met"), ("same organisation", "orgs"),
               ("shared themes", "themes"), ("programme partnerships", "programme_partners"),
               ("ties to your country", "country_ties"), ("near your partner", "near_partners"))
    for i in linked(evidence) if positions is None else positions:
        ev = evidence[i]
        for criterion, attribute in linking:
            if getattr(ev, attribute):
                table[criterion][i] = True
        if ev.land_ties or ev.near_origin:
            table["ties to your Land"][i] = True
    o_pop = context.origin.get("population")
    if o_pop and o_pop > 0:
        pops = np.array([_positive(ev.node.get("population")) for ev in evidence], dtype=np.float64)
        with np.errstate(invalid="ignore"):
            ratio = np.maximum(pops, float(o_pop)) / np.minimum(pops, float(o_pop))
            table["similar size"] = ratio <= SIMILAR_SIZE  # NaN (unknown size) compares False
    km = _kilometres(evidence)
    known = np.sort(km[~np.isnan(km)])
    if known.size:
        near_q = known[min(known.size - 1, int(0.25 * known.size))]
        median = known[min(known.size - 1, int(0.5 * known.size))]
        with np.errstate(invalid="ignore"):
            table["among the nearest"] = (km <= near_q) & (km <= 0.8 * median)
    counts = np.array([ev.partner_count for ev in evidence], dtype=np.int64)
    fewer = np.searchsorted(np.sort(counts), counts, side="left")
    table["experienced"] = (counts >= 3) & (fewer > 0.75 * n)
    return table


def _positive(value) -> float:
    return float(value) if value and value > 0 else math.nan


def distinguishing_criteria(table: Mapping[str, np.ndarray]) -> list[str]:
    """The criteria some but not all candidates meet, in the order of ``CRITERIA``.

    Parameters
    ----------
    table : mapping of str to numpy.ndarray of bool
        As from :func:`criteria_table`.
    Returns
    -------
    list of str
        Empty for fewer than two candidates.
    """
    return [c for c in CRITERIA if 0 < int(np.count_nonzero(table[c])) < len(table[c])]


def ranked(ids: Sequence[str], values: np.ndarray) -> list[int]:
    """Positions of the candidates best first: by score, then by id (the same order on every store).

    Parameters
    ----------
    ids : sequence of str
    values : numpy.ndarray of float
        Their scores, from :func:`scores`.
    Returns
    -------
    list of int
    """
    keys = (-values).tolist()
    return sorted(range(len(ids)), key=lambda i: (keys[i], ids[i]))

