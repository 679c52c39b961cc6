"""Why a candidate fits: criteria in words, and only those that tell candidates apart.

A suggestion's reasons are the criteria it meets, among the criteria that *distinguish* the
candidates of this question: a criterion every candidate meets (all of Ghana is about 5,000 km from
Gießen) or none meets is neither shown nor counted. "Fits N of M criteria" counts the criteria the
candidate meets (N) among those distinguishing ones (M).

======================  ===============================================================================
criterion               met when the candidate ...
======================  ===============================================================================
shared partners         has a partner the origin has too
same conference         attended or hosted a conference the origin attended or hosted
same organisation       is a member of an organisation the origin belongs to
shared themes           attended conferences on a theme the origin's conferences addressed
programme partnerships  holds a climate, solidarity or project partnership (programmes such as SKEW's)
ties to your Land       has a partner in the origin's Land (first-level subdivision) or within 40 km of it
ties to your country    has a partner in the origin's country
near your partner       lies within 40 km of one of the origin's partners
similar size            has a population within a factor of 2 of the origin's
among the nearest       is in the nearest quarter of candidates and at least 20 % nearer than the median
experienced             has at least 3 partnerships, more than three quarters of the candidates
======================  ===============================================================================
"""

from __future__ import annotations

import bisect

from graph.i18n import _, country_name, kind_phrase, ngettext, number, pgettext
from graph.geo.subdivisions import subdivision as find_subdivision
from graph.queries.suggest_evidence import NEAR_KM, Context, Evidence, km_between, programmes, shared_weight

CRITERIA = ("shared partners", "same conference", "same organisation", "shared themes", "programme partnerships",
            "ties to your Land", "ties to your country", "near your partner", "similar size", "among the nearest",
            "experienced")
SIMILAR_SIZE = 2.0  # population ratio up to which sizes are called similar
HUB = 10  # a shared partner with this many partnerships is called a hub
_NAMES = 3


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0


def _size_ratio(a, b) -> float | None:
    return max(a, b) / min(a, b) if a and b and a > 0 and b > 0 else None


def met_criteria(context: Context, evidence: dict[str, Evidence]) -> dict[str, set[str]]:
    """Candidate id -> the criteria it meets, before the distinguishing rule (see the module table).

    The rule, one candidate at a time; the ranking works it out for all candidates at once
    (:func:`graph.queries.suggest_scoring.criteria_table`, the same answer).

    "among the nearest" and "experienced" compare a candidate with the others of this question (the
    nearest quarter and 20 % below the median distance; more partnerships than three quarters of them).

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`graph.queries.suggest_evidence.gather`.
    evidence : dict of str to Evidence
        Candidate id -> its evidence, from the same call.

    Returns
    -------
    dict of str to set of str
        Candidate id -> names from :data:`CRITERIA`.
    """
    kms = [ev.km for ev in evidence.values() if ev.km is not None]
    near_q, median_km = _quantile(kms, 0.25), _quantile(kms, 0.5)
    counts = sorted(ev.partner_count for ev in evidence.values())
    o_pop = context.origin.get("population")
    out = {}
    for cid, ev in evidence.items():
        met = set()
        if ev.shared:
            met.add("shared partners")
        if ev.met:
            met.add("same conference")
        if ev.orgs:
            met.add("same organisation")
        if ev.themes:
            met.add("shared themes")
        if ev.programme_partners:  # what programmes(ev) gives
            met.add("programme partnerships")
        if ev.land_ties or ev.near_origin:
            met.add("ties to your Land")
        if ev.country_ties:
            met.add("ties to your country")
        if ev.near_partners:
            met.add("near your partner")
        ratio = _size_ratio(o_pop, ev.node.get("population"))
        if ratio is not None and ratio <= SIMILAR_SIZE:
            met.add("similar size")
        if ev.km is not None and ev.km <= near_q and ev.km <= 0.8 * median_km:
            met.add("among the nearest")
        fewer = bisect.bisect_left(counts, ev.partner_count)
        if ev.partner_count >= 3 and fewer > 0.75 * len(counts):
            met.add("experienced")
        out[cid] = met
    return out


def distinguishing(met: dict[str, set[str]]) -> list[str]:
    """The criteria met by some but not all candidates, in the order of :data:`CRITERIA`.

    Parameters
    ----------
    met : dict of str to set of str
        As from :func:`met_criteria`.

    Returns
    -------
    list of str
        Empty for fewer than two candidates.

    Examples
    --------
    >>> distinguishing({"a": {"similar size", "shared partners"}, "b": {"similar size"}})
    ['shared partners']
    """
    n = len(met)
    return [c for c in CRITERIA if 0 < sum(1 for m in met.values() if c in m) < n]


def _names(ids, context: Context, describe=None) -> str:
    nodes = [context.named[i] for i in ids if i in context.named]
    shown = [describe(n) if describe else n.name for n in nodes[:_NAMES]]
    more = len(nodes) - _NAMES
    if more > 0:
        return ngettext("{names} and {n} more", "{names} and {n} more", more).format(names=", ".join(shown), n=number(more))
    return ", ".join(shown)


def _sorted(ids, context: Context) -> list[str]:
    return sorted(ids, key=lambda i: (context.named[i].name.casefold() if i in context.named else i, i))


def land_name(node) -> str:
    """The local name of a municipality's first-level subdivision ("Hessen"), or its raw value.

    Parameters
    ----------
    node : Node
        Names come from ISO 3166-2 via ``graph.geo.subdivisions``.

    Returns
    -------
    str
        "" when the node has no subdivision.
    """
    sub = find_subdivision(node.get("subdivision") or "", node.get("country"))
    return sub.name if sub is not None else (node.get("subdivision") or "")


def _people(n: int) -> str:
    return number(round(n, -3)) if n >= 10_000 else number(n)


def criterion_label(criterion: str) -> str:
    """A criterion of :data:`CRITERIA` in the current language ("shared partners" / "gemeinsame Partner").

    Parameters
    ----------
    criterion : str
        One of :data:`CRITERIA`, in English as the code names it.

    Returns
    -------
    str
        The gettext catalogue's word for it (context "criterion"); the English text when untranslated.
    """
    return pgettext("criterion", criterion)


def reasons(context: Context, ev: Evidence, criteria: set[str], kms: list[float]) -> tuple[list[str], list[list[str]]]:
    """The reasons in words for the distinguishing criteria a candidate meets, and up to three paths
    (origin - linking node - candidate) to draw.

    Parameters
    ----------
    context : Context
        The origin's side, from :func:`graph.queries.suggest_evidence.gather`.
    ev : Evidence
        The candidate's evidence.
    criteria : set of str
        The criteria to give reasons for: those it meets among the distinguishing ones.
    kms : list of float
        Distances of all candidates from the origin in km, for the median quoted by "among the nearest".

    Returns
    -------
    (list of str, list of list of str)
        Sentences in the order of :data:`CRITERIA`, naming at most 3 linking places each; node-id paths
        through shared partners, conferences and organisations.
    """
    origin, node = context.origin, ev.node
    out: list[str] = []
    paths: list[list[str]] = []
    if "shared partners" in criteria:
        ranked = sorted(ev.shared, key=lambda p: (-shared_weight(context, p, node), context.named[p].name.casefold()
                                                  if p in context.named else p))

        def describe(p):
            degree = context.degrees.get(p.id, 0)
            where = land_name(p) if p.get("country") == origin.get("country") else country_name(p.get("country"))
            if degree >= HUB:
                return _("{name} ({where}, a hub with {n} partnerships)").format(name=p.name, where=where, n=number(degree))
            return f"{p.name} ({where})"

        out.append(ngettext("shares {n} partner with {origin}: {names}", "shares {n} partners with {origin}: {names}",
                            len(ev.shared)).format(n=number(len(ev.shared)), origin=origin.name,
                                                   names=_names(ranked, context, describe)))
        paths.extend([origin.id, p, node.id] for p in ranked)
    if "same conference" in criteria:
        out.append(_("both attended {names}").format(names=_names(_sorted(ev.met, context), context)))
        paths.extend([origin.id, c, node.id] for c in _sorted(ev.met, context))
    if "same organisation" in criteria:
        out.append(_("both members of {names}").format(names=_names(_sorted(ev.orgs, context), context)))
        paths.extend([origin.id, o, node.id] for o in _sorted(ev.orgs, context))
    if "shared themes" in criteria:
        out.append(_("works on the same themes: {names}").format(names=_names(_sorted(ev.themes, context), context)))
    if "programme partnerships" in criteria:
        for kind, partners in sorted(programmes(ev).items()):
            out.append(_("already in a {kind}: with {names}").format(
                kind=kind_phrase(kind), names=_names(_sorted(partners, context), context)))
    if "ties to your Land" in criteria:
        if ev.near_origin:
            close = sorted(ev.near_origin, key=lambda p: _distance(context, p))
            out.append(ngettext("has {n} partner within {km} km of {origin}: {names}",
                                "has {n} partners within {km} km of {origin}: {names}", len(close)).format(
                n=number(len(close)), km=f"{NEAR_KM:.0f}", origin=origin.name,
                names=_names(close, context, lambda p: f"{p.name} ({number(_distance(context, p.id))} km)")))
        rest = ev.land_ties - ev.near_origin
        if rest:
            out.append(ngettext("has {n} partner in {land}: {names}", "has {n} partners in {land}: {names}",
                                len(rest)).format(n=number(len(rest)), land=land_name(origin),
                                                  names=_names(_sorted(rest, context), context)))
    if "ties to your country" in criteria:
        rest = ev.country_ties - ev.land_ties - ev.near_origin
        if rest:
            message = ngettext("has {n} other partner in {country}: {names}",
                               "has {n} other partners in {country}: {names}", len(rest)) \
                if len(rest) < len(ev.country_ties) else ngettext(
                    "has {n} partner in {country}: {names}", "has {n} partners in {country}: {names}", len(rest))
            out.append(message.format(n=len(rest), country=country_name(origin.get("country")),
                                      names=_names(_sorted(rest, context), context)))
    if "near your partner" in criteria:
        out.append(_("lies within {km} km of {origin}'s partner {names}").format(
            km=f"{NEAR_KM:.0f}", origin=origin.name, names=_names(_sorted(ev.near_partners, context), context)))
    if "similar size" in criteria:
        out.append(_("similar size: {size} vs {origin_size}").format(
            size=_people(node.get("population")), origin_size=_people(origin.get("population"))))
    if "among the nearest" in criteria:
        out.append(_("among the nearest: {km} km from {origin} (half the candidates are {median} km or more away)")
                   .format(km=number(ev.km), origin=origin.name, median=number(_quantile(kms, 0.5))))
    if "experienced" in criteria:
        out.append(ngettext("experienced: {n} partnership, more than three quarters of the candidates",
                            "experienced: {n} partnerships, more than three quarters of the candidates",
                            ev.partner_count).format(n=number(ev.partner_count)))
    return out, paths[:3]


def _distance(context: Context, partner_id: str) -> float:
    partner = context.named.get(partner_id)
    km = km_between(partner, context.origin) if partner is not None else None
    return km if km is not None else float("inf")
