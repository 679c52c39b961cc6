"""The world's regions: continents, UN M49 sub-regions and country groups (EU, ODA recipients).

Region data lives in ``data/regions/*.csv`` (each file names its public source in its header). Every
lookup accepts an id, a code or a name in English or German ("Osteuropa", "EU", "Östliches Afrika").
Countries are in ``graph.geo.countries``, first-level subdivisions in ``graph.geo.subdivisions``.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from graph.errors import ValidationError
from graph.model import COUNTRY, IN_REGION, PART_OF, REGION, Edge, Node, country_id, region_id
from graph.geo.countries import country_aliases, country_name
from graph.text import fold

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "regions"


@dataclass(frozen=True)
class Region:
    """A region of countries: UN M49 continent or subregion, or a group (EU, DAC ...), from data/regions."""
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
    """A region by node id, slug, M49 code or English/German name or alias.

    Regions are UN M49 continents and sub-regions and groups such as the EU, from ``data/regions``.

    Parameters
    ----------
    id_or_name : str
        A node id ("region:subregion:western-europe"), slug, M49 code, or a name in any case and accents.

    Returns
    -------
    Region
        The first region that matches.

    Raises
    ------
    ValidationError
        No region has that id, slug, code, name or alias (the message lists the known ones).

    Examples
    --------
    >>> find_region("Westeuropa").id
    'region:subregion:western-europe'
    """
    key = fold(id_or_name)
    for region in regions().values():
        if id_or_name == region.id or key in _region_keys(region):
            return region
    known = ", ".join(sorted(r.name for r in regions().values()))
    raise ValidationError(f"unknown region {id_or_name!r}; known regions: {known}")


def countries_in_region(region_id_or_name: str) -> set[str]:
    """ISO alpha-2 codes of every country in a region, its sub-regions included.

    Parameters
    ----------
    region_id_or_name : str
        Anything :func:`find_region` accepts.

    Returns
    -------
    set of str
        ISO 3166-1 alpha-2 codes.

    Raises
    ------
    ValidationError
        The region is unknown.

    Examples
    --------
    >>> "DE" in countries_in_region("Europe")
    True
    """
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
    """Regions a country is in, directly or through a parent, most specific first.

    Parameters
    ----------
    code : str
        ISO 3166-1 alpha-2 code in any case.

    Returns
    -------
    list of Region
        Each region once; empty for a code no region lists.

    Examples
    --------
    >>> [r.id for r in regions_of_country("DE")][:2]
    ['region:subregion:western-europe', 'region:continent:europe']
    """
    found = [r for r in regions().values() if code.upper() in r.countries]
    out: list[Region] = []
    for region in found:
        while region is not None and region not in out:
            out.append(region)
            region = regions().get(region.parent) if region.parent else None
    return out


def region_records() -> tuple[list[Node], list[Edge]]:
    """Region and Country nodes with IN_REGION (country -> region) and PART_OF (region -> region)."""
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
