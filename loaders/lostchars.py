"""Names with a character lost on saving: "Gödöll?" for Gödöllő.

Saving a sheet as Windows-1252 CSV replaces every letter that encoding lacks (ő, ł, ś, č, ...)
by "?". Such a name would become a new place beside the real one; instead the "?" is read as one
lost letter and the name is matched against the gazetteer's names of the country, where "?"
stands for any one letter (or the two of "ß" → "ss"). The loader reports each restored name.
"""

from __future__ import annotations

import re

from graph.geo.gazetteer import distance_km
from graph.text import fold

_LOST = re.compile(r"\w\?|\?\w")


def has_lost_character(name: str) -> bool:
    """True when ``name`` has a "?" inside or at the edge of a word ("Gödöll?", "?ód?")."""
    return bool(_LOST.search(name))


def _pattern(name: str) -> re.Pattern:
    pieces = []
    for i, part in enumerate(name.split("?")):
        if i:
            pieces.append(".{1,2}")
        key = fold(part)
        lead = " " if part[:1].isspace() and key else ""
        trail = " " if part[-1:].isspace() and key else ""
        pieces.append(re.escape(lead + key + trail))
    return re.compile("".join(pieces))


def restore(name: str, country: str | None, gazetteer, lat: float | None = None,
            lon: float | None = None) -> tuple[str, str] | None:
    """The gazetteer name ``name`` most likely was before its "?" replaced a letter.

    Parameters
    ----------
    name : str
        The name as read, with "?" for each lost letter.
    country : str or None
        ISO code of the place's country; names are only matched within it.
    gazetteer : graph.geo.gazetteer.Gazetteer or None
        The offline GeoNames index (None: nothing is restored).
    lat, lon : float, optional
        The source's coordinates: the nearest candidate wins; otherwise the most populous.

    Returns
    -------
    (name, geonameid) or None
        The gazetteer's name and id of the place meant, or None when no name of that country fits.

    Example
    -------
    >>> from graph.geo.gazetteer import gazetteer
    >>> restore("Gödöll?", "HU", gazetteer())[0]
    'Gödöllő'
    """
    if gazetteer is None or not country or not has_lost_character(name):
        return None
    pattern = _pattern(name)
    # the country's name index: folded name -> place number(s)
    keys = gazetteer.country_index(country)
    numbers: set[int] = set()
    for key, found in keys.items():
        if pattern.fullmatch(key):
            numbers.update((found,) if isinstance(found, int) else found)
    if not numbers:
        return None
    places = [gazetteer.place_number(n) for n in numbers]
    if lat is not None and lon is not None:
        best = min(places, key=lambda p: (distance_km(lat, lon, p.lat, p.lon), -p.population, p.geonameid))
    else:
        best = max(places, key=lambda p: (p.population, -p.geonameid))
    # the spelling of the place that fits the name as written ("Gödöllő", not an English exonym)
    spelled = next((a for a in (best.name, *best.aliases) if pattern.fullmatch(_key(a))), best.name)
    return spelled, best.id


def _key(text: str) -> str:
    return fold(text)
