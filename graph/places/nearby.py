"""The gazetteer near a source's place: the countries a code files places under, coordinates that
contradict a country, the places of a name within a radius, and the choice among them.

Source of the places: GeoNames via ``graph.geo.gazetteer``. The radii below are the rules' tolerances,
in km.
"""

from __future__ import annotations

from graph.geo.countries import CountryMatch
from graph.geo.gazetteer import TERRITORIES, distance_km
from graph.places.context import Context
from graph.text import fold

LINK_RADIUS_KM = 40.0  # a gazetteer place farther than this from the source's coordinates is another place
NEAR_RADIUS_KM = 5.0  # a candidate this close counts as at the coordinates


def filed_under(code: str) -> tuple[str, ...]:
    """The country and the territories GeoNames files separately that a source may file under it.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2 code, as GeoNames uses them.

    Returns
    -------
    tuple of str
        ``code`` first, then its territories (``graph.geo.gazetteer.TERRITORIES``).

    Examples
    --------
    >>> filed_under("NL")
    ('NL', 'AW', 'CW', 'SX', 'BQ')
    """
    return (code, *TERRITORIES.get(code, ()))


def coordinates_abroad(ctx: Context, country: CountryMatch, lat, lon) -> str | None:
    """The other country the source's coordinates lie in, when they contradict its country.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    str or None
        ISO 3166-1 alpha-2 code of the country at the coordinates (Natural Earth borders via the
        gazetteer); None when they lie in the country, are missing, or there is no gazetteer.
    """
    if lat is None or lon is None or ctx.gazetteer is None:
        return None
    at = ctx.gazetteer.country_at(lat, lon)
    return at if at and at not in filed_under(country.code) else None


def coordinates_outside(ctx: Context, code: str, lat, lon) -> str | None:
    """The other country a place's coordinates lie in, or None when they lie in its country.

    Where the borders name no country (at sea, on a small island) the nearest gazetteer place, however
    far, tells it: "Naka", Japan, given coordinates in Chuuk.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    code : str
        ISO 3166-1 alpha-2 code of the place's country.
    lat, lon : float or None
        The source's coordinates in degrees; None when it gives none.

    Returns
    -------
    str or None
        ISO 3166-1 alpha-2 code; None also without coordinates or gazetteer.
    """
    if lat is None or lon is None or ctx.gazetteer is None:
        return None
    at = ctx.gazetteer.country_at(lat, lon) or ctx.gazetteer.nearest_anywhere(lat, lon).country
    return at if at and at not in filed_under(code) else None


def candidates(ctx: Context, name: str, country: CountryMatch, lat, lon, radius: float):
    """The gazetteer places of that name within ``radius`` of the source's coordinates.

    Parameters
    ----------
    ctx : Context
        The resolver's shared state: the gazetteer, records made so far, the spellings recorded.
    name : str
        The name as the source writes it; matched folded, against names and alternate names.
    country : CountryMatch
        The source's country; its territories filed apart by GeoNames count too.
    lat, lon : float or None
        The source's coordinates in degrees; without them every place of the name is returned.
    radius : float
        Most distance in km from the source's coordinates.

    Returns
    -------
    list of (float or None, GazetteerPlace)
        Distance in km (None without coordinates) and place, in the gazetteer's order.
    """
    found = ctx.gazetteer.lookup(name, filed_under(country.code))
    if lat is None or lon is None:
        return [(None, p) for p in found]
    near = [(distance_km(lat, lon, p.lat, p.lon), p) for p in found]
    return [(d, p) for d, p in near if d <= radius]


def choose(name: str, found):
    """The best candidate: near before far, the exact name before an alias, the larger town first.

    Parameters
    ----------
    name : str
        The name as the source writes it.
    found : list of (float or None, GazetteerPlace)
        Non-empty, as :func:`candidates` gives them; within 5 km counts as near.

    Returns
    -------
    GazetteerPlace
        Ties go to the nearer place, then the lower GeoNames id.
    """
    key = fold(name)

    def rank(item):
        dist, place = item
        return (dist is not None and dist > NEAR_RADIUS_KM, fold(place.name) != key,
                -place.population, dist or 0.0, place.geonameid)

    return min(found, key=rank)[1]
