"""Rules for names written with their city or area: "Mapo (Seoul)", "Mansfield, Ohio", "Prague 10",
"Berlin-Pankow". Each takes a rule's arguments (see ``graph.places.rules``) and returns a
:class:`~graph.places.context.Placed` or None.
"""

from __future__ import annotations

import pycountry

from graph.geo.areas import admin_areas
from graph.geo.countries import CountryMatch
from graph.geo.gazetteer import distance_km
from graph.places.context import Context, Placed
from graph.places.divisions import admin_area
from graph.places.matching import gazetteer_node, linked_node
from graph.places.names import COMMA, HYPHENATED, NUMBERED, PAREN, TOWN_QUALIFIERS, area_kind, is_name_prefix, subdivision_kind
from graph.places.nearby import LINK_RADIUS_KM, coordinates_abroad, filed_under
from graph.places.spellings import Rule
from graph.places.written import district_node, plain_node
from graph.text import fold

PARENT_RADIUS_KM = 60.0  # the city a district is named with lies this close to the source's coordinates
PARENT_MIN_POPULATION = 100_000  # "Mapo (Seoul)", "Prague 10": only a large city has such districts


def qualified_name(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Mapo (Seoul)", "Frankfurt (Oder)", "Dębica (rural gmina)", "Linum (Fehrbellin)": a name with a qualifier.

    "Mapo (Seoul)" is a district of a city of at least 100,000 inhabitants within 60 km; "Frankfurt
    (Oder)" is Frankfurt; "Dębica (rural gmina)" is an area, flagged; "Linum (Fehrbellin)" is a village
    of the municipality it is named with.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch or None
        Its resolved country; None when the source's country is unknown.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    Placed or None
        The place and, for a district, its parent city with the records made to place it; None when the
        rule does not apply (the next one is tried).
    """
    match = PAREN.match(name)
    if not match:
        return None
    base, qualifier = match["base"], match["qualifier"]
    code = country.code if country else None
    if fold(qualifier) in TOWN_QUALIFIERS:  # "Winchester (local government district)" is Winchester
        node = gazetteer_node(ctx, base, country, lat, lon, kind="city", spelling=name, rule=Rule.QUALIFIER)
        if node is not None:
            return Placed(node)
    kind = area_kind(qualifier)
    if kind:
        node = plain_node(ctx, name, country, kind, lat, lon)
        ctx.record(name, code, node.id, Rule.FLAGGED, kind)
        return Placed(node)
    city = gazetteer_node(ctx, qualifier, country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
    if city is not None and (city.get("population") or 0) >= PARENT_MIN_POPULATION:
        ctx.record(qualifier, code, city.id, Rule.PARENT)
        return Placed(district_node(ctx, base, name, country, lat, lon, city), city)
    node = gazetteer_node(ctx, base, country, lat, lon, kind="city", spelling=name, rule=Rule.QUALIFIER)
    if node is not None:
        return Placed(node)
    if country is None:
        return None
    parent = (gazetteer_node(ctx, qualifier, country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
              or admin_area(ctx, qualifier, country, lat, lon, record=False))
    if parent is None:
        return None
    ctx.record(qualifier, country.code, parent.id, Rule.PARENT)
    return Placed(district_node(ctx, base, name, country, lat, lon, parent), parent)


def town_in_subdivision(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Mansfield, Ohio", "Kusatsu, Gunma", "Wellington, Shropshire": a town named with its state,
    province or county, chosen among its namesakes in the country by that area (and by coordinates
    within 40 km when given).

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch or None
        Its resolved country; None when the source's country is unknown.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    Placed or None
        The place and, for a district, its parent city with the records made to place it; None when the
        rule does not apply (the next one is tried).
    """
    match = COMMA.match(name)
    if match is None or country is None or ctx.gazetteer is None:
        return None
    base, qualifier = match["base"].strip(), match["qualifier"].strip()
    key = fold(base)
    places = ctx.gazetteer.lookup(base, filed_under(country.code))
    wanted = fold(qualifier)
    inside = [p for p in places if wanted in _subdivision_names(ctx, p)]
    if not inside:
        codes = {a.admin1 for a in admin_areas().lookup(qualifier, country.code)}
        inside = [p for p in places if p.admin1 in codes] if len(codes) == 1 else []
    if lat is not None and lon is not None and not coordinates_abroad(ctx, country, lat, lon):
        # the coordinates choose among the namesakes of that area, and must agree with the one chosen
        near = sorted((distance_km(lat, lon, p.lat, p.lon), fold(p.name) != key, p.geonameid, p) for p in inside)
        inside = [near[0][3]] if near and near[0][0] <= LINK_RADIUS_KM else []
    else:
        exact = [p for p in inside if fold(p.name) == key]
        inside = exact if len(exact) == 1 else inside
    if len(inside) != 1:
        return None
    return Placed(linked_node(ctx, inside[0], base, country, kind="city", spelling=name, rule=Rule.SUBDIVISION))


def _subdivision_names(ctx: Context, place) -> set[str]:
    """The folded names a gazetteer place's first-level subdivision goes by (English, ISO, code)."""
    code, english = ctx.gazetteer.subdivision(place)
    names = {fold(english)} if english else set()
    if code:
        sub = pycountry.subdivisions.get(code=code)
        if sub is not None:
            names.add(fold(sub.name))
        names.add(fold(code.split("-", 1)[-1]))
    return names


def numbered_district(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Prague 10", "Vienna 1", "Budapest XIII": a numbered district of a city of at least 100,000
    inhabitants within 60 km.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch or None
        Its resolved country; None when the source's country is unknown.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    Placed or None
        The place and, for a district, its parent city with the records made to place it; None when the
        rule does not apply (the next one is tried).
    """
    match = NUMBERED.match(name)
    if not match or country is None:
        return None
    city = gazetteer_node(ctx, match["city"], country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
    if city is None or (city.get("population") or 0) < PARENT_MIN_POPULATION:
        return None
    ctx.record(match["city"], country.code, city.id, Rule.PARENT)
    return Placed(district_node(ctx, name, name, country, lat, lon, city), city)


def hyphenated_district(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Berlin-Pankow", "Halle-Neustadt": a district written after a large city and a hyphen.

    The same district as "Berlin – Pankow" and "Pankow (Berlin)"; not for name prefixes ("Saint-Martin"),
    areas or subdivisions ("Miami-Dade County").

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch or None
        Its resolved country; None when the source's country is unknown.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    Placed or None
        The place and, for a district, its parent city with the records made to place it; None when the
        rule does not apply (the next one is tried).
    """
    match = HYPHENATED.match(name)
    if not match or country is None or is_name_prefix(match["city"]) or area_kind(name) \
            or subdivision_kind(name, country.code):
        return None  # "Miami-Dade County" is a county, not a district of Miami
    city = gazetteer_node(ctx, match["city"], country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
    if city is None or (city.get("population") or 0) < PARENT_MIN_POPULATION:
        return None
    ctx.record(match["city"], country.code, city.id, Rule.PARENT)
    return Placed(district_node(ctx, match["district"], name, country, lat, lon, city), city)
