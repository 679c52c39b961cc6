"""Load the real twin-city dataset into Neo4j: the batched store against one MERGE per row.

    .venv/bin/python benchmarks/neo4j_load.py                     # local Neo4j (make neo4j-start)
    .venv/bin/python benchmarks/neo4j_load.py --batch-size 1000,5000,10000
    .venv/bin/python benchmarks/neo4j_load.py --no-rust-ext       # the driver's pure-Python codec

Connects with NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE (default: the local
server). The graph in that database is CLEARED first. The naive loader is timed on a sample
(the first --naive-sample node rows and edge rows) and extrapolated to the whole dataset.
Rates count the records the loader yields (it repeats a place's IN_COUNTRY edge for every pair
the place is part of; the store merges repeats before sending). Nodes and relationships are timed
and compared separately. The 2 cores of a shared machine make single runs vary by up to 2x: use
--repeat and compare figures of the same run.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CSV = REPO.parent / "shared" / "data" / "twin_cities.csv"


def _args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV, help="pair table (default: %(default)s)")
    from graph.store.neo4j import BATCH_SIZE

    parser.add_argument("--batch-size", default=str(BATCH_SIZE),
                        help="one or more, comma-separated (default: the store's, %(default)s)")
    parser.add_argument("--repeat", type=int, default=1, help="loads per batch size; the best is kept")
    parser.add_argument("--naive-sample", type=int, default=2000, help="rows timed for the naive loader")
    parser.add_argument("--no-rust-ext", action="store_true", help="hide neo4j-rust-ext from the driver")
    return parser.parse_args(argv)


def naive_load(driver, database, nodes, edges) -> None:
    """What a first attempt looks like: one transaction and one MERGE per record."""
    from graph.store import cypher

    def node_tx(tx, node):
        tx.run(f"MERGE (n:{cypher._label(node.label)} {{id: $id}}) SET n += $props, n:{cypher.BASE_LABEL}",
               id=node.id, props=node.props).consume()

    def edge_tx(tx, edge):
        tx.run(f"MATCH (a:{cypher.BASE_LABEL} {{id: $source}}) MATCH (b:{cypher.BASE_LABEL} {{id: $target}}) "
               f"MERGE (a)-[r:{cypher._rel(edge.type)}]->(b) SET r += $props",
               source=edge.source, target=edge.target, props=edge.props).consume()

    with driver.session(database=database) as session:
        for node in nodes:
            session.execute_write(node_tx, node)
        for edge in edges:
            session.execute_write(edge_tx, edge)


def main(argv=None) -> int:
    sys.path.insert(0, str(REPO))
    args = _args(argv)
    if args.no_rust_ext:
        sys.modules["neo4j._rust"] = None  # the driver falls back to its Python codec
    from graph.errors import PartnernetError
    from graph.store.neo4j import Neo4jStore
    from loaders.twin_cities import read_twin_cities

    if not args.csv.exists():
        print(f"no dataset at {args.csv}; pass --csv", file=sys.stderr)
        return 2
    import neo4j._codec.packstream.v1 as packstream

    codec = "rust (neo4j-rust-ext)" if packstream._rust_pack else "pure Python"
    t0 = time.perf_counter()
    nodes, edges, report = read_twin_cities(args.csv)
    parse = time.perf_counter() - t0
    rows = len(nodes) + len(edges)
    print(f"dataset: {args.csv.name}: {len(nodes):,} nodes + {len(edges):,} edges = {rows:,} records "
          f"(parsed in {parse:.1f} s); driver codec: {codec}")

    try:
        store = Neo4jStore.from_env()
        store.clear()
        store.ensure_schema()
        results = []  # (batch size, node seconds, edge seconds) of the best run per size
        for size in [int(s) for s in args.batch_size.split(",")]:
            store.batch_size = size
            runs = []
            for _ in range(args.repeat):
                store.clear()
                t0 = time.perf_counter()
                store.upsert(nodes, [])
                t1 = time.perf_counter()
                store.upsert([], edges)
                t2 = time.perf_counter()
                runs.append((t1 - t0, t2 - t1))
                print(f"batched ({size:>6} rows/batch): nodes {t1 - t0:6.1f} s {len(nodes) / (t1 - t0):8,.0f} rows/s"
                      f"   relationships {t2 - t1:6.1f} s {len(edges) / (t2 - t1):8,.0f} rows/s", flush=True)
            best_nodes, best_edges = min(r[0] for r in runs), min(r[1] for r in runs)
            results.append((size, best_nodes, best_edges))
        t0 = time.perf_counter()
        store.upsert(nodes, edges)
        again = time.perf_counter() - t0
        print(f"batched re-run (nothing changes): {again:6.1f} s {rows / again:8,.0f} rows/s")
        stats = store.stats()
        print(f"in Neo4j: {stats.node_count:,} nodes, {stats.edge_count:,} relationships")

        sample = args.naive_sample
        store.clear()
        t0 = time.perf_counter()
        with store._errors("load row by row"):
            naive_load(store._driver, store.database, nodes[:sample], [])
        per_node = (time.perf_counter() - t0) / min(sample, len(nodes))
        store.clear()
        store.upsert(nodes, [])
        t0 = time.perf_counter()
        with store._errors("load row by row"):
            naive_load(store._driver, store.database, [], edges[:sample])
        per_edge = (time.perf_counter() - t0) / min(sample, len(edges))
        naive_nodes, naive_edges = per_node * len(nodes), per_edge * len(edges)
        print(f"naive (one MERGE per row): nodes {1 / per_node:8,.0f} rows/s   relationships {1 / per_edge:8,.0f} rows/s"
              f"   (from the first {sample:,} node rows and {sample:,} edge rows)")
        size_n, best_n, _ = min(results, key=lambda r: r[1])
        size_e, _, best_e = min(results, key=lambda r: r[2])
        print(f"ratio, nodes:         batched ({size_n} rows/batch) is {naive_nodes / best_n:5.0f}x one MERGE per row")
        print(f"ratio, relationships: batched ({size_e} rows/batch) is {naive_edges / best_e:5.0f}x one MERGE per row")
        print(f"ratio, all records:   {(naive_nodes + naive_edges) / (best_n + best_e):5.0f}x")
        store.clear()
        store.close()
    except PartnernetError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
