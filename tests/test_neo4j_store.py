"""The Neo4j store: exact Cypher and parameters (driver mocked), then behaviour on a real server.

The real-server fixtures (neo4j_server, neo4j_store) come from tests/neo4j_support.py via conftest.py.
"""

from __future__ import annotations

import os
import signal
import socket
from unittest import mock

import pytest

from graph.store import cypher
from graph.errors import StoreError, ValidationError
from graph.model import COUNTRY, IN_COUNTRY, MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.queries.search import search
from graph.store.neo4j import Neo4jStore

LEIPZIG = Node(MUNICIPALITY, "mun:de:leipzig", {"name": "Leipzig", "country": "DE", "aliases": ["Lipsk"]})
KRAKOW = Node(MUNICIPALITY, "mun:pl:krakow", {"name": "Kraków", "country": "PL", "population": 800000})
GERMANY = Node(COUNTRY, "country:DE", {"name": "Germany", "code": "DE"})


# --- exact Cypher and parameters, with a mocked driver -------------------------------------------

class Tx:
    """Records every statement; answers from ``answers`` (statement -> records)."""

    def __init__(self, answers=None):
        self.calls: list[tuple[str, dict]] = []
        self.answers = answers or {}
        self.locks = 0  # write transactions that took the server-side write lock first

    def run(self, statement, **params):
        if statement == cypher.TAKE_WRITE_LOCK and params == {}:
            self.locks += 1
            return mock.MagicMock()
        self.calls.append((statement, params))
        records = self.answers.get(statement, [])
        result = mock.MagicMock()
        result.__iter__.return_value = iter(records)
        result.single.return_value = records[0] if records else None
        return result


def mocked_store(tx: Tx, database="graphs"):
    driver = mock.MagicMock()
    session = driver.session.return_value.__enter__.return_value
    session.execute_write.side_effect = lambda work, *args: work(tx, *args)
    store = Neo4jStore(driver, database, batch_size=2, uri="bolt://db.example:7687", user="neo4j")
    store._schema_ready = store._verified = store._id_index = True
    return store, driver


def test_every_write_transaction_takes_the_write_lock_first():
    class Recording:
        def __init__(self):
            self.statements = []

        def run(self, statement, **params):
            self.statements.append(statement)
            return Tx().run(statement, **params)

    transactions = []

    def transaction(work, *args):
        transactions.append(Recording())
        return work(transactions[-1], *args)

    store, driver = mocked_store(Tx())
    driver.session.return_value.__enter__.return_value.execute_write.side_effect = transaction
    store.upsert([LEIPZIG, KRAKOW, GERMANY])
    assert len(transactions) == 2  # two batches of two and one distinct nodes
    assert [t.statements[0] for t in transactions] == [cypher.TAKE_WRITE_LOCK] * 2
    assert all(cypher.TAKE_WRITE_LOCK not in t.statements[1:] for t in transactions)


def test_new_nodes_are_sent_once_per_label_and_batch_of_distinct_ids():
    tx = Tx()
    store, driver = mocked_store(tx)
    again = Node(MUNICIPALITY, "mun:de:leipzig", {"name": "Leipzig", "aliases": ["Leipzsch"], "population": 1})
    counted = []
    result = store.upsert([LEIPZIG, again, KRAKOW, GERMANY], progress=counted.append)

    assert (result.nodes, result.edges) == (4, 0)
    assert counted == [3, 1]  # records taken in per batch; a batch holds two distinct ids
    assert driver.session.call_args.kwargs["database"] == "graphs"
    assert tx.calls == [
        (cypher.write_nodes(MUNICIPALITY), {"rows": [
            {"id": "mun:de:leipzig", "keys": ["leipzig", "leipzsch", "lipsk"], "props": {
                "name": "Leipzig", "country": "DE", "aliases": ["Leipzsch", "Lipsk"], "population": 1}},
            {"id": "mun:pl:krakow", "keys": ["krakow"], "props": {
                "name": "Kraków", "country": "PL", "population": 800000}},
        ]}),
        (cypher.BUMP_VERSION, {}),  # every write transaction counts itself in the store's version
        (cypher.write_nodes(COUNTRY), {"rows": [
            {"id": "country:DE", "keys": ["de", "germany"], "props": {"name": "Germany", "code": "DE"}},
        ]}),
        (cypher.BUMP_VERSION, {}),
    ]


def test_the_search_index_reads_the_kept_keys_in_one_collected_record():
    assert cypher.name_keys(MUNICIPALITY) == (
        "MATCH (n:`Municipality`) WITH n ORDER BY n.id RETURN collect([n.id] + coalesce(n.keys, [])) AS rows")
    with pytest.raises(Exception):
        cypher.name_keys("Municipality`) DETACH DELETE n //")


def test_the_node_statement_creates_missing_nodes_and_returns_only_changed_ones():
    assert cypher.write_nodes(MUNICIPALITY) == (
        "UNWIND $rows AS row OPTIONAL MATCH (old:Entity {id: row.id}) USING INDEX old:Entity(id) "
        "FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | "
        "CREATE (n:`Municipality`:Entity) SET n = row.props, n.id = row.id, n.keys = row.keys) "
        "WITH row, old WHERE old IS NOT NULL AND (NOT old:`Municipality` OR any(k IN keys(row.props) WHERE "
        "old[k] IS NULL OR CASE WHEN k IN ['aliases', 'languages', 'sources', 'spellings'] THEN any(v IN row.props[k] WHERE "
        "NOT v IN old[k]) ELSE old[k] <> row.props[k] END)) "
        "RETURN row.id AS id, labels(old) AS labels, properties(old) AS props"
    )


def test_stored_nodes_that_would_change_are_merged_in_python_and_replaced():
    stored = {"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"],
              "props": {"id": "mun:de:leipzig", "name": "Leipzig", "aliases": ["Lipsk"], "population": 1,
                        "keys": ["leipzig", "lipsk"]}}
    tx = Tx({cypher.write_nodes(MUNICIPALITY): [stored]})
    store, _ = mocked_store(tx)
    renamed = Node(MUNICIPALITY, "mun:de:leipzig", {"name": "Leipzig", "aliases": ["Leipzsch"], "country": "DE"})
    store.upsert([renamed, KRAKOW])
    assert tx.calls[1] == (cypher.REPLACE_NODES, {"rows": [
        {"id": "mun:de:leipzig", "props": {
            "id": "mun:de:leipzig", "name": "Leipzig", "aliases": ["Leipzsch", "Lipsk"], "population": 1,
            "country": "DE", "keys": ["leipzig", "leipzsch", "lipsk"]}},
    ]})
    assert tx.calls[2] == (cypher.BUMP_VERSION, {}) and len(tx.calls) == 3


def test_unchanged_nodes_are_not_written_again():
    tx = Tx()  # the server returns no node: every one exists unchanged, or was created
    store, _ = mocked_store(tx)
    store.upsert([GERMANY])
    assert [statement for statement, _ in tx.calls] == [cypher.write_nodes(COUNTRY), cypher.BUMP_VERSION]


def test_a_node_cannot_change_its_label():
    stored = {"id": "country:DE", "labels": ["Country", "Entity"], "props": {"id": "country:DE", "name": "Germany"}}
    tx = Tx({cypher.write_nodes(MUNICIPALITY): [stored]})
    store, _ = mocked_store(tx)
    with pytest.raises(StoreError, match="node 'country:DE' is a Country, cannot store it as Municipality"):
        store.upsert([Node(MUNICIPALITY, "country:DE", {"name": "Germany"})])
    assert len(tx.calls) == 1  # raised inside the transaction: the server rolls the creations back


def test_one_id_with_two_labels_in_one_load_is_refused_before_sending():
    tx = Tx()
    store, _ = mocked_store(tx)
    with pytest.raises(StoreError, match="node 'country:DE' is a Country, cannot store it as Municipality"):
        store.upsert([GERMANY, Node(MUNICIPALITY, "country:DE", {"name": "Germany"})])
    assert tx.calls == []


def test_edges_are_created_in_one_statement_and_changed_ones_merged_on_the_partnership_kind():
    write = cypher.write_edges(PARTNER_OF)
    changed = [{"source": "mun:de:leipzig", "target": "mun:pl:krakow", "key": "twin",
                "props": {"kind": "twin", "since": 1995, "sources": ["s1"]}}]
    tx = Tx({write: [{"matched": 1, "changed": changed}]})
    store, _ = mocked_store(tx)
    store.upsert([], [Edge(PARTNER_OF, "mun:pl:krakow", "mun:de:leipzig", {"sources": ["s2"]}),
                      Edge(PARTNER_OF, "mun:de:leipzig", "mun:pl:krakow", {"sources": ["s3"]})])
    assert write == (
        "UNWIND $rows AS row MATCH (a:Entity {id: row.source}) USING INDEX a:Entity(id) "
        "MATCH (b:Entity {id: row.target}) USING INDEX b:Entity(id) WHERE any(ends IN [['Municipality', 'Municipality']] WHERE ends[0] IN labels(a) AND "
        "ends[1] IN labels(b)) OPTIONAL MATCH (a)-[old:`PARTNER_OF`]->(b) "
        "WHERE old.kind = row.key FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | "
        "CREATE (a)-[r:`PARTNER_OF`]->(b) SET r = row.props) WITH row, old RETURN count(*) AS matched, "
        "collect(CASE WHEN old IS NOT NULL AND any(k IN keys(row.props) WHERE old[k] IS NULL OR CASE WHEN k IN "
        "['aliases', 'languages', 'sources', 'spellings'] THEN any(v IN row.props[k] WHERE NOT v IN old[k]) ELSE "
        "old[k] <> row.props[k] END) THEN {source: row.source, target: row.target, key: row.key, "
        "props: properties(old)} END) AS changed"
    )
    assert tx.calls == [
        (write, {"rows": [{"source": "mun:de:leipzig", "target": "mun:pl:krakow", "key": "twin",
                           "props": {"kind": "twin", "sources": ["s2", "s3"]}}]}),
        ("UNWIND $rows AS row MATCH (a:Entity {id: row.source})-[r:`PARTNER_OF`]->(b:Entity {id: row.target}) "
         "USING INDEX a:Entity(id) USING INDEX b:Entity(id) WHERE r.kind = row.key SET r = row.props",
         {"rows": [{"source": "mun:de:leipzig", "target": "mun:pl:krakow", "key": "twin",
                    "props": {"kind": "twin", "since": 1995, "sources": ["s1", "s2", "s3"]}}]}),
        (cypher.BUMP_VERSION, {}),
    ]


def test_an_edge_with_a_missing_end_stops_the_batch_before_any_write():
    write = cypher.write_edges(PARTNER_OF)
    tx = Tx({write: [{"matched": 0, "changed": []}],
             cypher.FETCH_LABELS: [{"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"]}]})
    store, _ = mocked_store(tx)
    with pytest.raises(StoreError, match="node 'mun:xx:nowhere' does not exist"):
        store.upsert([], [Edge(PARTNER_OF, "mun:de:leipzig", "mun:xx:nowhere")])
    assert [statement for statement, _ in tx.calls] == [write, cypher.FETCH_LABELS]


def test_an_edge_between_wrong_labels_is_refused_before_any_write():
    write = cypher.write_edges(IN_COUNTRY)
    assert "WHERE any(ends IN [['Municipality', 'Country']] WHERE ends[0] IN labels(a)" in write
    tx = Tx({write: [{"matched": 0, "changed": []}],
             cypher.FETCH_LABELS: [{"id": "mun:de:leipzig", "labels": ["Municipality", "Entity"]},
                                   {"id": "country:DE", "labels": ["Country", "Entity"]}]})
    store, _ = mocked_store(tx)
    with pytest.raises(ValidationError, match="IN_COUNTRY cannot join Country"):
        store.upsert([], [Edge(IN_COUNTRY, "country:DE", "mun:de:leipzig")])
    assert [statement for statement, _ in tx.calls] == [write, cypher.FETCH_LABELS]


def test_reads_are_routed_to_readers_with_parameters():
    import neo4j

    store, driver = mocked_store(Tx())
    driver.execute_query.return_value.records = []
    store.nodes(MUNICIPALITY, country="DE", subdivision="Sachsen", aliases=["x"], unknown="y")
    statement, params = driver.execute_query.call_args.args
    # the model's own properties are written out, so the range indexes answer them
    assert statement == ("MATCH (n:`Municipality`) WHERE n.`country` = $v0 AND n.`subdivision` = $v1 AND "
                         "all(k IN keys($equals) WHERE n[k] = $equals[k]) WITH collect(n) AS found "
                         "UNWIND range(0, size(found) - 1, 2000) AS i "
                         "RETURN [n IN found[i..i + 2000] | [n.id, labels(n), properties(n)]] AS rows")
    assert params == {"equals": {"unknown": "y"}, "v0": "DE", "v1": "Sachsen"}  # lists are compared in Python
    assert driver.execute_query.call_args.kwargs == {"routing_": neo4j.RoutingControl.READ, "database_": "graphs"}


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
    with pytest.raises(ValueError):
        cypher.nodes_of_label(MUNICIPALITY, ["country` = 1 DETACH DELETE n //"])


def test_unknown_labels_and_types_read_as_empty_without_a_query():
    store, driver = mocked_store(Tx())
    assert store.nodes("Person") == []
    assert store.edges("KNOWS") == []
    assert store.shortest_paths("a", "b", rel_types=["KNOWS"]) == []
    driver.execute_query.assert_not_called()


def test_index_hints_are_left_out_where_the_id_index_is_missing():
    store, driver = mocked_store(Tx())
    store._id_index = None
    driver.execute_query.return_value.records = []  # no index of that name
    store.get_many(["country:DE"])
    assert [c.args[0] for c in driver.execute_query.call_args_list] == [
        cypher.ID_INDEX_EXISTS,
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"]
    assert "USING INDEX n:Entity(id)" in cypher.GET_NODES


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
        ["partnernet_entity_id", "partnernet_write_lock"] + [f"partnernet_{label.lower()}_id" for label in
                                                             ("Municipality", "Country", "Region", "Organisation",
                                                              "Conference", "Theme", "Source")])
    assert {r["type"] for r in records} == {"UNIQUENESS"}
    ranges = neo4j_store._read("SHOW RANGE INDEXES YIELD name, labelsOrTypes, properties, state, owningConstraint "
                               "WHERE name STARTS WITH 'partnernet_' AND owningConstraint IS NULL "
                               "RETURN labelsOrTypes, properties, state")
    assert sorted((r["labelsOrTypes"], r["properties"], r["state"]) for r in ranges) == [
        (["Municipality"], ["country"], "ONLINE"), (["Municipality"], ["subdivision"], "ONLINE")]


@real
def test_selecting_municipalities_by_country_uses_the_range_index(neo4j_store):
    neo4j_store.upsert([LEIPZIG, KRAKOW, GERMANY])
    assert [n.id for n in neo4j_store.nodes(MUNICIPALITY, country="PL")] == [KRAKOW.id]
    with neo4j_store._driver.session(database=neo4j_store.database) as session:
        summary = session.run("EXPLAIN " + cypher.nodes_of_label(MUNICIPALITY, ["country"]),
                              v0="PL", equals={}).consume()
    operators = []

    def walk(step):
        operators.append(step["operatorType"].split("@")[0])
        for child in step.get("children", ()):
            walk(child)

    walk(summary.plan)
    assert "NodeIndexSeek" in operators, operators


@real
def test_repeated_and_changed_records_merge_exactly_as_in_the_embedded_store(neo4j_store):
    from graph.store.embedded import EmbeddedStore

    first = [LEIPZIG, KRAKOW, GERMANY,
             Node(MUNICIPALITY, LEIPZIG.id, {"name": "Leipzig", "aliases": ["Lipsia"], "population": 600000}),
             Node(MUNICIPALITY, KRAKOW.id, {"name": "Krakow", "subdivision": "Małopolskie"})]
    first_edges = [Edge(PARTNER_OF, LEIPZIG.id, KRAKOW.id, {"since": 1995, "sources": ["a"]}),
                   Edge(PARTNER_OF, KRAKOW.id, LEIPZIG.id, {"sources": ["b"]}),
                   Edge(PARTNER_OF, KRAKOW.id, LEIPZIG.id, {"kind": "friendship"}),
                   Edge(IN_COUNTRY, LEIPZIG.id, GERMANY.id), Edge(IN_COUNTRY, LEIPZIG.id, GERMANY.id)]
    second = [Node(MUNICIPALITY, LEIPZIG.id, {"name": "Leipzig", "aliases": ["Lipsk", "Leipzsch"]}),
              Node(COUNTRY, GERMANY.id, {"name": "Deutschland"})]
    second_edges = [Edge(PARTNER_OF, LEIPZIG.id, KRAKOW.id, {"since": 1996, "sources": ["c"]}),
                    Edge(IN_COUNTRY, LEIPZIG.id, GERMANY.id, {"sources": ["d"]})]
    reference = EmbeddedStore.memory()
    for store in (neo4j_store, reference):
        store.batch_size = 2  # also repeats spread over batches
        store.upsert(first, first_edges)
        store.upsert(second, second_edges)
    ids = [LEIPZIG.id, KRAKOW.id, GERMANY.id]
    assert neo4j_store.get_many(ids) == reference.get_many(ids)
    assert neo4j_store.edges() == reference.edges()
    assert neo4j_store.stats() == reference.stats()
    assert [n.id for n in search(neo4j_store, "lipsia")] == [LEIPZIG.id]
    assert search(neo4j_store, "germany") == [] and [n.id for n in search(neo4j_store, "deutschland")] == [GERMANY.id]


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
    from graph.store.embedded import EmbeddedStore

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
        assert search(neo4j_store, text) == search(real_embedded, text), text
        assert search(neo4j_store, text, [MUNICIPALITY], 60) == search(real_embedded, text, [MUNICIPALITY], 60), text
    towns = [n.id for n in real_embedded.nodes(MUNICIPALITY)[::1500]]
    for town in towns:
        for depth in (1, 2):
            ours, theirs = neo4j_store.neighbourhood(town, depth=depth), real_embedded.neighbourhood(town, depth=depth)
            assert (ours.nodes, ours.edges, ours.total_nodes) == (theirs.nodes, theirs.edges, theirs.total_nodes)
    for a, b in zip(towns, towns[1:]):
        assert neo4j_store.shortest_paths(a, b, [PARTNER_OF]) == real_embedded.shortest_paths(a, b, [PARTNER_OF])


@pytest.mark.neo4j
def test_clear_deletes_a_hub_in_chunks(neo4j_store, monkeypatch):
    import graph.store.neo4j as module
    from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node

    monkeypatch.setattr(module, "CLEAR_CHUNK", 3)
    hub = Node(MUNICIPALITY, "mun:de:hub", {"name": "Hub"})
    spokes = [Node(MUNICIPALITY, f"mun:pl:s{i}", {"name": f"Spoke {i}"}) for i in range(10)]
    neo4j_store.upsert([hub, *spokes], [Edge(PARTNER_OF, hub.id, s.id) for s in spokes])
    assert neo4j_store.stats().edges[PARTNER_OF] == 10
    neo4j_store.clear()
    assert neo4j_store.stats().node_count == 0 and neo4j_store.stats().edge_count == 0


def test_the_version_is_a_counter_node_every_write_transaction_bumps():
    assert cypher.BUMP_VERSION == "MERGE (m:PartnernetMeta {key: 'store'}) SET m.version = coalesce(m.version, 0) + 1"
    assert cypher.READ_VERSION == "MATCH (m:PartnernetMeta {key: 'store'}) RETURN sum(m.version) AS version"
    tx = Tx()
    store, driver = mocked_store(tx)
    driver.execute_query.return_value.records = [{"version": 41}]
    assert store.version() == "neo4j:41"
    assert driver.execute_query.call_args.args[0] == cypher.READ_VERSION


@pytest.mark.neo4j
def test_a_write_by_another_store_object_changes_the_version(neo4j_store, neo4j_server, neo4j_driver):
    before = neo4j_store.version()
    assert neo4j_store.version() == before  # reading does not change it
    other = Neo4jStore(neo4j_driver, neo4j_server.database, uri=neo4j_server.uri)  # another client
    other.upsert([LEIPZIG])
    after = neo4j_store.version()
    assert after != before
    other.upsert([LEIPZIG.with_props(population=600000)])
    assert neo4j_store.version() != after
    assert neo4j_store.get("mun:de:leipzig").get("population") == 600000
    assert neo4j_store.stats().nodes == {"Municipality": 1}  # the counter is no node of the graph
    other.clear()
    assert neo4j_store.stats().node_count == 0 and neo4j_store.version() not in (before, after)


@real
def test_many_nodes_and_relationships_come_whole_across_the_chunks_of_a_read(neo4j_store):
    from graph.store.embedded import EmbeddedStore

    size = cypher.CHUNK * 2 + 7  # two full records and a part of a third
    towns = [Node(MUNICIPALITY, f"mun:de:t{i:05d}", {"name": f"T{i}", "country": "DE"}) for i in range(size)]
    chain = [Edge(PARTNER_OF, towns[i].id, towns[i + 1].id, {"kind": "twin", "since": 1950 + i % 70})
             for i in range(size - 1)]
    embedded = EmbeddedStore.memory()
    for store in (neo4j_store, embedded):
        store.upsert(towns + [GERMANY], chain + [Edge(IN_COUNTRY, t.id, GERMANY.id) for t in towns])
    assert neo4j_store.nodes(MUNICIPALITY) == embedded.nodes(MUNICIPALITY) and len(embedded.nodes(MUNICIPALITY)) == size
    assert neo4j_store.edges(PARTNER_OF) == embedded.edges(PARTNER_OF) and len(embedded.edges(PARTNER_OF)) == size - 1
    assert neo4j_store.edges() == embedded.edges() and len(embedded.edges()) == 2 * size - 1
    ids = [t.id for t in towns]
    assert neo4j_store.edges(PARTNER_OF, node_ids=ids) == embedded.edges(PARTNER_OF, node_ids=ids)
