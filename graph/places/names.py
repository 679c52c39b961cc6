"""Name patterns the place rules read: districts, qualifiers, numbered parts, compound names, area words.

Each pattern is matched against a source's city text as written (after ``graph.text.clean``); the
words that mark an administrative area are matched against its ``graph.text.fold``.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

from graph.geo.subdivisions import subdivisions
from graph.text import fold

# "Berlin – Mitte", "Vienna 1 – Innere Stadt"
DISTRICT = re.compile(r"^(?P<city>[^–—]+?)\s+[–—-]\s+(?P<district>.+)$")
# "Mapo (Seoul)", "Frankfurt (Oder)", "Dębica (rural gmina)"
PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<qualifier>[^)]+)\)$")
# "Mansfield, Ohio", "Kusatsu, Gunma"
COMMA = re.compile(r"^(?P<base>[^,]+),\s*(?P<qualifier>[^,]+)$")
# "Prague 10", "Vienna 1", "Budapest XIII"
NUMBERED = re.compile(r"^(?P<city>\D+?)\s+(?P<number>\d{1,2}|[IVXL]{1,6})\.?$")
# "Ebensee am Traunsee", "Purgstall an der Erlauf", "Kötschach-Mauthen", "Bourgoin-Jallieu"
_NAME_TAIL = re.compile(r"^(?P<head>.+?)\s+(?:am|an der|an den|an dem|im|in der|bei|ob|unter|upon|on)\s+\S.*$",
                        re.IGNORECASE)
_PAIR = re.compile(r"^(?P<first>[^\s–—-][^–—-]*?)-(?P<second>[A-ZÀ-ÞŁŚŻŹĆŃ][^–—-]+)$")
# "Berlin-Pankow": the same two-part shape, read as a city and its district
HYPHENATED = re.compile(r"^(?P<city>[^\s–—-][^–—-]*?)-(?P<district>[A-ZÀ-ÞŁŚŻŹĆŃ][^–—-]+)$")

# First words that make one name with what follows a hyphen ("Saint-Martin", "Bad-Ischl" misspelt)
_NAME_PREFIXES = frozenset({
    "saint", "sainte", "st", "ste", "sankt", "san", "santa", "santo", "sao", "bad", "le", "la", "les", "l",
    "pont", "port", "mont", "val", "villa", "ville", "neu", "alt", "gross", "klein", "ober", "unter",
    "nieder", "hohen", "nova", "novo", "nove", "stara", "stary", "velke", "male", "dolni", "horni",
})

# Qualifiers of an area that is the municipality of the town it is named after (England's districts)
TOWN_QUALIFIERS = frozenset({"local government district"})

# Words that mark an administrative area rather than a municipality, by the kind it is flagged with.
_AREA_WORDS: tuple[tuple[str, re.Pattern], ...] = (
    ("municipality", re.compile(r"\b(rural gmina|urban rural gmina|gmina|municipality|municipio|commune|"
                                r"kommune|gemeinde|township|parish|samtgemeinde|verbandsgemeinde|amt|"
                                r"city corporation|metropole|communaute|agglomeration)\b")),
    ("county", re.compile(r"\b(county|raion|rayon|district|landkreis|kreis|powiat|okres|borough|"
                          r"regional unit|hromada|city and county)\b")),
    ("region", re.compile(r"\b(province|provincia|region|oblast|governorate|prefecture|state|voivodeship|"
                          r"department|canton|krai|island|islands|autonomous community|"
                          r"microregion|mikroregion|free trade zone)\b")),
)


def is_name_prefix(word: str) -> bool:
    """Whether a word makes one name with what follows a hyphen ("Saint-Martin", "Bad-Ischl").

    Parameters
    ----------
    word : str
        The part before the hyphen, in any case and accents.

    Returns
    -------
    bool
        True when its fold is one of the name prefixes ("saint", "bad", "san", "sankt" ...).
    """
    return fold(word) in _NAME_PREFIXES


def district_key(name: str, parent) -> str:
    """The folded name of a district without the name of its city, however it is written.

    "Berlin – Pankow", "Pankow (Berlin)" and "Berlin-Pankow" under Berlin all give "pankow".

    Parameters
    ----------
    name : str
        The district as a source writes it.
    parent : Node
        The city's node; its ``name`` and ``aliases`` are the city names taken off.

    Returns
    -------
    str
        The :func:`graph.text.fold` of the district part; of the whole name when no pattern names the city.
    """
    city_names = {fold(parent.name), *(fold(alias) for alias in parent.get("aliases") or [])}
    for pattern, city, district in ((DISTRICT, "city", "district"), (PAREN, "qualifier", "base"),
                                    (HYPHENATED, "city", "district")):
        match = pattern.match(name)
        if match and fold(match[city]) in city_names:
            return fold(match[district])
    return fold(name)


def area_kind(name: str) -> str | None:
    """The kind of administrative area a name designates, by the words in it.

    Parameters
    ----------
    name : str
        A place name as a source writes it.

    Returns
    -------
    str or None
        "municipality" (gmina, commune, township, ...), "county" (county, district, Landkreis, powiat,
        ...) or "region" (province, oblast, state, ...); None for a name without such a word.

    Examples
    --------
    >>> area_kind("Hawaii County"), area_kind("Dębica (rural gmina)"), area_kind("Leipzig")
    ('county', 'municipality', None)
    """
    key = fold(name)
    for kind, pattern in _AREA_WORDS:
        if pattern.search(key):
            return kind
    return None


def name_heads(name: str) -> list[str]:
    """The main place a compound municipality name may be named after, most likely first.

    Parameters
    ----------
    name : str
        A municipality name such as "Ebensee am Traunsee" or "Kötschach-Mauthen".

    Returns
    -------
    list of str
        The part before "am/an der/bei ..." and the first of a hyphenated pair (unless a name prefix such as
        "Saint"); empty when the name has no such parts.

    Examples
    --------
    >>> name_heads("Ebensee am Traunsee"), name_heads("Kötschach-Mauthen"), name_heads("Saint-Martin")
    (['Ebensee'], ['Kötschach'], [])
    """
    heads = []
    tail = _NAME_TAIL.match(name)
    if tail:
        heads.append(tail["head"])
    pair = _PAIR.match(name)
    if pair and fold(pair["first"]) not in _NAME_PREFIXES:
        heads.append(pair["first"])
    return [h.strip() for h in heads if h.strip() and h.strip() != name]


@lru_cache(maxsize=256)
def _subdivision_keys(code: str) -> dict[str, str]:
    """Folded names of a country's ISO 3166-2 subdivisions -> "region" (first level) or "county"."""
    out: dict[str, str] = {}
    # pycountry gives a set: first-level subdivisions first, then by code, so that a name used at
    # both levels ("Hiiumaa", county and municipality) is the same kind in every run
    subs = sorted(pycountry.subdivisions.get(country_code=code) or [],
                  key=lambda sub: (bool(getattr(sub, "parent_code", None)), sub.code))
    for sub in subs:
        out.setdefault(fold(sub.name), "county" if getattr(sub, "parent_code", None) else "region")
    for sub in subdivisions(code):
        for name in sub.names:
            out.setdefault(fold(name), "region")
    return out


def subdivision_kind(name: str, code: str | None) -> str | None:
    """The kind of the ISO 3166-2 subdivision of country ``code`` a name is, or None.

    Names of subdivisions are areas, not towns: "Calabria" (IT) is a "region", "North Ayrshire" (GB)
    a "county" (a second-level subdivision). Source: pycountry's ISO 3166-2 and ``graph.geo.subdivisions``.

    Parameters
    ----------
    name : str
        A place name in any case and accents.
    code : str or None
        ISO 3166-1 alpha-2 code of the country; None gives None.

    Returns
    -------
    str or None
        A municipality kind of ``graph.model.MUNICIPALITY_KINDS`` ("region", "county"), or None.

    Examples
    --------
    >>> subdivision_kind("Calabria", "IT"), subdivision_kind("Leipzig", "DE")
    ('region', None)
    """
    return _subdivision_keys(code).get(fold(name)) if code else None
