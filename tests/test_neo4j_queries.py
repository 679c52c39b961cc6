"""The questions Neo4j answers on the server: one routed read each, values as parameters (driver mocked).

Their answers are checked against the embedded store by the contract suite (tests/test_store_contract.py).
"""

from __future__ import annotations

import neo4j
import pytest

from graph.errors import UsageError
from graph.model import PARTNER_OF
from graph.queries.areas import Area
from graph.store import cypher_server
from test_neo4j_store import Tx, mocked_store

READ = {"routing_": neo4j.RoutingControl.READ, "database_": "graphs"}


@pytest.fixture
def in_turn(monkeypatch):
    """The store's read beside another run at once, in this thread, so that the reads come in a known order."""
    from concurrent.futures import Future

    from graph.store.neo4j_connection import Neo4jConnection

    def beside(store, statement, /, **params):
        done = Future()
        try:
            done.set_result(store._read_once(statement, **params))
        except Exception as exc:  # as a thread would: kept for result()
            done.set_exception(exc)
        return done

    monkeypatch.setattr(Neo4jConnection, "_beside", beside)


def test_a_capped_neighbourhood_is_routed_reads_with_the_cap_as_parameters(in_turn):
    store, driver = mocked_store(Tx())
    session = driver.session.return_value.__enter__.return_value
    session.run.return_value = []
    sub = store.neighbourhood("mun:de:leipzig", depth=2, rel_types=[PARTNER_OF], partner_kinds=["twin"], max_nodes=7)
    assert sub.nodes == {} and sub.total_nodes == 0
    # reads in sessions routed to readers, run once each (no retries: see tests/test_neo4j_memory.py):
    # at 2 hops the count of the nodes beyond the cap is started beside the ranked walk
    assert session.run.call_count == 2 and driver.execute_query.call_count == 0
    opened = driver.session.call_args.kwargs
    assert opened["default_access_mode"] == neo4j.READ_ACCESS and opened["database"] == "graphs"
    (counted, count_params), (statement, params) = (c.args for c in session.run.call_args_list)
    assert statement == cypher_server.capped_neighbourhood([PARTNER_OF], 2)
    assert statement.count("[r:`PARTNER_OF`]") == 2 and "[..$cap]" in statement and "twin" not in statement
    assert params == {"ids": ["mun:de:leipzig"], "kinds": ["twin"], "hard": 20000, "cap": 7}
    assert counted == cypher_server.neighbourhood_size([PARTNER_OF], 2)
    assert count_params == {"ids": ["mun:de:leipzig"], "kinds": ["twin"], "cap": 7}
    session.run.reset_mock()
    store.neighbourhood("mun:de:leipzig", depth=1, max_nodes=7)  # one hop: the ranked walk counts every node
    assert session.run.call_count == 1


def test_a_capped_neighbourhood_reads_its_relationships_grouped_by_start_node():
    store, driver = mocked_store(Tx())
    driver.session.return_value.__enter__.return_value.run.return_value = [{
        "total": 5, "complete": True,
        "nodes": [["mun:de:leipzig", ["Municipality", "Entity"], {"name": "Leipzig", "country": "DE"}],
                  ["mun:ua:kyiv", ["Municipality", "Entity"], {"name": "Kyiv", "country": "UA"}],
                  ["country:DE", ["Country", "Entity"], {"name": "Germany", "code": "DE"}]],
        "edges": [["mun:de:leipzig", [["PARTNER_OF", "mun:ua:kyiv", {"since": 1961, "kind": "twin"}],
                                      ["IN_COUNTRY", "country:DE", None]]]],
    }]
    sub = store.neighbourhood("mun:de:leipzig", depth=1, max_nodes=3)
    assert list(sub.nodes) == ["mun:de:leipzig", "mun:ua:kyiv", "country:DE"]
    assert sub.nodes["mun:ua:kyiv"].props["name"] == "Kyiv" and sub.total_nodes == 5
    assert [(e.type, e.source, e.target, e.props) for e in sub.edges] == [
        ("IN_COUNTRY", "mun:de:leipzig", "country:DE", {}),
        ("PARTNER_OF", "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin", "since": 1961})]


def test_a_walk_stopped_by_the_cap_is_counted_by_a_second_read_of_the_same_parameters(in_turn):
    store, driver = mocked_store(Tx())
    session = driver.session.return_value.__enter__.return_value
    ranked = [{"total": 2, "complete": False, "edges": [],
               "nodes": [["mun:de:leipzig", ["Municipality", "Entity"], {"name": "Leipzig", "country": "DE"}],
                         ["mun:ua:kyiv", ["Municipality", "Entity"], {"name": "Kyiv", "country": "UA"}]]}]
    session.run.side_effect = [[{"total": 58245}], ranked]
    sub = store.neighbourhood("mun:de:leipzig", depth=3, partner_kinds=["twin"], max_nodes=2)
    assert list(sub.nodes) == ["mun:de:leipzig", "mun:ua:kyiv"] and sub.total_nodes == 58245
    assert sub.rule == "2 of 58,245 nodes within 3 hops: nearest first, then most connected"
    (second, second_params), (first, first_params) = (c.args for c in session.run.call_args_list)
    assert first == cypher_server.capped_neighbourhood(None, 3)
    assert second == cypher_server.neighbourhood_size(None, 3)
    assert second_params == {"ids": ["mun:de:leipzig"], "kinds": ["twin"], "cap": 2}
    # the count walks two hops as the ranked walk does, and only counts the third, once the cap is full
    assert second.count("collect(DISTINCT b)") == 2 and "count(b)" in second and "size(rows) >= $cap" in second
    assert cypher_server.capped_neighbourhood(None, 3).count("WHERE reached < $cap") == 3
    # one hop from as many centres as the cap: the ranked walk stops at once, and the count is asked first
    session.run.reset_mock(side_effect=True)
    session.run.side_effect = [[{"total": 9}], [{**ranked[0], "total": 2}]]
    sub = store.neighbourhood(["mun:de:leipzig", "mun:ua:kyiv"], depth=1, max_nodes=2)
    assert sub.total_nodes == 9 and session.run.call_args_list[0].args[0] == cypher_server.neighbourhood_size(None, 1)
    # a count that finds the first walk complete after all (null) leaves the first walk's total
    session.run.reset_mock(side_effect=True)
    session.run.side_effect = [[{"total": None}], ranked]
    assert store.neighbourhood("mun:de:leipzig", depth=2, max_nodes=2).total_nodes == 2


def test_a_type_missing_from_the_model_walks_nowhere_and_bad_depths_never_reach_cypher():
    assert "CALL" not in cypher_server.capped_neighbourhood(None, 0).split("collect(DISTINCT c)")[1].split("ORDER BY")[0]
    for bad in (-1, 1.5, True):
        with pytest.raises(UsageError):
            cypher_server.capped_neighbourhood(None, bad)
        with pytest.raises(UsageError):
            cypher_server.neighbourhood_size(None, bad)
    with pytest.raises(UsageError):
        cypher_server.capped_neighbourhood(["KNOWS"], 1)
    with pytest.raises(UsageError):
        cypher_server.neighbourhood_size(["KNOWS"], 1)


def test_partnerships_between_areas_use_the_indexes_and_send_values_as_parameters():
    store, driver = mocked_store(Tx())
    driver.execute_query.return_value.records = []
    saxony = Area("subdivision", "subdivision:DE-SN", "Saxony", ("DE",), "DE-SN", frozenset({"sachsen", "de sn"}))
    store._subdivision_counts = ("neo4j:0", dict.fromkeys([("DE", "DE-SN"), ("DE", "Sachsen"), ("DE", "Bayern"),
                                                          ("AT", "Sachsen")], 1))  # counted for this version
    store.version = lambda: "neo4j:0"
    assert store.partnerships_between(saxony, Area("country", "country:UA", "Ukraine", ("UA",))) == []
    statement, params = driver.execute_query.call_args.args
    assert statement == cypher_server.partnerships_between("subdivision", "country")
    assert "o.subdivision IN $o_subs AND o.country IN $o_countries" in statement and "p.country IN $t_countries" in statement
    assert params == {"o_id": "subdivision:DE-SN", "o_countries": ["DE"], "o_subs": ["DE-SN", "Sachsen"],
                      "t_id": "country:UA", "t_countries": ["UA"], "t_subs": None}
    assert driver.execute_query.call_args.kwargs == READ
    with pytest.raises(UsageError):
        cypher_server.partnerships_between("planet", "country")


def test_candidate_links_are_one_routed_read_returning_counts_and_linking_ids():
    store, driver = mocked_store(Tx())
    driver.execute_query.return_value.records = [{"links": [
        ["mun:gh:ho", 2, ["twin", "climate"], [["climate", "mun:de:bonn"]], ["mun:de:marburg"],
         ["mun:de:marburg", "mun:de:bonn"], [], [], []]]}]
    links = store.candidate_links("mun:de:giessen", ["mun:gh:ho", "mun:gh:ho", "mun:gh:accra"], "")
    assert links["mun:gh:ho"].partners == 2 and links["mun:gh:ho"].programme_partners == {"climate": {"mun:de:bonn"}}
    assert links["mun:gh:ho"].kinds == {"twin", "climate"} and links["mun:gh:ho"].shared == {"mun:de:marburg"}
    assert links["mun:gh:ho"].country_partners == {"mun:de:marburg", "mun:de:bonn"} and set(links) == {"mun:gh:ho"}
    assert driver.execute_query.call_count == 1
    statement, params = driver.execute_query.call_args.args
    assert statement == cypher_server.CANDIDATE_LINKS and "giessen" not in statement and "climate" not in statement
    assert params == {"origin": "mun:de:giessen", "ids": ["mun:gh:ho", "mun:gh:accra"], "country": None,
                      "programme_kinds": ["climate", "solidarity", "project"], "default_kind": "twin"}
    assert driver.execute_query.call_args.kwargs == READ
    assert store.candidate_links("mun:de:giessen", [], "DE") == {} and driver.execute_query.call_count == 1


def test_partnerships_between_areas_come_as_one_record_with_each_end_once_and_the_stored_direction():
    store, driver = mocked_store(Tx())
    ends = [["mun:de:leipzig", ["Entity", "Municipality"], {"name": "Leipzig", "country": "DE"}],
            ["mun:ua:kyiv", ["Entity", "Municipality"], {"name": "Kyiv", "country": "UA"}],
            ["mun:ua:lviv", ["Entity", "Municipality"], {"name": "Lviv", "country": "UA"}]]
    driver.execute_query.return_value.records = [{"nodes": ends, "links": [
        ["mun:de:leipzig", "mun:ua:kyiv", True, {"kind": "twin"}],
        ["mun:de:leipzig", "mun:ua:lviv", False, {"kind": "friendship", "since": 1992}]]}]
    germany = Area("country", "country:DE", "Germany", ("DE",))
    rows = store.partnerships_between(germany, Area("country", "country:UA", "Ukraine", ("UA",)))
    assert [(o.name, e.source, e.target, e.props, p.name) for o, e, p in rows] == [
        ("Leipzig", "mun:de:leipzig", "mun:ua:kyiv", {"kind": "twin"}, "Kyiv"),
        ("Leipzig", "mun:ua:lviv", "mun:de:leipzig", {"kind": "friendship", "since": 1992}, "Lviv")]
    assert rows[0][0] is rows[1][0]  # one node per end, however many partnerships it has


def test_the_count_runs_in_the_stores_own_thread_and_close_stops_it():
    import threading

    store, driver = mocked_store(Tx())
    session = driver.session.return_value.__enter__.return_value
    ranked = {"total": 1, "complete": False, "edges": [],
              "nodes": [["mun:de:leipzig", ["Municipality", "Entity"], {"name": "Leipzig", "country": "DE"}]]}
    threads = {}

    def answer(statement, params):
        threads[statement] = threading.current_thread().name
        return [{"total": 4321}] if statement == cypher_server.neighbourhood_size(None, 2) else [ranked]

    session.run.side_effect = answer
    sub = store.neighbourhood("mun:de:leipzig", depth=2, max_nodes=1)
    assert sub.total_nodes == 4321 and sub.rule.startswith("1 of 4,321 nodes")
    counted, walked = cypher_server.neighbourhood_size(None, 2), cypher_server.capped_neighbourhood(None, 2)
    assert threads[counted].startswith("partnernet-neo4j-read") and threads[walked] == threading.current_thread().name
    pool = store._pool
    store.close()
    assert store._pool is None and pool._shutdown
