"""A seeded generator of realistic partnership networks, as graph.model records or CSV files.

Municipalities are spread over real countries (ISO codes and first-level subdivisions from
pycountry, weighted towards Europe). Partner counts are heavy-tailed like real twin-city data:
most places have one to three partners, a few hubs have hundreds. The degree of each municipality
is drawn from a Pareto law (exponent solved so the mean matches the requested partnership count),
endpoints are sampled in proportion to it (Chung-Lu), so hubs link to hubs and to small places.
Conferences have attendees, organisations have members, both heavy-tailed too.

The same size and seed always give the same records, in the same order::

    python -m benchmarks.generate S --csv benchmarks/out/csv/S     # files for LOAD CSV
"""

from __future__ import annotations

import argparse
import csv
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Iterator

import numpy as np
import pycountry

from graph.model import (
    ADDRESSES, ATTENDS, BASED_IN, CONFERENCE, COUNTRY, HELD_IN, IN_COUNTRY, IN_REGION, MEMBER_OF,
    MUNICIPALITY, ORGANISATION, ORGANISATION_KINDS, ORGANISES, PARTNER_OF, REGION, THEME, Edge, Node,
    conference_id, country_id, municipality_id, organisation_id, region_id, theme_id,
)
from graph.geo.countries import country_name

DEFAULT_SEED = 20240611

# size -> (municipalities, partnerships)
SIZES: dict[str, tuple[int, int]] = {
    "tiny": (300, 900),
    "S": (10_000, 30_000),
    "M": (100_000, 300_000),
    "L": (100_000, 1_000_000),
}

# (ISO code, weight, continent, lat, lon, spread in degrees). Weights favour Europe as the real
# data does (about two thirds of the pairs have a European end).
COUNTRIES: tuple[tuple[str, float, str, float, float, float], ...] = (
    ("DE", 14, "Europe", 51.2, 10.4, 2.5), ("FR", 11, "Europe", 46.6, 2.4, 2.8),
    ("PL", 7, "Europe", 52.0, 19.4, 2.2), ("IT", 6, "Europe", 42.8, 12.5, 2.5),
    ("GB", 5, "Europe", 53.5, -1.8, 1.8), ("UA", 5, "Europe", 49.0, 31.3, 3.0),
    ("ES", 4, "Europe", 40.2, -3.6, 2.5), ("NL", 3, "Europe", 52.2, 5.5, 0.8),
    ("CZ", 3, "Europe", 49.8, 15.5, 1.2), ("AT", 2.5, "Europe", 47.6, 14.1, 1.2),
    ("HU", 2.5, "Europe", 47.2, 19.4, 1.2), ("BE", 2, "Europe", 50.6, 4.6, 0.6),
    ("SE", 2, "Europe", 60.1, 15.6, 3.5), ("FI", 1.5, "Europe", 63.0, 26.0, 3.0),
    ("DK", 1.5, "Europe", 56.0, 10.0, 1.0), ("NO", 1.5, "Europe", 61.0, 9.0, 3.0),
    ("RO", 2, "Europe", 45.9, 25.0, 2.0), ("SK", 1.5, "Europe", 48.7, 19.7, 0.9),
    ("SI", 1, "Europe", 46.1, 14.9, 0.5), ("HR", 1, "Europe", 45.1, 15.2, 1.0),
    ("PT", 1.5, "Europe", 39.6, -8.0, 1.5), ("GR", 1.2, "Europe", 39.1, 22.0, 1.8),
    ("LT", 1, "Europe", 55.2, 23.9, 0.9), ("LV", 0.8, "Europe", 56.9, 24.6, 0.8),
    ("EE", 0.8, "Europe", 58.6, 25.0, 0.8), ("CH", 1.2, "Europe", 46.8, 8.2, 0.8),
    ("IE", 0.8, "Europe", 53.4, -8.2, 1.0), ("BG", 1, "Europe", 42.7, 25.5, 1.3),
    ("RS", 0.8, "Europe", 44.0, 20.9, 1.2), ("MD", 0.5, "Europe", 47.4, 28.4, 0.7),
    ("GE", 0.5, "Asia", 42.3, 43.4, 1.0), ("TR", 1.2, "Asia", 39.0, 35.2, 3.5),
    ("RU", 2, "Europe", 55.8, 45.0, 6.0), ("US", 4, "Americas", 39.8, -98.6, 9.0),
    ("CA", 1, "Americas", 53.0, -95.0, 8.0), ("BR", 1, "Americas", -14.2, -51.9, 8.0),
    ("MX", 0.6, "Americas", 23.6, -102.5, 5.0), ("NI", 0.4, "Americas", 12.9, -85.2, 1.0),
    ("JP", 2.5, "Asia", 36.2, 138.3, 3.0), ("CN", 2.5, "Asia", 35.9, 104.2, 8.0),
    ("KR", 1, "Asia", 36.5, 127.9, 1.3), ("IN", 0.8, "Asia", 20.6, 79.0, 6.0),
    ("IL", 0.5, "Asia", 31.0, 34.9, 0.8), ("VN", 0.4, "Asia", 14.1, 108.3, 4.0),
    ("GH", 0.6, "Africa", 7.9, -1.0, 1.5), ("TZ", 0.5, "Africa", -6.4, 34.9, 3.0),
    ("BF", 0.4, "Africa", 12.2, -1.6, 1.5), ("SN", 0.4, "Africa", 14.5, -14.5, 1.5),
    ("ZA", 0.5, "Africa", -30.6, 22.9, 4.0), ("MA", 0.4, "Africa", 31.8, -7.1, 2.5),
    ("RW", 0.3, "Africa", -1.9, 29.9, 0.4), ("AU", 0.6, "Oceania", -25.3, 133.8, 8.0),
    ("NZ", 0.3, "Oceania", -40.9, 174.9, 3.0),
)

_SYLLABLES = (
    "ber", "lin", "bur", "dorf", "stadt", "hau", "sen", "mün", "ster", "kra", "ków", "wro", "cław",
    "lé", "on", "ville", "mar", "seil", "le", "gra", "nada", "to", "le", "do", "por", "to", "kyi",
    "iv", "lviv", "od", "esa", "ro", "ma", "na", "po", "li", "san", "ta", "vi", "go", "brno", "pra",
    "ha", "deb", "re", "cen", "sze", "ged", "tam", "pe", "re", "göt", "borg", "år", "hus", "os",
    "lo", "ber", "gen", "ac", "cra", "ku", "ma", "si", "da", "kar", "ko", "ya", "ma", "su", "wa",
    "ell", "ing", "ham", "ton", "wick", "ford", "ach", "au", "brück", "heim", "feld", "burg",
)
_PARTNER_KINDS = ("twin", "friendship", "contact", "project", "solidarity", "climate")
_PARTNER_KIND_WEIGHTS = (0.68, 0.14, 0.06, 0.05, 0.04, 0.03)
_THEMES = ("Reconstruction", "Energy efficiency", "Climate adaptation", "Water", "Local governance",
           "Sustainable cities (SDG 11)", "Education", "Health", "Culture", "Youth exchange")


def pareto_exponent(mean: float, cap: float) -> float:
    """The exponent ``a`` of a Pareto law (minimum 1) whose values capped at ``cap`` average ``mean``.

    E[min(X, c)] = 1 + (c^(1-a) - 1) / (1 - a), decreasing in ``a``: solved by bisection.
    """
    mean = min(max(mean, 1.000001), cap * 0.999)

    def capped_mean(a: float) -> float:
        if abs(a - 1) < 1e-9:
            return 1 + math.log(cap)
        return 1 + (cap ** (1 - a) - 1) / (1 - a)

    lo, hi = 0.01, 20.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if capped_mean(mid) > mean:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def heavy_tailed(rng: np.random.Generator, count: int, mean: float, cap: float) -> np.ndarray:
    """``count`` positive weights from a capped Pareto law with the given mean."""
    a = pareto_exponent(mean, cap)
    return np.minimum(rng.pareto(a, count) + 1.0, cap)


@dataclass
class Network:
    """A generated network. Records are built lazily (iterators), so a huge one streams."""

    size: str
    seed: int
    n_municipalities: int
    n_partnerships: int

    @cached_property
    def _draw(self) -> dict:
        rng = np.random.default_rng(self.seed)
        n, m = self.n_municipalities, self.n_partnerships
        weights = np.array([c[1] for c in COUNTRIES])
        country_of = rng.choice(len(COUNTRIES), size=n, p=weights / weights.sum())
        names = _names(rng, country_of)
        # partner degree: mean 2m/n, hubs capped so no place partners with half the world
        cap = float(max(50, min(n // 20, 2000)))
        degree = heavy_tailed(rng, n, 2 * m / n, cap)
        pairs = _pairs(rng, degree / degree.sum(), m)
        population = np.round(np.exp(rng.normal(9.3, 1.4, n)) * (1 + degree / 4)).astype(np.int64)
        n_conf, n_org = max(3, n // 1000), max(5, n // 200)
        attend = [np.sort(rng.choice(n, size=int(k), replace=False, p=degree / degree.sum()))
                  for k in np.minimum(heavy_tailed(rng, n_conf, 60, 600), n // 2)]
        members = [np.sort(rng.choice(n, size=int(k), replace=False))
                   for k in np.minimum(heavy_tailed(rng, n_org, 25, 2000), n // 2)]
        return {
            "country_of": country_of, "names": names, "population": population, "pairs": pairs,
            "kind": rng.choice(len(_PARTNER_KINDS), size=len(pairs), p=_PARTNER_KIND_WEIGHTS),
            "since": rng.integers(1950, 2025, size=len(pairs)),
            "lat": rng.normal(0, 1, n), "lon": rng.normal(0, 1, n),
            "subdivision": rng.random(n), "attend": attend, "members": members,
            "conf_city": rng.integers(0, n, n_conf), "org_city": rng.integers(0, n, n_org),
            "org_kind": rng.integers(0, len(ORGANISATION_KINDS), n_org),
            "conf_orgs": [rng.choice(n_org, size=min(n_org, 1 + int(rng.integers(0, 3))), replace=False)
                          for _ in range(n_conf)],
            "org_attend": [rng.choice(n_conf, size=min(n_conf, 1 + int(rng.integers(0, 4))), replace=False)
                           for _ in range(n_org)],
            "themes": rng.integers(0, len(_THEMES), (n_conf + n_org, 2)),
        }

    # -- ids ------------------------------------------------------------------------------------
    @cached_property
    def municipality_ids(self) -> list[str]:
        d = self._draw
        return [municipality_id(name, COUNTRIES[c][0]) for name, c in zip(d["names"], d["country_of"])]

    def municipality_name(self, index: int) -> str:
        return self._draw["names"][index]

    @property
    def partner_pairs(self) -> np.ndarray:
        return self._draw["pairs"]

    def partner_degrees(self) -> np.ndarray:
        """Partnerships per municipality (for checks that the draw is heavy-tailed)."""
        pairs = self._draw["pairs"]
        return np.bincount(pairs.ravel(), minlength=self.n_municipalities)

    # -- records --------------------------------------------------------------------------------
    def nodes(self) -> Iterator[Node]:
        d = self._draw
        continents = sorted({c[2] for c in COUNTRIES})
        for name in continents:
            yield Node(REGION, region_id("continent", name), {"name": name, "kind": "continent"})
        used = sorted({COUNTRIES[c][0] for c in set(d["country_of"].tolist())})
        for code in used:
            yield Node(COUNTRY, country_id(code), {"code": code, "name": country_name(code)})
        subdivisions = {code: _subdivisions(code) for code in used}
        table = np.array([c[3:6] for c in COUNTRIES])[d["country_of"]]
        lats = np.round(np.clip(table[:, 0] + table[:, 2] * d["lat"], -89, 89), 5).tolist()
        lons = np.round(np.clip(table[:, 1] + table[:, 2] * d["lon"], -179, 179), 5).tolist()
        population = d["population"].tolist()
        for i, (node_id, c) in enumerate(zip(self.municipality_ids, d["country_of"].tolist())):
            code = COUNTRIES[c][0]
            subs = subdivisions[code]
            props = {
                "name": d["names"][i], "country": code, "kind": "city" if population[i] > 50_000 else "town",
                "lat": lats[i], "lon": lons[i], "population": population[i], "aliases": [d["names"][i]],
                "sources": ["source:benchmark"],
            }
            if subs:
                props["subdivision"] = subs[int(d["subdivision"][i] * len(subs))]
            yield Node(MUNICIPALITY, node_id, props)
        for j, city in enumerate(d["org_city"]):
            code = COUNTRIES[d["country_of"][city]][0]
            yield Node(ORGANISATION, organisation_id(f"benchmark org {j}"),
                       {"name": f"Partnership Network {j}", "kind": ORGANISATION_KINDS[d["org_kind"][j]],
                        "country": code})
        for k, city in enumerate(d["conf_city"]):
            yield Node(CONFERENCE, conference_id(f"benchmark conference {k}"),
                       {"name": f"Partnership Conference {k}", "title": f"Partnership Conference {k}",
                        "series": "Benchmark conferences", "edition": k + 1,
                        "start": f"{2000 + k % 25}-0{1 + k % 9}-1{k % 10}", "status": "held"})
        for theme in _THEMES:
            yield Node(THEME, theme_id(theme), {"name": theme})

    def edges(self) -> Iterator[Edge]:
        d = self._draw
        ids = self.municipality_ids
        used = {COUNTRIES[c][0] for c in self._used_country_indices}
        for code, _, continent, *_ in sorted(COUNTRIES):
            if code in used:
                yield Edge(IN_REGION, country_id(code), region_id("continent", continent))
        for node_id, c in zip(ids, d["country_of"].tolist()):
            yield Edge(IN_COUNTRY, node_id, country_id(COUNTRIES[c][0]))
        for (a, b), kind, since in zip(d["pairs"].tolist(), d["kind"].tolist(), d["since"].tolist()):
            yield Edge(PARTNER_OF, ids[a], ids[b], {"kind": _PARTNER_KINDS[kind], "since": since})
        org_ids = [organisation_id(f"benchmark org {j}") for j in range(len(d["org_city"]))]
        conf_ids = [conference_id(f"benchmark conference {k}") for k in range(len(d["conf_city"]))]
        for j, city in enumerate(d["org_city"].tolist()):
            yield Edge(BASED_IN, org_ids[j], ids[city])
            for member in d["members"][j].tolist():
                yield Edge(MEMBER_OF, ids[member], org_ids[j])
            for conf in sorted(d["org_attend"][j].tolist()):
                yield Edge(ATTENDS, org_ids[j], conf_ids[conf])
        for k, city in enumerate(d["conf_city"].tolist()):
            yield Edge(HELD_IN, conf_ids[k], ids[city])
            for j in sorted(d["conf_orgs"][k].tolist()):
                yield Edge(ORGANISES, org_ids[j], conf_ids[k], {"role": "host" if j == d["conf_orgs"][k][0] else "partner"})
            for attendee in d["attend"][k].tolist():
                yield Edge(ATTENDS, ids[attendee], conf_ids[k])
        for owner, pair in zip(conf_ids + org_ids, d["themes"].tolist()):
            for t in sorted(set(pair)):
                yield Edge(ADDRESSES, owner, theme_id(_THEMES[t]))

    @cached_property
    def _used_country_indices(self) -> list[int]:
        return sorted(set(self._draw["country_of"].tolist()))

    def counts(self) -> tuple[dict[str, int], dict[str, int]]:
        """Nodes per label and edges per type, as a store holding exactly these records reports them."""
        nodes: dict[str, int] = {}
        edges: dict[str, int] = {}
        for node in self.nodes():
            nodes[node.label] = nodes.get(node.label, 0) + 1
        for edge in self.edges():
            edges[edge.type] = edges.get(edge.type, 0) + 1
        return nodes, edges

    # -- CSV for LOAD CSV -------------------------------------------------------------------------
    def write_csv(self, directory: str | Path) -> dict[str, Path]:
        """One file per label (nodes_<Label>.csv: id, properties and the folded search keys the
        Neo4j store keeps) and per relationship type (edges_<TYPE>.csv: source, target, properties).
        Lists are joined with '|'."""
        from graph.store.base import node_keys

        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        files: dict[str, Path] = {}
        writers: dict[str, tuple] = {}

        def write(name: str, columns: list[str], row: dict) -> None:
            if name not in writers:
                path = directory / f"{name}.csv"
                fh = open(path, "w", newline="", encoding="utf-8")
                writer = csv.DictWriter(fh, fieldnames=columns, extrasaction="ignore")
                writer.writeheader()
                writers[name] = (fh, writer)
                files[name] = path
            flat = {k: "|".join(v) if isinstance(v, list) else v for k, v in row.items()}
            writers[name][1].writerow(flat)

        try:
            for node in self.nodes():
                write(f"nodes_{node.label}", ["id", *CSV_NODE_COLUMNS[node.label], "keys"],
                      {"id": node.id, **node.props, "keys": sorted(node_keys(node))})
            for edge in self.edges():
                write(f"edges_{edge.type}", ["source", "target", *CSV_EDGE_COLUMNS.get(edge.type, [])],
                      {"source": edge.source, "target": edge.target, **edge.props})
        finally:
            for fh, _ in writers.values():
                fh.close()
        return files


CSV_NODE_COLUMNS: dict[str, list[str]] = {
    REGION: ["name", "kind"],
    COUNTRY: ["code", "name"],
    MUNICIPALITY: ["name", "country", "subdivision", "kind", "lat", "lon", "population", "aliases", "sources"],
    ORGANISATION: ["name", "kind", "country"],
    CONFERENCE: ["name", "title", "series", "edition", "start", "status"],
    THEME: ["name"],
}
CSV_EDGE_COLUMNS: dict[str, list[str]] = {PARTNER_OF: ["kind", "since"], ORGANISES: ["role"]}


def _pairs(rng: np.random.Generator, p: np.ndarray, m: int) -> np.ndarray:
    """``m`` distinct unordered pairs with both ends drawn in proportion to ``p`` (no self-loops)."""
    n = len(p)
    found = np.empty((0, 2), dtype=np.int64)
    while len(found) < m:
        want = int((m - len(found)) * 1.1) + 16
        ends = rng.choice(n, size=(want, 2), p=p)
        ends = ends[ends[:, 0] != ends[:, 1]]
        ends.sort(axis=1)
        merged = np.concatenate([found, ends])
        codes = merged[:, 0] * n + merged[:, 1]
        _, first = np.unique(codes, return_index=True)
        found = merged[np.sort(first)]  # keep the earliest draw of each pair: deterministic order
    return found[:m]


def _names(rng: np.random.Generator, country_of: np.ndarray) -> list[str]:
    """Pronounceable, distinct (per country, after folding) place names."""
    from graph.text import fold

    seen: set[tuple[int, str]] = set()
    syll = np.array(_SYLLABLES)
    parts = rng.integers(2, 4, size=len(country_of))
    picks = rng.integers(0, len(syll), size=(len(country_of), 3))
    out = []
    for i, (c, k) in enumerate(zip(country_of.tolist(), parts.tolist())):
        base = "".join(syll[picks[i, :k]]).capitalize()
        name, n = base, 1
        while (c, fold(name)) in seen:
            n += 1
            name = f"{base} {_roman(n)}"
        seen.add((c, fold(name)))
        out.append(name)
    return out


def _roman(n: int) -> str:
    out = ""
    for value, digits in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out


def _subdivisions(code: str) -> list[str]:
    subs = pycountry.subdivisions.get(country_code=code) or []
    return sorted(s.name for s in subs if s.parent_code is None)


def network(size: str = "S", seed: int = DEFAULT_SEED) -> Network:
    """The network of a named size (see SIZES) for a seed."""
    if size not in SIZES:
        raise ValueError(f"unknown size {size!r}; expected one of {', '.join(SIZES)}")
    n, m = SIZES[size]
    return Network(size, seed, n, m)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python -m benchmarks.generate S --csv benchmarks/out/csv/S")
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--csv", type=Path, help="write CSV files for LOAD CSV into this directory")
    args = parser.parse_args(argv)
    net = network(args.size, args.seed)
    nodes, edges = net.counts()
    print(f"size {args.size}, seed {args.seed}: {sum(nodes.values())} nodes {nodes}, "
          f"{sum(edges.values())} edges {edges}")
    deg = net.partner_degrees()
    print(f"partners per municipality: median {int(np.median(deg))}, 1-3: {np.mean((deg >= 1) & (deg <= 3)):.0%}, "
          f"50+: {int((deg >= 50).sum())}, max {int(deg.max())}")
    if args.csv:
        for name, path in net.write_csv(args.csv).items():
            print(f"{name}: {path}")


if __name__ == "__main__":
    main()
