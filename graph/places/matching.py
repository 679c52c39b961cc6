"""Matching a name to the gazetteer: candidates near the source's coordinates, the choice among them,
the fall-backs (coordinates abroad, fuzzy spellings, a far namesake), and the records made of a match.

Source of the places: GeoNames via ``graph.geo.gazetteer``. The radii below are the rules' tolerances.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process

from graph.geo.countries import CountryMatch
from graph.geo.gazetteer import TERRITORIES, distance_km
from graph.geo.placenames import cldr_zone, local_name
from graph.geo.registers import registers, top_subdivision
from graph.model import MUNICIPALITY, Node, gazetteer_municipality_id, municipality_id
from graph.places.context import Context
from graph.places.spellings import Rule, aliases
from graph.text import clean, fold

LINK_RADIUS_KM = 40.0  # a gazetteer place farther than this from the source's coordinates is another place
NEAR_RADIUS_KM = 5.0
FUZZY_RADIUS_KM = 10.0
FUZZY_MIN_SCORE = 87
FAR_RADIUS_KM = 500.0
FAR_MIN_POPULATION = 10_000
SLIP_RADIUS_KM = 150.0  # the one municipality of a name this far from the source's coordinates: a geocoding slip
PLAIN_SUBDIVISION_RADIUS_KM = 25.0  # the nearest gazetteer place this close tells an unlinked place's subdivision


def filed_under(code: str) -> tuple[str, ...]:
    """The country and the territories GeoNames files separately that a source may file under it.

    Codes are ISO 3166-1 alpha-2, as GeoNames uses them.

    Examples
    --------
    >>> filed_under("NL")
    ('NL', 'AW', 'CW', 'SX', 'BQ')
    """
    return (code, *TERRITORIES.get(code, ()))


def coordinates_abroad(ctx: Context, country: CountryMatch, lat, lon) -> str | None:
    """The other country the source's coordinates lie in, when they contradict its country."""
    if lat is None or lon is None or ctx.gazetteer is None:
        return None
    at = ctx.gazetteer.country_at(lat, lon)
    return at if at and at not in filed_under(country.code) else None


def coordinates_outside(ctx: Context, code: str, lat, lon) -> str | None:
    """The other country a place's coordinates lie in: that of the nearest gazetteer place (within
    50 km, else however far: "Naka", Japan, given coordinates in Chuuk); None when they lie in its country."""
    if lat is None or lon is None or ctx.gazetteer is None:
        return None
    at = ctx.gazetteer.country_at(lat, lon) or ctx.gazetteer.nearest_anywhere(lat, lon).country
    return at if at and at not in filed_under(code) else None


def candidates(ctx: Context, name: str, country: CountryMatch, lat, lon, radius: float):
    """(distance in km or None, place) for the gazetteer places of that name within ``radius``.

    Parameters
    ----------
    ctx : Context
        The resolver's state and its GeoNames gazetteer.
    name : str
        The name as the source writes it; matched folded, against names and alternate names.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float or None
        The source's coordinates in degrees; without them every place of the name is returned.
    radius : float
        Most distance in km from the source's coordinates.
    """
    found = ctx.gazetteer.lookup(name, filed_under(country.code))
    if lat is None or lon is None:
        return [(None, p) for p in found]
    near = [(distance_km(lat, lon, p.lat, p.lon), p) for p in found]
    return [(d, p) for d, p in near if d <= radius]


def choose(name: str, found):
    """The best candidate: near before far, the exact name before an alias, the larger town first."""
    key = fold(name)

    def rank(item):
        dist, place = item
        return (dist is not None and dist > NEAR_RADIUS_KM, fold(place.name) != key,
                -place.population, dist or 0.0, place.geonameid)

    return min(found, key=rank)[1]


def gazetteer_node(ctx: Context, name: str, country: CountryMatch | None, lat, lon, *, kind: str,
                   radius: float = LINK_RADIUS_KM, record: bool = True, spelling: str | None = None,
                   rule: Rule = Rule.NAME) -> Node | None:
    """The municipality record of the gazetteer place ``name`` designates, or None.

    Tried in order: the places of that name within ``radius`` of the coordinates (``rule``, or
    ``Rule.ALIAS`` when matched by another name); the one place of that exact name in the country when
    the coordinates lie in another country (``Rule.COORDINATES_ABROAD``); a close spelling nearby
    (``Rule.FUZZY``); the one sizeable namesake in the country (``Rule.FAR_NAMESAKE``).
    ``spelling`` (default ``name``) is the source's text the placement is recorded under.
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
    """The municipality record of a gazetteer place, made once per place and spelling."""
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
    """Sources sometimes carry the coordinates of a namesake area ("Vienne" geocoded to the
    département): accept the one town of that exact name in the country if it is sizeable."""
    key = fold(name)
    same = [(d, p) for d, p in candidates(ctx, name, country, lat, lon, FAR_RADIUS_KM) if fold(p.name) == key]
    # only a sizeable town: a smaller one may have namesakes the gazetteer does not list ("Lengnau"
    # in Aargau, at the source's coordinates, is not there; Lengnau in Bern, 80 km off, is)
    if len(same) == 1 and same[0][1].population >= FAR_MIN_POPULATION:
        return same
    return []


def only_namesake(ctx: Context, name: str, country: CountryMatch, lat: float, lon: float):
    """"Enns", Austria, given 75 km from the town of Enns: the one municipality of the country with
    that name, in the gazetteer and in the country's register (``graph.geo.registers``) alike, within
    ``SLIP_RADIUS_KM`` of the source's coordinates."""
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
    Lower Saxony, not Münster."""
    key = fold(name)
    same = [p for p in ctx.gazetteer.lookup(name, filed_under(country.code)) if fold(p.name) == key]
    if len(same) > 1:
        same = [p for p in same if p.name.casefold() == name.casefold()]
    return [(None, same[0])] if len(same) == 1 else []


def towns_named(ctx: Context, name: str, country: CountryMatch) -> list:
    """The gazetteer's towns of the country whose own name folds like ``name``."""
    key = fold(name)
    return [p for p in ctx.gazetteer.lookup(name, filed_under(country.code)) if fold(p.name) == key]


def fuzzy(ctx: Context, name: str, country: CountryMatch, lat: float, lon: float):
    """Nearby places whose name is a close variant ("Sankt-Peterburg", "Nuremberg" spelt oddly).

    Places within ``FUZZY_RADIUS_KM`` (10 km) of the coordinates (degrees) whose folded names score at
    least ``FUZZY_MIN_SCORE`` (87 of 100) by RapidFuzz's ratio; nearest first.
    """
    key = fold(name)

    def close(keys: tuple[str, ...]) -> bool:
        return process.extractOne(key, keys, scorer=fuzz.ratio, processor=None,
                                  score_cutoff=FUZZY_MIN_SCORE) is not None

    return ctx.gazetteer.near(lat, lon, FUZZY_RADIUS_KM, filed_under(country.code), named=close)


def plain_node(ctx: Context, name: str, country: CountryMatch | None, kind: str, lat, lon,
               parent: Node | None = None, *, spelling: str | None = None) -> Node:
    """The record of a place kept as written: id from its folded name and country, the source's
    coordinates (none when they lie in another country), the subdivision of its parent or of the
    nearest gazetteer place. ``spelling`` is the source's text when the name is made from it."""
    code = country.code if country else None
    subdivision = country.subdivision if country else None
    if code and coordinates_outside(ctx, code, lat, lon):
        lat = lon = None  # "Bergen", Germany, at the coordinates of Bergen, Norway: drawn nowhere, not abroad
    if parent is not None:
        subdivision = parent.get("subdivision") or subdivision
    elif ctx.gazetteer is not None and lat is not None and lon is not None and code:
        near = ctx.gazetteer.nearest(lat, lon, PLAIN_SUBDIVISION_RADIUS_KM, filed_under(code))
        if near:
            sub_code, sub_name = ctx.gazetteer.subdivision(near[1])
            subdivision = subdivision or sub_code or sub_name
    names = list(dict.fromkeys(clean(n) for n in (spelling, name) if n))
    return Node(MUNICIPALITY, municipality_id(name, code), {
        "name": clean(name), "country": code, "kind": kind, "lat": lat, "lon": lon,
        "subdivision": subdivision, "aliases": names,
    })


def district_node(ctx: Context, district: str, spelling: str, country: CountryMatch | None, lat, lon,
                  parent: Node) -> Node:
    """The record of a district of ``parent``, one for every way a source writes it.

    "Berlin – Pankow", "Pankow (Berlin)" and "Berlin-Pankow" are one district: the gazetteer place of
    that name near the coordinates when there is one, else a record named "Berlin – Pankow" (the
    parent's name, a dash, the district's) whose id comes from that name.
    """
    linked = near_district(ctx, district, spelling, country, lat, lon)
    if linked is not None and linked.id != parent.id:  # "Bonn (Bonn)": the district, not the city
        return linked
    district = clean(district)
    # "Prague 10" names its city already: "Prague – Prague 10" would be a second name for it
    name = district if fold(district).startswith(fold(parent.name)) else f"{parent.name} – {district}"
    return plain_node(ctx, name, country, "district", lat, lon, parent=parent, spelling=spelling)


def near_district(ctx: Context, district: str, spelling: str, country: CountryMatch | None, lat, lon
                  ) -> Node | None:
    """The gazetteer place named exactly ``district`` (by any of its names) near the source's coordinates."""
    if country is None or ctx.gazetteer is None or lat is None or lon is None:
        return None
    if coordinates_abroad(ctx, country, lat, lon):
        return None
    key = fold(district)
    found = [(d, p) for d, p in candidates(ctx, district, country, lat, lon, LINK_RADIUS_KM)
             if key in ctx.gazetteer.alias_keys(p) or fold(p.name) == key]
    if not found:
        return None
    return linked_node(ctx, choose(district, found), district, country, kind="city", record=False,
                       spelling=spelling)
