"""Matching a name to the gazetteer: the candidates near the source's coordinates and the fall-backs
(coordinates abroad, fuzzy spellings, a far namesake, a geocoding slip), and the record made of a match.

Source of the places: GeoNames via ``graph.geo.gazetteer``; of the registers that confirm a slip,
``graph.geo.registers``. The radii below are the rules' tolerances, in km.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from graph.geo.countries import CountryMatch
from graph.geo.placenames import cldr_zone, local_name
from graph.geo.registers import registers
from graph.geo.subdivisions import top_subdivision
from graph.model import MUNICIPALITY, Node, gazetteer_municipality_id
from graph.places.context import Context
from graph.places.nearby import (  # noqa: F401  (coordinates_outside, filed_under: re-exported)
    LINK_RADIUS_KM, candidates, choose, coordinates_abroad, coordinates_outside, filed_under,
)
from graph.places.spellings import Rule, aliases
from graph.text import clean, fold

FUZZY_RADIUS_KM = 10.0
FUZZY_MIN_SCORE = 87
FAR_RADIUS_KM = 500.0
FAR_MIN_POPULATION = 10_000
SLIP_RADIUS_KM = 150.0  # the one municipality of a name this far from the source's coordinates: a geocoding slip


def gazetteer_node(ctx: Context, name: str, country: CountryMatch | None, lat, lon, *, kind: str,
                   radius: float = LINK_RADIUS_KM, record: bool = True, spelling: str | None = None,
                   rule: Rule = Rule.NAME) -> Node | None:
    """The municipality record of the gazetteer place ``name`` designates, or None.

    Tried in order: the places of that name within ``radius`` of the coordinates (``rule``, or
    ``Rule.ALIAS`` when matched by another name); the one place of that exact name in the country when
    the coordinates lie in another country (``Rule.COORDINATES_ABROAD``); a close spelling within 10 km
    (``Rule.FUZZY``); the one sizeable namesake within 500 km (``Rule.FAR_NAMESAKE``); the one
    municipality of the name within 150 km that the register confirms (``Rule.COORDINATES_SLIP``).

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it.
    country : CountryMatch or None
        The source's country; None gives None.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.
    kind : str
        The municipality kind of the record ("city").
    radius : float
        Most distance in km of a place of the name from the coordinates (40 km by default).
    record : bool
        Record the spelling and rule; False when the caller only asks.
    spelling : str, optional
        The source's text the placement is recorded under (default ``name``).
    rule : Rule
        The rule recorded for a match by name.

    Returns
    -------
    Node or None
        None without country or gazetteer, or when no place fits.
    """
    if country is None or ctx.gazetteer is None:
        return None
    name = clean(name)
    found = candidates(ctx, name, country, lat, lon, radius)
    matched, detail = rule, None
    alone = [] if found else by_name_alone(ctx, name, country)
    abroad = coordinates_abroad(ctx, country, lat, lon) if alone else None  # only then can it matter
    if abroad:
        # "Liverpool, Australia" at the coordinates of Liverpool, England: the country named wins
        found = alone
        matched, detail = Rule.COORDINATES_ABROAD, abroad
        lat = lon = None
    if not found and lat is not None and lon is not None:
        found = fuzzy(ctx, name, country, lat, lon)
        matched = Rule.FUZZY
    if not found and lat is not None and lon is not None:
        found = far_namesake(ctx, name, country, lat, lon)
        matched = Rule.FAR_NAMESAKE
    if not found and lat is not None and lon is not None:
        found = only_namesake(ctx, name, country, lat, lon)
        matched = Rule.COORDINATES_SLIP
    if not found:
        return None
    place = choose(name, found)
    if matched is Rule.NAME and fold(place.name) != fold(name):
        matched = Rule.ALIAS
    return linked_node(ctx, place, name, country, kind=kind, record=record, spelling=spelling, rule=matched,
                       detail=detail)


def linked_node(ctx: Context, place, name: str, country: CountryMatch, *, kind: str, record: bool = True,
                spelling: str | None = None, rule: Rule = Rule.NAME, detail: str | None = None) -> Node:
    """The municipality record of a gazetteer place, made once per place and spelling.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    place : GazetteerPlace
        The GeoNames place chosen.
    name : str
        The name it was matched by.
    country : CountryMatch
        The source's country; its subdivision wins over the place's when the place is filed under a territory.
    kind : str
        The municipality kind of the record.
    record : bool
        Record the spelling with ``rule`` and ``detail``.
    spelling : str, optional
        The source's text (default ``name``), kept first among the aliases.
    rule : Rule
        How the place was matched.
    detail : str, optional
        What the rule adds (the country of coordinates abroad).

    Returns
    -------
    Node
        Id from the GeoNames id; GeoNames' name, coordinates, population, subdivision and up to 60 aliases.
    """
    sub_code, sub_name = ctx.gazetteer.subdivision(place)
    subdivision = country.subdivision if country.subdivision and country.code != place.country else None
    subdivision = subdivision or sub_code or sub_name or country.subdivision
    # the same place is reached again from other coordinates: make and check its record once
    made = (place.geonameid, country.code, kind, subdivision, spelling or name)
    node = ctx.nodes.get(made)
    if node is None:
        keys = ctx.gazetteer.alias_keys(place)
        shown = local_name(place, sub_code, [spelling or name], keys, ctx.gazetteer)
        node = ctx.nodes[made] = Node(MUNICIPALITY, gazetteer_municipality_id(place.id), {
            "name": shown, "country": country.code, "kind": kind,
            "lat": place.lat, "lon": place.lon, "population": place.population or None, "gazetteer_id": place.id,
            "subdivision": subdivision, "zone": cldr_zone(place, ctx.gazetteer),
            "aliases": aliases(place.aliases, spelling or name, keys=keys),
        })
    if record:
        ctx.record(spelling or name, country.code, node.id, rule, detail)
    return node


def far_namesake(ctx: Context, name: str, country: CountryMatch, lat: float, lon: float):
    """The one sizeable town of exactly this name in the country, within 500 km of the coordinates.

    Sources sometimes carry the coordinates of a namesake area ("Vienne" geocoded to the département).
    Only a town of at least 10,000 inhabitants: a smaller one may have namesakes the gazetteer lacks.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float
        The source's coordinates in degrees.

    Returns
    -------
    list of (float, GazetteerPlace)
        The one candidate with its distance in km, or empty.
    """
    key = fold(name)
    same = [(d, p) for d, p in candidates(ctx, name, country, lat, lon, FAR_RADIUS_KM) if fold(p.name) == key]
    # only a sizeable town: a smaller one may have namesakes the gazetteer does not list ("Lengnau"
    # in Aargau, at the source's coordinates, is not there; Lengnau in Bern, 80 km off, is)
    if len(same) == 1 and same[0][1].population >= FAR_MIN_POPULATION:
        return same
    return []


def only_namesake(ctx: Context, name: str, country: CountryMatch, lat: float, lon: float):
    """The one municipality of this name in the country, within 150 km: a geocoding slip.

    "Enns", Austria, given 75 km from the town of Enns. The name must be unique in the gazetteer and in
    the country's register (``graph.geo.registers``), in the same state or province.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float
        The source's coordinates in degrees.

    Returns
    -------
    list of (float, GazetteerPlace)
        The one candidate with its distance in km, or empty (also for a country without a register).
    """
    key = fold(name)
    same = [(d, p) for d, p in candidates(ctx, name, country, lat, lon, SLIP_RADIUS_KM) if fold(p.name) == key]
    if len(same) != 1 or len(towns_named(ctx, name, country)) != 1:
        return []
    # the country's register must list the name once, in the same state or province: without a
    # register ("Lengnau", Switzerland) a namesake the gazetteer lacks may lie at the coordinates
    here = top_subdivision(ctx.gazetteer.subdivision(same[0][1])[0])
    listed = registers().lookup(name, country.code)
    if len(listed) != 1 or listed[0].several or here is None or listed[0].subdivision != here:
        return []
    return same


def by_name_alone(ctx: Context, name: str, country: CountryMatch):
    """The one place of the country with exactly this name; none when there are several.

    Several places that fold alike are told apart by the name as written: "Munster" is the town in
    Lower Saxony, not Münster.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.

    Returns
    -------
    list of (None, GazetteerPlace)
        One entry without a distance, or empty.
    """
    key = fold(name)
    same = [p for p in ctx.gazetteer.lookup(name, filed_under(country.code)) if fold(p.name) == key]
    if len(same) > 1:
        same = [p for p in same if p.name.casefold() == name.casefold()]
    return [(None, same[0])] if len(same) == 1 else []


def towns_named(ctx: Context, name: str, country: CountryMatch) -> list:
    """The gazetteer's towns of the country whose own name folds like ``name``.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        Any spelling.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.

    Returns
    -------
    list of GazetteerPlace
        Matched by main name only, not alternate names.
    """
    key = fold(name)
    return [p for p in ctx.gazetteer.lookup(name, filed_under(country.code)) if fold(p.name) == key]


def fuzzy(ctx: Context, name: str, country: CountryMatch, lat: float, lon: float):
    """Nearby places whose name is a close variant ("Sankt-Peterburg", "Nuremberg" spelt oddly).

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float
        The source's coordinates in degrees.

    Returns
    -------
    list of (float, GazetteerPlace)
        Places within ``FUZZY_RADIUS_KM`` (10 km) whose folded names score at least ``FUZZY_MIN_SCORE``
        (87 of 100) by RapidFuzz's ratio, with their distance in km, nearest first.
    """
    key = fold(name)

    def close(keys: tuple[str, ...]) -> bool:
        return process.extractOne(key, keys, scorer=fuzz.ratio, processor=None,
                                  score_cutoff=FUZZY_MIN_SCORE) is not None

    return ctx.gazetteer.near(lat, lon, FUZZY_RADIUS_KM, filed_under(country.code), named=close)
