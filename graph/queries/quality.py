"""How well the places in a store are resolved: countries, gazetteer links, subdivisions, flags.

Computed from the store alone (so it works for any load, on either store): a municipality is
*linked* when it carries a gazetteer id, *registered* when it is one of the places GeoNames lacks
that a national register lists (``graph.geo.registers``: INSEE communes, postal localities), *flagged*
when its kind marks an administrative area (county, region, municipality) or a district, and
*unresolved* otherwise. Each municipality keeps the
source spellings that became it and the rule that placed each (``spellings``, "Cologne · alias"), so
the places that several spellings were merged into, and why, come from the store too. So do the
counts that would show one place as two nodes or one partnership as two edges: districts of one
city under several nodes, coordinates outside a place's country (checked against the gazetteer),
unlinked namesakes kept apart, and pairs with several partnership edges of one kind.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from graph.i18n import _
from graph.model import MUNICIPALITY, PART_OF, PARTNER_OF, Node
from graph.places.context import Context
from graph.places.matching import coordinates_outside
from graph.places.names import district_key
from graph.places.spellings import Rule, parse_spelling
from graph.store.base import GraphStore

FLAGGED_KINDS = ("county", "region", "municipality", "district")
REGISTER_NAMES = {"INSEE": "INSEE communes", "postal": "postal localities"}


@dataclass
class QualityReport:
    """How well the municipalities of a graph are placed: counts, shares and the places to look at."""
    municipalities: int = 0
    with_country: int = 0
    linked: int = 0
    registered: int = 0
    registers: dict[str, int] = field(default_factory=dict)  # register -> places linked to it
    with_subdivision: int = 0
    flagged: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    unresolved: list[dict] = field(default_factory=list)  # name, country, id of places neither linked nor flagged
    without_country: list[dict] = field(default_factory=list)
    # places several source spellings became: name, country, id, spellings, reasons ("'Köln' by name")
    merges: list[dict] = field(default_factory=list)
    rules: dict[str, int] = field(default_factory=dict)  # how many spellings each rule placed
    # one place, one node; one partnership, one edge (0 each when the data is clean)
    duplicate_districts: list[dict] = field(default_factory=list)  # parent, district, ids of one district's nodes
    coordinates_abroad: list[dict] = field(default_factory=list)  # name, country, id, the country at its coordinates
    namesakes_apart: int = 0  # places kept as written apart from a far namesake, not merged with it
    pair_conflicts: int = 0  # pairs with more than one partnership edge of the same kind

    def share(self, count: int) -> float:
        """``count`` as a share of all municipalities, 0 to 1 (0.0 when there are none).

        Parameters
        ----------
        count : int
            A number of municipalities, e.g. ``report.linked``.

        Returns
        -------
        float
        """
        return count / self.municipalities if self.municipalities else 0.0

    @property
    def linked_or_flagged(self) -> float:
        """Share of municipalities linked to GeoNames, to a register, or flagged, 0 to 1."""
        return self.share(self.linked + self.registered + self.flagged)

    def to_dict(self) -> dict:
        """The report as a dict (for JSON), with the shares rounded to 4 places under ``shares``.

        Returns
        -------
        dict
            Every field of the report, and ``shares`` of with_country, linked, registered, with_subdivision,
            flagged and linked_or_flagged (0 to 1).
        """
        out = asdict(self)
        out["shares"] = {k: round(self.share(getattr(self, k)), 4)
                         for k in ("with_country", "linked", "registered", "with_subdivision", "flagged")}
        out["shares"]["linked_or_flagged"] = round(self.linked_or_flagged, 4)
        return out

    def places_to_check(self) -> list[dict]:
        """One row per unresolved name, merge, duplicate district and place with coordinates abroad, to work
        through in a spreadsheet.

        Returns
        -------
        list of dict
            Keys what, name, country, id, spellings, why.
        """
        rows = [{"what": "unresolved", "name": r["name"], "country": r["country"], "id": r["id"],
                 "spellings": "", "why": ""} for r in self.unresolved]
        rows += [{"what": "merged", "name": m["name"], "country": m["country"], "id": m["id"],
                  "spellings": " / ".join(m["spellings"]), "why": "; ".join(m["reasons"])} for m in self.merges]
        rows += [{"what": what, "name": r["name"], "country": r["country"], "id": r["id"], "spellings": "",
                  "why": r["why"]}
                 for what, found in (("duplicate district", self.duplicate_districts),
                                     ("coordinates abroad", self.coordinates_abroad)) for r in found]
        return rows

    def summary(self, max_listed: int | None = 20) -> str:
        """The figures, with the first ``max_listed`` unresolved names and merges (all with None).

        Parameters
        ----------
        max_listed : int or None, optional
            Most names listed under each heading (default 20); None lists all.

        Returns
        -------
        str
            Lines of aligned text, for the command line.
        """
        pct = lambda n: f"{n} ({100 * self.share(n):.1f}%)"  # noqa: E731
        lines = [
            f"municipalities:        {self.municipalities}",
            f"  with a country:      {pct(self.with_country)}",
            f"  gazetteer-linked:    {pct(self.linked)}",
            f"  register-linked:     {pct(self.registered)}  "
            + ", ".join(f"{REGISTER_NAMES.get(k, k)} {v}" for k, v in sorted(self.registers.items())),
            f"  with a subdivision:  {pct(self.with_subdivision)}",
            f"  flagged areas:       {pct(self.flagged)}  "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()) if k in FLAGGED_KINDS),
            f"  linked or flagged:   {100 * self.linked_or_flagged:.1f}%  (gazetteer, register or flagged)",
            f"  unresolved:          {len(self.unresolved)}",
        ]
        for item in self.unresolved[:max_listed]:
            lines.append(f"    {item['name']} ({item['country'] or '?'})")
        if max_listed is not None and len(self.unresolved) > max_listed:
            lines.append(f"    ... and {len(self.unresolved) - max_listed} more")
        for item in self.without_country[:max_listed]:
            lines.append(f"  no country: {item['name']} ({item['id']})")
        if self.rules:
            lines.append("spellings by how they were placed:")
            lines += [f"  {rule:<36} {count:>6}" for rule, count in self.rules.items()]
        lines += [
            f"duplicate districts:   {len(self.duplicate_districts)}  (one district of a city as several nodes)",
            f"coordinates abroad:    {len(self.coordinates_abroad)}  (places whose coordinates lie outside their country)",
            f"namesakes kept apart:  {self.namesakes_apart}  (unlinked places not merged with a far namesake)",
            f"pair conflicts:        {self.pair_conflicts}  (pairs with several partnership edges of one kind)",
        ]
        for item in (self.duplicate_districts + self.coordinates_abroad)[:max_listed]:
            lines.append(f"    {item['name']} ({item['country'] or '?'}): {item['why']}")
        lines.append(f"merged: {len(self.merges)} places from {sum(len(m['spellings']) for m in self.merges)} "
                     "spellings")
        for merge in self.merges[:max_listed]:
            lines.append(f"    {merge['name']} ({merge['country'] or '?'}): {'; '.join(merge['reasons'])}")
        if max_listed is not None and len(self.merges) > max_listed:
            lines.append(f"    ... and {len(self.merges) - max_listed} more")
        return "\n".join(lines)


def quality(store: GraphStore) -> QualityReport:
    """Resolution figures for every municipality in the store.

    Parameters
    ----------
    store : GraphStore
        Either store, after any load.

    Returns
    -------
    QualityReport
        Counts and shares of linked, registered, flagged and unresolved places; the spellings counted
        by the ``graph.places.spellings.Rule`` that placed them; merges with their reasons; and
        ``duplicate_districts``, ``coordinates_abroad`` (rows with a ``why``), ``namesakes_apart`` and
        ``pair_conflicts``, each 0 or empty on clean data.

    Examples
    --------
    >>> report = quality(store)  # doctest: +SKIP
    >>> f"{100 * report.linked_or_flagged:.1f}%", len(report.unresolved)  # doctest: +SKIP
    ('95.3%', 805)
    """
    report = QualityReport()
    kinds: Counter = Counter()
    rules: Counter = Counter()
    registers: Counter = Counter()
    for node in store.nodes(MUNICIPALITY):
        report.municipalities += 1
        kind = node.get("kind") or "city"
        kinds[kind] += 1
        row = {"name": node.name, "country": node.get("country") or "", "id": node.id}
        if node.get("country"):
            report.with_country += 1
        else:
            report.without_country.append(row)
        if node.get("subdivision"):
            report.with_subdivision += 1
        placed = [parse_spelling(entry) for entry in node.get("spellings") or []]
        for _spelling, rule, detail in placed:
            rules[rule.value if rule else "not recorded"] += 1
            report.namesakes_apart += rule is Rule.UNLINKED and detail is not None
        spellings = sorted({spelling for spelling, _rule, _detail in placed})
        if len(spellings) > 1:
            report.merges.append({**row, "gazetteer_id": node.get("gazetteer_id") or "", "spellings": spellings,
                                  "reasons": sorted(_("{spelling!r} by {rule}").format(
                                      spelling=spelling, rule=rule.describe(detail) if rule else "?")
                                      for spelling, rule, detail in placed)})
        if node.get("gazetteer_id"):
            report.linked += 1
        elif node.get("register_id"):
            report.registered += 1
            registers[node.get("register_id").split(":", 1)[0]] += 1
        elif kind in FLAGGED_KINDS:
            report.flagged += 1
        else:
            report.unresolved.append(row)
    report.kinds = dict(sorted(kinds.items()))
    report.registers = dict(sorted(registers.items()))
    report.unresolved.sort(key=lambda r: (r["country"], r["name"]))
    report.merges.sort(key=lambda r: (r["country"], r["name"], r["id"]))
    report.rules = dict(rules.most_common())
    municipalities = {node.id: node for node in store.nodes(MUNICIPALITY)}
    report.duplicate_districts = _duplicate_districts(store, municipalities)
    report.coordinates_abroad = _coordinates_abroad(municipalities.values())
    pairs = Counter((frozenset((e.source, e.target)), e.props.get("kind")) for e in store.edges(PARTNER_OF))
    report.pair_conflicts = sum(1 for count in pairs.values() if count > 1)
    return report


def _duplicate_districts(store: GraphStore, municipalities: dict[str, Node]) -> list[dict]:
    """Districts of one city that are several nodes: "Berlin – Pankow" beside "Pankow (Berlin)"."""
    by_key: dict[tuple[str, str], list[str]] = {}
    for edge in store.edges(PART_OF):
        child, parent = municipalities.get(edge.source), municipalities.get(edge.target)
        if child is not None and parent is not None:
            by_key.setdefault((parent.id, district_key(child.name, parent)), []).append(child.id)
    return [{"name": municipalities[parent].name, "country": municipalities[parent].get("country") or "",
             "id": parent, "why": f"district {key!r} is {len(ids)} nodes: {', '.join(sorted(ids))}"}
            for (parent, key), ids in sorted(by_key.items()) if len(set(ids)) > 1]


def _coordinates_abroad(municipalities) -> list[dict]:
    """Municipalities whose coordinates lie in another country than theirs (by the gazetteer's places)."""
    ctx = Context()
    out = []
    for node in municipalities:
        lat, lon, code = node.get("lat"), node.get("lon"), node.get("country")
        if lat is None or lon is None or not code:
            continue
        at = coordinates_outside(ctx, code, lat, lon)
        if at:
            out.append({"name": node.name, "country": code, "id": node.id, "why": f"coordinates in {at}"})
    return sorted(out, key=lambda r: (r["country"], r["name"]))

