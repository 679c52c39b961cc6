"""The bulk first load into an empty Neo4j: the same graph as the batched path, one writer at a time
with other loads, and an interrupted load that the next load completes and reports."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.generate import network
from graph.errors import StoreError, ValidationError
from graph.model import Edge, Node
from graph.store import neo4j_bulk
from graph.store.neo4j import Neo4jStore

REPO = Path(__file__).resolve().parents[1]



def _records():
    """A small generated network, with repeats whose properties merge (aliases united, years replaced)."""
    net = network("tiny")
    nodes, edges = list(net.nodes()), list(net.edges())
    towns = [n for n in nodes if n.label == "Municipality"][:40]
    nodes += [Node(n.label, n.id, {**n.props, "aliases": [f"Alias {i}"]}) for i, n in enumerate(towns)]
    nodes += [Node(n.label, n.id, {**n.props, "aliases": ["Zweiter Name"]}) for n in towns[:10]]
    partners = [e for e in edges if e.type == "PARTNER_OF"][:30]
    edges += [Edge(e.type, e.source, e.target, {**e.props, "since": 1950 + i}) for i, e in enumerate(partners)]
    return nodes, edges


def _graph(driver, database) -> tuple[list, list]:
    """Every node (labels, all properties with the search keys) and relationship, as stored, sorted."""
    nodes = driver.execute_query(
        "MATCH (n:Entity) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props", database_=database).records
    rels = driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS source, type(r) AS type, b.id AS target, "
        "properties(r) AS props", database_=database).records
    node_rows = sorted((r["id"], sorted(r["labels"]), sorted(r["props"].items())) for r in nodes)
    rel_rows = sorted((r["source"], r["type"], r["target"], sorted(r["props"].items())) for r in rels)
    return node_rows, [(s, t, d, [(k, v) for k, v in p]) for s, t, d, p in rel_rows]


def _duplicates(rel_rows) -> dict:
    keys = Counter((s, t, d, dict(p).get("kind"), dict(p).get("role")) for s, t, d, p in rel_rows)
    return {k: n for k, n in keys.items() if n > 1}


def test_the_load_report_says_how_the_store_wrote():
    from graph import i18n
    from graph.store.base import WriteResult
    from loaders.totals import write_notes

    assert write_notes(WriteResult(10, 20), 30) == []
    bulk = WriteResult(100_668, 1_121_649, bulk_seconds=52.34)
    assert write_notes(bulk, 1_222_317) == ["bulk first load: 1,222,317 records in 52.3 s (the database was empty)"]
    with i18n.using("de"):
        assert write_notes(bulk, 1_222_317) == [
            "Erstbefüllung in einem Zug: 1.222.317 Datensätze in 52,3 s (die Datenbank war leer)"]
    [note] = write_notes(WriteResult(1, 0, interrupted_bulk="2026-11-30T10:00:00Z"), 1)
    assert note.startswith("an earlier bulk first load (started 2026-11-30T10:00:00Z) was interrupted")


def test_the_bulk_threshold_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("PARTNERNET_NEO4J_BULK_MIN", "-1")
    assert neo4j_bulk.min_records_from_env() == -1
    monkeypatch.setenv("PARTNERNET_NEO4J_BULK_MIN", "many")
    with pytest.raises(StoreError, match="PARTNERNET_NEO4J_BULK_MIN is 'many'"):
        neo4j_bulk.min_records_from_env()


@pytest.fixture
def batched_graph(neo4j_store, neo4j_server, neo4j_driver):
    """The graph the batched path writes from ``_records()``; the database is emptied afterwards."""
    neo4j_store.bulk_min_records = -1
    result = neo4j_store.upsert(*_records())
    assert result.bulk_seconds is None
    graph = _graph(neo4j_driver, neo4j_server.database)
    neo4j_store.clear()
    return graph


def _store(neo4j_server, neo4j_driver, **settings) -> Neo4jStore:
    store = Neo4jStore(neo4j_driver, neo4j_server.database, uri=neo4j_server.uri, user=neo4j_server.user)
    for name, value in settings.items():
        setattr(store, name, value)
    return store


@pytest.mark.neo4j
def test_bulk_first_load_writes_the_batched_paths_graph(batched_graph, neo4j_store, neo4j_server, neo4j_driver):
    nodes, edges = _records()
    neo4j_store.bulk_min_records = 0
    seen = []
    result = neo4j_store.upsert(nodes, edges, progress=seen.append)
    assert result.bulk_seconds is not None and (result.nodes, result.edges) == (len(nodes), len(edges))
    assert sum(seen) == len(nodes) + len(edges)
    graph = _graph(neo4j_driver, neo4j_server.database)
    assert graph == batched_graph
    assert _duplicates(graph[1]) == {}
    assert neo4j_driver.execute_query("MATCH (b:PartnernetMeta {key: 'bulk-load'}) RETURN b",
                                      database_=neo4j_server.database).records == []
    # loading again is the batched path, and changes nothing
    again = neo4j_store.upsert(nodes, edges)
    assert again.bulk_seconds is None and _graph(neo4j_driver, neo4j_server.database) == batched_graph


@pytest.mark.neo4j
def test_bulk_path_only_for_large_loads_into_an_empty_database(neo4j_store):
    nodes, edges = _records()
    assert neo4j_store.bulk_min_records is None and neo4j_bulk.min_records_from_env() == 50_000
    assert neo4j_store.upsert(nodes, edges).bulk_seconds is None  # below the threshold
    neo4j_store.clear()
    neo4j_store.bulk_min_records = 0
    assert neo4j_store.upsert(iter(nodes), iter(edges)).bulk_seconds is None  # size unknown
    neo4j_store.clear()
    neo4j_store.upsert(nodes[:5])
    assert neo4j_store.upsert(nodes, edges).bulk_seconds is None  # not empty


@pytest.mark.neo4j
def test_bulk_load_refuses_bad_ends_before_writing_anything(neo4j_store):
    nodes, edges = _records()
    neo4j_store.bulk_min_records = 0
    with pytest.raises(StoreError, match="node 'municipality:nowhere' does not exist"):
        neo4j_store.upsert(nodes, edges + [Edge("PARTNER_OF", nodes[-1].id, "municipality:nowhere", {})])
    country = next(n for n in nodes if n.label == "Country")
    region = next(n for n in nodes if n.label == "Region")
    with pytest.raises(ValidationError):
        neo4j_store.upsert(nodes, edges + [Edge("IN_COUNTRY", region.id, country.id, {})])
    assert neo4j_store.stats().node_count == 0
    assert neo4j_store.upsert(nodes, edges).bulk_seconds is not None


@pytest.mark.neo4j
def test_writers_wait_for_a_bulk_load_and_a_second_bulk_load_merges(batched_graph, neo4j_server, neo4j_driver,
                                                                   monkeypatch):
    nodes, edges = _records()
    slow = neo4j_bulk.BulkLoad._write_batch

    def slowly(self, statement, rows):
        time.sleep(0.05)
        return slow(self, statement, rows)

    monkeypatch.setattr(neo4j_bulk.BulkLoad, "_write_batch", slowly)
    results, errors = [], []

    def load(store, *records):
        try:
            results.append(store.upsert(*records))
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    town = next(n for n in nodes if n.label == "Municipality")
    extra = Node(town.label, town.id, {**town.props, "aliases": ["Nachzügler"]})
    threads = [threading.Thread(target=load, args=(_store(neo4j_server, neo4j_driver, bulk_min_records=0, bulk_batch_size=50),
                                                   nodes, edges)) for _ in range(2)]
    threads.append(threading.Thread(target=load, args=(_store(neo4j_server, neo4j_driver), [extra])))
    threads[0].start()
    time.sleep(0.5)  # the first bulk load holds the lock; the others wait on it
    for t in threads[1:]:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    assert sorted(r.bulk_seconds is not None for r in results) == [False, False, True]
    got_nodes, got_rels = _graph(neo4j_driver, neo4j_server.database)
    assert got_rels == batched_graph[1] and _duplicates(got_rels) == {}
    changed = [row for row in got_nodes if row not in batched_graph[0]]
    assert [row[0] for row in changed] == [town.id]
    assert "Nachzügler" in dict(changed[0][2])["aliases"]


INTERRUPTED = textwrap.dedent("""
    import sys, time
    sys.path.insert(0, {repo!r})
    from tests.test_neo4j_bulk import _records
    from graph.store import neo4j_bulk
    from graph.store.neo4j import Neo4jStore

    slow = neo4j_bulk.BulkLoad._write_batch
    def slowly(self, statement, rows):
        time.sleep(0.1)
        return slow(self, statement, rows)
    neo4j_bulk.BulkLoad._write_batch = slowly
    store = Neo4jStore.from_env()
    store.bulk_min_records, store.bulk_batch_size = 0, 20
    store.upsert(*_records())
    print("finished")
""")


@pytest.mark.neo4j
def test_an_interrupted_bulk_load_is_completed_and_reported_by_the_next(batched_graph, neo4j_store, neo4j_server,
                                                                       neo4j_driver, caplog):
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    proc = subprocess.Popen([sys.executable, "-c", INTERRUPTED.format(repo=str(REPO))], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        rels = neo4j_driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n",
                                          database_=neo4j_server.database).records[0]["n"]
        if rels:
            break
        time.sleep(0.1)
    proc.send_signal(signal.SIGKILL)
    out, err = proc.communicate(timeout=60)
    assert "finished" not in out, err
    half = _graph(neo4j_driver, neo4j_server.database)
    assert 0 < len(half[1]) < len(batched_graph[1]) and len(half[0]) == len(batched_graph[0])
    assert neo4j_store.stats().node_count  # what was written stays

    neo4j_store.bulk_min_records = 0
    nodes, edges = _records()
    with caplog.at_level("WARNING", logger="graph.store.neo4j"):
        small = neo4j_store.upsert(nodes[:3])  # e.g. the demo data loaded by the app meanwhile
    assert small.interrupted_bulk and "smaller load" in caplog.text  # cannot have completed it: still marked
    caplog.clear()
    with caplog.at_level("WARNING", logger="graph.store.neo4j"):
        result = neo4j_store.upsert(*_records())
    assert result.bulk_seconds is None and result.interrupted_bulk
    assert "bulk first load" in caplog.text and "interrupted" in caplog.text
    graph = _graph(neo4j_driver, neo4j_server.database)
    assert graph == batched_graph and _duplicates(graph[1]) == {}
    assert neo4j_store.upsert(*_records()).interrupted_bulk is None  # reported once


@pytest.mark.neo4j
def test_the_command_line_says_when_it_loaded_the_bulk_way(neo4j_store, neo4j_server, tmp_path):
    csv = tmp_path / "pairs.csv"
    csv.write_text("city1,country1,lat1,lng1,city2,country2,lat2,lng2\n" + "".join(
        f"Leipzig,Germany,51.34,12.37,Ort {i},Poland,50.0,19.0\n" for i in range(50)), encoding="utf-8")
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password, "PARTNERNET_NEO4J_BULK_MIN": "0", "PARTNERNET_LANG": "en"}
    runs = [subprocess.run([sys.executable, str(REPO / "cli.py"), "--store", "neo4j", "load", "twin-cities", str(csv)],
                           cwd=REPO, env=env, capture_output=True, text=True, timeout=600) for _ in range(2)]
    assert [r.returncode for r in runs] == [0, 0], runs
    assert "note: bulk first load: " in runs[0].stdout and "(the database was empty)" in runs[0].stdout
    assert "bulk first load" not in runs[1].stdout  # the second load merges: the database is not empty
    assert neo4j_store.stats().edges["PARTNER_OF"] == 50
