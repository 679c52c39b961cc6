"""Country borders, coastlines and country names for the maps (Natural Earth via ``graph.geo.worldatlas``).

The shapes' names are Natural Earth's English ones; a reader sees the name of the country in the
language of the page (CLDR's, looked up by the ISO code of the shape). Without the world-atlas
package the maps have no borders: that is said once in the log and in words on the map or in the
report, with the fix.
"""

from __future__ import annotations

import logging
from typing import Callable

from graph.geo import worldatlas
from graph.i18n import _, country_name

log = logging.getLogger(__name__)
_said: set[str] = set()


def country_label(country: worldatlas.Country) -> str:
    """The name of a Natural Earth country in the current language (CLDR's name of its ISO code).

    Parameters
    ----------
    country : worldatlas.Country
        A shape of the world-atlas package (Natural Earth); its ``code`` is ISO 3166-1 alpha-2, or ""
        for the few shapes ISO does not list.

    Returns
    -------
    str
        CLDR's name of the code in the current language; for a shape without a code, the name of
        the page's catalogue (Northern Cyprus, Somaliland, …) or else Natural Earth's English name.

    Example
    -------
    >>> from graph.i18n import using
    >>> germany = next(c for c in worldatlas.countries() if c.code == "DE")
    >>> with using("de"):
    ...     country_label(germany)
    'Deutschland'
    """
    if country.code:
        return country_name(country.code)
    return {"N. Cyprus": _("Northern Cyprus"), "Somaliland": _("Somaliland"),
            "Indian Ocean Ter.": _("Indian Ocean Territories"),
            "Siachen Glacier": _("Siachen Glacier")}.get(country.name, country.name)


def missing_atlas() -> str | None:
    """What a map lacks without world-atlas, in the current language with the fix; None when installed.

    The first call in a process without the package also logs it as a warning."""
    if worldatlas.countries("110m"):
        return None
    if worldatlas.MISSING not in _said:
        _said.add(worldatlas.MISSING)
        log.warning(worldatlas.MISSING)
    return _("Country borders and coastlines are not drawn: the world-atlas package is not installed. "
             "Run `make install` in the project directory (it runs `npm ci`) and restart.")

SEA = "#dce8f2"
LAND = "#f4f2ec"
BORDER = "#a3aab2"


def countries_in_view(bbox: tuple[float, float, float, float]) -> list[worldatlas.Country]:
    """The countries to draw for the area ``bbox`` (west, south, east, north): at the resolution
    that suits its size, with a margin around it; [] without world-atlas.

    Parameters
    ----------
    bbox : (float, float, float, float)
        West, south, east, north in degrees of longitude and latitude.

    Returns
    -------
    list of worldatlas.Country
        The Natural Earth shapes whose bounding box meets ``bbox`` widened on every side by a fifth
        of its larger side (at least 2 degrees): 1:50 million shapes for a view under 45 degrees
        wide, 1:110 million otherwise (:func:`graph.geo.worldatlas.resolution_for`).
    """
    west, south, east, north = bbox
    span = max(east - west, north - south)
    margin = max(span * 0.2, 2.0)
    return worldatlas.countries_in((west - margin, south - margin, east + margin, north + margin),
                                   worldatlas.resolution_for(span))


def countries_svg(project: Callable[[float, float], tuple[float, float]], bbox: tuple[float, float, float, float],
                  frame: tuple[float, float, float, float], clip_id: str = "pn-map-frame") -> str:
    """The countries meeting ``bbox`` (Natural Earth shapes via ``graph.geo.worldatlas``) as SVG paths,
    clipped to ``frame`` and drawn on a sea-coloured rectangle.

    Parameters
    ----------
    project : callable
        (lon, lat) in degrees -> (x, y) in the picture's pixels.
    bbox : (float, float, float, float)
        The area shown: west, south, east, north in degrees; shapes within a margin of it are drawn.
    frame : (float, float, float, float)
        The map's rectangle in the picture: x, y, width, height in pixels.
    clip_id : str, optional
        Id of the SVG clip path; must be unique within the page.

    Returns
    -------
    str
        SVG elements (a clip path, the sea, the land with its borders), no text; "" without world-atlas data.
    """
    shapes = countries_in_view(bbox)
    if not shapes:
        return ""
    x, y, w, h = frame
    paths = []
    for country in shapes:
        d = []
        for polygon in country.polygons:
            for ring in polygon:
                points, last = [], None
                for lon, lat in ring:
                    px, py = project(lon, lat)
                    if last is None or abs(px - last[0]) + abs(py - last[1]) >= 0.8:
                        points.append(f"{px:.1f},{py:.1f}")
                        last = (px, py)
                if len(points) > 2:
                    d.append("M" + "L".join(points) + "Z")
        if d:
            paths.append(f'<path d="{"".join(d)}"/>')
    return (f'<clipPath id="{clip_id}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"/></clipPath>'
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{SEA}" stroke="#c5d3df"/>'
            f'<g clip-path="url(#{clip_id})" fill="{LAND}" stroke="{BORDER}" stroke-width="0.6" '
            f'stroke-linejoin="round" fill-rule="evenodd">{"".join(paths)}</g>')
