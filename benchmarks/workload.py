"""The query mix both stores answer: the same random questions, drawn from the generated network.

Each kind is what a user's click does: search a name, open a neighbourhood (depth 1 and a capped
depth 2), list the partnerships between a subdivision and a country or continent, ask for partner
suggestions, find how two places are connected, and take a neighbourhood away as a file. A kind
whose module is missing is reported as "not measured: <reason>" instead of failing the run.
"""

from __future__ import annotations

import random
from typing import Callable

from graph.queries.search import search
from graph.model import MUNICIPALITY
from graph.store.base import GraphStore

from .generate import COUNTRIES, Network
from .measure import latencies

KINDS = ("search", "neighbourhood_1", "neighbourhood_2", "partners_by_region", "suggestions",
         "shortest_path", "export")
NEIGHBOURHOOD_CAP = 200
CONTINENTS = sorted({c[2] for c in COUNTRIES})


def questions(net: Network, count: int, seed: int) -> dict[str, list]:
    """``count`` arguments per kind, reproducible for a network and seed."""
    rng = random.Random(seed)
    d = net._draw
    n = net.n_municipalities
    ids = net.municipality_ids
    # questions about places that have partners (nobody opens an isolated place's network)
    degree = net.partner_degrees()
    linked = [i for i in range(n) if degree[i] > 0]
    used = sorted({COUNTRIES[c][0] for c in set(d["country_of"].tolist())})
    out: dict[str, list] = {}
    names = []
    for _ in range(count):
        name = net.municipality_name(rng.choice(linked))
        names.append(name if rng.random() < 0.5 else name[: max(3, len(name) // 2)])
    out["search"] = names
    out["neighbourhood_1"] = [ids[rng.choice(linked)] for _ in range(count)]
    out["neighbourhood_2"] = [ids[rng.choice(linked)] for _ in range(count)]
    regional = []
    for _ in range(count):
        i = rng.choice(linked)
        origin = _subdivision_of(net, i) or COUNTRIES[d["country_of"][i]][0]
        target = rng.choice(CONTINENTS) if rng.random() < 0.3 else _country_name(rng.choice(used))
        regional.append((origin, target))
    out["partners_by_region"] = regional
    out["suggestions"] = [(ids[rng.choice(linked)], _country_name(rng.choice(used))) for _ in range(count)]
    out["shortest_path"] = [(ids[rng.choice(linked)], ids[rng.choice(linked)]) for _ in range(count)]
    out["export"] = [ids[rng.choice(linked)] for _ in range(count)]
    return out


def _subdivision_of(net: Network, index: int) -> str | None:
    from .generate import _subdivisions

    code = COUNTRIES[net._draw["country_of"][index]][0]
    subs = _subdivisions(code)
    return subs[int(net._draw["subdivision"][index] * len(subs))] if subs else None


def _country_name(code: str) -> str:
    from graph.geo.countries import country_name

    return country_name(code)


def _runners(store: GraphStore) -> dict[str, tuple[Callable, Callable] | str]:
    """kind -> (call, check) or the reason it cannot be measured."""
    out: dict[str, tuple[Callable, Callable] | str] = {
        "search": (lambda text: search(store, text, labels=[MUNICIPALITY], limit=20), bool),
        "neighbourhood_1": (lambda i: store.neighbourhood(i, depth=1, max_nodes=NEIGHBOURHOOD_CAP),
                            lambda sub: len(sub.nodes) > 1),
        "neighbourhood_2": (lambda i: store.neighbourhood(i, depth=2, max_nodes=NEIGHBOURHOOD_CAP),
                            lambda sub: len(sub.nodes) > 1),
        "shortest_path": (lambda ab: store.shortest_paths(ab[0], ab[1], max_depth=6, limit=5), bool),
    }
    try:
        from graph.queries.regional import existing_partnerships, resolve_area

        def regional(pair):
            return existing_partnerships(store, resolve_area(store, pair[0]), resolve_area(store, pair[1]))

        # an empty table is a right answer for many pairs; the check is that the query ran
        out["partners_by_region"] = (regional, lambda frame: frame is not None)
    except ImportError as exc:
        out["partners_by_region"] = f"not measured: graph.queries.regional is missing ({exc})"
    try:
        from graph.queries.regional import resolve_area
        from graph.queries.suggest import suggest_partners

        areas: dict[str, object] = {}

        def suggest(pair):
            # the target area is chosen once per country in the app (a select box), not per click
            if pair[1] not in areas:
                areas[pair[1]] = resolve_area(store, pair[1])
            return suggest_partners(store, pair[0], areas[pair[1]], limit=20)

        out["suggestions"] = (suggest, bool)
    except ImportError as exc:
        out["suggestions"] = f"not measured: graph.queries.suggest is missing ({exc})"
    try:
        from graph.export import export

        def take_away(node_id):
            return export(store.neighbourhood(node_id, depth=1, max_nodes=NEIGHBOURHOOD_CAP), "csv")

        out["export"] = (take_away, bool)
    except ImportError as exc:
        out["export"] = f"not measured: graph.export is missing ({exc})"
    return out


def run_queries(store: GraphStore, asked: dict[str, list], kinds=KINDS, budget_s: float | None = None) -> dict[str, dict]:
    """Latency figures per kind; a kind that cannot run says why instead."""
    runners = _runners(store)
    results: dict[str, dict] = {}
    for kind in kinds:
        runner = runners.get(kind)
        if isinstance(runner, str):
            results[kind] = {"error": runner}
            continue
        call, check = runner
        try:
            results[kind] = latencies(call, asked[kind], check, budget_s=budget_s)
        except Exception as exc:  # a failing module must not hide the other figures
            results[kind] = {"error": f"not measured: {type(exc).__name__}: {exc}"}
    return results
