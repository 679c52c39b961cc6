"""How well the places in a store are resolved: countries, gazetteer links, subdivisions, flags.

Computed from the store alone (so it works for any load, on either store): a municipality is
*linked* when it carries a gazetteer id, *flagged* when its kind marks an administrative area
(county, region, municipality) or a district, and *unresolved* otherwise. Which spellings were
merged into one place is known while loading: ``PlaceResolver.merges`` / the load report's merges.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field

from .model import MUNICIPALITY
from .store import GraphStore

FLAGGED_KINDS = ("county", "region", "municipality", "district")


@dataclass
class QualityReport:
    municipalities: int = 0
    with_country: int = 0
    linked: int = 0
    with_subdivision: int = 0
    flagged: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    unresolved: list[dict] = field(default_factory=list)  # name, country, id of places neither linked nor flagged
    without_country: list[dict] = field(default_factory=list)

    def share(self, count: int) -> float:
        return count / self.municipalities if self.municipalities else 0.0

    @property
    def linked_or_flagged(self) -> float:
        return self.share(self.linked + self.flagged)

    def to_dict(self) -> dict:
        out = asdict(self)
        out["shares"] = {k: round(self.share(getattr(self, k)), 4)
                         for k in ("with_country", "linked", "with_subdivision", "flagged")}
        out["shares"]["linked_or_flagged"] = round(self.linked_or_flagged, 4)
        return out

    def summary(self, max_listed: int = 20) -> str:
        pct = lambda n: f"{n} ({100 * self.share(n):.1f}%)"  # noqa: E731
        lines = [
            f"municipalities:        {self.municipalities}",
            f"  with a country:      {pct(self.with_country)}",
            f"  gazetteer-linked:    {pct(self.linked)}",
            f"  with a subdivision:  {pct(self.with_subdivision)}",
            f"  flagged areas:       {pct(self.flagged)}  "
            + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items()) if k in FLAGGED_KINDS),
            f"  linked or flagged:   {100 * self.linked_or_flagged:.1f}%",
            f"  unresolved:          {len(self.unresolved)}",
        ]
        for item in self.unresolved[:max_listed]:
            lines.append(f"    {item['name']} ({item['country'] or '?'})")
        if len(self.unresolved) > max_listed:
            lines.append(f"    ... and {len(self.unresolved) - max_listed} more")
        for item in self.without_country[:max_listed]:
            lines.append(f"  no country: {item['name']} ({item['id']})")
        return "\n".join(lines)


def quality(store: GraphStore) -> QualityReport:
    """Resolution figures for every municipality in the store."""
    report = QualityReport()
    kinds: Counter = Counter()
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
        if node.get("gazetteer_id"):
            report.linked += 1
        elif kind in FLAGGED_KINDS:
            report.flagged += 1
        else:
            report.unresolved.append(row)
    report.kinds = dict(sorted(kinds.items()))
    report.unresolved.sort(key=lambda r: (r["country"], r["name"]))
    return report
