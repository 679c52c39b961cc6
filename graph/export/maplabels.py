"""Names on a map that do not overlap: which places are named first, and on which side of each point.

Pure functions (no Streamlit, no deck.gl) shared by the app's map and the report's SVG map:

- ``label_rank`` orders places by importance: the centre, then the most partnerships in view, then
  the largest population, so the names a reader looks for are placed before their small neighbours;
- ``place_labels`` keeps, in order of importance, the labels whose boxes do not overlap one already
  kept, each on the first side of its point (right, left, below) where it fits;
- ``declutter`` does the same with every name right of its point.
"""

from __future__ import annotations

import math
from typing import Sequence


def label_rank(centre: bool, partnerships: int, population: object, name: str) -> tuple:
    """Sort key for the places whose names a map draws first: the centre (the place chosen, the ends
    of a path), then the most partnerships in view, then the largest population, then the name.

    Parameters
    ----------
    centre : whether the place is the one the view is about
    partnerships : its relationships in the view
    population : its population (None or 0 when unknown)
    name : its name, so that ties are broken the same way every time

    Returns
    -------
    tuple
        Smaller is more important.

    Example
    -------
    >>> towns = [("Borna", 1, 19000), ("Leipzig", 1, 600000), ("Kyiv", 2, 2900000)]
    >>> [t[0] for t in sorted(towns, key=lambda t: label_rank(False, t[1], t[2], t[0]))]
    ['Kyiv', 'Leipzig', 'Borna']
    """
    try:
        people = int(population or 0)
    except (TypeError, ValueError):
        people = 0
    return (not centre, -int(partnerships), -people, name.casefold())


SIDES = ("right", "left", "below-right", "below-left")  # where a name may go, tried in this order


def label_box(text: str, x: float, y: float, side: str = "right", font_px: float = 12.0,
              gap: float = 0.0, reach: float = 0.0) -> tuple[float, float, float, float]:
    """The (left, top, right, bottom) box of a name drawn at ``side`` of the point (x, y), in pixels.

    "right" and "left" put the text just above the point's height, beside it; "below-…" just under
    it; "centre" centred on the point (a country's name). A character is taken as 0.58 × ``font_px``
    wide; ``gap`` is added on every side; ``reach`` moves a name beside its point further out (past a
    large dot).

    Parameters
    ----------
    text : str
        The name drawn; only its length counts.
    x, y : float
        The point's position in pixels, y downwards.
    side : str, optional
        One of ``SIDES``: "right" (default), "left", "below-right" or "below-left".
    font_px : float, optional
        Font size in pixels (default 12).
    gap : float, optional
        Free pixels added on every side of the box (default 0).
    reach : float, optional
        Extra pixels between the point and a name beside it (default 0).

    Returns
    -------
    (float, float, float, float)
        (left, top, right, bottom) in pixels, rounded to two decimals.

    Example
    -------
    >>> label_box("Kyiv", 100, 50, "left", font_px=10)
    (69.8, 40.0, 95.0, 50.0)
    """
    width = 0.58 * font_px * len(text)
    if side == "centre":
        left, top = x - width / 2 - 1, y - font_px / 2
    else:
        left = x + 5 + reach if side.endswith("right") else x - 7 - reach - width
        top = y if side.startswith("below") else y - font_px
    return (round(left - gap, 2), round(top - gap, 2), round(left + width + 2 + gap, 2), round(top + font_px + gap, 2))


def place_labels(candidates: Sequence[tuple[str, float, float]], *, font_px: float = 12.0, gap: float = 3.0,
                 limit: int = 30, sides: Sequence[str] = SIDES,
                 bounds: tuple[float, float, float, float] | None = None,
                 dots: Sequence[tuple[float, float, float, float]] = (),
                 reach: Sequence[float] = ()) -> list[tuple[int, str]]:
    """Which names to draw and on which side of their point: in the given order (most important
    first), each name goes to the first of ``sides`` where its box overlaps no name kept before and
    no dot of a more important place, and lies inside ``bounds`` (the picture) when given; otherwise
    it is left out; at most ``limit`` names.

    Parameters
    ----------
    candidates : (text, x, y) in pixels, most important first
    font_px : the font size in pixels
    gap : free pixels kept around each name
    limit : how many names at most
    sides : the sides tried, in order (see :func:`label_box`)
    bounds : (left, top, right, bottom) of the picture, in the same pixels; None for no limit
    dots : per candidate, the (left, top, right, bottom) box of its dot; a name covers no dot of a
        candidate before it
    reach : per candidate, extra pixels between its point and its name (its dot's radius)

    Returns
    -------
    list of (int, str)
        The index of each name kept and its side.

    Example
    -------
    >>> place_labels([("Leipzig", 0, 0), ("Borna", 2, 6), ("Kraków", 300, 0)])
    [(0, 'right'), (1, 'left'), (2, 'right')]
    """
    kept: list[tuple[int, str]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for i, (text, x, y) in enumerate(candidates):
        if len(kept) >= limit:
            break
        for side in sides:
            box = label_box(text, x, y, side, font_px, gap, reach[i] if i < len(reach) else 0.0)
            if bounds and not (bounds[0] <= box[0] and box[2] <= bounds[2] and bounds[1] <= box[1]
                               and box[3] <= bounds[3]):
                continue
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in (*boxes, *dots[:i])):
                kept.append((i, side))
                boxes.append(box)
                break
    return kept


def declutter(candidates: Sequence[tuple[str, float, float]], *, font_px: float = 12.0, gap: float = 3.0,
              limit: int = 30) -> list[int]:
    """Indexes of the labels to draw right of their points: :func:`place_labels` with one side.

    Parameters
    ----------
    candidates : sequence of (str, float, float)
        (text, x, y) in pixels.
    font_px : float, optional
        Font size in pixels; a character is taken as 0.58 × ``font_px`` wide.
    gap : float, optional
        Free pixels kept around each box.
    limit : int, optional
        Most labels kept (default 30).

    Returns
    -------
    list of int
        Indexes into ``candidates``, ascending.

    Example
    -------
    >>> declutter([("Leipzig", 0, 0), ("Halle", 5, 3), ("Kraków", 300, 0)])
    [0, 2]
    """
    return [i for i, _ in place_labels(candidates, font_px=font_px, gap=gap, limit=limit, sides=("right",))]


PLACE_FONT, COUNTRY_FONT = 13, 12  # the map's names in pixels, as deck.gl's TextLayer draws them


def map_names(places: Sequence[dict], countries: Sequence[dict], zoom: float, centre: tuple[float, float],
              width: float, height: float, limit: int = 30) -> list[tuple[dict, str, tuple[float, float], tuple]]:
    """The names a map draws, where, and the box each covers on screen: places first (most important
    first, each beside its point, on no dot of a more important place), then country names in the room left,
    centred on the first of their spots where they cover no place name, dot or other country name.

    Parameters
    ----------
    places : sequence of dict
        ``lon``, ``lat``, ``label`` and optionally ``radius`` (the dot's radius in pixels), most
        important first.
    countries : sequence of dict
        ``label``, ``spots`` (the (lon, lat) points its name may be centred on, best first) and
        optionally ``bbox`` (west, south, east, north): a name moved in from the map's edge stays in it.
    zoom : float
        The map's zoom (deck.gl's: the world is 512 × 2**zoom pixels wide).
    centre : (float, float)
        (lon, lat) in the middle of the map.
    width, height : float
        The map's size on screen in pixels; no name runs off its edge.
    limit : int, optional
        Most place names (default 30).

    Returns
    -------
    list of (dict, str, (float, float), (float, float, float, float))
        Each name drawn: its row, its side ("right", "left", "below-right", "below-left" or
        "centre"), the (lon, lat) it is drawn at and its (left, top, right, bottom) box in pixels.

    Example
    -------
    >>> towns = [{"lon": 12.4, "lat": 51.3, "label": "Leipzig"}, {"lon": 12.5, "lat": 51.2, "label": "Borna"}]
    >>> [(row["label"], side) for row, side, _, _ in map_names(towns, [], 7, (12.4, 51.3), 900, 520)]
    [('Leipzig', 'right'), ('Borna', 'right')]
    """
    from graph.export.mapview import mercator

    cx, cy = mercator(*centre, zoom)
    frame = (cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2)
    spots = [(p["label"], *mercator(p["lon"], p["lat"], zoom)) for p in places]
    radii = [float(p.get("radius", 3)) for p in places]
    dots = [(x - r, y - r, x + r, y + r) for (_t, x, y), r in zip(spots, radii)]
    drawn = []
    for i, side in place_labels(spots, font_px=PLACE_FONT, limit=limit, bounds=frame, dots=dots, reach=radii):
        box = label_box(*spots[i], side, PLACE_FONT, 0.0, radii[i])
        drawn.append((places[i], side, (places[i]["lon"], places[i]["lat"]), box))
    taken = [b for *_r, b in drawn] + dots
    size = 512 * 2 ** zoom
    for country in countries:
        for lon, lat in country["spots"]:
            x, y = mercator(lon, lat, zoom)
            # a name at the map's edge moves in, so a country mostly outside the view is still named
            half_w, half_h = 0.29 * COUNTRY_FONT * len(country["label"]) + 5, COUNTRY_FONT / 2 + 4
            x, y = min(max(x, frame[0] + half_w), frame[2] - half_w), min(max(y, frame[1] + half_h), frame[3] - half_h)
            lon, lat = x / size * 360 - 180, math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / size))) - math.pi / 2)
            west, south, east, north = country.get("bbox", (-180, -90, 180, 90))
            if not (west <= lon <= east and south <= lat <= north):
                continue
            box = label_box(country["label"], x, y, "centre", COUNTRY_FONT, 3.0)
            inside = frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] and box[3] <= frame[3]
            if inside and not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                drawn.append((country, "centre", (lon, lat), label_box(country["label"], x, y, "centre", COUNTRY_FONT)))
                taken.append(box)
                break
    return [(row, side, at, tuple(v - o for v, o in zip(box, (frame[0], frame[1]) * 2)))
            for row, side, at, box in drawn]
