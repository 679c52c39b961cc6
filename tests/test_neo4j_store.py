"""The Neo4j store: exact Cypher and parameters (driver mocked), then behaviour on a real server.

The real-server fixtures (neo4j_server, neo4j_store) come from tests/neo4j_support.py via conftest.py.
"""

from __future__ import annotations

import os
import signal
import socket
from unittest import mock

import pytest

from graph import cypher
from graph.errors import StoreError, ValidationError
from graph.model import COUNTRY, IN_COUNTRY, MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.neo4j_store import Neo4jStore, _lucene_prefix

LEIPZIG = Node(MUNICIPALITY, "mun:de:leipzig", {"name": "Leipzig", "country": "DE", "aliases": ["Lipsk"]})
KRAKOW = Node(MUNICIPALITY, "mun:pl:krakow", {"name": "Kraków", "country": "PL", "population": 800000})
GERMANY = Node(COUNTRY, "country:DE", {"name": "Germany", "code": "DE"})


# --- exact Cypher and parameters, with a mocked driver -------------------------------------------

class Tx:
    """Records every statement; answers reads from ``answers`` (statement -> records)."""

    def __init__(self, answers=None):
        self.calls: list[tuple[str, dict]] = []
        self.answers = answers or {}

    def run(self, statement, **params):
        self.calls.append((statement, params))
        result = mock.MagicMock()
        result.__iter__.return_value = iter(self.answers.get(statement, []))
        return result


def mocked_store(tx: Tx, database="graphs"):
    driver = mock.MagicMock()
    session = driver.session.return_value.__enter__.return_value
    session.execute_write.side_effect = lambda work, *args: work(tx, *args)
    store = Neo4jStore(driver, database, batch_size=2, uri="bolt://db.example:7687", user="neo4j")
    store._schema_ready = store._verified = True
    return store, driver


def test_nodes_are_read_merged_then_written_per_label_in_batches():
    stored = {"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"],
              "props": {"id": "mun:de:leipzig", "name": "Leipzig", "aliases": ["Lipsk"], "population": 1,
                        "keys": ["leipzig", "lipsk"]}}
    tx = Tx({cypher.FETCH_NODES: [stored]})
    store, driver = mocked_store(tx)
    renamed = Node(MUNICIPALITY, "mun:de:leipzig", {"name": "Leipzig", "aliases": ["Leipzsch"], "country": "DE"})
    result = store.upsert([renamed, KRAKOW, GERMANY])

    assert (result.nodes, result.edges) == (3, 0)
    assert driver.session.call_args.kwargs["database"] == "graphs"
    assert tx.calls == [
        (cypher.FETCH_NODES, {"ids": ["mun:de:leipzig", "mun:pl:krakow"]}),
        ("UNWIND $rows AS row MERGE (n:`Municipality` {id: row.id}) SET n = row.props, n:Entity", {"rows": [
            {"id": "mun:de:leipzig", "props": {
                "id": "mun:de:leipzig", "name": "Leipzig", "aliases": ["Leipzsch", "Lipsk"], "population": 1,
                "country": "DE", "keys": ["leipzig", "leipzsch", "lipsk"]}},
            {"id": "mun:pl:krakow", "props": {
                "id": "mun:pl:krakow", "name": "Kraków", "country": "PL", "population": 800000,
                "keys": ["krakow"]}},
        ]}),
        (cypher.FETCH_NODES, {"ids": ["country:DE"]}),
        ("UNWIND $rows AS row MERGE (n:`Country` {id: row.id}) SET n = row.props, n:Entity", {"rows": [
            {"id": "country:DE", "props": {"id": "country:DE", "name": "Germany", "code": "DE",
                                           "keys": ["de", "germany"]}},
        ]}),
    ]


def test_unchanged_nodes_are_not_written_again():
    stored = {"id": "country:DE", "labels": ["Entity", "Country"],
              "props": {"id": "country:DE", "name": "Germany", "code": "DE", "keys": ["de", "germany"]}}
    tx = Tx({cypher.FETCH_NODES: [stored]})
    store, _ = mocked_store(tx)
    store.upsert([GERMANY])
    assert [statement for statement, _ in tx.calls] == [cypher.FETCH_NODES]


def test_a_node_cannot_change_its_label():
    stored = {"id": "country:DE", "labels": ["Country", "Entity"], "props": {"id": "country:DE", "name": "Germany"}}
    tx = Tx({cypher.FETCH_NODES: [stored]})
    store, _ = mocked_store(tx)
    with pytest.raises(StoreError, match="node 'country:DE' is a Country, cannot store it as Municipality"):
        store.upsert([Node(MUNICIPALITY, "country:DE", {"name": "Germany"})])
    assert len(tx.calls) == 1


def test_edges_check_their_ends_then_merge_on_the_partnership_kind():
    ends = [{"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"]},
            {"id": "mun:pl:krakow", "labels": ["Municipality", "Entity"]}]
    fetch = cypher.fetch_edges(PARTNER_OF)
    existing = [{"source": "mun:de:leipzig", "target": "mun:pl:krakow",
                 "props": {"kind": "twin", "since": 1995, "sources": ["s1"]}}]
    tx = Tx({cypher.FETCH_LABELS: ends, fetch: existing})
    store, _ = mocked_store(tx)
    store.upsert([], [Edge(PARTNER_OF, "mun:pl:krakow", "mun:de:leipzig", {"sources": ["s2"]})])
    assert tx.calls == [
        (cypher.FETCH_LABELS, {"ids": ["mun:de:leipzig", "mun:pl:krakow"]}),
        ("UNWIND $rows AS row MATCH (a:Entity {id: row.source})-[r:`PARTNER_OF`]->(b:Entity {id: row.target}) "
         "WHERE r.kind = row.key RETURN row.source AS source, row.target AS target, properties(r) AS props",
         {"rows": [{"source": "mun:de:leipzig", "target": "mun:pl:krakow", "key": "twin"}]}),
        ("UNWIND $rows AS row MATCH (a:Entity {id: row.source}) MATCH (b:Entity {id: row.target}) "
         "MERGE (a)-[r:`PARTNER_OF` {kind: row.key}]->(b) SET r = row.props",
         {"rows": [{"source": "mun:de:leipzig", "target": "mun:pl:krakow", "key": "twin",
                    "props": {"kind": "twin", "since": 1995, "sources": ["s1", "s2"]}}]}),
    ]


def test_an_edge_with_a_missing_end_stops_the_batch_before_any_write():
    tx = Tx({cypher.FETCH_LABELS: [{"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"]}]})
    store, _ = mocked_store(tx)
    with pytest.raises(StoreError, match="node 'mun:xx:nowhere' does not exist"):
        store.upsert([], [Edge(PARTNER_OF, "mun:de:leipzig", "mun:xx:nowhere")])
    assert [statement for statement, _ in tx.calls] == [cypher.FETCH_LABELS]


def test_an_edge_between_wrong_labels_is_refused_before_any_write():
    tx = Tx({cypher.FETCH_LABELS: [{"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"]},
                                   {"id": "country:DE", "labels": ["Country", "Entity"]}]})
    store, _ = mocked_store(tx)
    with pytest.raises(ValidationError, match="IN_COUNTRY cannot join Country"):
        store.upsert([], [Edge(IN_COUNTRY, "country:DE", "mun:de:leipzig")])
    assert len(tx.calls) == 1


def test_reads_are_routed_to_readers_with_parameters():
    import neo4j

    store, driver = mocked_store(Tx())
    driver.execute_query.return_value.records = []
    store.nodes(MUNICIPALITY, country="DE", aliases=["x"])
    statement, params = driver.execute_query.call_args.args
    assert statement == ("MATCH (n:`Municipality`) WHERE all(k IN keys($equals) WHERE n[k] = $equals[k]) "
                         "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    assert params == {"equals": {"country": "DE"}}  # lists are compared in Python
    assert driver.execute_query.call_args.kwargs == {"routing_": neo4j.RoutingControl.READ, "database_": "graphs"}


def test_search_sends_an_escaped_lucene_prefix():
    assert _lucene_prefix("new york") == "new\\ york*"
    assert _lucene_prefix("a+b") == "a\\+b*"
    store, driver = mocked_store(Tx())
    store._index_online = True
    driver.execute_query.return_value.records = []
    assert store.search("New York") == []
    assert driver.execute_query.call_args.args == (cypher.SEARCH_KEYS, {"query": "new\\ york*"})


@pytest.mark.parametrize("bad", ["Person", "Municipality`) DETACH DELETE n //", ""])
def test_labels_and_types_outside_the_model_never_reach_cypher(bad):
    with pytest.raises(ValueError):
        cypher.write_nodes(bad)
    with pytest.raises(ValueError):
        cypher.write_edges(bad)
    with pytest.raises(ValueError):
        cypher.neighbours([PARTNER_OF, bad])
    with pytest.raises(ValueError):
        cypher.shortest_paths([PARTNER_OF], "3")


def test_unknown_labels_and_types_read_as_empty_without_a_query():
    store, driver = mocked_store(Tx())
    assert store.nodes("Person") == []
    assert store.edges("KNOWS") == []
    assert store.shortest_paths("a", "b", rel_types=["KNOWS"]) == []
    driver.execute_query.assert_not_called()


def test_close_closes_only_a_driver_the_store_created():
    store, driver = mocked_store(Tx())
    store.close()
    driver.close.assert_not_called()
    with mock.patch("neo4j.GraphDatabase.driver") as make:
        Neo4jStore.from_config("bolt://localhost:7687", "neo4j", "secret-pw").close()
    make.return_value.close.assert_called_once()


def test_from_env_reads_the_four_variables(monkeypatch):
    monkeypatch.setenv("NEO4J_URI", "neo4j+s://abc.databases.neo4j.io")
    monkeypatch.setenv("NEO4J_USERNAME", "reader")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw-from-env")
    monkeypatch.setenv("NEO4J_DATABASE", "twins")
    with mock.patch("neo4j.GraphDatabase.driver") as make:
        store = Neo4jStore.from_env()
    assert make.call_args.args == ("neo4j+s://abc.databases.neo4j.io",)
    assert make.call_args.kwargs["auth"] == ("reader", "pw-from-env")
    assert store.database == "twins"


def test_a_uri_that_is_not_bolt_is_a_store_error():
    with pytest.raises(StoreError, match="is not a Bolt address"):
        Neo4jStore.from_config("http://localhost:7474", "neo4j", "pw")


# --- a real server -------------------------------------------------------------------------------

real = pytest.mark.neo4j


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@real
def test_constraints_and_index_are_created_once_and_idempotently(neo4j_store, neo4j_server):
    neo4j_store.ensure_schema()
    again = Neo4jStore(neo4j_store._driver, neo4j_server.database)
    again.ensure_schema()
    records = neo4j_store._read("SHOW CONSTRAINTS YIELD name, type WHERE name STARTS WITH 'partnernet_' "
                                "RETURN name, type")
    assert sorted(r["name"] for r in records) == sorted(
        ["partnernet_entity_id"] + [f"partnernet_{label.lower()}_id" for label in
                                    ("Municipality", "Country", "Region", "Organisation", "Conference", "Theme",
                                     "Source")])
    assert {r["type"] for r in records} == {"UNIQUENESS"}
    indexes = neo4j_store._read(cypher.KEYS_INDEX_EXISTS, name=cypher.KEYS_INDEX)
    assert [r["state"] for r in indexes] == ["ONLINE"]


@real
def test_upsert_twice_changes_nothing_and_ids_stay_unique(neo4j_store):
    edges = [Edge(PARTNER_OF, LEIPZIG.id, KRAKOW.id, {"since": 1995}), Edge(IN_COUNTRY, LEIPZIG.id, GERMANY.id)]
    neo4j_store.upsert([LEIPZIG, KRAKOW, GERMANY], edges)
    first = (neo4j_store.stats(), neo4j_store.nodes(MUNICIPALITY), neo4j_store.edges())
    neo4j_store.upsert([LEIPZIG, KRAKOW, GERMANY], edges)
    assert (neo4j_store.stats(), neo4j_store.nodes(MUNICIPALITY), neo4j_store.edges()) == first
    assert first[0].node_count == 3 and first[0].edge_count == 2
    with pytest.raises(Exception, match="already exists"):  # the constraint itself refuses a second node
        neo4j_store._driver.execute_query("CREATE (:Municipality:Entity {id: 'mun:de:leipzig'})",
                                          database_=neo4j_store.database)


@real
def test_a_wrong_password_is_one_clear_store_error(neo4j_server):
    store = Neo4jStore.from_config(neo4j_server.uri, neo4j_server.user, "not-the-password", neo4j_server.database)
    with pytest.raises(StoreError) as error:
        store.stats()
    store.close()
    assert str(error.value) == (
        f"Neo4j at {neo4j_server.uri} refused the login of user {neo4j_server.user!r} (wrong user name or "
        "password); set NEO4J_USERNAME and NEO4J_PASSWORD to the server's credentials")


@real
def test_a_missing_database_is_one_clear_store_error(neo4j_server):
    store = Neo4jStore.from_config(neo4j_server.uri, neo4j_server.user, neo4j_server.password, "nosuchgraph")
    with pytest.raises(StoreError, match="has no database 'nosuchgraph'; set NEO4J_DATABASE"):
        store.upsert([GERMANY])
    store.close()


def test_a_server_that_is_not_running_is_one_clear_store_error():
    uri = f"bolt://127.0.0.1:{_free_port()}"
    store = Neo4jStore.from_config(uri, "neo4j", "whatever-pw")
    with pytest.raises(StoreError) as error:
        store.get("country:DE")
    store.close()
    assert str(error.value) == (f"cannot reach Neo4j at {uri} (nothing answers there); start the local one "
                                "with `make neo4j-start`, or set NEO4J_URI to a running Neo4j")


def _records(n: int):
    nodes = [Node(MUNICIPALITY, f"mun:de:town-{i:04d}", {"name": f"Town {i}", "country": "DE",
                                                           "aliases": [f"Stadt {i}"]}) for i in range(n)]
    nodes.append(GERMANY)
    edges = [Edge(IN_COUNTRY, node.id, GERMANY.id) for node in nodes[:-1]]
    edges += [Edge(PARTNER_OF, nodes[i].id, nodes[i + 1].id, {"since": 2000 + i % 20}) for i in range(n - 1)]
    return nodes, edges


def _expected(nodes, edges):
    from graph.embedded import EmbeddedStore

    reference = EmbeddedStore.memory()
    reference.upsert(nodes, edges)
    return reference.stats(), reference.edges()


def _duplicate_ids(store) -> int:
    records = store._read("MATCH (n:Entity) WITH n.id AS id, count(*) AS c WHERE c > 1 RETURN count(*) AS n")
    return records[0]["n"]


@real
def test_a_load_stopped_halfway_completes_on_rerun_without_duplicates(neo4j_store):
    nodes, edges = _records(300)
    neo4j_store.batch_size = 50
    written = []

    def stop_after_four_batches(count):
        written.append(count)
        if len(written) == 4:
            raise KeyboardInterrupt  # what Ctrl-C does mid-load

    with pytest.raises(KeyboardInterrupt):
        neo4j_store.upsert(nodes, edges, progress=stop_after_four_batches)
    assert neo4j_store.stats().node_count == 200  # four committed batches of 50
    neo4j_store.upsert(nodes, edges)
    stats, all_edges = _expected(nodes, edges)
    assert neo4j_store.stats() == stats
    assert neo4j_store.edges() == all_edges
    assert _duplicate_ids(neo4j_store) == 0


@real
def test_a_load_cut_by_a_server_crash_completes_after_restart(neo4j_server, neo4j_store):
    import neo4j

    if neo4j_server.local is None:
        pytest.skip("needs the project's local Neo4j (NEO4J_URI points elsewhere), which the test kills")
    local = neo4j_server.local
    nodes, edges = _records(400)
    driver = neo4j.GraphDatabase.driver(neo4j_server.uri, auth=(neo4j_server.user, neo4j_server.password),
                                        max_transaction_retry_time=1, notifications_min_severity="OFF")
    store = Neo4jStore(driver, neo4j_server.database, batch_size=100, uri=neo4j_server.uri)
    batches = []

    def crash_after_three_batches(count):
        batches.append(count)
        if len(batches) == 3:
            os.kill(int((local.home / "neo4j.pid").read_text()), signal.SIGKILL)

    try:
        with pytest.raises(StoreError, match="cannot reach Neo4j"):
            store.upsert(nodes, edges, progress=crash_after_three_batches)
    finally:
        local.start()  # the pid file is stale; start.sh notices and starts a new server
    store.upsert(nodes, edges)
    stats, all_edges = _expected(nodes, edges)
    assert store.stats() == stats
    assert store.edges() == all_edges
    assert _duplicate_ids(store) == 0
    driver.close()


@real
@pytest.mark.realdata
def test_the_real_dataset_gives_the_same_answers_as_the_embedded_store(real_embedded, neo4j_store):
    from graph.model import NODE_LABELS

    nodes = [n for label in NODE_LABELS for n in real_embedded.nodes(label)]
    neo4j_store.upsert(nodes, real_embedded.edges())
    assert neo4j_store.stats() == real_embedded.stats()
    assert neo4j_store.edges(IN_COUNTRY) == real_embedded.edges(IN_COUNTRY)
    for text in ("berlin", "b", "sankt", "new y", "paris", "kyiv", "zz", "deutschland"):
        assert neo4j_store.search(text) == real_embedded.search(text), text
        assert neo4j_store.search_candidates(text, [MUNICIPALITY], 60) == \
            real_embedded.search_candidates(text, [MUNICIPALITY], 60), text
    towns = [n.id for n in real_embedded.nodes(MUNICIPALITY)[::1500]]
    for town in towns:
        for depth in (1, 2):
            ours, theirs = neo4j_store.neighbourhood(town, depth=depth), real_embedded.neighbourhood(town, depth=depth)
            assert (ours.nodes, ours.edges, ours.total_nodes) == (theirs.nodes, theirs.edges, theirs.total_nodes)
    for a, b in zip(towns, towns[1:]):
        assert neo4j_store.shortest_paths(a, b, [PARTNER_OF]) == real_embedded.shortest_paths(a, b, [PARTNER_OF])
