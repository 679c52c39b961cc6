"""Countries: ISO 3166-1 codes from the country strings found in source files, and their names.

``resolve_country`` maps a country string ("England, United Kingdom", "Georgia (country)", "Grece")
to an ISO 3166-1 alpha-2 code, keeping a UK nation or a named region as subdivision. What cannot be
resolved with confidence returns None: the caller reports it, nothing is guessed. Names come from
pycountry (ISO 3166-1 and its official translations) plus the aliases below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from graph.geo.countrynames import country_code
from graph.geo.subdivisions import german, subdivision
from graph.text import clean, fold, without_citations


@dataclass(frozen=True)
class CountryMatch:
    """A country found in a text: its ISO 3166-1 code and name, how it was found, and any smaller area named."""
    code: str  # ISO 3166-1 alpha-2 (XK for Kosovo, as used by the EU and the World Bank)
    name: str  # common English name
    subdivision: str | None = None  # e.g. "England" for GB, "Bavaria" for DE
    how: str = "name"  # name | alias | qualified | city-text | coordinates
    area: str | None = None  # a smaller named area that is not a subdivision ("Rauma" in "Rauma, Norway")


# Names pycountry does not know, old names, other languages and the typos seen in real data.
COUNTRY_ALIASES: dict[str, str] = {
    "england": "GB", "scotland": "GB", "wales": "GB", "northern ireland": "GB", "great britain": "GB",
    "uk": "GB", "britain": "GB", "united kingdom": "GB",
    "republic of ireland": "IE", "ireland": "IE",
    "usa": "US", "united states": "US", "united states of america": "US", "us": "US",
    "russia": "RU", "south korea": "KR", "north korea": "KP", "korea": "KR",
    "taiwan": "TW", "vietnam": "VN", "laos": "LA", "syria": "SY", "iran": "IR", "bolivia": "BO",
    "venezuela": "VE", "tanzania": "TZ", "moldova": "MD", "moldavia": "MD", "brunei": "BN",
    "czech republic": "CZ", "czechia": "CZ", "turkey": "TR", "turkiye": "TR",
    "ivory coast": "CI", "cote divoire": "CI", "cape verde": "CV", "east timor": "TL", "timor leste": "TL",
    "palestine": "PS", "west bank": "PS", "gaza": "PS", "kosovo": "XK",
    "macedonia": "MK", "north macedonia": "MK", "swaziland": "SZ", "burma": "MM",
    "congo": "CG", "republic of the congo": "CG", "democratic republic of the congo": "CD", "dr congo": "CD",
    "micronesia": "FM", "federated states of micronesia": "FM", "holland": "NL", "the netherlands": "NL",
    "georgia country": "GE", "bosnia and hercegovina": "BA", "bosnia": "BA",
    "vatican": "VA", "vatican city": "VA", "the gambia": "GM", "gambia": "GM", "the bahamas": "BS",
    "sao tome and principe": "ST", "falkland islands": "FK", "aland islands": "AX",
    # typos and non-English spellings present in public lists
    "grece": "GR", "kazakhstah": "KZ", "madagaskar": "MG", "surinam": "SR", "island": "IS",
    "deutschland": "DE", "osterreich": "AT", "schweiz": "CH", "polen": "PL", "frankreich": "FR",
    "italien": "IT", "spanien": "ES", "tschechien": "CZ", "ukraine": "UA", "russland": "RU",
    "niederlande": "NL", "belgien": "BE", "ungarn": "HU", "turkei": "TR", "griechenland": "GR",
}

# Country strings that name a territory whose status is disputed: never mapped to a code.
UNRESOLVABLE = {"northern cyprus"}

_COUNTRY_NAMES = {"GB": "United Kingdom", "US": "United States", "RU": "Russia", "KR": "South Korea",
                  "KP": "North Korea", "XK": "Kosovo", "TW": "Taiwan", "VN": "Vietnam", "IR": "Iran",
                  "SY": "Syria", "LA": "Laos", "BO": "Bolivia", "VE": "Venezuela", "TZ": "Tanzania",
                  "MD": "Moldova", "CZ": "Czechia", "PS": "Palestine", "CD": "DR Congo", "CG": "Congo",
                  "FM": "Micronesia", "BN": "Brunei", "TR": "Türkiye", "CI": "Côte d'Ivoire", "CV": "Cape Verde"}

_QUALIFIER = re.compile(r"\s*\(([^)]*)\)\s*")


def country_name(code: str) -> str:
    """Common English name of an ISO code.

    Names come from partnernet's own list, else ISO 3166-1 via pycountry (its common name where it has
    one).

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2 code, upper case (XK for Kosovo).

    Returns
    -------
    str
        The English name; an unknown code is returned as given.

    Examples
    --------
    >>> country_name("DE"), country_name("XK"), country_name("ZZ")
    ('Germany', 'Kosovo', 'ZZ')
    """
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=1)
def _pycountry_names() -> dict[str, str]:
    """Folded name, official name and codes of every ISO country -> alpha-2 (built once)."""
    out: dict[str, str] = {}
    for country in pycountry.countries:
        names = {country.name, country.alpha_2, country.alpha_3,
                 getattr(country, "common_name", ""), getattr(country, "official_name", "")}
        for name in names:
            if name:
                out.setdefault(fold(name), country.alpha_2)
    return out


@lru_cache(maxsize=4096)
def _lookup(key: str) -> str | None:
    if not key or key in UNRESOLVABLE:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    return _pycountry_names().get(key)


@lru_cache(maxsize=4096)
def resolve_country(text: str | None) -> CountryMatch | None:
    """The ISO country of a country string, or None when it cannot be resolved with confidence.

    Parameters
    ----------
    text : str or None
        An English, German or other name, an ISO 3166-1 alpha-2 or alpha-3 code, or "Subdivision,
        Country" ("Bavaria, Germany"); footnote markers are ignored.

    Returns
    -------
    CountryMatch or None
        The ISO 3166-1 alpha-2 code (via pycountry and partnernet's aliases) with how it was found.

    Examples
    --------
    >>> resolve_country("Bavaria, Germany").code, resolve_country("in Polen").code
    ('DE', 'PL')
    >>> resolve_country("somewhere") is None
    True
    """
    raw = without_citations(clean(text))
    if not raw:
        return None
    key = fold(raw)
    if key.startswith("in "):
        key = key[3:]
    code = _lookup(key)
    if code:
        subdivision = raw if key in {"england", "scotland", "wales", "northern ireland"} else None
        return CountryMatch(code, country_name(code), subdivision, "name" if key not in COUNTRY_ALIASES else "alias")
    # "England, United Kingdom", "Bavaria, Germany", "Rauma, Norway": the last part is the country;
    # the first is kept as subdivision only when it is one ("Rauma" is a Norwegian municipality)
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        code = _lookup(fold(tail))
        if code:
            head = clean(head) or None
            if head and not _is_subdivision(head, code):
                return CountryMatch(code, country_name(code), None, "qualified", area=head)
            return CountryMatch(code, country_name(code), head, "qualified")
    # "Georgia (country)"
    match = _QUALIFIER.search(raw)
    if match:
        code = _lookup(fold(_QUALIFIER.sub(" ", raw)))
        if code:
            return CountryMatch(code, country_name(code), None, "alias")
    # other languages ("Rumänien", "Vereinigte Staaten"), historical and long forms
    code = None if key in UNRESOLVABLE else country_code(key)
    return CountryMatch(code, country_name(code), None, "translation") if code else None


# Overseas parts a source may name before the sovereign ("Réunion, France"): ISO 3166-2 codes.
_OVERSEAS = {"reunion": "FR-RE", "guadeloupe": "FR-GP", "martinique": "FR-MQ", "french guiana": "FR-GF",
             "mayotte": "FR-YT", "aland islands": "FI-01", "azores": "PT-20", "madeira": "PT-30"}


def _is_subdivision(text: str, code: str) -> bool:
    key = fold(text)
    if key in {"england", "scotland", "wales", "northern ireland"} or key in _OVERSEAS:
        return True
    return subdivision(text, code) is not None


def split_city_country(text: str) -> tuple[str, CountryMatch | None]:
    """Split a trailing country off a place: 'Varna, Bulgaria' -> ('Varna', BG).

    Parameters
    ----------
    text : str
        A place as a source writes it; only the part after the last comma is tried as a country.

    Returns
    -------
    (str, CountryMatch or None)
        The cleaned place name and the country found (``how`` ``"city-text"``); the whole cleaned text
        and None when the tail is no country.
    """
    raw = clean(text)
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        match = resolve_country(tail)
        if match and clean(head):
            return clean(head), CountryMatch(match.code, match.name, match.subdivision, "city-text")
    return raw, None


@lru_cache(maxsize=None)
def country_aliases(code: str) -> frozenset[str]:
    """Names of a country besides its common English one: official, German.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2 code.

    Returns
    -------
    frozenset of str
        ISO 3166-1's name, official and common names (pycountry) and their German translations; "Kosovo"
        for XK; empty for an unknown code.
    """
    names: set[str] = set()
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        names |= {country.name, getattr(country, "official_name", None) or country.name,
                  getattr(country, "common_name", None) or country.name}
        names.add(german("iso3166-1").gettext(country.name))
        if hasattr(country, "common_name"):
            names.add(german("iso3166-1").gettext(country.common_name))
    names |= {"Kosovo"} if code == "XK" else set()
    return frozenset(n for n in names if n)
