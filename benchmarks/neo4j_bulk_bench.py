"""A first load into an empty Neo4j: the batched path against the bulk path, side by side.

    .venv/bin/python -m benchmarks.neo4j_bulk_bench L                       # batched, then bulk (2 sessions)
    .venv/bin/python -m benchmarks.neo4j_bulk_bench M --methods bulk:1,bulk:2,bulk:4,concurrent:2

Connects with NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD / NEO4J_DATABASE (default: the local
server); the graph in that database is CLEARED before each load. Every load gets the same
generated network (benchmarks/generate.py) as one ``upsert(nodes, edges)``, as a loader gives it.
Methods: ``batched`` (the path below the bulk threshold), ``bulk:N`` (the store's bulk first load
with N sessions), ``concurrent:N`` (the bulk first load with each chunk of rows sent as one
``CALL { … } IN N CONCURRENT TRANSACTIONS`` statement instead of sessions side by side). After
each load the counts by label and type are compared with the generator's.
"""

from __future__ import annotations

import argparse
import sys
import time

from benchmarks.generate import network


def concurrent_load(store, concurrency: int):
    """A BulkLoad whose batches are written by the server's concurrent inner transactions."""
    from graph.store.neo4j_bulk import BulkLoad

    class ConcurrentLoad(BulkLoad):
        def _write_all(self, batches, progress):
            batches = list(batches)
            for i in range(0, len(batches), concurrency * 2):
                chunk = batches[i:i + concurrency * 2]
                statement = chunk[0][0]
                body = statement.removeprefix("UNWIND $rows AS row ").rsplit(" RETURN", 1)[0]
                rows = [row for s, part in chunk if s == statement for row in part]
                pair = " RETURN [row.id, elementId(n)] AS pair" if "CREATE (n:" in body else ""
                end = "RETURN collect(pair) AS ids" if pair else "RETURN count(*) AS ids"
                query = (f"UNWIND $rows AS row CALL {{ WITH row {body}{pair} }} IN {concurrency} CONCURRENT "
                         f"TRANSACTIONS OF {self.batch_size} ROWS {end}")
                with self._session() as session:
                    ids = session.run(query, rows=rows).single()["ids"]
                if pair:
                    self.element_ids.update(ids)
                for s, part in chunk:
                    if s != statement:
                        self.element_ids.update(self._write_batch(s, part)[1])

    return ConcurrentLoad(store, concurrency)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", help="tiny, S, M or L")
    parser.add_argument("--methods", default="batched,bulk:2", help="comma-separated (default: %(default)s)")
    args = parser.parse_args(argv)
    from graph.store.neo4j import Neo4jStore
    from graph.store.neo4j_bulk import BulkLoad

    net = network(args.size)
    t0 = time.perf_counter()
    nodes, edges = list(net.nodes()), list(net.edges())
    expected_nodes, expected_edges = net.counts()
    print(f"size {args.size}: {len(nodes):,} node records + {len(edges):,} edge records "
          f"(built in {time.perf_counter() - t0:.1f} s)", flush=True)
    store = Neo4jStore.from_env()
    for method in args.methods.split(","):
        name, _, n = method.partition(":")
        store.clear()
        store.ensure_schema()
        t0 = time.perf_counter()
        if name == "batched":
            store.bulk_min_records = -1
            store.upsert(nodes, edges)
        elif name == "bulk":
            BulkLoad(store, int(n or 2)).run(nodes, edges)
        elif name == "concurrent":
            concurrent_load(store, int(n or 2)).run(nodes, edges)
        else:
            raise SystemExit(f"unknown method {method!r}")
        seconds = time.perf_counter() - t0
        stats = store.stats()
        same = stats.nodes == dict(sorted(expected_nodes.items())) and stats.edges == dict(sorted(expected_edges.items()))
        print(f"{method:>14}: {seconds:7.1f} s  {(len(nodes) + len(edges)) / seconds:9,.0f} records/s  "
              f"{stats.node_count:,} nodes, {stats.edge_count:,} relationships, counts {'as generated' if same else 'DIFFER'}",
              flush=True)
    store.clear()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
