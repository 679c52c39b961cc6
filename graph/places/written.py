"""Places the gazetteer cannot link whole: a place kept as written and the district of a city, one
record for every way a source writes it.
"""

from __future__ import annotations

from graph.geo.countries import CountryMatch
from graph.model import MUNICIPALITY, Node, municipality_id
from graph.places.context import Context
from graph.places.matching import linked_node
from graph.places.nearby import LINK_RADIUS_KM, candidates, choose, coordinates_abroad, coordinates_outside, filed_under
from graph.text import clean, fold

PLAIN_SUBDIVISION_RADIUS_KM = 25.0  # the nearest gazetteer place this close tells an unlinked place's subdivision


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
