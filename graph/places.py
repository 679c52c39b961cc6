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
    COUNTRY, IN_COUNTRY, MUNICIPALITY, PART_OF, Edge, Node, country_id, gazetteer_municipality_id,
    municipality_id, register_municipality_id,
)
from .text import clean, fold


@dataclass(frozen=True)
class CountryMatch:
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
    from .countrynames import country_code  # other languages, historical and long forms

    code = None if key in UNRESOLVABLE else country_code(key)
    return CountryMatch(code, country_name(code), None, "translation") if code else None


# Overseas parts a source may name before the sovereign ("Réunion, France"): ISO 3166-2 codes.
_OVERSEAS = {"reunion": "FR-RE", "guadeloupe": "FR-GP", "martinique": "FR-MQ", "french guiana": "FR-GF",
             "mayotte": "FR-YT", "aland islands": "FI-01", "azores": "PT-20", "madeira": "PT-30"}


def _is_subdivision(text: str, code: str) -> bool:
    key = fold(text)
    if key in {"england", "scotland", "wales", "northern ireland"} or key in _OVERSEAS:
        return True
    from .regions import subdivision  # regions imports this module: import late

    return subdivision(text, code) is not None


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
_PAREN = re.compile(r"^(?P<base>.+?)\s*\((?P<qualifier>[^)]+)\)$")

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
LINK_RADIUS_KM = 40.0  # a gazetteer place farther than this from the source's coordinates is another place
NEAR_RADIUS_KM = 5.0
FUZZY_RADIUS_KM = 10.0
FUZZY_MIN_SCORE = 88
FAR_RADIUS_KM = 500.0
FAR_MIN_POPULATION = 10_000
NAME_PART_RADIUS_KM = 3.0
REGISTER_RADIUS_KM = 10.0  # GeoNames places this close to the source's coordinates tell its subdivision

# "Mansfield, Ohio", "Kusatsu, Gunma"
_COMMA = re.compile(r"^(?P<base>[^,]+),\s*(?P<qualifier>[^,]+)$")
# "Prague 10", "Vienna 1", "Budapest XIII"
_NUMBERED = re.compile(r"^(?P<city>\D+?)\s+(?P<number>\d{1,2}|[IVXL]{1,6})\.?$")
# "Ebensee am Traunsee", "Purgstall an der Erlauf", "Kötschach-Mauthen", "Bourgoin-Jallieu"
_NAME_TAIL = re.compile(r"^(?P<head>.+?)\s+(?:am|an der|an den|an dem|im|in der|bei|ob|unter|upon|on)\s+\S.*$",
                        re.IGNORECASE)
_PAIR = re.compile(r"^(?P<first>[^\s–—-][^–—-]*?)-(?P<second>[A-ZÀ-ÞŁŚŻŹĆŃ][^–—-]+)$")

# First words that make one name with what follows a hyphen ("Saint-Martin", "Bad-Ischl" misspelt)
_NAME_PREFIXES = frozenset({
    "saint", "sainte", "st", "ste", "sankt", "san", "santa", "santo", "sao", "bad", "le", "la", "les", "l",
    "pont", "port", "mont", "val", "villa", "ville", "neu", "alt", "gross", "klein", "ober", "unter",
    "nieder", "hohen", "nova", "novo", "nove", "stara", "stary", "velke", "male", "dolni", "horni",
})


def _filed_under(code: str) -> tuple[str, ...]:
    """The country and the territories GeoNames files separately that a source may file under it."""
    from .gazetteer import TERRITORIES

    return (code, *TERRITORIES.get(code, ()))


def _name_heads(name: str) -> list[str]:
    """The main place a compound municipality name may be named after, most likely first."""
    heads = []
    tail = _NAME_TAIL.match(name)
    if tail:
        heads.append(tail["head"])
    pair = _PAIR.match(name)
    if pair and fold(pair["first"]) not in _NAME_PREFIXES:
        heads.append(pair["first"])
    return [h.strip() for h in heads if h.strip() and h.strip() != name]


def area_kind(name: str) -> str | None:
    """The kind of administrative area a name designates ("Hawaii County" -> "county"), or None."""
    key = fold(name)
    for kind, pattern in _AREA_WORDS:
        if pattern.search(key):
            return kind
    return None


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
    from .regions import subdivisions

    for sub in subdivisions(code):
        for name in sub.names:
            out.setdefault(fold(name), "region")
    return out


def _subdivision_kind(name: str, code: str | None) -> str | None:
    """"Calabria" (IT), "North Ayrshire" (GB): names of ISO 3166-2 subdivisions are areas, not towns."""
    return _subdivision_keys(code).get(fold(name)) if code else None


@dataclass
class ResolvedPlace:
    """The records of one place: the municipality node plus its country and parent."""

    node: Node
    nodes: list[Node] = field(default_factory=list)  # country, parent city
    edges: list[Edge] = field(default_factory=list)  # IN_COUNTRY, PART_OF


@dataclass(frozen=True)
class Link:
    """How one spelling was placed: the node it became and why."""

    spelling: str
    country: str | None
    node_id: str
    how: str  # gazetteer match: name | alias | qualifier | fuzzy; else: flagged <kind> | unlinked


@dataclass(frozen=True)
class Merge:
    """Several spellings that became one node."""

    node_id: str
    name: str
    spellings: tuple[str, ...]
    reason: str

    def __str__(self) -> str:
        return f"{' / '.join(repr(s) for s in self.spellings)} -> {self.name} ({self.node_id}): {self.reason}"


class PlaceResolver:
    """Resolves place names to municipality records; the same input always gives the same ids.

    Places are linked to the gazetteer (``graph.gazetteer``) by name or alternate name within their
    country, the source's coordinates choosing between candidates and rejecting far ones. Linked
    places get the gazetteer's id, name, subdivision, population and aliases, so "Köln" and "Cologne"
    become one node. Every spelling is remembered: ``links``, ``merges`` and ``unresolved`` say what
    became of each, for load reports and the quality figures.
    """

    def __init__(self, *, use_gazetteer: bool = True) -> None:
        self._gazetteer = None
        self._use_gazetteer = use_gazetteer
        self._cache: dict[tuple, ResolvedPlace] = {}
        self._sourced: dict[tuple, ResolvedPlace] = {}
        self._nodes: dict[tuple, Node] = {}  # records made once and shared by every place they serve
        self._countries: dict[tuple[str, str], Node] = {}
        self.links: dict[tuple[str, str | None], Link] = {}
        self._placed: dict[tuple[str, str | None, str], str] = {}  # (spelling, country, node id) -> how

    @property
    def gazetteer(self):
        if self._gazetteer is None and self._use_gazetteer:
            from .gazetteer import gazetteer

            self._gazetteer = gazetteer()
        return self._gazetteer

    def country(self, text: str | None) -> CountryMatch | None:
        return resolve_country(text)

    def country_at(self, lat: float | None, lon: float | None) -> CountryMatch | None:
        """The country at a coordinate (offline reverse geocoding against the gazetteer)."""
        if lat is None or lon is None or self.gazetteer is None:
            return None
        code = self.gazetteer.country_at(lat, lon)
        return CountryMatch(code, country_name(code), None, "coordinates") if code else None

    # -- the records of one place ---------------------------------------------------------------
    def place(self, name: str, country: CountryMatch | None, lat: float | None = None,
              lon: float | None = None, sources: list[str] | None = None) -> ResolvedPlace:
        name = clean(name)
        if not fold(name):
            raise ValidationError(f"place name {name!r} is empty")
        if country is None:
            country = resolve_country(name) or self.country_at(lat, lon)  # "Falkland Islands" names itself
        elif country.code == "GE" and lon is not None and lon < -30:  # the US state, not the country
            country = CountryMatch("US", country_name("US"), "Georgia", "coordinates")
        key = (name, country, None if lat is None else round(lat, 3), None if lon is None else round(lon, 3))
        cached = self._cache.get(key)
        if cached is None:
            cached = self._cache[key] = self._resolve(name, country, lat, lon)
        # one load passes the same sources for every row: build the sourced records once per place
        sourced_key = (key, tuple(sources or ()))
        sourced = self._sourced.get(sourced_key)
        if sourced is None:
            sourced = self._sourced[sourced_key] = _with_sources(cached, sources or [])
        return sourced

    def _resolve(self, name: str, country: CountryMatch | None, lat, lon) -> ResolvedPlace:
        code = country.code if country else None
        nodes: list[Node] = []
        edges: list[Edge] = []
        parent = None
        district = _DISTRICT.match(name)
        paren = _PAREN.match(name)
        node = self._gazetteer_node(name, country, lat, lon, kind="city")
        if node is None and district:
            parent = self._gazetteer_node(district["city"], country, lat, lon, kind="city", radius=60.0)
            if parent is None:  # "Vienna 1 – Innere Stadt": the city part is placed by every other rule
                placed = self._resolve(district["city"], country, None, None)
                parent = placed.node
                nodes += placed.nodes
                edges += placed.edges
            node = self._plain_node(name, country, "district", lat, lon, parent=parent)
        elif node is None and paren:
            node, parent = self._qualified(name, paren["base"], paren["qualifier"], country, lat, lon)
        if node is None and country is not None:
            node = self._in_subdivision(name, country, lat, lon)
        if node is None and country is not None:
            node, parent = self._numbered(name, country, lat, lon)
        if node is None and country is not None:
            node = self._admin_area(name, country, lat, lon)
        a_place = node is None and country is not None and not _subdivision_kind(name, code)
        if a_place:
            node = self._name_part(name, country, lat, lon)
        if a_place and node is None and not area_kind(name):
            registered, joined, more = self._registered(name, country, lat, lon)
            if registered is not None:
                node, parent = registered, joined or parent
                if more is not None:
                    nodes += more.nodes
                    edges += more.edges
        if node is None:
            kind = area_kind(name) or ("region" if resolve_country(name) else _subdivision_kind(name, code))
            node = self._plain_node(name, country, kind or "city", lat, lon)
            self._record(name, code, node.id, f"flagged {kind}" if kind else "unlinked")
        how = self._placed.get((name, code, node.id))
        if how is None and parent is not None:
            how = f"district of {parent.name}"
            self._record(name, code, node.id, how)
        if how is not None:
            node = node.with_props(spellings=[spelling_entry(name, how)])
        if parent is not None:
            nodes.append(parent)
            edges.append(Edge(PART_OF, node.id, parent.id, {}))
        if code:
            made = (code, country.name)
            if made not in self._countries:
                self._countries[made] = Node(COUNTRY, country_id(code), {"code": code, "name": country.name})
            nodes.append(self._countries[made])
            for place in (node, parent):
                if place is not None:
                    edges.append(Edge(IN_COUNTRY, place.id, country_id(code), {}))
        return ResolvedPlace(node, nodes, edges)

    def _qualified(self, name, base, qualifier, country, lat, lon) -> tuple[Node | None, Node | None]:
        """"Mapo (Seoul)" is a district of a city; "Frankfurt (Oder)" and "Dębica (rural gmina)" are not."""
        kind = area_kind(qualifier)
        if kind:
            node = self._plain_node(name, country, kind, lat, lon)
            self._record(name, country.code if country else None, node.id, f"flagged {kind}")
            return node, None
        city = self._gazetteer_node(qualifier, country, lat, lon, kind="city", radius=60.0, record=False)
        if city is not None and (city.get("population") or 0) >= 100_000:
            self._record(qualifier, country.code if country else None, city.id, "parent")
            return self._plain_node(name, country, "district", lat, lon, parent=city), city
        node = self._gazetteer_node(base, country, lat, lon, kind="city", spelling=name, how="qualifier")
        if node is not None or country is None:
            return node, None
        # "Linum (Fehrbellin)", "Bezdan (Sombor)": a village named with the municipality it belongs to
        parent = (self._gazetteer_node(qualifier, country, lat, lon, kind="city", radius=60.0, record=False)
                  or self._admin_area(qualifier, country, lat, lon, record=False))
        if parent is None:
            return None, None
        self._record(qualifier, country.code, parent.id, "parent")
        return self._plain_node(name, country, "district", lat, lon, parent=parent), parent

    def _numbered(self, name, country, lat, lon) -> tuple[Node | None, Node | None]:
        """"Prague 10", "Vienna 1", "Budapest XIII": a numbered district of a large city."""
        match = _NUMBERED.match(name)
        if not match:
            return None, None
        city = self._gazetteer_node(match["city"], country, lat, lon, kind="city", radius=60.0, record=False)
        if city is None or (city.get("population") or 0) < 100_000:
            return None, None
        self._record(match["city"], country.code, city.id, "parent")
        return self._plain_node(name, country, "district", lat, lon, parent=city), city

    def _coordinates_abroad(self, country: CountryMatch, lat, lon) -> str | None:
        """The other country the source's coordinates lie in, when they contradict its country."""
        if lat is None or lon is None or self.gazetteer is None:
            return None
        at = self.gazetteer.country_at(lat, lon)
        return at if at and at not in _filed_under(country.code) else None

    def _admin_area(self, name: str, country: CountryMatch, lat, lon, *, record: bool = True) -> Node | None:
        """A municipality that is an administrative division (an Australian local government area, a
        Norwegian kommune) or a county or region, linked to its GeoNames division. The source's
        coordinates must lie in the same first-level subdivision; without usable coordinates the name
        must be unique in the country."""
        if self.gazetteer is None:
            return None
        from .areas import admin_areas
        from .gazetteer import name_key

        found = admin_areas().lookup(name, country.code)
        if not found:
            return None
        here = None
        usable = lat is not None and lon is not None and not self._coordinates_abroad(country, lat, lon)
        if usable:
            near = self.gazetteer.nearest(lat, lon, 30.0, _filed_under(country.code))
            here = near[1].admin1 if near else None
        if here is not None:
            found = [area for area in found if area.admin1 == here]
        if len(found) != 1:
            by_level = [area for area in found if area.level == 2]
            if len(by_level) != 1:
                return None
            found = by_level
        area = found[0]
        key = name_key(name)
        made = ("area", area.geonameid, country.code, name)
        node = self._nodes.get(made)
        if node is None:
            sub_code, sub_name = self.gazetteer.admin1.get((area.country, area.admin1), (None, None))
            node = self._nodes[made] = Node(MUNICIPALITY, gazetteer_municipality_id(area.id), {
                "name": area.display_name(key), "country": country.code, "kind": area.kind,
                "lat": lat if usable else None, "lon": lon if usable else None,
                "gazetteer_id": area.id, "subdivision": country.subdivision or sub_code or sub_name,
                "aliases": _aliases((area.name, *area.aliases), clean(name)),
            })
        if record:
            self._record(name, country.code, node.id, f"area ({area.kind})")
        return node

    def _registered(self, name: str, country: CountryMatch, lat, lon):
        """A municipality GeoNames does not list, linked to its country's register (``graph.registers``:
        French communes, postal localities elsewhere). The register must place the name in the
        subdivision of the source's coordinates; without usable coordinates the name must be unique in
        the country's register. A former French commune becomes a district of the commune it joined.
        Returns (node, parent, the parent's resolved records)."""
        if self.gazetteer is None:
            return None, None, None
        from .registers import registers

        found = registers().lookup(name, country.code)
        if not found:
            return None, None, None
        usable = lat is not None and lon is not None and not self._coordinates_abroad(country, lat, lon)
        if usable:
            here = self._subdivisions_near(country, lat, lon)
            found = [place for place in found if place.subdivision in here]
        if len(found) != 1 or found[0].several or not found[0].subdivision:
            return None, None, None
        place = found[0]
        parent = more = None
        if place.parent:
            joined = registers().place(country.code, place.parent)
            if joined is None:
                return None, None, None
            more = self._resolve(joined.name, country, lat if usable else None, lon if usable else None)
            parent = more.node
        made = ("register", place.register_id, country.code, name)
        node = self._nodes.get(made)
        if node is None:
            node = self._nodes[made] = Node(MUNICIPALITY, register_municipality_id(place), {
                # some postal registers write names in capitals: the source's spelling reads better then
                "name": clean(name) if place.name.isupper() else place.name, "country": country.code,
                "kind": "district" if parent else "city",
                "lat": lat if usable else None, "lon": lon if usable else None, "population": place.population,
                "register_id": place.register_id, "subdivision": country.subdivision or place.subdivision,
                "aliases": _aliases((place.name,), clean(name)),
            })
        if parent is None:
            self._record(name, country.code, node.id, place.describes)
        return node, parent, more

    def _subdivisions_near(self, country: CountryMatch, lat: float, lon: float) -> set[str]:
        """First-level subdivisions (ISO 3166-2) of the GeoNames places near a coordinate."""
        from .registers import top_subdivision

        countries = _filed_under(country.code)
        near = self.gazetteer.near(lat, lon, REGISTER_RADIUS_KM, countries)
        if not near:
            nearest = self.gazetteer.nearest(lat, lon, 3 * REGISTER_RADIUS_KM, countries)
            near = [nearest] if nearest else []
        codes = {top_subdivision(self.gazetteer.subdivision(place)[0]) for _, place in near}
        return {code for code in codes if code}

    def _name_part(self, name: str, country: CountryMatch, lat, lon) -> Node | None:
        """"Ebensee am Traunsee", "Kötschach-Mauthen": a municipality named after its main place and
        something more, linked to that place when the gazetteer has it right at the coordinates."""
        if lat is None or lon is None or self.gazetteer is None:
            return None
        from .gazetteer import name_key

        countries = _filed_under(country.code)
        for head in _name_heads(name):
            key = name_key(head)
            near = [(d, p) for d, p in self.gazetteer.near(lat, lon, NAME_PART_RADIUS_KM, countries)
                    if name_key(p.name) == key]
            if near:
                return self._gazetteer_node(head, country, lat, lon, kind="city", radius=NAME_PART_RADIUS_KM,
                                            spelling=name, how="name part")
        return None

    # -- gazetteer links --------------------------------------------------------------------------
    def _candidates(self, name: str, country: CountryMatch, lat, lon, radius: float):
        gaz = self.gazetteer
        from .gazetteer import distance_km

        countries = _filed_under(country.code)
        found = gaz.lookup(name, countries)
        if lat is None or lon is None:
            return [(None, p) for p in found]
        near = [(distance_km(lat, lon, p.lat, p.lon), p) for p in found]
        return [(d, p) for d, p in near if d <= radius]

    def _choose(self, name: str, candidates):
        from .gazetteer import name_key

        key = name_key(name)

        def rank(item):
            dist, place = item
            return (dist is not None and dist > NEAR_RADIUS_KM, name_key(place.name) != key,
                    -place.population, dist or 0.0, place.geonameid)

        return min(candidates, key=rank)[1]

    def _gazetteer_node(self, name: str, country: CountryMatch | None, lat, lon, *, kind: str,
                        radius: float = LINK_RADIUS_KM, record: bool = True, spelling: str | None = None,
                        how: str | None = None) -> Node | None:
        if country is None or self.gazetteer is None:
            return None
        name = clean(name)
        candidates = self._candidates(name, country, lat, lon, radius)
        matched = how or "name"
        alone = [] if candidates else self._by_name_alone(name, country)
        abroad = self._coordinates_abroad(country, lat, lon) if alone else None  # only then can it matter
        if abroad:
            # "Liverpool, Australia" at the coordinates of Liverpool, England: the country named wins
            candidates = alone
            matched = f"name, source coordinates in {abroad} ignored"
            lat = lon = None
        if not candidates and lat is not None and lon is not None:
            candidates = self._fuzzy(name, country, lat, lon)
            matched = "fuzzy"
        if not candidates and lat is not None and lon is not None:
            candidates = self._far_namesake(name, country, lat, lon)
            matched = "name, source coordinates far off"
        if not candidates:
            return None
        place = self._choose(name, candidates)
        if matched == "name" and fold(place.name) != fold(name):
            matched = "alias"
        return self._linked_node(place, name, country, kind=kind, record=record, spelling=spelling, how=matched)

    def _linked_node(self, place, name: str, country: CountryMatch, *, kind: str, record: bool = True,
                     spelling: str | None = None, how: str = "name") -> Node:
        """The municipality record of a gazetteer place, made once per place and spelling."""
        sub_code, sub_name = self.gazetteer.subdivision(place)
        subdivision = country.subdivision if country.subdivision and country.code != place.country else None
        subdivision = subdivision or sub_code or sub_name or country.subdivision
        # the same place is reached again from other coordinates: make and check its record once
        made = (place.geonameid, country.code, kind, subdivision, spelling or name)
        node = self._nodes.get(made)
        if node is None:
            node = self._nodes[made] = Node(MUNICIPALITY, gazetteer_municipality_id(place.id), {
                "name": place.name, "country": country.code, "kind": kind, "lat": place.lat, "lon": place.lon,
                "population": place.population or None, "gazetteer_id": place.id, "subdivision": subdivision,
                "aliases": _aliases(place.aliases, spelling or name, keys=self.gazetteer.alias_keys(place)),
            })
        if record:
            self._record(spelling or name, country.code, node.id, how)
        return node

    def _in_subdivision(self, name: str, country: CountryMatch, lat, lon) -> Node | None:
        """"Mansfield, Ohio", "Kusatsu, Gunma", "Wellington, Shropshire": a town named with its state,
        province or county, chosen among its namesakes in the country by that area."""
        match = _COMMA.match(name)
        if match is None or self.gazetteer is None:
            return None
        from .gazetteer import distance_km, name_key

        base, qualifier = match["base"].strip(), match["qualifier"].strip()
        key = name_key(base)
        places = self.gazetteer.lookup(base, _filed_under(country.code))
        wanted = fold(qualifier)
        inside = [p for p in places if wanted in self._subdivision_names(p)]
        if not inside:
            from .areas import admin_areas

            codes = {a.admin1 for a in admin_areas().lookup(qualifier, country.code)}
            inside = [p for p in places if p.admin1 in codes] if len(codes) == 1 else []
        if lat is not None and lon is not None and not self._coordinates_abroad(country, lat, lon):
            # the coordinates choose among the namesakes of that area, and must agree with the one chosen
            near = sorted((distance_km(lat, lon, p.lat, p.lon), name_key(p.name) != key, p.geonameid, p)
                          for p in inside)
            inside = [near[0][3]] if near and near[0][0] <= LINK_RADIUS_KM else []
        else:
            exact = [p for p in inside if name_key(p.name) == key]
            inside = exact if len(exact) == 1 else inside
        if len(inside) != 1:
            return None
        return self._linked_node(inside[0], base, country, kind="city", spelling=name, how="name and subdivision")

    def _subdivision_names(self, place) -> set[str]:
        code, english = self.gazetteer.subdivision(place)
        names = {fold(english)} if english else set()
        if code:
            sub = pycountry.subdivisions.get(code=code)
            if sub is not None:
                names.add(fold(sub.name))
            names.add(fold(code.split("-", 1)[-1]))
        return names

    def _far_namesake(self, name: str, country: CountryMatch, lat: float, lon: float):
        """Sources sometimes carry the coordinates of a namesake area ("Vienne" geocoded to the
        département): accept the one town of that exact name in the country if it is sizeable."""
        from .gazetteer import name_key

        key = name_key(name)
        same = [(d, p) for d, p in self._candidates(name, country, lat, lon, FAR_RADIUS_KM)
                if name_key(p.name) == key]
        # only a sizeable town: a smaller one may have namesakes the gazetteer does not list ("Lengnau"
        # in Aargau, at the source's coordinates, is not there; Lengnau in Bern, 80 km off, is)
        if len(same) == 1 and same[0][1].population >= FAR_MIN_POPULATION:
            return same
        return []

    def _by_name_alone(self, name: str, country: CountryMatch):
        """The one place of the country with exactly this name; none when there are several."""
        from .gazetteer import name_key

        key = name_key(name)
        same = [p for p in self.gazetteer.lookup(name, _filed_under(country.code)) if name_key(p.name) == key]
        return [(None, same[0])] if len(same) == 1 else []

    def _fuzzy(self, name: str, country: CountryMatch, lat: float, lon: float):
        """Nearby places whose name is a close variant ("Sankt-Peterburg", "Nuremberg" spelt oddly)."""
        from rapidfuzz import fuzz, process

        from .gazetteer import name_key

        key = name_key(name)
        countries = _filed_under(country.code)

        def close(keys: tuple[str, ...]) -> bool:
            return process.extractOne(key, keys, scorer=fuzz.ratio, processor=None,
                                      score_cutoff=FUZZY_MIN_SCORE) is not None

        return self.gazetteer.near(lat, lon, FUZZY_RADIUS_KM, countries, named=close)

    def _plain_node(self, name: str, country: CountryMatch | None, kind: str, lat, lon,
                    parent: Node | None = None) -> Node:
        code = country.code if country else None
        subdivision = country.subdivision if country else None
        if parent is not None:
            subdivision = parent.get("subdivision") or subdivision
        elif self.gazetteer is not None and lat is not None and lon is not None and code:
            near = self.gazetteer.nearest(lat, lon, 25.0, _filed_under(code))
            if near:
                sub_code, sub_name = self.gazetteer.subdivision(near[1])
                subdivision = subdivision or sub_code or sub_name
        return Node(MUNICIPALITY, municipality_id(name, code), {
            "name": clean(name), "country": code, "kind": kind, "lat": lat, "lon": lon,
            "subdivision": subdivision, "aliases": [clean(name)],
        })

    # -- what became of each spelling -----------------------------------------------------------
    def _record(self, spelling: str, country: str | None, node_id: str, how: str) -> None:
        self.links.setdefault((spelling, country), Link(spelling, country, node_id, how))
        self._placed[(spelling, country, node_id)] = how

    @property
    def merges(self) -> list[Merge]:
        """Nodes that more than one spelling resolved to, with the reason."""
        by_node: dict[str, list[Link]] = {}
        for link in self.links.values():
            if link.how != "parent":
                by_node.setdefault(link.node_id, []).append(link)
        names: dict[str, str] = {}
        for resolved in self._cache.values():
            names.setdefault(resolved.node.id, resolved.node.name)
        out = []
        for node_id, links in sorted(by_node.items()):
            spellings = sorted({link.spelling for link in links})
            if len(spellings) < 2:
                continue
            how = sorted({f"{link.spelling!r} by {link.how}" for link in links})
            name = names.get(node_id, node_id)
            reason = (f"same GeoNames place {node_id.rsplit(':', 1)[-1]}; matched " + ", ".join(how)
                      if node_id.startswith("mun:gn:") else "same folded name and country")
            out.append(Merge(node_id, name, tuple(spellings), reason))
        return out

    @property
    def merge_log(self) -> list[str]:
        return [str(m) for m in self.merges]

    @property
    def unresolved(self) -> list[Link]:
        """Spellings neither linked to the gazetteer nor flagged as an administrative area."""
        return sorted((link for link in self.links.values() if link.how == "unlinked"),
                      key=lambda link: (link.country or "", link.spelling))


SPELLING_SEPARATOR = " · "


def spelling_entry(spelling: str, how: str) -> str:
    """How one source spelling was placed, as kept in a municipality's ``spellings``."""
    return f"{spelling}{SPELLING_SEPARATOR}{how}"


def parse_spelling(entry: str) -> tuple[str, str]:
    """("Cologne", "alias") from "Cologne · alias"."""
    spelling, _, how = entry.rpartition(SPELLING_SEPARATOR)
    return (spelling, how) if spelling else (entry, "")


def _aliases(names: tuple[str, ...], spelling: str, limit: int = 60, *, keys: tuple[str, ...] | None = None
             ) -> list[str]:
    """The spelling seen plus the gazetteer's names, one per folded form and capped: a capital has
    hundreds of names, most of them inflected or transliterated variants. ``keys`` are the names'
    ``name_key``s when the caller has them already."""
    from .gazetteer import name_key

    if keys is None:
        keys = tuple(name_key(name) for name in names)
    keep: dict[str, str] = {}
    for name, key in zip((spelling, *names), (name_key(spelling), *keys)):
        keep.setdefault(key, name)
        if len(keep) >= limit:
            break
    return list(keep.values())


def _with_sources(place: ResolvedPlace, sources: list[str]) -> ResolvedPlace:
    if not sources:
        return place
    node = place.node.with_props(sources=sources)
    nodes = [n if n.label == COUNTRY else n.with_props(sources=sources) for n in place.nodes]
    edges = [Edge(e.type, e.source, e.target, {**e.props, "sources": sources}) if e.type == PART_OF else e
             for e in place.edges]
    return ResolvedPlace(node, nodes, edges)
