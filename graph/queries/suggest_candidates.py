"""The candidates of a partner suggestion, before they are scored.

The candidates are the municipalities of the target area that are not the origin and not already its
partner (of any kind), read with only the facts the ranking needs; :func:`prepare` gathers their
evidence (:mod:`graph.queries.suggest_evidence`) and narrows them by the optional :class:`~graph.queries.suggest_filters.Filters`, counting in words
how many each filter left out. :func:`candidate_components` gives every kept candidate's components
unweighted, for the back-test (``benchmarks/suggest_backtest.py``) to re-weigh.
"""

from __future__ import annotations

from graph.errors import NotFound
from graph.model import MUNICIPALITY
from graph.i18n import _, country_name, kind_phrase, ngettext, number
from graph.queries.areas import Area
from graph.store.base import GraphStore
from graph.store.suggest_facts import PLACE_FACTS
from graph.queries.suggest_filters import Filters
from graph.queries.suggest_evidence import Context, Evidence, components, gather
from graph.queries.suggest_reasons import land_name


def _filter(context, evidence, filters: Filters) -> tuple[dict, dict[str, int]]:
    origin = context.origin
    country = country_name(origin.get("country")) if origin.get("country") else _("the origin's country")
    rules = []  # (the candidates a filter left out, in words with their number; the filter)
    if filters.min_population is not None or filters.max_population is not None:
        lo, hi = filters.min_population or 0, filters.max_population
        band = f"{number(lo)}–{number(hi)}" if hi is not None else _("{low} or more").format(low=number(lo))
        rules.append((lambda n: ngettext("{n} outside the size band {band} (or of unknown size)",
                                         "{n} outside the size band {band} (or of unknown size)", n).format(
            n=number(n), band=band), lambda ev: ev.node.get("population")
                      is not None and lo <= ev.node.get("population") and (hi is None or ev.node.get("population") <= hi)))
    if filters.without_partner_in_origin_country:
        rules.append((lambda n: ngettext("{n} already has a partner in {country}", "{n} already have a partner in "
                                         "{country}", n).format(n=number(n), country=country),
                      lambda ev: not ev.country_ties))
    if filters.with_partner_in_origin_land:
        land = land_name(origin) or _("the origin's Land")
        rules.append((lambda n: ngettext("{n} has no partner in {land}", "{n} have no partner in {land}", n).format(
            n=number(n), land=land), lambda ev: bool(ev.land_ties)))
    if filters.kind:
        rules.append((lambda n: ngettext("{n} holds no {kind}", "{n} hold no {kind}", n).format(
            n=number(n), kind=kind_phrase(filters.kind)), lambda ev: filters.kind in ev.kinds))
    if not rules:
        return evidence, {}
    counted = [(label, sum(1 for ev in evidence.values() if not keep(ev))) for label, keep in rules]
    kept = {cid: ev for cid, ev in evidence.items() if all(keep(ev) for _label, keep in rules)}
    return kept, {label(n): n for label, n in counted if n}


def prepare(store: GraphStore, origin_id: str, target: Area, filters: Filters | None):
    """The origin, the municipalities of the area, the candidates and those the filters keep.

    Parameters
    ----------
    store : GraphStore
        Where the origin, its partnerships and the area's municipalities are read.
    origin_id : str
        Id of the municipality looking for a partner.
    target : Area
        Where the partner should be (:func:`graph.queries.regional.resolve_area`).
    filters : Filters or None
        Size band, no partner in the origin's country, a partner in its Land, kind sought; None for none.

    Returns
    -------
    tuple
        ``(origin, context, found, kept, removed)``: the origin's Node, the shared
        :class:`~graph.queries.suggest_evidence.Context`, the area's municipalities other than the
        origin (:class:`graph.store.suggest_facts.AreaCandidates`: how many, which are already its
        partners (of any kind), and the others with the facts the ranking reads), id -> Evidence of the
        candidates every filter keeps, and each filter's count of candidates left out, in words -> number.

    Raises
    ------
    NotFound
        ``origin_id`` is not a municipality of the store.
    ValidationError
        A bad filter value.
    """
    origin = store.get(origin_id)
    if origin is None or origin.label != MUNICIPALITY:
        raise NotFound(_("no municipality with id {id!r}").format(id=origin_id))
    filters = filters or Filters()
    filters.check()
    found, links, side = store.suggestion_facts(origin_id, target, origin.get("country") or None)
    context, evidence = gather(store, origin, found.nodes, links, side)
    kept, removed = _filter(context, evidence, filters)
    return origin, context, found, kept, removed


def candidate_components(store: GraphStore, origin_id: str, target: Area,
                         filters: Filters | None = None) -> dict[str, dict[str, float]]:
    """Candidate id -> its components, for every candidate (what the back-test re-weighs).

    Parameters
    ----------
    store : GraphStore
        Where the origin, its partnerships and the area's municipalities are read.
    origin_id : str
        Id of the municipality looking for a partner.
    target : Area
        Where the partner should be (:func:`graph.queries.regional.resolve_area`).
    filters : Filters, optional
        As for :func:`graph.queries.suggest.suggest`; None (default) filters nothing.

    Returns
    -------
    dict of str to dict of str to float
        Candidate id -> component name -> value, the components of
        :func:`graph.queries.suggest_evidence.components` (each between 0 and 1, shared partners
        unbounded), unweighted; the candidates the filters keep, in no particular order.

    Raises
    ------
    NotFound
        ``origin_id`` is not a municipality of the store.
    ValidationError
        A bad filter value.

    Example
    -------
    >>> comps = candidate_components(store, "mun:gn:2920512", resolve_area(store, "Ghana"))  # doctest: +SKIP
    """
    _, context, _, kept, _ = prepare(store, origin_id, target, filters)
    return {cid: components(context, ev) for cid, ev in kept.items()}


def complete(store: GraphStore, context: Context, shown: list[Evidence]) -> None:
    """Read the whole nodes of the suggestions shown and the names of the programme partners their
    reasons name.

    The ranking reads only a few facts of every candidate and of its partners in the origin's country
    (:func:`graph.queries.suggest_evidence.gather`, which names those partners); the suggestions shown
    carry their whole node, so those nodes are read here, once, for the few shown.

    Parameters
    ----------
    store : GraphStore
    context : Context
        The origin's side, from :func:`graph.queries.suggest_evidence.gather`; the nodes read are
        added to ``named``.
    shown : list of Evidence
        The evidence of the suggestions shown; each ``node`` becomes the whole stored node.
    Returns
    -------
    None
    """
    read = store.get_many(ev.node.id for ev in shown)
    for ev in shown:
        ev.node = read.get(ev.node.id, ev.node)
    named = set().union(*(p for ev in shown for p in ev.programme_partners.values())) - set(context.named)
    if named:
        context.named.update(store.node_facts(named, PLACE_FACTS))
