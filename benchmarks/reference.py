"""The practical limit of the server: for each query kind, the single best hand-written Cypher statement
for the same answer, timed beside partnernet's Neo4j path in the same run.

Each statement is written for its one question (no optional filters, the cap and depth fixed), gets
everything Python knows before asking (the area's countries and stored subdivision spellings) as
parameters, and returns what partnernet returns: the nodes and relationships shown, or the rows of a
table. The two are timed in pairs on the same questions; partnernet's time includes building its
records (and, for partners by region, its table) from the answer, so the ratio is what partnernet
costs on top of the server's own work. Names of areas are resolved before either clock starts.

The same questions also run through the store's primitives alone (``Primitives``): the Neo4j store
as it answered before the server-side paths, for a before/after in one run.
"""

from __future__ import annotations

import time
from typing import Callable

from graph.errors import StoreError
from graph.model import MUNICIPALITY, PARTNER_OF
from graph.store.base import GraphStore, hard_limit
from graph.store.cypher import BASE_LABEL

from .measure import percentile
from .reference_suggest import suggestion_pair
from .workload import NEIGHBOURHOOD_CAP, _runners

# the kinds partnernet answers on the server (the others are measured through the primitives already)
SERVER_SIDE_KINDS = ("neighbourhood_1", "neighbourhood_2", "partners_by_region", "export", "suggestions")

_RANK_AND_RETURN = (
    "UNWIND rows AS row WITH row[0] AS n, min(row[1]) AS hop "
    "WITH n, hop ORDER BY hop, n.id WITH collect([n, hop]) AS ranked "
    "WITH size(ranked) AS total, ranked[..$hard] AS kept UNWIND kept AS k "
    "WITH total, k[0] AS n, k[1] AS hop WITH total, n, hop, COUNT { (n)--() } AS degree "
    "ORDER BY hop, degree DESC, n.id WITH total, collect(n)[..$cap] AS chosen "
    f"CALL {{ WITH chosen UNWIND chosen AS a MATCH (a)-[r]->(b:{BASE_LABEL}) WHERE b IN chosen "
    "RETURN collect({type: type(r), source: a.id, target: b.id, props: properties(r)}) AS edges } "
    "RETURN total, [n IN chosen | {id: n.id, labels: labels(n), props: properties(n)}] AS nodes, edges"
)

NEIGHBOURHOOD_1 = (
    f"MATCH (c:{BASE_LABEL} {{id: $id}}) "
    "CALL { WITH c MATCH (c)--(b) RETURN collect(DISTINCT b) AS h1 } "
    "WITH [[c, 0]] + [x IN h1 | [x, 1]] AS rows " + _RANK_AND_RETURN
)

NEIGHBOURHOOD_2 = (
    f"MATCH (c:{BASE_LABEL} {{id: $id}}) "
    "CALL { WITH c MATCH (c)--(b) RETURN collect(DISTINCT b) AS h1 } "
    "CALL { WITH h1 UNWIND h1 AS a MATCH (a)--(b) RETURN collect(DISTINCT b) AS h2 } "
    "WITH [[c, 0]] + [x IN h1 | [x, 1]] + [x IN h2 | [x, 2]] AS rows " + _RANK_AND_RETURN
)

PARTNERS_SUBDIVISION = (
    f"MATCH (o:`{MUNICIPALITY}`) WHERE o.subdivision IN $subs AND o.country IN $countries "
    f"MATCH (o)-[r:`{PARTNER_OF}`]-(p:`{MUNICIPALITY}`) WHERE p.country IN $targets "
    "RETURN properties(o) AS origin, startNode(r).id AS source, endNode(r).id AS target, "
    "properties(r) AS props, properties(p) AS partner"
)
PARTNERS_COUNTRY = PARTNERS_SUBDIVISION.replace("o.subdivision IN $subs AND ", "")

# The search's exact and prefix tiers: Cypher has no edit distance without a plugin (the close-spelling
# tier), and no index serves a prefix of one element of a list (the folded names and aliases in ``keys``),
# so every municipality is read. Ranked as graph.queries.search ranks (the name compared lower-cased).
SEARCH = (
    f"MATCH (n:`{MUNICIPALITY}`) WHERE any(k IN n.keys WHERE k STARTS WITH $key) "
    "WITH n, CASE WHEN $key IN n.keys THEN 0 ELSE 1 END AS tier "
    "ORDER BY tier, coalesce(n.population, 0) DESC, size(coalesce(n.sources, [])) DESC, toLower(n.name), n.id "
    "LIMIT $limit RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)

SHORTEST_PATH = (
    f"MATCH (a:{BASE_LABEL} {{id: $source}}) MATCH (b:{BASE_LABEL} {{id: $target}}) "
    "MATCH p = allShortestPaths((a)-[*..6]-(b)) RETURN DISTINCT [n IN nodes(p) | n.id] AS ids "
    "ORDER BY ids LIMIT 5"
)


class Primitives:
    """A store answering through the primitives of graph.store.base only, as the Neo4j store did
    before its server-side paths: every other attribute is the wrapped store's."""

    def __init__(self, store: GraphStore):
        self._store = store

    def __getattr__(self, name: str):
        return getattr(self._store, name)

    def neighbourhood(self, *args, **kwargs):
        return GraphStore.neighbourhood(self, *args, **kwargs)

    def partnerships_between(self, origin, target):
        return GraphStore.partnerships_between(self, origin, target)

    # a suggestion's questions (benchmarks.reference_suggest has the hand-written statement)
    def candidate_links(self, origin_id, candidate_ids, country):
        return GraphStore.candidate_links(self, origin_id, candidate_ids, country)

    def area_candidates(self, origin_id, area):
        return GraphStore.area_candidates(self, origin_id, area)

    def suggestion_facts(self, origin_id, area, country):
        return GraphStore.suggestion_facts(self, origin_id, area, country)

    def partnership_counts(self, ids):
        return GraphStore.partnership_counts(self, ids)

    def node_facts(self, ids, properties):
        return GraphStore.node_facts(self, ids, properties)


def _area_params(store, text: str) -> dict:
    """What the reference statement is given for an area: its countries and stored subdivision spellings."""
    from graph.queries.regional import resolve_area

    area = resolve_area(store, text)
    params = store._area_params("o", area)
    return {"kind": area.kind, "countries": params["o_countries"], "subs": params["o_subs"]}


def run_reference(store, asked: dict[str, list], budget_s: float | None = None) -> dict[str, dict]:
    """Latencies of partnernet's path and the hand-written statement, timed in pairs, per kind the statements answer."""
    read = store._read
    areas: dict[str, dict] = {}

    def area(text: str) -> dict:
        if text not in areas:
            areas[text] = _area_params(store, text)
        return areas[text]

    def region(pair):
        origin, target = area(pair[0]), area(pair[1])
        statement = PARTNERS_SUBDIVISION if origin["kind"] == "subdivision" else PARTNERS_COUNTRY
        return read(statement, subs=origin["subs"], countries=origin["countries"], targets=target["countries"])

    from graph.text import fold

    calls: dict[str, Callable] = {
        "search": lambda text: read(SEARCH, key=fold(text), limit=20),
        "neighbourhood_1": lambda i: read(NEIGHBOURHOOD_1, id=i, hard=hard_limit(NEIGHBOURHOOD_CAP), cap=NEIGHBOURHOOD_CAP),
        "neighbourhood_2": lambda i: read(NEIGHBOURHOOD_2, id=i, hard=hard_limit(NEIGHBOURHOOD_CAP), cap=NEIGHBOURHOOD_CAP),
        "partners_by_region": region,
        "shortest_path": lambda ab: read(SHORTEST_PATH, source=ab[0], target=ab[1]),
    }
    ours = {kind: runner[0] for kind, runner in _runners(store).items() if not isinstance(runner, str)}
    # partnernet's table from areas resolved beforehand, as the reference gets them
    from graph.queries.regional import existing_partnerships, resolve_area

    resolved: dict[str, object] = {}

    def table(pair):
        return existing_partnerships(store, resolved[pair[0]], resolved[pair[1]])

    ours["partners_by_region"] = table
    if asked.get("suggestions"):  # the target countries are resolved before the clock starts
        ours["suggestions"], calls["suggestions"] = suggestion_pair(store, asked["suggestions"])
    out: dict[str, dict] = {}
    for kind, call in calls.items():
        if kind == "partners_by_region":  # names are resolved before the clock starts
            for pair in asked[kind]:
                area(pair[0]), area(pair[1])
                for text in pair:
                    resolved.setdefault(text, resolve_area(store, text))
        try:
            out[kind] = paired(ours[kind], call, asked[kind], budget_s=budget_s)
        except Exception as exc:  # a failing statement must not hide the other figures
            out[kind] = {"error": f"not measured: {type(exc).__name__}: {exc}"}
    return out


def paired(ours: Callable, reference: Callable, args: list, warmup: int = 3, budget_s: float | None = None) -> dict:
    """Time partnernet's call and the reference statement on each question, one right after the other
    and taking turns at going first, so that the load of a shared machine falls on both alike."""
    beyond: list = []  # questions one side could not answer within the server's transaction memory

    def both(arg, order) -> dict[str, float] | None:
        took = {}
        for name, call in order:
            start = time.perf_counter()
            try:
                call(arg)
            except StoreError as exc:
                if "memory" not in str(exc):
                    raise
                beyond.append(arg)
                return None
            took[name] = (time.perf_counter() - start) * 1000
        return took

    order = (("partnernet", ours), ("reference", reference))
    for arg in args[:warmup]:
        both(arg, order)
    beyond.clear()
    times: dict[str, list[float]] = {"partnernet": [], "reference": []}
    deadline = time.perf_counter() + budget_s if budget_s else None
    for index, arg in enumerate(args):
        if deadline is not None and time.perf_counter() > deadline and len(times["reference"]) >= 20:
            break
        took = both(arg, order if index % 2 == 0 else order[::-1])
        for name, ms in (took or {}).items():
            times[name].append(ms)
    if not times["reference"]:
        raise StoreError(f"every question of this kind was beyond the server's transaction memory ({len(beyond)})")
    return {name: {"n": len(t), "p50_ms": round(percentile(t, 50), 2), "p95_ms": round(percentile(t, 95), 2),
                   "answered": len(t), "asked": len(args), "beyond_memory": len(beyond)} for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    """Measure the pairs again on the server named by NEO4J_URI, which holds the network of the size
    (as ``benchmarks.run`` leaves it), and keep them in that size's results."""
    import argparse
    import json
    import os
    from pathlib import Path

    from graph.store.neo4j import Neo4jStore

    from .generate import DEFAULT_SEED, SIZES, network
    from .neo4j_bench import Server
    from .report import markdown, merged
    from .workload import questions

    parser = argparse.ArgumentParser(description=main.__doc__.split("\n")[0],
                                     epilog="example: NEO4J_URI=bolt://127.0.0.1:7741 python -m benchmarks.reference M "
                                            "--results benchmarks/out/results.json --output BENCHMARKS.md")
    parser.add_argument("size", choices=list(SIZES))
    parser.add_argument("--results", type=Path, required=True)
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--budget", type=float, default=60)
    args = parser.parse_args(argv)
    results = json.loads(args.results.read_text())
    server = Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME") or "neo4j",
                    os.environ.get("NEO4J_PASSWORD") or "partnernet-dev")
    driver = server.driver()
    try:
        store = Neo4jStore(driver)
        asked = questions(network(args.size, results.get("seed", DEFAULT_SEED)), results["queries"],
                          results.get("seed", DEFAULT_SEED) + 1)
        results["sizes"][args.size]["neo4j"]["reference"] = run_reference(store, asked, budget_s=args.budget)
    finally:
        driver.close()
    args.results.write_text(json.dumps(results, indent=1))
    existing = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    args.output.write_text(merged(markdown(results), existing), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
