"""Country borders and coastlines for the report's SVG map (Natural Earth via ``graph.geo.worldatlas``)."""

from __future__ import annotations

from typing import Callable

from graph.geo import worldatlas

SEA = "#dce8f2"
LAND = "#f4f2ec"
BORDER = "#a3aab2"


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
    west, south, east, north = bbox
    span = max(east - west, north - south)
    resolution = worldatlas.resolution_for(span)
    margin = max(span * 0.2, 2.0)
    shapes = worldatlas.countries_in((west - margin, south - margin, east + margin, north + margin), resolution)
    if not worldatlas.countries("110m"):
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
