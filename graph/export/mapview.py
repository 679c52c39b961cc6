"""Geometry for readable maps: a view that fits the data, an overview by country.

Pure functions (no Streamlit, no deck.gl) shared by the app's map and the report's SVG map:

- ``fit_view`` finds the centre and zoom of a Web-Mercator view (deck.gl's: the world is 512 px
  wide at zoom 0) that shows every point and the top of every long great-circle arc;
- ``country_overview`` aggregates all partnerships of a store per country and country pair.

Which names a map draws, and where, is decided in :mod:`graph.export.maplabels`.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Sequence

from graph.errors import UsageError

if TYPE_CHECKING:
    from graph.store.base import GraphStore

TILE = 512  # deck.gl's world width in pixels at zoom 0
MAX_ZOOM = 9.0


def mercator(lon: float, lat: float, zoom: float = 0.0) -> tuple[float, float]:
    """Pixel position of (lon, lat) in a Web-Mercator world ``TILE * 2**zoom`` pixels wide (deck.gl's).

    Parameters
    ----------
    lon, lat : float
        Degrees (WGS 84); latitudes beyond ±85° are clamped.
    zoom : float, optional
        Zoom level; 0 (default) maps the world onto ``TILE`` (512) pixels.

    Returns
    -------
    (float, float)
        x to the east, y downwards from the north-west corner, in pixels.
    """
    lat = max(min(lat, 85.0), -85.0)
    size = TILE * 2 ** zoom
    x = (lon + 180.0) / 360.0 * size
    y = (1 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / math.pi) / 2 * size
    return x, y


def _unmercator_lat(y: float) -> float:
    return math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / TILE))) - math.pi / 2)


def great_circle_middle(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    """The point halfway along the great circle from a to b.

    Parameters
    ----------
    a, b : (float, float)
        (lon, lat) in degrees.

    Returns
    -------
    (float, float)
        (lon, lat) in degrees; it lies nearer the pole than the straight middle for long arcs.
    """
    lon1, lat1, lon2, lat2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    vx = math.cos(lat1) * math.cos(lon1) + math.cos(lat2) * math.cos(lon2)
    vy = math.cos(lat1) * math.sin(lon1) + math.cos(lat2) * math.sin(lon2)
    vz = math.sin(lat1) + math.sin(lat2)
    return math.degrees(math.atan2(vy, vx)), math.degrees(math.atan2(vz, math.hypot(vx, vy)))


@dataclass(frozen=True)
class View:
    """Centre, zoom and the (west, south, east, north) box of the data a map should show."""

    longitude: float
    latitude: float
    zoom: float
    bbox: tuple[float, float, float, float]

    @property
    def span(self) -> float:
        """The larger side of the box, in degrees of longitude or latitude."""
        return max(self.bbox[2] - self.bbox[0], self.bbox[3] - self.bbox[1])


Point = tuple[float, float]


def fit_view(points: Sequence[Point], arcs: Iterable[tuple[Point, Point]] = (), width: int = 950,
             height: int = 520, padding: float = 0.12) -> View:
    """The view that fits ``points`` and the middles of ``arcs`` into width × height pixels.

    Parameters
    ----------
    points : sequence of (lon, lat)
        Degrees; latitudes are fitted within -80° to 82°.
    arcs : iterable of ((lon, lat), (lon, lat)), optional
        A great circle bends towards the pole, so its middle (:func:`great_circle_middle`) is fitted too.
    width, height : int, optional
        The map's size in pixels (default 950 × 520, the smaller width of the app's layouts).
    padding : float, optional
        Share of each side kept free, so dots and labels at the edge are not cut (default 0.12).

    Returns
    -------
    View
        Centre in degrees, zoom between 0.4 and ``MAX_ZOOM`` (9), and the box of the data.

    Raises
    ------
    UsageError
        ``points`` is empty: there is nothing to show. Callers say so before they ask for a view
        (the app's map: "nothing to put on the map").

    Example
    -------
    >>> v = fit_view([(12.37, 51.34), (19.94, 50.06)])  # Leipzig and Kraków
    >>> 5 < v.zoom < 8 and 15 < v.longitude < 17
    True
    """
    if not points:
        raise UsageError("nothing to show on the map: a map view needs at least one place with coordinates")
    every = list(points) + [great_circle_middle(a, b) for a, b in arcs]
    lons, lats = [p[0] for p in every], [p[1] for p in every]
    west, east = min(lons), max(lons)
    south, north = max(min(lats), -80.0), min(max(lats), 82.0)
    x0, y0 = mercator(west, north)
    x1, y1 = mercator(east, south)
    dx, dy = max(x1 - x0, 1e-6), max(y1 - y0, 1e-6)
    usable = 1 - 2 * padding
    zoom = math.log2(min(width * usable / dx, height * usable / dy))
    zoom = max(min(zoom, MAX_ZOOM), 0.4)
    return View(longitude=(west + east) / 2, latitude=_unmercator_lat((y0 + y1) / 2), zoom=round(zoom, 2),
                bbox=(west, south, east, north))


@dataclass(frozen=True)
class CountryOverview:
    """All partnerships of a store by country: where each country's municipalities lie (median),
    how many partnerships touch it, and the partnerships per pair of countries (within a country too)."""

    places: dict[str, tuple[float, float]]
    partnerships: Counter
    municipalities: Counter
    pairs: Counter


def country_overview(store: GraphStore) -> CountryOverview:
    """All partnerships of a store aggregated per country, from the store's country totals.

    Parameters
    ----------
    store : GraphStore
        Its ``country_summaries`` and ``country_pairs`` are read (counted by the store, once per
        version of its data: on Neo4j by the server).

    Returns
    -------
    CountryOverview
        ``places`` holds the median position of a country's municipalities (robust to overseas
        territories; countries without coordinates have none), ``partnerships`` the count touching
        each country, ``municipalities`` the municipalities per country, ``pairs`` the count per
        sorted (code, code); a partnership with an end of unknown country is not counted. Each in the
        order of the codes.

    Raises
    ------
    StoreError
        The store cannot be read.
    """
    # in the order of the codes, so that equal counts are drawn alike whichever store counted them
    summaries = sorted(store.country_summaries().items())
    places = {code: (s.lon, s.lat) for code, s in summaries if s.lon is not None and s.lat is not None}
    counted = Counter({code: s.municipalities for code, s in summaries})
    per: Counter = Counter()
    pairs: Counter = Counter()
    for (ca, cb), n in sorted(store.country_pairs().items()):
        per[ca] += n
        if cb != ca:
            per[cb] += n
        pairs[tuple(sorted((ca, cb)))] += n
    return CountryOverview(places=places, partnerships=per, municipalities=counted, pairs=pairs)
