"""Turning the place names found in source files into Municipality and Country records.

``resolve_country`` maps a country string ("England, United Kingdom", "Georgia (country)", "Grece")
to an ISO 3166-1 alpha-2 code, keeping a UK nation or a named region as subdivision. What cannot be
resolved with confidence returns None: the caller reports it, nothing is guessed.

``PlaceResolver`` turns (city text, country text, coordinates) into the records of one municipality:
its node with a stable id, its country, and for districts ("Berlin – Mitte") the parent city.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry

from .errors import ValidationError
from .model import (
    COUNTRY, IN_COUNTRY, MUNICIPALITY, PART_OF, Edge, Node, country_id, municipality_id,
)
from .text import clean, fold


@dataclass(frozen=True)
class CountryMatch:
    code: str  # ISO 3166-1 alpha-2 (XK for Kosovo, as used by the EU and the World Bank)
    name: str  # common English name
    subdivision: str | None = None  # e.g. "England" for GB, "Bavaria" for DE
    how: str = "name"  # name | alias | qualified | city-text | coordinates


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
    "ivory coast": "CI", "cote d ivoire": "CI", "cape verde": "CV", "east timor": "TL", "timor leste": "TL",
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
    """Common English name of an ISO code."""
    if code in _COUNTRY_NAMES:
        return _COUNTRY_NAMES[code]
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


@lru_cache(maxsize=4096)
def _lookup(key: str) -> str | None:
    if not key or key in UNRESOLVABLE:
        return None
    if key in COUNTRY_ALIASES:
        return COUNTRY_ALIASES[key]
    for country in pycountry.countries:
        names = {country.name, country.alpha_2, country.alpha_3,
                 getattr(country, "common_name", ""), getattr(country, "official_name", "")}
        if key in {fold(n) for n in names if n}:
            return country.alpha_2
    return None


@lru_cache(maxsize=4096)
def resolve_country(text: str | None) -> CountryMatch | None:
    """The ISO country of a country string, or None when it cannot be resolved with confidence."""
    raw = clean(text)
    if not raw:
        return None
    key = fold(raw)
    if key.startswith("in "):
        key = key[3:]
    code = _lookup(key)
    if code:
        subdivision = raw if key in {"england", "scotland", "wales", "northern ireland"} else None
        return CountryMatch(code, country_name(code), subdivision, "name" if key not in COUNTRY_ALIASES else "alias")
    # "England, United Kingdom", "Bavaria, Germany", "Rauma, Norway": the last part is the country
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        code = _lookup(fold(tail))
        if code:
            return CountryMatch(code, country_name(code), clean(head) or None, "qualified")
    # "Georgia (country)"
    match = _QUALIFIER.search(raw)
    if match:
        code = _lookup(fold(_QUALIFIER.sub(" ", raw)))
        if code:
            return CountryMatch(code, country_name(code), None, "alias")
    return None


def split_city_country(text: str) -> tuple[str, CountryMatch | None]:
    """'Varna, Bulgaria' -> ('Varna', BG). Text without a trailing country comes back unchanged."""
    raw = clean(text)
    if "," in raw:
        head, _, tail = raw.rpartition(",")
        match = resolve_country(tail)
        if match and clean(head):
            return clean(head), CountryMatch(match.code, match.name, match.subdivision, "city-text")
    return raw, None


_DISTRICT = re.compile(r"^(?P<city>[^–—]+?)\s+[–—-]\s+(?P<district>.+)$")
_PAREN_CITY = re.compile(r"^(?P<district>.+?)\s*\((?P<city>[^)]+)\)$")


@dataclass
class ResolvedPlace:
    """The records of one place: the municipality node plus its country and parent."""

    node: Node
    nodes: list[Node] = field(default_factory=list)  # country, parent city
    edges: list[Edge] = field(default_factory=list)  # IN_COUNTRY, PART_OF


class PlaceResolver:
    """Resolves place names to municipality records; the same input always gives the same ids."""

    def country(self, text: str | None) -> CountryMatch | None:
        return resolve_country(text)

    def place(self, name: str, country: CountryMatch | None, lat: float | None = None,
              lon: float | None = None, sources: list[str] | None = None) -> ResolvedPlace:
        name = clean(name)
        if not fold(name):
            raise ValidationError(f"place name {name!r} is empty")
        code = country.code if country else None
        props = {"name": name, "country": code, "lat": lat, "lon": lon, "aliases": [name],
                 "sources": sources or [], "subdivision": country.subdivision if country else None,
                 "kind": "city"}
        nodes: list[Node] = []
        edges: list[Edge] = []
        district = _DISTRICT.match(name)
        if district:
            props["kind"] = "district"
            parent = Node(MUNICIPALITY, municipality_id(district["city"], code),
                          {"name": clean(district["city"]), "country": code, "kind": "city",
                           "subdivision": props["subdivision"], "sources": sources or []})
            nodes.append(parent)
        node = Node(MUNICIPALITY, municipality_id(name, code), props)
        if district:
            edges.append(Edge(PART_OF, node.id, nodes[0].id, {"sources": sources or []}))
        if code:
            nodes.append(Node(COUNTRY, country_id(code), {"code": code, "name": country.name}))
            for place in [node, *nodes[:-1]]:
                edges.append(Edge(IN_COUNTRY, place.id, country_id(code), {}))
        return ResolvedPlace(node, nodes, edges)
