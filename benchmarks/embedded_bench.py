"""The embedded store at one size, in a process of its own so that its peak memory is its own.

Records are built while they are loaded (as a loader streaming a file does), so the peak memory is
the store's plus the interpreter's, not a list of a million records waiting to be loaded. The time
spent building records is measured separately and subtracted for the store's own throughput.

    python -m benchmarks.embedded_bench S --queries 200
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import sys
import tempfile
from pathlib import Path

from graph.store.embedded import EmbeddedStore

from .generate import DEFAULT_SEED, network
from .measure import current_rss_mb, peak_rss_mb, stopwatch
from .workload import questions, run_queries


def measure(size: str, seed: int = DEFAULT_SEED, queries: int = 200, profile: Path | None = None,
            workdir: Path | None = None, budget_s: float | None = None) -> dict:
    net = network(size, seed)
    # one pass first: the random draw, ids and pycountry's subdivision tables are the generator's
    # one-off costs, neither the store's nor the per-record cost timed below
    expected_nodes, expected_edges = net.counts()
    gc.collect()
    baseline_mb = current_rss_mb()
    with stopwatch() as t_node_records:
        for _ in net.nodes():
            pass
    with stopwatch() as t_edge_records:
        for _ in net.edges():
            pass
    gc.collect()
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        store = EmbeddedStore(Path(tmp) / "store")
        profiler = cProfile.Profile() if profile else None
        if profiler:
            profiler.enable()
        with stopwatch() as t_nodes:
            store.upsert(net.nodes())
        with stopwatch() as t_edges:
            store.upsert(edges=net.edges())
        if profiler:
            profiler.disable()
            text = io.StringIO()
            pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(35)
            profile.write_text(text.getvalue())
        peak_mb = peak_rss_mb()
        gc.collect()
        resident_mb = current_rss_mb()
        stats = store.stats()
        with stopwatch() as t_flush:
            store.flush()
        file_mb = round(store.path.stat().st_size / 2**20, 1)
        asked = questions(net, queries, seed + 1)
        query_results = run_queries(store, asked, budget_s=budget_s)
        del store
        gc.collect()
        with stopwatch() as t_open:
            reopened = EmbeddedStore(Path(tmp) / "store")
        reopened_ok = reopened.stats() == stats
    n_nodes, n_edges = sum(expected_nodes.values()), sum(expected_edges.values())
    # the difference of two timings is only meaningful when it is a fair share of the whole
    store_nodes_s = t_nodes["s"] - t_node_records["s"]
    store_edges_s = t_edges["s"] - t_edge_records["s"]

    def rate(count: int, seconds: float, total: float) -> int | None:
        return round(count / seconds) if seconds > 0.1 * total else None

    return {
        "size": size, "seed": seed,
        "counts_ok": stats.nodes == dict(sorted(expected_nodes.items()))
        and stats.edges == dict(sorted(expected_edges.items())),
        "nodes": n_nodes, "edges": n_edges, "stats": {"nodes": stats.nodes, "edges": stats.edges},
        "load": {
            "nodes_s": round(t_nodes["s"], 3), "edges_s": round(t_edges["s"], 3),
            "total_s": round(t_nodes["s"] + t_edges["s"], 3),
            "record_building_s": round(t_node_records["s"] + t_edge_records["s"], 3),
            "nodes_per_s": round(n_nodes / t_nodes["s"]), "edges_per_s": round(n_edges / t_edges["s"]),
            "store_only_nodes_per_s": rate(n_nodes, store_nodes_s, t_nodes["s"]),
            "store_only_edges_per_s": rate(n_edges, store_edges_s, t_edges["s"]),
        },
        # store_mb: what the loaded store keeps resident beyond the process before loading
        "memory": {"baseline_mb": baseline_mb, "peak_mb": peak_mb, "store_mb": round(resident_mb - baseline_mb, 1)},
        "flush_s": round(t_flush["s"], 3), "file_mb": file_mb,
        "reopen_s": round(t_open["s"], 3), "reopen_ok": reopened_ok,
        "queries": query_results,
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Measure the embedded store at one size (prints JSON).")
    parser.add_argument("size")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--profile", type=Path, help="write a cProfile summary of the load to this file")
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--budget", type=float, help="seconds per query kind before it stops early")
    args = parser.parse_args(argv)
    result = measure(args.size, args.seed, args.queries, args.profile, args.workdir, args.budget)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
