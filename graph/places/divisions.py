"""Matching a name to an administrative division (``graph.geo.areas``) or a national register
(``graph.geo.registers``) when the gazetteer has no town of that name.

Both check the source's coordinates against the first-level subdivision (state, province) the
division or register entry lies in; without usable coordinates the name must be unique in the country.
"""

from __future__ import annotations

from graph.geo.areas import admin_areas
from graph.geo.countries import CountryMatch
from graph.geo.registers import INSEE, registers
from graph.geo.subdivisions import top_subdivision
from graph.model import MUNICIPALITY, Node, gazetteer_municipality_id, register_municipality_id
from graph.places.context import Context
from graph.places.nearby import coordinates_abroad, filed_under
from graph.places.spellings import Rule, aliases
from graph.text import clean, fold

AREA_RADIUS_KM = 30.0  # the nearest gazetteer place this close tells the coordinates' state or province
REGISTER_RADIUS_KM = 10.0  # GeoNames places this close to the source's coordinates tell its subdivision


def admin_area(ctx: Context, name: str, country: CountryMatch, lat, lon, *, record: bool = True) -> Node | None:
    """A municipality that is an administrative division, linked to its GeoNames division.

    An Australian local government area, a Norwegian kommune, or a county or region. The source's
    coordinates must lie in the same first-level subdivision (the nearest gazetteer place within 30 km
    tells it); without usable coordinates the name must be unique in the country (or name one
    second-level division).

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch
        Its resolved country (code, and the subdivision the source named, if any).
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.
    record : bool
        Record the spelling under ``Rule.AREA``; False when the caller only asks.

    Returns
    -------
    Node or None
        The municipality record (id from the GeoNames id, ``kind`` county, region or municipality); None
        without a gazetteer or when no single division fits.
    """
    if ctx.gazetteer is None:
        return None
    found = admin_areas().lookup(name, country.code)
    if not found:
        return None
    here = None
    usable = lat is not None and lon is not None and not coordinates_abroad(ctx, country, lat, lon)
    if usable:
        near = ctx.gazetteer.nearest(lat, lon, AREA_RADIUS_KM, filed_under(country.code))
        here = near[1].admin1 if near else None
    if here is not None:
        found = [area for area in found if area.admin1 == here]
    if len(found) != 1:
        by_level = [area for area in found if area.level == 2]
        if len(by_level) != 1:
            return None
        found = by_level
    area = found[0]
    key = fold(name)
    made = ("area", area.geonameid, country.code, name)
    node = ctx.nodes.get(made)
    if node is None:
        sub_code, sub_name = ctx.gazetteer.admin1.get((area.country, area.admin1), (None, None))
        node = ctx.nodes[made] = Node(MUNICIPALITY, gazetteer_municipality_id(area.id), {
            "name": area.display_name(key), "country": country.code, "kind": area.kind,
            "lat": lat if usable else None, "lon": lon if usable else None,
            "gazetteer_id": area.id, "subdivision": country.subdivision or sub_code or sub_name,
            "aliases": aliases((area.name, *area.aliases), clean(name)),
        })
    if record:
        ctx.record(name, country.code, node.id, Rule.AREA, area.kind)
    return node


def register_entry(ctx: Context, name: str, country: CountryMatch, lat, lon):
    """The one national-register entry ``name`` designates in ``country``, and whether the coordinates are usable.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The place as the source writes it.
    country : CountryMatch
        Its resolved country (code, and the subdivision the source named, if any).
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    (RegisterPlace or None, bool)
        The entry (French communes from INSEE, postal localities), None when there is none, several in the
        subdivisions within 10 km of the coordinates, or one that names several places; and whether the
        coordinates lie in the country.
    """
    found = registers().lookup(name, country.code)
    if not found:
        return None, False
    usable = lat is not None and lon is not None and not coordinates_abroad(ctx, country, lat, lon)
    if usable:
        here = subdivisions_near(ctx, country, lat, lon)
        found = [place for place in found if place.subdivision in here]
    if len(found) != 1 or found[0].several or not found[0].subdivision:
        return None, usable
    return found[0], usable


def register_node(ctx: Context, place, name: str, country: CountryMatch, lat, lon, *, usable: bool,
                  parent: Node | None) -> Node:
    """The municipality record of a register entry, made once per entry and spelling.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    place : graph.geo.registers.RegisterPlace
        The entry :func:`register_entry` found.
    name : str
        The place as the source writes it.
    country : CountryMatch
        Its resolved country (code, and the subdivision the source named, if any).
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.
    usable : bool
        Whether the coordinates are kept (they lie in the country).
    parent : Node or None
        The city the place is a district of; None for a municipality of its own (then the spelling is
        recorded under ``Rule.INSEE`` or ``Rule.POSTAL``).

    Returns
    -------
    Node
        A municipality with a ``register_id``, the register's population and subdivision.
    """
    made = ("register", place.register_id, country.code, name)
    node = ctx.nodes.get(made)
    if node is None:
        node = ctx.nodes[made] = Node(MUNICIPALITY, register_municipality_id(place), {
            # some postal registers write names in capitals: the source's spelling reads better then
            "name": clean(name) if place.name.isupper() else place.name, "country": country.code,
            "kind": "district" if parent else "city",
            "lat": lat if usable else None, "lon": lon if usable else None, "population": place.population,
            "register_id": place.register_id, "subdivision": country.subdivision or place.subdivision,
            "aliases": aliases((place.name,), clean(name)),
        })
    if parent is None:
        ctx.record(name, country.code, node.id, Rule.INSEE if place.register == INSEE else Rule.POSTAL)
    return node


def subdivisions_near(ctx: Context, country: CountryMatch, lat: float, lon: float) -> set[str]:
    """First-level subdivisions (ISO 3166-2) of the GeoNames places near a coordinate.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    country : CountryMatch
        The country; its territories filed under other codes count too.
    lat, lon : float
        Coordinates in degrees.

    Returns
    -------
    set of str
        ISO 3166-2 codes of the places within 10 km, else of the nearest within 30 km; empty when none.
    """
    countries = filed_under(country.code)
    near = ctx.gazetteer.near(lat, lon, REGISTER_RADIUS_KM, countries)
    if not near:
        nearest = ctx.gazetteer.nearest(lat, lon, 3 * REGISTER_RADIUS_KM, countries)
        near = [nearest] if nearest else []
    codes = {top_subdivision(ctx.gazetteer.subdivision(place)[0]) for _, place in near}
    return {code for code in codes if code}
