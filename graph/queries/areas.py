"""Areas a user names: a municipality ("Leipzig"), a first-level subdivision ("Sachsen", "Freistaat
Sachsen", "NRW", "Saxony", "DE-SN"), a country ("DE", "Deutschland", "Germany") or a region ("Afrika",
"EU", "ODA recipients", "Osteuropa"), and the municipalities in them.

Region membership is read from the store's Region and Country nodes (Country -IN_REGION-> Region,
Region -PART_OF-> Region); when the store holds no regions, ``graph.geo.regions`` is asked directly.
Subdivisions are matched on every name they go by, because municipalities carry either an ISO 3166-2
code ("DE-SN") or an English name ("Saxony").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from graph.i18n import _, term
from graph.geo import regions, subdivisions
from graph.errors import NotFound
from graph.model import COUNTRY, IN_REGION, MUNICIPALITY, PART_OF, REGION, Node, country_id
from graph.geo.countries import country_name, resolve_country
from graph.queries.search import search
from graph.store.area_reads import municipalities_of
from graph.store.base import GraphStore
from graph.store.shared import one_version
from graph.queries.subdivision_names import find_subdivision
from graph.text import fold


@dataclass(frozen=True)
class Area:
    """A place or set of places a question is about."""

    kind: str  # municipality | subdivision | country | region
    id: str  # node id, or "subdivision:<code or name>"
    name: str
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2 codes the area lies in
    subdivision: str | None = None  # ISO 3166-2 code (or name) for subdivisions and municipalities
    keys: frozenset[str] = field(default_factory=frozenset)  # folded names a subdivision goes by

    def contains(self, node: Node) -> bool:
        """Whether a Municipality node lies in this area."""
        if node.label != MUNICIPALITY:
            return False
        if self.kind == "municipality":
            return node.id == self.id
        if node.get("country") not in self.countries:
            return False
        if self.kind == "subdivision":
            return fold(node.get("subdivision", "")) in self.keys
        return True


# -- resolving what the user typed ----------------------------------------------------------------


def resolve_area(store: GraphStore, text: str) -> Area:
    """The area a name stands for: a node id, a country, a region, a subdivision or a municipality.

    Countries win over regions, regions over subdivisions, subdivisions over municipalities, so that
    "Berlin" means the Bundesland (which holds the city and its districts) and "Georgia" the country.

    Parameters
    ----------
    store : GraphStore
        The graph (municipalities, countries and regions are looked up in it).
    text : str
        A node id, a name in any case and accents, or an ISO 3166-1 or ISO 3166-2 code (``DE``, ``DE-SN``).

    Returns
    -------
    Area
        Its kind, id, name and the ISO 3166-1 codes of its countries.

    Raises
    ------
    NotFound
        ``text`` is empty or names no area.

    Examples
    --------
    >>> resolve_area(store, "Sachsen").kind  # doctest: +SKIP
    'subdivision'
    """
    text = (text or "").strip()
    key = fold(text)
    if not key:
        raise NotFound(_("name an area: a municipality, subdivision, country or region"))
    with one_version():  # the lookups below check the name index against the data's version once
        if ":" in text and store.get(text) is not None:
            return _area_of_node(store, store.get(text))
        for finder in (_country_area, _region_area, _subdivision_area, _municipality_area):
            area = finder(store, text, key)
            if area is not None:
                return area
    raise NotFound(_("no municipality, subdivision, country or region named {text!r}; try another spelling, "
                     "an ISO code (DE, DE-SN) or a continent (Africa)").format(text=text))


def _area_of_node(store: GraphStore, node: Node) -> Area:
    if node.label == MUNICIPALITY:
        return Area("municipality", node.id, node.name, (node.get("country"),) if node.get("country") else (),
                    node.get("subdivision"))
    if node.label == COUNTRY:
        code = node.get("code") or node.id.split(":", 1)[1]
        return Area("country", node.id, node.name, (code,))
    if node.label == REGION:
        if node.get("kind") == "subdivision":
            return _subdivision_from_region(store, node)
        return Area("region", node.id, node.name, tuple(countries_of_region(store, node.id)))
    raise NotFound(_("{id!r} is a {label}, not an area").format(id=node.id, label=term("label", node.label)))


def _country_area(store: GraphStore, text: str, key: str) -> Area | None:
    for node in search(store, text, labels=[COUNTRY], limit=5):
        if key in _node_keys(node):
            return _area_of_node(store, node)
    match = resolve_country(text)
    if match is None or match.subdivision:  # "England" is a part of GB, not GB
        return None
    node = store.get(country_id(match.code))
    return Area("country", country_id(match.code), node.name if node else country_name(match.code), (match.code,))


def _region_area(store: GraphStore, text: str, key: str) -> Area | None:
    """A region by exact name, alias or code; failing that, the one whose name begins with the text
    ("ODA-Empfänger" for "ODA-Empfängerländer (DAC-Liste 2024–2025)")."""
    order = {"continent": 0, "group": 1, "subregion": 2, "subdivision": 3}
    hits = search(store, text, labels=[REGION], limit=20)
    exact = [n for n in hits if key in _node_keys(n)]
    chosen = exact or [n for n in hits if len(key) >= 4 and any(k.startswith(key) for k in _node_keys(n))]
    if chosen:
        chosen.sort(key=lambda n: (order.get(n.get("kind"), 9), len(n.name), n.id))
        return _area_of_node(store, chosen[0])
    try:  # a store without the regions loaded: ask graph.geo.regions
        region = regions.find_region(text)
    except ValueError:
        starts = [r for r in regions.regions().values() if len(key) >= 4
                  and any(fold(n).startswith(key) for n in (r.name, r.name_de, *r.aliases) if n)]
        if not starts:
            return None
        region = min(starts, key=lambda r: (order.get(r.kind, 9), len(r.name), r.id))
    return Area("region", region.id, region.name, tuple(sorted(regions.countries_in_region(region.id))))


def _subdivision_from_region(store: GraphStore, node: Node) -> Area:
    code = node.get("code") or ""
    country = code[:2] if code[2:3] == "-" else None
    names = {node.name, code, *node.get("aliases", ())} | {n for n in subdivisions.subdivision_names(code or node.name, country) if n}
    if country is None:  # a subdivision region without an ISO code: take its members' country
        members = [e.source for e in store.edges(PART_OF, node_ids=[node.id]) if e.target == node.id]
        found = Counter(n.get("country") for n in store.get_many(members).values() if n.get("country"))
        country = found.most_common(1)[0][0] if found else None
    return Area("subdivision", node.id, node.name, (country,) if country else (), code or node.name,
                frozenset(fold(n) for n in names if fold(n)))


def _subdivision_area(store: GraphStore, text: str, key: str) -> Area | None:
    sub = find_subdivision(text)
    if sub is not None:
        return Area("subdivision", f"subdivision:{sub.code}", sub.name_en, (sub.country,), sub.code,
                    frozenset(fold(n) for n in sub.names | {text} if fold(n)))
    # a value municipalities carry that ISO 3166-2 does not know (e.g. "England")
    values = subdivision_values(store)
    matching = [cv for cv in values if fold(cv[1]) == key]
    if not matching:
        return None
    country, value = sorted(matching, key=lambda cv: (-values[cv], cv))[0]
    return Area("subdivision", f"subdivision:{country}:{value}", value, (country,), value,
                frozenset({fold(value), key}))


def _municipality_area(store: GraphStore, text: str, key: str) -> Area | None:
    hits = search(store, text, labels=[MUNICIPALITY], limit=1)
    return _area_of_node(store, hits[0]) if hits else None


def _node_keys(node: Node) -> set[str]:
    keys = {fold(node.name), *(fold(a) for a in node.get("aliases", ()))}
    if node.get("code"):
        keys.add(fold(node.get("code")))
    return keys - {""}


# -- membership -----------------------------------------------------------------------------------


def countries_of_region(store: GraphStore, region_id: str) -> list[str]:
    """ISO codes of the countries in a region and in all regions PART_OF it.

    Parameters
    ----------
    store : GraphStore
        Read for its Region and Country nodes: Region -PART_OF-> Region, Country -IN_REGION-> Region.
    region_id : str
        A Region node id, e.g. "region:continent:africa".

    Returns
    -------
    list of str
        ISO 3166-1 alpha-2 codes, sorted, each once (a Country node without ``code``: its id after
        "country:"); [] when the store holds no country in the region.
    """
    regions, frontier = {region_id}, {region_id}
    while frontier:
        parts = {e.source for e in store.edges(PART_OF, node_ids=frontier)
                 if e.target in frontier and e.source.startswith("region:")}
        frontier = parts - regions
        regions |= frontier
    countries = {e.source for e in store.edges(IN_REGION, node_ids=regions) if e.target in regions}
    nodes = store.get_many(countries)
    return sorted(n.get("code") or n.id.split(":", 1)[1] for n in nodes.values())


def subdivision_values(store: GraphStore) -> Counter:
    """(country, subdivision value) -> number of municipalities carrying it.

    Parameters
    ----------
    store : GraphStore
        Asked for its ``subdivision_counts`` (counted on the server by Neo4j, once per version of the data).

    Returns
    -------
    Counter
        (ISO 3166-1 alpha-2 code, subdivision value as stored: an ISO 3166-2 code or a name) -> count;
        municipalities without a country or a subdivision are not counted.
    """
    return store.subdivision_counts()


def municipalities_in(store: GraphStore, area: Area) -> list[Node]:
    """Municipalities of an area, sorted by id.

    Parameters
    ----------
    store : GraphStore
    area : Area
        From :func:`resolve_area`; membership by :meth:`Area.contains` (country codes, subdivision names).

    Returns
    -------
    list of Node
        As :func:`graph.store.area_reads.municipalities_of` finds them (by index on a server).
    """
    return municipalities_of(store, area)


# -- tables ---------------------------------------------------------------------------------------

