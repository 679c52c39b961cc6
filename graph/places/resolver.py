"""Turning the place names found in source files into Municipality and Country records.

``PlaceResolver`` turns (city text, country text, coordinates) into the records of one municipality:
its node with a stable id, its country, and for districts ("Berlin – Mitte") the parent city. The
rules it applies, in order, are ``graph.places.rules.RULES``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from graph.errors import ValidationError
from graph.geo.countries import CountryMatch, country_name, resolve_country
from graph.geo.placenames import local_name
from graph.model import COUNTRY, MUNICIPALITY, PART_OF, Edge, Node
from graph.places.context import Context
from graph.places.names import area_kind
from graph.places.rules import resolve
from graph.places.spellings import Link, Merge, Rule, spelling_entry
from graph.text import clean, fold, without_citations

__all__ = ["Link", "Merge", "PlaceResolver", "ResolvedPlace", "Rule", "area_kind"]


@dataclass
class ResolvedPlace:
    """The records of one place: the municipality node plus its country and parent."""

    node: Node
    nodes: list[Node] = field(default_factory=list)  # country, parent city
    edges: list[Edge] = field(default_factory=list)  # IN_COUNTRY, PART_OF


class PlaceResolver:
    """Resolves place names to municipality records; the same input always gives the same ids.

    Places are linked to the gazetteer (``graph.geo.gazetteer``) by name or alternate name within their
    country, the source's coordinates choosing between candidates and rejecting far ones; the rules,
    tried in order, are ``graph.places.rules.RULES``. Linked places get the gazetteer's id, name,
    subdivision, population and aliases, so "Köln" and "Cologne" become one node. Every spelling is
    remembered: ``links``, ``merges`` and ``unresolved`` say what became of each, for load reports
    and the quality figures.

    Parameters
    ----------
    use_gazetteer : bool, default True
        False keeps every name as written (ids from the folded name and country).

    Examples
    --------
    >>> resolver = PlaceResolver()
    >>> place = resolver.place("Köln", resolve_country("Germany"))
    >>> place.node.id, resolver.links[("Köln", "DE")].rule
    ('mun:gn:2886242', <Rule.NAME: 'name'>)
    """

    def __init__(self, *, use_gazetteer: bool = True) -> None:
        self._ctx = Context(use_gazetteer=use_gazetteer)
        self._cache: dict[tuple, ResolvedPlace] = {}
        self._sourced: dict[tuple, ResolvedPlace] = {}

    @property
    def gazetteer(self):
        """The GeoNames gazetteer the resolver links to, or None when made without one."""
        return self._ctx.gazetteer

    @property
    def links(self) -> dict[tuple[str, str | None], Link]:
        """(spelling, country code) -> how that spelling was first placed."""
        return self._ctx.links

    def country(self, text: str | None) -> CountryMatch | None:
        """The country a source's country text names (``graph.geo.countries.resolve_country``).

        Examples
        --------
        >>> PlaceResolver(use_gazetteer=False).country("Deutschland").code
        'DE'
        """
        return resolve_country(text)

    def country_at(self, lat: float | None, lon: float | None) -> CountryMatch | None:
        """The country at a coordinate (offline reverse geocoding against the gazetteer).

        Parameters
        ----------
        lat, lon : float or None
            Degrees; None when the source gives no coordinates.

        Returns
        -------
        CountryMatch or None
            The country of the nearest GeoNames place within 50 km (``how="coordinates"``); None without
            coordinates, without a gazetteer, or far from any place.
        """
        if lat is None or lon is None or self.gazetteer is None:
            return None
        code = self.gazetteer.country_at(lat, lon)
        return CountryMatch(code, country_name(code), None, "coordinates") if code else None

    def place(self, name: str, country: CountryMatch | None, lat: float | None = None,
              lon: float | None = None, sources: list[str] | None = None) -> ResolvedPlace:
        """The records of one place a source names.

        Parameters
        ----------
        name : str
            The city text as the source writes it.
        country : CountryMatch or None
            The source's country; None takes it from the name ("Falkland Islands") or the coordinates.
        lat, lon : float, optional
            The source's coordinates in degrees (WGS84).
        sources : list of str, optional
            Source node ids every record made is attributed to.

        Returns
        -------
        ResolvedPlace
            The municipality node, plus the country and parent nodes and their edges.

        Raises
        ------
        ValidationError
            When the name is empty once cleaned.
        """
        raw = clean(name)
        name = without_citations(raw)  # "Leipzig[1]" is Leipzig; the spelling is kept as written
        if not fold(name):
            raise ValidationError(f"place name {raw!r} is empty")
        if country is None:
            country = resolve_country(name) or self.country_at(lat, lon)  # "Falkland Islands" names itself
        elif country.code == "GE" and lon is not None and lon < -30:  # the US state, not the country
            country = CountryMatch("US", country_name("US"), "Georgia", "coordinates")
        key = (raw, country, None if lat is None else round(lat, 3), None if lon is None else round(lon, 3))
        cached = self._cache.get(key)
        if cached is None:
            placed = resolve(self._ctx, name, country, lat, lon)
            node = placed.node if raw == name else self._spelt(placed.node, raw, name, country)
            cached = self._cache[key] = ResolvedPlace(node, placed.nodes, placed.edges)
        # one load passes the same sources for every row: build the sourced records once per place
        sourced_key = (key, tuple(sources or ()))
        sourced = self._sourced.get(sourced_key)
        if sourced is None:
            sourced = self._sourced[sourced_key] = _with_sources(cached, sources or [])
        return sourced

    def _spelt(self, node: Node, raw: str, name: str, country: CountryMatch | None) -> Node:
        """The node placed from ``name`` with the source's own spelling ``raw`` recorded instead."""
        code = country.code if country else None
        rule, detail = self._ctx.placed.get((name, code, node.id), (Rule.UNLINKED, None))
        self._ctx.record(raw, code, node.id, rule, detail)
        return node.with_props(spellings=[spelling_entry(raw, rule, detail)])

    def settled(self, nodes: Iterable[Node]) -> list[Node]:
        """The nodes, each gazetteer-linked municipality under the name all the spellings this resolver
        placed on it give (``graph.geo.placenames.local_name``), whatever the order they came in.

        Parameters
        ----------
        nodes : iterable of Node
            Records made by this resolver (others are returned as they are).

        Returns
        -------
        list of Node
        """
        written: dict[str, set[str]] = {}
        for spelling, _country, node_id in self._ctx.placed:
            written.setdefault(node_id, set()).add(spelling)
        out = []
        for node in nodes:
            place = self.gazetteer.place(node.get("gazetteer_id")) if (
                node.label == MUNICIPALITY and node.get("gazetteer_id") and self.gazetteer is not None) else None
            if place is not None:
                name = local_name(place, self.gazetteer.subdivision(place)[0], sorted(written.get(node.id, ())),
                                  self.gazetteer.alias_keys(place), self.gazetteer)
                node = node if name == node.name else node.with_props(name=name)
            out.append(node)
        return out

    @property
    def merges(self) -> list[Merge]:
        """Nodes that more than one spelling resolved to, with the reason."""
        by_node: dict[str, list[Link]] = {}
        for link in self.links.values():
            if link.rule is not Rule.PARENT:
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
        """The merges in words, one line each, for load reports."""
        return [str(m) for m in self.merges]

    @property
    def unresolved(self) -> list[Link]:
        """Spellings neither linked to the gazetteer nor flagged as an administrative area."""
        return sorted((link for link in self.links.values() if link.rule is Rule.UNLINKED),
                      key=lambda link: (link.country or "", link.spelling))


def _with_sources(place: ResolvedPlace, sources: list[str]) -> ResolvedPlace:
    """The records of a place attributed to ``sources`` (countries are attributed to no source)."""
    if not sources:
        return place
    node = place.node.with_props(sources=sources)
    nodes = [n if n.label == COUNTRY else n.with_props(sources=sources) for n in place.nodes]
    edges = [Edge(e.type, e.source, e.target, {**e.props, "sources": sources}) if e.type == PART_OF else e
             for e in place.edges]
    return ResolvedPlace(node, nodes, edges)
