"""Measure both stores side by side in one run and write BENCHMARKS.md plus benchmarks/out/results.json.

    python -m benchmarks.run            # sizes tiny, S, M, L (long)
    python -m benchmarks.run --quick    # sizes tiny and S, fewer questions: a few minutes

Neo4j: the server named by NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD, else a local one started
(and stopped) by the run with its own data directory (benchmarks/out/neo4j) and port, so it
never touches a development or test database. Results are written after every step, so an
interrupted run still leaves its figures behind.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .generate import COUNTRIES, DEFAULT_SEED, SIZES, network
from .measure import machine, stopwatch
from .report import markdown, merged

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "benchmarks" / "out"
SWEEP = [1_000, 5_000, 10_000, 20_000, 50_000]


def _save(results: dict, started: float, md_path: Path, out: Path) -> None:
    # a profile of the embedded store with proposed changes, measured separately, is shown too
    profile = out / "profile.json"
    if profile.exists():
        results["profile"] = json.loads(profile.read_text())
    results["elapsed_s"] = round(time.time() - started, 1)
    results["load_avg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1))
    existing = md_path.read_text(encoding="utf-8") if md_path.exists() else None
    md_path.write_text(merged(markdown(results), existing), encoding="utf-8")


def embedded(size: str, seed: int, queries: int, profile: Path | None, budget_s: float | None) -> dict:
    cmd = [sys.executable, "-m", "benchmarks.embedded_bench", size, "--seed", str(seed), "--queries", str(queries)]
    if profile:
        cmd += ["--profile", str(profile / f"profile_embedded_{size}.txt")]
    if budget_s:
        cmd += ["--budget", str(budget_s)]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True)
    if done.returncode != 0:
        return {"error": f"failed: {done.stderr.strip().splitlines()[-1] if done.stderr.strip() else done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def embedded_sweep(size: str, seed: int) -> list[dict]:
    """The embedded store's batch size only decides how often a batch is checked: timed for completeness."""
    import graph.store.embedded as emb

    net = network(size, seed)
    nodes, edges = list(net.nodes()), list(net.edges())
    rows, default = [], emb.BATCH_SIZE
    try:
        for batch in SWEEP:
            emb.BATCH_SIZE = batch
            store = emb.EmbeddedStore.memory()
            with stopwatch() as t:
                store.upsert(nodes, edges)
            rows.append({"batch_size": batch, "total_s": round(t["s"], 2)})
    finally:
        emb.BATCH_SIZE = default
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     epilog="example: python -m benchmarks.run --quick")
    parser.add_argument("--quick", action="store_true", help="sizes tiny and S, 50 questions per kind")
    parser.add_argument("--sizes", nargs="+", choices=list(SIZES), help="override the sizes")
    parser.add_argument("--queries", type=int, help="questions per kind (default 200, quick 50)")
    parser.add_argument("--naive-sample", type=int, help="records the per-row loader writes (default 2000, quick 500)")
    parser.add_argument("--sweep-size", choices=list(SIZES), help="size of the batch sweep (default S)")
    parser.add_argument("--budget", type=float,
                        help="seconds per query kind, store and size before a slow kind stops early "
                             "(default 60, quick 10; the table then shows how many questions ran)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--no-neo4j", action="store_true", help="measure the embedded store only")
    parser.add_argument("--no-app", action="store_true", help="skip the app start-up timing")
    parser.add_argument("--profile", action="store_true", help="write cProfile summaries of embedded loads")
    parser.add_argument("--output", type=Path, default=REPO / "BENCHMARKS.md")
    parser.add_argument("--out-dir", type=Path, default=OUT, help="where results.json and CSV files go")
    parser.add_argument("--resume", action="store_true",
                        help="keep the figures of benchmarks/out/results.json and measure only what is missing")
    args = parser.parse_args(argv)
    out = args.out_dir
    # a stopped run (kill PID) still stops the Neo4j server it started
    previous_handler = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logging.getLogger("neo4j.notifications").setLevel(logging.ERROR)

    sizes = args.sizes or (["tiny", "S"] if args.quick else list(SIZES))
    queries = args.queries or (50 if args.quick else 200)
    naive_sample = args.naive_sample or (200 if args.quick else 1000)
    budget_s = args.budget or (10 if args.quick else 60)
    sweep_size = args.sweep_size or "S"
    started = time.time()
    results: dict = {
        "started": time.strftime("%Y-%m-%d %H:%M %Z"), "quick": args.quick, "seed": args.seed,
        "queries": queries, "countries": len(COUNTRIES), "machine": machine(), "sizes": {}, "notes": [],
    }
    previous = json.loads((out / "results.json").read_text()) if args.resume and (out / "results.json").exists() else {}
    if previous:
        started -= previous.get("elapsed_s", 0)
        results.update({k: previous[k] for k in ("started", "machine", "sizes", "app", "batch_sweep") if k in previous})

    def done(*keys) -> bool:
        value = previous
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        return bool(value) and "error" not in value

    results["notes"].append(
        f"Per-row loading is timed on {naive_sample:,} nodes and {naive_sample:,} partnerships per size and "
        "extrapolated linearly; partnerships held back from the batched load are the ones it creates.")
    results["notes"].append(
        f"Each query kind gets at most {budget_s:g} s per store and size (at least 20 questions); where that "
        "cut a kind short, its cell shows how many questions ran.")

    server = driver = None
    if not args.no_neo4j:
        try:
            from . import neo4j_bench

            print("neo4j: starting or connecting ...", file=sys.stderr)
            server = neo4j_bench.start_server()
            driver = server.driver()
            neo4j_bench.describe_server(server, driver)
            results["neo4j_server"] = {"version": server.version, "started": server.started,
                                       "settings": server.settings, "uri": server.uri}
        except Exception as exc:
            results["neo4j_server"] = {"error": f"not measured: {type(exc).__name__}: {exc}"}
            server = driver = None
    try:
        # cheap and most telling first: every embedded size, the app, then Neo4j smallest to largest,
        # so that an interrupted run still has the figures that matter most
        for size in sizes:
            if done("sizes", size, "embedded"):
                continue
            print(f"{size}: embedded store ...", file=sys.stderr)
            results["sizes"].setdefault(size, {})["embedded"] = embedded(
                size, args.seed, queries, out if args.profile else None, budget_s)
            _save(results, started, args.output, out)
        if done("app"):
            pass
        elif not args.no_app:
            print("app start-up ...", file=sys.stderr)
            from .app_bench import measure as app_measure

            results["app"] = app_measure(REPO.parent / "shared" / "data" / "twin_cities.csv")
        else:
            results["app"] = {"error": "not measured: --no-app"}
        _save(results, started, args.output, out)
        sweep: dict = results.get("batch_sweep") if done("batch_sweep", "neo4j") else {}
        if not sweep:
            print(f"batch sweep at {sweep_size} ...", file=sys.stderr)
            sweep = {"size": sweep_size, "embedded": embedded_sweep(sweep_size, args.seed)}
        if driver is not None and "neo4j" not in sweep:
            sweep["neo4j"] = neo4j_bench.batch_sweep(driver, network(sweep_size, args.seed), SWEEP)
            from graph.store.neo4j import BATCH_SIZE

            best = min((r for r in sweep["neo4j"] if "total_s" in r), key=lambda r: r["total_s"], default=None)
            if best:
                sweep["note"] = (f"Fastest here: {best['batch_size']:,} rows per batch; the store's default is "
                                 f"{BATCH_SIZE:,}. Differences within about 20 % are noise on this shared machine.")
        results["batch_sweep"] = sweep
        _save(results, started, args.output, out)
        for size in sizes:
            entry = results["sizes"][size]
            if done("sizes", size, "neo4j"):
                continue
            if driver is not None:
                print(f"{size}: Neo4j ...", file=sys.stderr)
                try:
                    entry["neo4j"] = neo4j_bench.measure(server, driver, network(size, args.seed), queries,
                                                         naive_sample, out / "csv", args.seed, budget_s)
                except Exception as exc:
                    entry["neo4j"] = {"error": f"not measured: {type(exc).__name__}: {exc}"[:400]}
            else:
                entry["neo4j"] = {"error": results.get("neo4j_server", {}).get("error", "not measured: --no-neo4j")}
            _save(results, started, args.output, out)
    finally:
        if driver is not None:
            driver.close()
        if server is not None:
            neo4j_bench.stop_server(server)
        signal.signal(signal.SIGTERM, previous_handler)
    print(f"wrote {args.output} and {out / 'results.json'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
