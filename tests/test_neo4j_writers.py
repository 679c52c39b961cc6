"""Concurrent loads into one Neo4j: every relationship exactly once, counted by its key on the server."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest

from graph.store.cypher import EDGE_KEY_PROPERTY
from graph.store.neo4j import Neo4jStore
from loaders.twin_cities import read_twin_cities

REPO = Path(__file__).resolve().parents[1]
HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"

pytestmark = pytest.mark.neo4j


def _duplicates(driver, database) -> dict:
    records = driver.execute_query(
        "MATCH (a:Entity)-[r]->(b:Entity) RETURN a.id AS source, type(r) AS type, b.id AS target, "
        "properties(r) AS props", database_=database).records
    keys = Counter((r["source"], r["type"], r["target"], r["props"].get(EDGE_KEY_PROPERTY.get(r["type"], ""), ""))
                   for r in records)
    return {key: n for key, n in keys.items() if n > 1}


def test_concurrent_writers_never_duplicate_a_relationship(neo4j_store, neo4j_server, neo4j_driver, tmp_path):
    rows = [f"Leipzig,Germany,51.34,12.37,Town {i},Poland,50.0,19.0" for i in range(300)]
    rows += [f"Town {i},Poland,50.0,19.0,Dorf {i},Germany,51.0,12.0" for i in range(300)]
    csv = tmp_path / "pairs.csv"
    csv.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    nodes, edges, _ = read_twin_cities(csv)
    errors: list[BaseException] = []

    def load(offset: int) -> None:
        # small batches, each writer in its own order: as many interleavings as possible
        store = Neo4jStore(neo4j_driver, neo4j_server.database, batch_size=25, uri=neo4j_server.uri)
        try:
            store.upsert(nodes[offset:] + nodes[:offset], edges[offset:] + edges[:offset])
        except BaseException as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)

    threads = [threading.Thread(target=load, args=(k * 37,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=600)
    assert errors == []
    assert _duplicates(neo4j_driver, neo4j_server.database) == {}
    in_country = neo4j_driver.execute_query(
        "MATCH (:Entity {id: $id})-[r:IN_COUNTRY]->() RETURN count(r) AS n", {"id": nodes_id(nodes, "Leipzig")},
        database_=neo4j_server.database).records[0]["n"]
    assert in_country == 1
    assert neo4j_store.stats().edges["PARTNER_OF"] == 600


def nodes_id(nodes, name: str) -> str:
    return next(n.id for n in nodes if n.label == "Municipality" and n.props.get("name") == name)


def test_concurrent_cli_loads_keep_every_pair_once(neo4j_store, neo4j_server, neo4j_driver, tmp_path):
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USERNAME": neo4j_server.user,
           "NEO4J_PASSWORD": neo4j_server.password}
    files = []
    for k in range(3):
        path = tmp_path / f"{k}.csv"
        path.write_text(HEADER + "".join(f"Leipzig,Germany,51.34,12.37,Ort {k}-{i},Poland,50.0,19.0\n"
                                         for i in range(200)), encoding="utf-8")
        files.append(path)
    procs = [subprocess.Popen([sys.executable, str(REPO / "cli.py"), "--store", "neo4j", "load", "twin-cities",
                               str(path)], cwd=REPO, env=env, text=True, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE) for path in files]
    results = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    assert _duplicates(neo4j_driver, neo4j_server.database) == {}
    assert neo4j_store.stats().edges["PARTNER_OF"] == 600
