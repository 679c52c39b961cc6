"""Places the gazetteer cannot link whole: the district of a city, one record for every way a source
writes it, and the last rule, ``kept_as_written``, with its namesakes told apart by distance.
"""

from __future__ import annotations

from graph.geo.countries import CountryMatch, resolve_country
from graph.geo.gazetteer import distance_km
from graph.model import MUNICIPALITY, Node, municipality_id
from graph.places.context import Context, Placed
from graph.places.matching import linked_node
from graph.places.names import area_kind, subdivision_kind
from graph.places.nearby import LINK_RADIUS_KM, candidates, choose, coordinates_abroad, coordinates_outside, filed_under
from graph.places.spellings import Rule
from graph.text import clean, fold

PLAIN_SUBDIVISION_RADIUS_KM = 25.0  # the nearest gazetteer place this close tells an unlinked place's subdivision
NAMESAKE_RADIUS_KM = 100.0  # places kept as written this far apart are namesakes, not one place


def plain_node(ctx: Context, name: str, country: CountryMatch | None, kind: str, lat, lon,
               parent: Node | None = None, *, spelling: str | None = None) -> Node:
    """The record of a place kept as written.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name of the record; its fold and the country make the id.
    country : CountryMatch or None
        The source's country; None gives the id's country ``xx``.
    kind : str
        The municipality kind ("city", "district", an area's kind).
    lat, lon : float or None
        The source's coordinates in degrees; dropped when they lie in another country ("Bergen",
        Germany, at the coordinates of Bergen, Norway).
    parent : Node, optional
        The city a district belongs to; its subdivision is taken.
    spelling : str, optional
        The source's text when ``name`` is made from it; kept among the aliases.

    Returns
    -------
    Node
        A municipality; its subdivision is the parent's, else the one the source named with the
        country, else that of the nearest gazetteer place within 25 km.
    """
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

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    district : str
        The district's own name ("Pankow").
    spelling : str
        The source's whole text ("Berlin-Pankow").
    country : CountryMatch or None
        The source's country.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.
    parent : Node
        The city.

    Returns
    -------
    Node
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
    """The gazetteer place named exactly ``district`` (by any of its names) near the source's coordinates.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    district : str
        The district's name.
    spelling : str
        The source's whole text, the spelling of the record.
    country : CountryMatch or None
        The source's country.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    Node or None
        The place within 40 km; None without country, gazetteer or coordinates, or when they lie abroad.
    """
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


def kept_as_written(ctx: Context, name: str, country: CountryMatch | None, lat, lon) -> Placed:
    """Anything else: kept as written, flagged by kind when its words or its name make it an area.

    A namesake kept as written earlier whose source coordinates lie more than ``NAMESAKE_RADIUS_KM``
    (100 km) away is another place: the later one gets an id of its own ("mun:us:springfield~2"; its
    spelling's detail names the first one's id). Without coordinates a place cannot be told apart from
    its namesakes.

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
        Never None: the last rule places every name.
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
