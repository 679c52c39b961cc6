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

from graph.i18n import _, ngettext, number, term
from graph.model import MUNICIPALITY, PART_OF, PARTNER_OF, Node
from graph.places.context import Context
from graph.places.matching import coordinates_outside
from graph.places.names import district_key
from graph.places.spellings import Rule, parse_spelling, rule_words
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
            Lines of aligned text in the current language, for the command line.
        """
        pct = lambda n: _("{n} ({percent}%)").format(  # noqa: E731
            n=number(n), percent=number(100 * self.share(n), decimals=1))
        names = {"INSEE": _("INSEE communes"), "postal": _("postal localities")}
        registers = ", ".join(f"{names.get(k, k)} {number(v)}" for k, v in sorted(self.registers.items()))
        kinds = ", ".join(f"{term('place', k)} {number(v)}" for k, v in sorted(self.kinds.items()) if k in FLAGGED_KINDS)
        figures = [
            (_("municipalities:"), number(self.municipalities)),
            ("  " + _("with a country:"), pct(self.with_country)),
            ("  " + _("gazetteer-linked:"), pct(self.linked)),
            ("  " + _("register-linked:"), f"{pct(self.registered)}  {registers}".rstrip()),
            ("  " + _("with a subdivision:"), pct(self.with_subdivision)),
            ("  " + _("flagged areas:"), f"{pct(self.flagged)}  {kinds}".rstrip()),
            ("  " + _("linked or flagged:"), _("{percent}%  (gazetteer, register or flagged)").format(
                percent=number(100 * self.linked_or_flagged, decimals=1))),
            ("  " + _("unresolved:"), number(len(self.unresolved))),
        ]
        checks = [
            (_("duplicate districts:"), _("{n}  (one district of a city as several nodes)"), len(self.duplicate_districts)),
            (_("coordinates abroad:"), _("{n}  (places whose coordinates lie outside their country)"),
             len(self.coordinates_abroad)),
            (_("namesakes kept apart:"), _("{n}  (unlinked places not merged with a far namesake)"), self.namesakes_apart),
            (_("pair conflicts:"), _("{n}  (pairs with several partnership edges of one kind)"), self.pair_conflicts),
        ]
        width = max(len(label) for label, *_rest in figures + checks) + 2
        more = lambda n: "    " + ngettext(  # noqa: E731
            "... and {n} more place", "... and {n} more places", n).format(n=number(n))
        lines = [f"{label:<{width}}{value}" for label, value in figures]
        for item in self.unresolved[:max_listed]:
            lines.append(f"    {item['name']} ({item['country'] or '?'})")
        if max_listed is not None and len(self.unresolved) > max_listed:
            lines.append(more(len(self.unresolved) - max_listed))
        for item in self.without_country[:max_listed]:
            lines.append("  " + _("no country: {name} ({id})").format(name=item["name"], id=item["id"]))
        if self.rules:
            lines.append(_("spellings by how they were placed:"))
            words = {rule: rule_words(rule) for rule in self.rules}
            wide = max(36, *(len(w) for w in words.values()))
            lines += [f"  {words[rule]:<{wide}} {number(count):>6}" for rule, count in self.rules.items()]
        lines += [f"{label:<{width}}{text.format(n=number(n))}" for label, text, n in checks]
        for item in (self.duplicate_districts + self.coordinates_abroad)[:max_listed]:
            lines.append(f"    {item['name']} ({item['country'] or '?'}): {item['why']}")
        spellings = sum(len(m["spellings"]) for m in self.merges)
        lines.append(_("merged: {places} from {spellings}").format(
            places=ngettext("{n} place", "{n} places", len(self.merges)).format(n=number(len(self.merges))),
            spellings=ngettext("{n} spelling", "{n} spellings", spellings).format(n=number(spellings))))
        for merge in self.merges[:max_listed]:
            lines.append(f"    {merge['name']} ({merge['country'] or '?'}): {'; '.join(merge['reasons'])}")
        if max_listed is not None and len(self.merges) > max_listed:
            lines.append(more(len(self.merges) - max_listed))
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
             "id": parent, "why": ngettext("district {key!r} is {n} node: {ids}", "district {key!r} is {n} nodes: {ids}",
                            len(ids)).format(key=key, n=number(len(ids)), ids=", ".join(sorted(ids)))}
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
            out.append({"name": node.name, "country": code, "id": node.id, "why": _("coordinates in {country}").format(
                country=at)})
    return sorted(out, key=lambda r: (r["country"], r["name"]))

