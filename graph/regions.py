"""The world's regions: continents, UN M49 sub-regions, country groups (EU, ODA recipients) and
first-level subdivisions of countries.

Region data lives in ``data/regions/*.csv`` (each file names its public source in its header);
subdivisions come from pycountry's ISO 3166-2 tables with their German and English names. Every
lookup accepts an id, a code or a name in English or German ("Osteuropa", "EU", "Sachsen", "DE-SN").
"""

from __future__ import annotations

import csv
import gettext
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pycountry

from .errors import ValidationError
from .model import COUNTRY, IN_REGION, PART_OF, REGION, Edge, Node, country_id, region_id
from .text import fold

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "regions"


@dataclass(frozen=True)
class Region:
    id: str  # node id, e.g. "region:subregion:eastern-europe"
    key: str  # slug in the data file
    name: str
    name_de: str
    kind: str  # continent | subregion | group
    parent: str | None  # node id of the region this one is part of
    countries: frozenset[str]  # direct members
    aliases: tuple[str, ...] = ()
    code: str | None = None  # M49 code


def _rows(name: str) -> list[dict]:
    path = DATA_DIR / name
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@lru_cache(maxsize=1)
def regions() -> dict[str, Region]:
    """Every region by node id."""
    out: dict[str, Region] = {}
    m49 = _rows("m49.csv")
    kinds = {row["id"]: row["kind"] for row in m49}
    for row in m49:
        parent = region_id(kinds[row["parent"]], row["parent"]) if row["parent"] else None
        rid = region_id(row["kind"], row["id"])
        out[rid] = Region(rid, row["id"], row["name"], row["name_de"], row["kind"], parent,
                          frozenset(row["countries"].split()), code=row["m49"] or None)
    for row in _rows("groups.csv"):
        rid = region_id("group", row["id"])
        parent = region_id("group", row["parent"]) if row["parent"] else None
        aliases = tuple(a.strip() for a in row["aliases"].split(";") if a.strip())
        out[rid] = Region(rid, row["id"], row["name"], row["name_de"], "group", parent,
                          frozenset(row["countries"].split()), aliases)
    return out


def _region_keys(region: Region) -> set[str]:
    return {fold(n) for n in (region.id, region.key, region.name, region.name_de, region.code, *region.aliases) if n}


def find_region(id_or_name: str) -> Region:
    """A region by node id, slug, M49 code or English/German name or alias; raises if unknown."""
    key = fold(id_or_name)
    for region in regions().values():
        if id_or_name == region.id or key in _region_keys(region):
            return region
    known = ", ".join(sorted(r.name for r in regions().values()))
    raise ValidationError(f"unknown region {id_or_name!r}; known regions: {known}")


def countries_in_region(region_id_or_name: str) -> set[str]:
    """ISO alpha-2 codes of every country in a region, its sub-regions included."""
    root = find_region(region_id_or_name)
    members = set(root.countries)
    children = {root.id}
    changed = True
    while changed:
        changed = False
        for region in regions().values():
            if region.parent in children and region.id not in children:
                children.add(region.id)
                members |= region.countries
                changed = True
    return members


def regions_of_country(code: str) -> list[Region]:
    """Regions a country is in, directly or through a parent, most specific first."""
    found = [r for r in regions().values() if code.upper() in r.countries]
    out: list[Region] = []
    for region in found:
        while region is not None and region not in out:
            out.append(region)
            region = regions().get(region.parent) if region.parent else None
    return out


def region_records() -> tuple[list[Node], list[Edge]]:
    """Region and Country nodes with IN_REGION (country -> region) and PART_OF (region -> region)."""
    from .places import country_name

    nodes: list[Node] = []
    edges: list[Edge] = []
    codes: set[str] = set()
    for region in regions().values():
        aliases = [region.name_de, *region.aliases] + ([region.code] if region.code else [])
        nodes.append(Node(REGION, region.id, {"name": region.name, "kind": region.kind, "code": region.code or region.key,
                                              "aliases": aliases}))
        if region.parent:
            edges.append(Edge(PART_OF, region.id, region.parent, {}))
        for code in sorted(region.countries):
            codes.add(code)
            edges.append(Edge(IN_REGION, country_id(code), region.id, {}))
    for code in sorted(codes):
        nodes.append(Node(COUNTRY, country_id(code), {"code": code, "name": country_name(code),
                                                      "aliases": sorted(country_aliases(code))}))
    return nodes, edges


@lru_cache(maxsize=None)
def country_aliases(code: str) -> frozenset[str]:
    """Names of a country besides its common English one: official, German."""
    names: set[str] = set()
    country = pycountry.countries.get(alpha_2=code)
    if country is not None:
        names |= {country.name, getattr(country, "official_name", None) or country.name,
                  getattr(country, "common_name", None) or country.name}
        names.add(_german("iso3166-1").gettext(country.name))
        if hasattr(country, "common_name"):
            names.add(_german("iso3166-1").gettext(country.common_name))
    names |= {"Kosovo"} if code == "XK" else set()
    return frozenset(n for n in names if n)


# -- first-level subdivisions ---------------------------------------------------------------------


@dataclass(frozen=True)
class Subdivision:
    code: str  # ISO 3166-2, e.g. "DE-SN"
    country: str
    name: str  # as in ISO 3166-2 (local language), e.g. "Sachsen"
    name_en: str
    name_de: str
    type: str  # e.g. "Land", "Region", "Voivodship"

    @property
    def names(self) -> set[str]:
        return {self.code, self.name, self.name_en, self.name_de}


@lru_cache(maxsize=4)
def _german(domain: str) -> gettext.NullTranslations:
    return _translation(domain, "de")


@lru_cache(maxsize=8)
def _translation(domain: str, language: str) -> gettext.NullTranslations:
    try:
        return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language])
    except OSError:
        return gettext.NullTranslations()


@lru_cache(maxsize=None)
def subdivisions(country_code: str) -> tuple[Subdivision, ...]:
    """First-level subdivisions of a country (ISO 3166-2 entries without a parent)."""
    found = pycountry.subdivisions.get(country_code=country_code.upper()) or []
    de, en = _translation("iso3166-2", "de"), _translation("iso3166-2", "en")
    english = _admin1_english(country_code.upper())
    out = [Subdivision(s.code, country_code.upper(), s.name, english.get(s.code) or en.gettext(s.name),
                       de.gettext(s.name), s.type)
           for s in found if getattr(s, "parent_code", None) is None]
    return tuple(sorted(out, key=lambda s: s.code))


def _admin1_english(country: str) -> dict[str, str]:
    """ISO code -> English GeoNames name, from data/regions/admin1.csv ("DE-SN" -> "Saxony")."""
    path = DATA_DIR / "admin1.csv"
    table = _admin1_table(str(path)) if path.exists() else {}
    return table.get(country, {})


@lru_cache(maxsize=1)
def _admin1_table(path: str) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            if row["iso"]:
                out.setdefault(row["country"], {})[row["iso"]] = row["name"]
    return out


def subdivision(text: str, country_code: str | None = None) -> Subdivision | None:
    """The subdivision a code or name stands for ("DE-SN", "Sachsen", "Saxony"), or None."""
    if not text:
        return None
    upper = text.strip().upper()
    if len(upper) > 3 and upper[2] == "-":
        country_code = country_code or upper[:2]
    if country_code is None:
        return None
    key = fold(text)
    for sub in subdivisions(country_code):
        if upper == sub.code or key in {fold(n) for n in sub.names}:
            return sub
    return None


def subdivision_names(value: str, country_code: str | None = None) -> set[str]:
    """Every name of a subdivision value (code, local, English, German); the value alone if unknown."""
    sub = subdivision(value, country_code)
    return sub.names if sub else {value}
