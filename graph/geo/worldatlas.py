"""Country borders and coastlines for the maps, offline: Natural Earth as shipped by npm ``world-atlas``.

``world-atlas`` (ISC licence; the shapes are Natural Earth's, public domain) is installed into
``node_modules/`` by ``make install``. Its TopoJSON is decoded here (arcs delta-encoded and
quantised, shared between neighbouring countries) into plain longitude/latitude rings, so that the
app's deck.gl map and the report's SVG map draw the same geography without any tile server.
Two resolutions are used: 1:110 million for the whole world, 1:50 million for a region.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = "world-atlas"
RESOLUTIONS = ("110m", "50m")
MISSING = ("Country borders are not drawn: the world-atlas package is not installed "
           "(run `make install`, which runs `npm ci`).")

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Country:
    """One country of Natural Earth: its English name, ISO 3166 numeric code and polygons.

    ``code`` is its ISO 3166-1 alpha-2 code (the key of the country's name in every language), ""
    for the few shapes ISO does not list (Somaliland, N. Cyprus, ...).

    ``polygons`` is a tuple of polygons, each a tuple of rings (outer ring first), each ring a
    tuple of (longitude, latitude) points; ``bbox`` is (west, south, east, north); ``centre`` is
    where its name goes: the middle of its largest polygon."""

    name: str
    iso_numeric: str
    polygons: tuple[tuple[tuple[tuple[float, float], ...], ...], ...]
    bbox: tuple[float, float, float, float]
    centre: tuple[float, float]
    code: str = ""


# shapes Natural Earth gives without an ISO 3166 numeric id that CLDR still names
_CODES_WITHOUT_NUMERIC = {"Kosovo": "XK"}


def alpha2(numeric: str, name: str = "") -> str:
    """The ISO 3166-1 alpha-2 code of a world-atlas feature id (ISO 3166 numeric), "" when unknown.

    Parameters
    ----------
    numeric : str
        The feature's id in world-atlas (Natural Earth): the ISO 3166-1 numeric code, e.g. "276";
        "" for shapes without one.
    name : str, optional
        Natural Earth's English name, which finds the code of a shape without a numeric id that
        CLDR still names (Kosovo: "XK").

    Returns
    -------
    str
        The alpha-2 code (pycountry's ISO 3166-1 table), or "" when neither id nor name is known.

    Examples
    --------
    >>> alpha2("276"), alpha2("804"), alpha2("", "Kosovo"), alpha2("", "N. Cyprus")
    ('DE', 'UA', 'XK', '')
    """
    import pycountry

    found = pycountry.countries.get(numeric=numeric) if numeric else None
    return found.alpha_2 if found else _CODES_WITHOUT_NUMERIC.get(name, "")


def _area(ring) -> float:
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(ring, ring[1:]))) / 2


def _centre(polygons) -> tuple[float, float]:
    """The area-weighted centroid of the largest polygon's outer ring (inside for most countries)."""
    ring = max((polygon[0] for polygon in polygons), key=_area)
    area = cx = cy = 0.0
    for a, b in zip(ring, ring[1:]):
        cross = a[0] * b[1] - b[0] * a[1]
        area += cross
        cx += (a[0] + b[0]) * cross
        cy += (a[1] + b[1]) * cross
    if abs(area) < 1e-9:
        return ring[0]
    return round(cx / (3 * area), 3), round(cy / (3 * area), 3)


def atlas_dir() -> Path | None:
    """Where world-atlas is installed (``$PARTNERNET_NODE_MODULES`` or ``node_modules/``), or None."""
    base = Path(os.environ.get("PARTNERNET_NODE_MODULES") or ROOT / "node_modules")
    folder = base / PACKAGE
    return folder if (folder / "countries-110m.json").is_file() else None


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((round(x * sx + tx, 4), round(y * sy + ty, 4)))
        arcs.append(points)
    return arcs


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> tuple[tuple[float, float], ...]:
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    # a ring cut at the antimeridian (eastern Russia, Fiji) jumps from 180 to -180: continue it
    # beyond 180 instead, so no line is drawn across the whole map
    if any(abs(b[0] - a[0]) > 180 for a, b in zip(points, points[1:])):
        points = [(lon + 360 if lon < 0 else lon, lat) for lon, lat in points]
    return tuple(points)


@lru_cache(maxsize=len(RESOLUTIONS))
def countries(resolution: str = "110m") -> tuple[Country, ...]:
    """The countries of Natural Earth at ``resolution`` ("110m" or "50m"); () without the package.

    Parameters
    ----------
    resolution : str
        "110m" (world view, ~100 kB) or "50m" (regional view, ~750 kB).

    Returns
    -------
    tuple of Country
        Sorted by name; empty when world-atlas is not installed (say ``MISSING`` to the user).

    Raises
    ------
    ValueError
        For another resolution.

    Example
    -------
    >>> [c.name for c in countries() if c.iso_numeric == "276"]
    ['Germany']
    """
    if resolution not in RESOLUTIONS:
        raise ValueError(f"resolution must be one of {', '.join(RESOLUTIONS)}, not {resolution!r}")
    folder = atlas_dir()
    if folder is None:
        return ()
    topology = json.loads((folder / f"countries-{resolution}.json").read_text(encoding="utf-8"))
    arcs = _decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry.get("type") == "Polygon":
            parts = [geometry["arcs"]]
        elif geometry.get("type") == "MultiPolygon":
            parts = geometry["arcs"]
        else:
            continue
        polygons = tuple(tuple(_ring(ring, arcs) for ring in polygon) for polygon in parts)
        points = [p for polygon in polygons for p in polygon[0]]
        if not points or geometry.get("id") == "010":  # Antarctica: no municipalities, and it spans every longitude
            continue
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        name, numeric = str(geometry.get("properties", {}).get("name", "")), str(geometry.get("id") or "")
        out.append(Country(name=name, iso_numeric=numeric, polygons=polygons,
                           bbox=(min(lons), min(lats), max(lons), max(lats)), centre=_centre(polygons),
                           code=alpha2(numeric, name)))
    return tuple(sorted(out, key=lambda c: c.name))


def resolution_for(span_degrees: float) -> str:
    """The resolution that looks right for a view ``span_degrees`` wide: finer for a region.

    Parameters
    ----------
    span_degrees : float
        Width of the view in degrees of longitude.

    Returns
    -------
    str
        ``"50m"`` (Natural Earth's 1:50 million shapes) under 45 degrees, else ``"110m"`` (1:110 million).

    Examples
    --------
    >>> resolution_for(30), resolution_for(360)
    ('50m', '110m')
    """
    return "50m" if span_degrees < 45 else "110m"


def countries_in(bbox: tuple[float, float, float, float] | None, resolution: str = "110m") -> list[Country]:
    """The countries whose bounding box meets ``bbox`` (west, south, east, north); all for None.

    Parameters
    ----------
    bbox : (float, float, float, float) or None
        West, south, east, north in degrees of longitude and latitude.
    resolution : str
        "110m" or "50m", as for :func:`countries`.

    Returns
    -------
    list of Country
        Sorted by name; empty when world-atlas is not installed.

    Examples
    --------
    >>> [c.name for c in countries_in((13.5, 52.0, 14.0, 52.5))]  # Berlin's surroundings
    ['Germany']
    """
    if bbox is None:
        return list(countries(resolution))
    west, south, east, north = bbox
    return [c for c in countries(resolution)
            if c.bbox[0] <= east and c.bbox[2] >= west and c.bbox[1] <= north and c.bbox[3] >= south]


def geojson(bbox: tuple[float, float, float, float] | None = None, resolution: str = "110m") -> dict:
    """A GeoJSON FeatureCollection of the countries meeting ``bbox``, with ``name`` (Natural Earth's,
    English) and ``code`` (ISO 3166-1 alpha-2, "" when unknown) properties.

    Parameters
    ----------
    bbox : (float, float, float, float), optional
        West, south, east, north in degrees; None for the whole world.
    resolution : str
        ``"110m"`` or ``"50m"`` (see :func:`resolution_for`).

    Returns
    -------
    dict
        ``{"type": "FeatureCollection", "features": [...]}``, one MultiPolygon feature per country with
        its English ``name``; coordinates are longitude, latitude (Natural Earth, public domain).

    Examples
    --------
    >>> len(geojson((5, 47, 15, 55))["features"]) > 5  # Germany and its neighbours
    True
    """
    features = [{"type": "Feature", "properties": {"name": c.name, "code": c.code},
                 "geometry": {"type": "MultiPolygon",
                              "coordinates": [[[list(p) for p in ring] for ring in polygon]
                                              for polygon in c.polygons]}}
                for c in countries_in(bbox, resolution)]
    return {"type": "FeatureCollection", "features": features}
