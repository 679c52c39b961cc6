"""The place rules, in the order they are tried: the first that places a name wins.

Each rule takes the resolver's :class:`~graph.places.context.Context` and a source's (name, country,
latitude, longitude) and returns a :class:`~graph.places.context.Placed` or None. ``RULES`` is the
table "Places, names and data quality" in the README, in the same order; :func:`resolve` runs it and
adds the records every place gets (its country, the PART_OF edge to a parent, its spelling entry).
"""

from __future__ import annotations

import pycountry

from graph.geo.areas import admin_areas
from graph.geo.countries import CountryMatch, resolve_country
from graph.geo.gazetteer import distance_km
from graph.geo.registers import registers
from graph.model import COUNTRY, IN_COUNTRY, PART_OF, Edge, Node, country_id
from graph.places.context import Context, Placed
from graph.places.divisions import admin_area, register_entry, register_node
from graph.places.matching import (
    LINK_RADIUS_KM, coordinates_abroad, district_node, filed_under, gazetteer_node, linked_node, plain_node,
    towns_named,
)
from graph.places.names import (
    COMMA, DISTRICT, HYPHENATED, NUMBERED, PAREN, TOWN_QUALIFIERS, area_kind, is_name_prefix, name_heads, subdivision_kind,
)
from graph.places.spellings import Rule, spelling_entry
from graph.text import fold

NAMESAKE_RADIUS_KM = 100.0  # places kept as written this far apart are namesakes, not one place
PARENT_RADIUS_KM = 60.0  # the city a district is named with lies this close to the source's coordinates
PARENT_MIN_POPULATION = 100_000  # "Mapo (Seoul)", "Prague 10": only a large city has such districts
NAME_PART_RADIUS_KM = 3.0


def gazetteer_town(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """A town GeoNames lists, by any of its names, near the given coordinates (see
    ``graph.places.matching.gazetteer_node`` for the fall-backs)."""
    node = gazetteer_node(ctx, name, country, lat, lon, kind="city")
    return None if node is None else Placed(node)


def district_of_city(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Berlin – Mitte": a district, part of the city named first."""
    match = DISTRICT.match(name)
    if not match:
        return None
    nodes, edges = [], []
    parent = gazetteer_node(ctx, match["city"], country, lat, lon, kind="city", radius=PARENT_RADIUS_KM)
    if parent is None:  # "Vienna 1 – Innere Stadt": the city part is placed by every other rule
        placed = resolve(ctx, match["city"], country, None, None)
        parent = placed.node
        nodes += placed.nodes
        edges += placed.edges
    node = district_node(ctx, match["district"], name, country, lat, lon, parent)
    return Placed(node, parent, nodes, edges)


def qualified_name(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Mapo (Seoul)" is a district of a city; "Frankfurt (Oder)" is Frankfurt; "Dębica (rural gmina)"
    is an area; "Linum (Fehrbellin)" is a village of the municipality it is named with."""
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
    province or county, chosen among its namesakes in the country by that area."""
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
    """"Prague 10", "Vienna 1", "Budapest XIII": a numbered district of a large city."""
    match = NUMBERED.match(name)
    if not match or country is None:
        return None
    city = gazetteer_node(ctx, match["city"], country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
    if city is None or (city.get("population") or 0) < PARENT_MIN_POPULATION:
        return None
    ctx.record(match["city"], country.code, city.id, Rule.PARENT)
    return Placed(district_node(ctx, name, name, country, lat, lon, city), city)


def hyphenated_district(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Berlin-Pankow", "Halle-Neustadt": a district written after a large city and a hyphen, the
    same district as "Berlin – Pankow" and "Pankow (Berlin)"."""
    match = HYPHENATED.match(name)
    if not match or country is None or is_name_prefix(match["city"]) or area_kind(name) \
            or subdivision_kind(name, country.code):
        return None  # "Miami-Dade County" is a county, not a district of Miami
    city = gazetteer_node(ctx, match["city"], country, lat, lon, kind="city", radius=PARENT_RADIUS_KM, record=False)
    if city is None or (city.get("population") or 0) < PARENT_MIN_POPULATION:
        return None
    ctx.record(match["city"], country.code, city.id, Rule.PARENT)
    return Placed(district_node(ctx, match["district"], name, country, lat, lon, city), city)


def administrative_area(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Glen Eira", "Bærum", "Hawaii County", "Veneto": the GeoNames division, in the state or province
    of the coordinates (``graph.places.divisions.admin_area``)."""
    if country is None:
        return None
    node = admin_area(ctx, name, country, lat, lon)
    if node is None:
        return None
    if node.get("kind") in ("county", "region") and not area_kind(name) and not _usable(ctx, country, lat, lon) \
            and towns_named(ctx, name, country):
        # "Munster", Germany, with coordinates in Ireland: a town's name, not the Regierungsbezirk's
        ctx.refused_areas += 1
        return None
    return Placed(node)


def _usable(ctx: Context, country: CountryMatch, lat, lon) -> bool:
    """Whether the source's coordinates can place a name: given, and inside its country."""
    return lat is not None and lon is not None and not coordinates_abroad(ctx, country, lat, lon)


def _a_place(name: str, country: CountryMatch | None) -> bool:
    """Whether a name may be a town: it has a country and is not the name of one of its subdivisions."""
    return country is not None and not subdivision_kind(name, country.code)


def main_place_of_name(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Ebensee am Traunsee", "Kötschach-Mauthen": a municipality named after its main place and
    something more, linked to that place when the gazetteer has it right at the coordinates."""
    if not _a_place(name, country) or lat is None or lon is None or ctx.gazetteer is None:
        return None
    countries = filed_under(country.code)
    for head in name_heads(name):
        key = fold(head)
        near = [p for _, p in ctx.gazetteer.near(lat, lon, NAME_PART_RADIUS_KM, countries) if fold(p.name) == key]
        if near:
            node = gazetteer_node(ctx, head, country, lat, lon, kind="city", radius=NAME_PART_RADIUS_KM,
                                  spelling=name, rule=Rule.NAME_PART)
            return None if node is None else Placed(node)
    return None


def registered_place(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """A place GeoNames does not list, in its country's register (INSEE communes, postal localities),
    in the subdivision of the coordinates; a former French commune is a district of the one it joined."""
    if not _a_place(name, country) or area_kind(name) or ctx.gazetteer is None:
        return None
    place, usable = register_entry(ctx, name, country, lat, lon)
    if place is None:
        return None
    parent, nodes, edges = None, [], []
    if place.parent:
        joined = registers().place(country.code, place.parent)
        if joined is None:
            return None
        more = resolve(ctx, joined.name, country, lat if usable else None, lon if usable else None)
        parent, nodes, edges = more.node, list(more.nodes), list(more.edges)
    node = register_node(ctx, place, name, country, lat, lon, usable=usable, parent=parent)
    return Placed(node, parent, nodes, edges)


def kept_as_written(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed:
    """Anything else: kept as written, flagged by kind when its words or its name make it an area.

    A namesake kept as written earlier whose source coordinates lie more than ``NAMESAKE_RADIUS_KM``
    away is another place: the later one gets an id of its own ("mun:us:springfield~2"; its spelling's
    detail names the first one's id). Without coordinates a place cannot be told apart from its namesakes.
    """
    code = country.code if country else None
    kind = area_kind(name) or ("region" if resolve_country(name) else subdivision_kind(name, code))
    node = plain_node(ctx, name, country, kind or "city", lat, lon)
    apart_from = None
    if lat is not None and lon is not None:
        sites = ctx.sites.setdefault(node.id, [])
        site_id = next((site for site_lat, site_lon, site in sites
                        if distance_km(lat, lon, site_lat, site_lon) <= NAMESAKE_RADIUS_KM), None)
        if site_id is None:
            site_id = node.id if not sites else f"{node.id}~{len(sites) + 1}"
            sites.append((lat, lon, site_id))
        if site_id != node.id:
            apart_from = node.id
            node = Node(node.label, site_id, node.props)
    if kind:
        ctx.record(name, code, node.id, Rule.FLAGGED, kind)
    else:
        ctx.record(name, code, node.id, Rule.UNLINKED, f"apart from {apart_from}" if apart_from else None)
    return Placed(node)


# The README's table "Places, names and data quality", in order.
RULES = (
    gazetteer_town,
    district_of_city,
    qualified_name,
    town_in_subdivision,
    numbered_district,
    hyphenated_district,
    administrative_area,
    main_place_of_name,
    registered_place,
    kept_as_written,
)


def resolve(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed:
    """Place one name by the first rule of ``RULES`` that places it, with its country and parent records.

    Returns
    -------
    Placed
        ``node`` carries the spelling's entry in ``spellings``; ``nodes`` and ``edges`` hold the
        country node, the parent city and their IN_COUNTRY and PART_OF edges.
    """
    for rule in RULES:
        placed = rule(ctx, name, country, lat, lon)
        if placed is not None:
            break
    node, parent = placed.node, placed.parent
    nodes, edges = list(placed.nodes), list(placed.edges)
    code = country.code if country else None
    how = ctx.placed.get((name, code, node.id))
    if how is None and parent is not None:
        how = (Rule.DISTRICT, parent.name)
        ctx.record(name, code, node.id, *how)
    if how is not None:
        node = node.with_props(spellings=[spelling_entry(name, *how)])
    if parent is not None:
        nodes.append(parent)
        edges.append(Edge(PART_OF, node.id, parent.id, {}))
    if code:
        made = (code, country.name)
        if made not in ctx.countries:
            ctx.countries[made] = Node(COUNTRY, country_id(code), {"code": code, "name": country.name})
        nodes.append(ctx.countries[made])
        for place in (node, parent):
            if place is not None:
                edges.append(Edge(IN_COUNTRY, place.id, country_id(code), {}))
    return Placed(node, parent, nodes, edges)
