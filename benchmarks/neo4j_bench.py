"""Neo4j side of the benchmark: the batched store against a per-row loader and server-side LOAD CSV.

All three write the same graph shape (model label plus ``Entity``, ``id``, the property map and the
folded ``keys``), so the comparison is about how rows travel, not what is stored. The per-row
loader sends one auto-committed MERGE per record, as a first script usually does; it is timed on a
sample and extrapolated, because at a few hundred rows per second a full load would take hours.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from graph.store import cypher
from graph.model import NODE_LABELS, NODE_PROPERTIES, PARTNER_OF, REL_TYPES, Edge, Node
from graph.store.base import node_keys

from .generate import CSV_EDGE_COLUMNS, CSV_NODE_COLUMNS, Network
from .measure import stopwatch
from .reference import SERVER_SIDE_KINDS, Primitives, run_reference
from .workload import questions, run_queries

REPO = Path(__file__).resolve().parents[1]
LAUNCHER = REPO / "tools" / "neo4j"
BENCH_HOME = REPO / "benchmarks" / "out" / "neo4j"
# memory for the benchmark's own server: clearing a million relationships needs more than 512 MiB of
# transaction memory (hubs are deleted with all their relationships in one transaction)
BENCH_MEMORY = {"NEO4J_HEAP": "2g", "NEO4J_PAGECACHE": "512m", "NEO4J_TX_MEMORY": "1g"}
BENCH_PASSWORD = "partnernet-dev"  # the launcher default, fixed at the first start of a data directory
LOAD_CSV_BATCH = 10_000
MEMORY_SETTINGS = ("server.memory.heap.max_size", "server.memory.pagecache.size",
                   "dbms.memory.transaction.total.max", "server.directories.import",
                   "dbms.security.allow_csv_import_from_file_urls")


@dataclass
class Server:
    uri: str
    user: str
    password: str
    started: bool = False  # started by this run (and so stopped by it)
    home: Path | None = None
    settings: dict = field(default_factory=dict)
    version: str = ""

    def driver(self):
        import neo4j

        return neo4j.GraphDatabase.driver(self.uri, auth=(self.user, self.password),
                                          notifications_min_severity="OFF")


def _free_port(start: int = 7741) -> int:
    for port in range(start, start + 50):
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"no free port in {start}..{start + 49}")


def start_server() -> Server:
    """The server named by NEO4J_URI, else a local one of our own (own data directory and port, so
    it never touches a development or test server)."""
    if os.environ.get("NEO4J_URI"):
        return Server(os.environ["NEO4J_URI"], os.environ.get("NEO4J_USERNAME") or "neo4j",
                      os.environ.get("NEO4J_PASSWORD") or "partnernet-dev")
    BENCH_HOME.mkdir(parents=True, exist_ok=True)
    port_file = BENCH_HOME / "port"
    port = int(port_file.read_text()) if port_file.exists() else _free_port()
    env = {**os.environ, **BENCH_MEMORY, "NEO4J_HOME_DIR": str(BENCH_HOME), "NEO4J_BOLT_PORT": str(port),
           "NEO4J_PASSWORD": BENCH_PASSWORD, "NEO4J_START_TIMEOUT": "600"}
    done = subprocess.run([str(LAUNCHER / "start.sh")], env=env, capture_output=True, text=True)
    if done.returncode != 0 and "already in use" in done.stderr:
        port = _free_port(port + 1)
        env["NEO4J_BOLT_PORT"] = str(port)
        done = subprocess.run([str(LAUNCHER / "start.sh")], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip() or "tools/neo4j/start.sh failed")
    port_file.write_text(str(port))
    return Server(done.stdout.strip().splitlines()[-1], "neo4j", BENCH_PASSWORD, True, BENCH_HOME)


def stop_server(server: Server) -> None:
    if server.started:
        subprocess.run([str(LAUNCHER / "stop.sh")], env={**os.environ, "NEO4J_HOME_DIR": str(server.home)},
                       capture_output=True, text=True)


def describe_server(server: Server, driver) -> None:
    records, _, _ = driver.execute_query("CALL dbms.components() YIELD name, versions RETURN versions[0] AS v")
    server.version = records[0]["v"] if records else "?"
    try:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value", names=list(MEMORY_SETTINGS))
        server.settings = {r["name"]: r["value"] for r in records}
    except Exception as exc:  # Aura and restricted users may not list settings
        server.settings = {"unavailable": str(exc)}
    if server.started:
        server.settings["jvm heap (-Xmx)"] = BENCH_MEMORY["NEO4J_HEAP"]


def server_peak_rss_mb(server: Server) -> float | None:
    """Peak resident memory of our own server process (VmHWM), if we started it."""
    if not server.started:
        return None
    try:
        pid = (server.home / "neo4j.pid").read_text().strip()
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


# --- the per-row baseline --------------------------------------------------------------------------

def _node_statement(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(label)
    return f"MERGE (n:`{label}` {{id: $id}}) SET n = $props, n:{cypher.BASE_LABEL}"


def _edge_statement(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(rel_type)
    key = cypher.EDGE_KEY_PROPERTY.get(rel_type)
    merge_key = f" {{{key}: $key}}" if key else ""
    return (f"MATCH (a:{cypher.BASE_LABEL} {{id: $source}}) MATCH (b:{cypher.BASE_LABEL} {{id: $target}}) "
            f"MERGE (a)-[r:`{rel_type}`{merge_key}]->(b) SET r = $props")


def naive_nodes(driver, nodes: list[Node]) -> float:
    """Seconds to write ``nodes`` with one auto-committed MERGE each."""
    with driver.session() as session, stopwatch() as t:
        for node in nodes:
            props = {**node.props, "id": node.id, "keys": sorted(node_keys(node))}
            session.run(_node_statement(node.label), id=node.id, props=props).consume()
    return t["s"]


def naive_edges(driver, edges: list[Edge]) -> float:
    with driver.session() as session, stopwatch() as t:
        for edge in edges:
            key = cypher.EDGE_KEY_PROPERTY.get(edge.type)
            session.run(_edge_statement(edge.type), source=edge.source, target=edge.target,
                        key=edge.props.get(key) if key else None, props=edge.props).consume()
    return t["s"]


# --- server-side LOAD CSV ---------------------------------------------------------------------------

def _convert(label_props: dict, column: str) -> str:
    types = label_props.get(column, (str,))
    if types == (list,):
        return f"split(row.{column}, '|')"
    if types == (int,):
        return f"toInteger(row.{column})"
    if types == (int, float):
        return f"toFloat(row.{column})"
    return f"row.{column}"


def load_csv_node_statement(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(label)
    props = NODE_PROPERTIES[label]
    fields = ", ".join(f"{c}: {_convert(props, c)}" for c in CSV_NODE_COLUMNS[label])
    return (f"LOAD CSV WITH HEADERS FROM $url AS row CALL {{ WITH row "
            f"MERGE (n:`{label}` {{id: row.id}}) SET n = {{id: row.id, {fields}, keys: split(row.keys, '|')}}, "
            f"n:{cypher.BASE_LABEL} }} IN TRANSACTIONS OF {int(LOAD_CSV_BATCH)} ROWS")


def load_csv_edge_statement(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(rel_type)
    key = cypher.EDGE_KEY_PROPERTY.get(rel_type)
    merge_key = f" {{{key}: row.{key}}}" if key else ""
    columns = CSV_EDGE_COLUMNS.get(rel_type, [])
    conv = {"since": "toInteger(row.since)", "until": "toInteger(row.until)"}
    fields = ", ".join(f"{c}: {conv.get(c, f'row.{c}')}" for c in columns)
    set_props = f" SET r = {{{fields}}}" if fields else ""
    return (f"LOAD CSV WITH HEADERS FROM $url AS row CALL {{ WITH row "
            f"MATCH (a:{cypher.BASE_LABEL} {{id: row.source}}) MATCH (b:{cypher.BASE_LABEL} {{id: row.target}}) "
            f"MERGE (a)-[r:`{rel_type}`{merge_key}]->(b){set_props} }} IN TRANSACTIONS OF {int(LOAD_CSV_BATCH)} ROWS")


def csv_locations(server: Server, size: str, fallback: Path) -> list[tuple[Path, str]]:
    """Where to write the CSV files and the URL prefix the server reads them by, in the order to
    try: an absolute file URL (the local launcher reads any local file), then a path below the
    server's import directory (a packaged server only reads there)."""
    out = [(fallback / size, f"file://{(fallback / size).resolve()}/")]
    root = server.settings.get("server.directories.import")
    if root and Path(root).is_dir() and os.access(root, os.W_OK):
        out.append((Path(root) / "partnernet-bench" / size, f"file:///partnernet-bench/{size}/"))
    return out


def load_csv(driver, net: Network, server: Server, fallback: Path) -> dict:
    """Write the CSV files, then LOAD CSV each of them; the first location the server reads wins."""
    errors = []
    for directory, url_prefix in csv_locations(server, net.size, fallback):
        with stopwatch() as t_write:
            files = net.write_csv(directory)
        with driver.session() as session:
            try:
                session.run("LOAD CSV FROM $url AS row RETURN count(*)",
                            url=url_prefix + f"{next(iter(files))}.csv").consume()
            except Exception as exc:
                errors.append(f"{url_prefix}: {getattr(exc, 'message', exc)}")
                continue
            out = {"csv_write_s": round(t_write["s"], 3), "nodes_s": 0.0, "edges_s": 0.0, "url": url_prefix,
                   "transaction_rows": LOAD_CSV_BATCH}
            for name in files:
                kind, _, what = name.partition("_")
                statement = load_csv_node_statement(what) if kind == "nodes" else load_csv_edge_statement(what)
                with stopwatch() as t:
                    session.run(statement, url=url_prefix + f"{name}.csv").consume()
                out[f"{kind}_s"] += t["s"]
            return out
    raise RuntimeError("the server cannot read the CSV files (set server.directories.import and "
                       "dbms.security.allow_csv_import_from_file_urls=true): " + "; ".join(errors))


# --- one size -----------------------------------------------------------------------------------------

def measure(server: Server, driver, net: Network, queries: int, naive_sample: int, csv_fallback: Path,
            seed: int, budget_s: float | None = None) -> dict:
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(driver)
    expected_nodes, expected_edges = net.counts()
    nodes, edges = list(net.nodes()), list(net.edges())
    out: dict = {"size": net.size, "nodes": len(nodes), "edges": len(edges), "batch_size": store.batch_size}
    store.clear()
    store.ensure_schema()

    # peer: LOAD CSV on the server
    try:
        out["load_csv"] = load_csv(driver, net, server, csv_fallback)
        stats = store.stats()
        out["load_csv"]["counts_ok"] = stats.nodes == expected_nodes_sorted(expected_nodes) and \
            stats.edges == expected_nodes_sorted(expected_edges)
        out["load_csv"]["nodes_per_s"] = round(len(nodes) / out["load_csv"]["nodes_s"])
        out["load_csv"]["edges_per_s"] = round(len(edges) / out["load_csv"]["edges_s"])
    except Exception as exc:
        out["load_csv"] = {"error": f"not measured: {type(exc).__name__}: {exc}"}
    store.clear()

    # baseline, nodes: a sample, then the database is emptied again
    node_sample = nodes[:naive_sample]
    t = naive_nodes(driver, node_sample)
    out["naive"] = {"node_sample": len(node_sample), "nodes_s": round(t, 3),
                    "nodes_per_s": round(len(node_sample) / t),
                    "nodes_extrapolated_s": round(len(nodes) * t / len(node_sample), 1)}
    store.clear()

    # batched store; some partnerships are held back for the per-row baseline to create
    partner_idx = [i for i, e in enumerate(edges) if e.type == PARTNER_OF]
    held = set(random.Random(seed).sample(partner_idx, min(naive_sample, len(partner_idx))))
    batched_edges = [e for i, e in enumerate(edges) if i not in held]
    with stopwatch() as t_nodes:
        store.upsert(nodes)
    with stopwatch() as t_edges:
        store.upsert(edges=batched_edges)
    out["batched"] = {
        "nodes_s": round(t_nodes["s"], 3), "edges_s": round(t_edges["s"], 3),
        "nodes_per_s": round(len(nodes) / t_nodes["s"]), "edges_per_s": round(len(batched_edges) / t_edges["s"]),
        "total_s_estimated_full": round(t_nodes["s"] + t_edges["s"] * len(edges) / len(batched_edges), 2),
    }
    edge_sample = [edges[i] for i in sorted(held)]
    t = naive_edges(driver, edge_sample)
    out["naive"].update({"edge_sample": len(edge_sample), "edges_s": round(t, 3),
                         "edges_per_s": round(len(edge_sample) / t),
                         "edges_extrapolated_s": round(len(edges) * t / len(edge_sample), 1)})
    stats = store.stats()
    out["counts_ok"] = stats.nodes == expected_nodes_sorted(expected_nodes) and \
        stats.edges == expected_nodes_sorted(expected_edges)
    out["stats"] = {"nodes": stats.nodes, "edges": stats.edges}
    asked = questions(net, queries, seed + 1)
    out["queries"] = run_queries(store, asked, budget_s=budget_s)
    # the same questions through the primitives alone (the path before the server-side answers), and
    # the best hand-written statement for each kind, in the same run
    out["queries_primitives"] = run_queries(Primitives(store), asked, kinds=SERVER_SIDE_KINDS, budget_s=budget_s)
    out["reference"] = run_reference(store, asked, budget_s=budget_s)
    out["server_peak_rss_mb"] = server_peak_rss_mb(server)
    return out


def expected_nodes_sorted(counts: dict) -> dict:
    return dict(sorted(counts.items()))


def batch_sweep(driver, net: Network, sizes: list[int]) -> list[dict]:
    """Load the same network with each batch size into an emptied database."""
    from graph.store.neo4j import Neo4jStore

    nodes, edges = list(net.nodes()), list(net.edges())
    rows = []
    for size in sizes:
        store = Neo4jStore(driver, batch_size=size)
        store.clear()
        row: dict = {"batch_size": size}
        try:
            with stopwatch() as t_nodes:
                store.upsert(nodes)
            with stopwatch() as t_edges:
                store.upsert(edges=edges)
            row.update({"nodes_per_s": round(len(nodes) / t_nodes["s"]),
                        "edges_per_s": round(len(edges) / t_edges["s"]),
                        "total_s": round(t_nodes["s"] + t_edges["s"], 2)})
        except Exception as exc:
            row["error"] = f"{type(exc).__name__}: {exc}"[:300]
        rows.append(row)
    Neo4jStore(driver).clear()
    return rows
