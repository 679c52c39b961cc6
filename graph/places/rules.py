"""The place rules, in the order they are tried: the first that places a name wins.

Each rule takes the resolver's :class:`~graph.places.context.Context` and a source's (name, country,
latitude, longitude) and returns a :class:`~graph.places.context.Placed` or None. ``RULES`` is the
table "Places, names and data quality" in the README, in the same order; :func:`resolve` runs it and
adds the records every place gets (its country, the PART_OF edge to a parent, its spelling entry).
The rules for names written with their city or area live in ``graph.places.qualified``.
"""

from __future__ import annotations

from graph.geo.countries import CountryMatch
from graph.geo.registers import registers
from graph.model import COUNTRY, IN_COUNTRY, PART_OF, Edge, Node, country_id
from graph.places.context import Context, Placed
from graph.places.divisions import admin_area, register_entry, register_node
from graph.places.matching import gazetteer_node, towns_named
from graph.places.names import DISTRICT, area_kind, name_heads, subdivision_kind
from graph.places.nearby import coordinates_abroad, filed_under
from graph.places.qualified import (
    PARENT_RADIUS_KM, hyphenated_district, numbered_district, qualified_name, town_in_subdivision,
)
from graph.places.spellings import Rule, spelling_entry
from graph.places.written import district_node, kept_as_written
from graph.text import fold

NAME_PART_RADIUS_KM = 3.0


def gazetteer_town(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """A town GeoNames lists, by any of its names, near the given coordinates.

    See ``graph.places.matching.gazetteer_node`` for the fall-backs.

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
    node = gazetteer_node(ctx, name, country, lat, lon, kind="city")
    return None if node is None else Placed(node)


def district_of_city(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Berlin – Mitte": a district, part of the city named first (within 60 km, else placed by every rule).

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


def administrative_area(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed | None:
    """"Glen Eira", "Bærum", "Hawaii County", "Veneto": the GeoNames division, in the state or province
    of the coordinates (``graph.places.divisions.admin_area``).

    A county or region is refused for a town's name without usable coordinates ("Munster", Germany,
    given coordinates in Ireland).

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
    """"Ebensee am Traunsee", "Kötschach-Mauthen": a municipality named after its main place and something
    more, linked to that place when the gazetteer has it within 3 km of the coordinates.

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
    """A place GeoNames does not list, in its country's register (INSEE communes, postal localities), in
    the subdivision of the coordinates; a former French commune is a district of the one it joined.

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
