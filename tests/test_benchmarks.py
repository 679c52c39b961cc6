"""The benchmark cannot rot: its generator and measurements run here on a tiny network.

Only correctness is asserted (what is loaded is what was generated, the questions get answers, the
generator is deterministic and heavy-tailed), never speed.
"""

from __future__ import annotations

import csv

import numpy as np
import pycountry
import pytest

from benchmarks import embedded_bench
from benchmarks.generate import COUNTRIES, SIZES, network
from benchmarks.report import markdown, targets
from benchmarks.workload import KINDS
from graph.model import MUNICIPALITY, PARTNER_OF


def _records(net):
    return [n.to_dict() for n in net.nodes()], [e.to_dict() for e in net.edges()]


def test_generator_is_deterministic_for_a_seed():
    first, again, other = network("tiny", 7), network("tiny", 7), network("tiny", 8)
    assert _records(first) == _records(again)
    assert _records(first) != _records(other)


def test_generator_makes_the_requested_partnerships_once_each():
    net = network("tiny")
    pairs = [(e.source, e.target) for e in net.edges() if e.type == PARTNER_OF]
    n, m = SIZES["tiny"]
    assert len(pairs) == m
    assert len(set(pairs)) == m  # no pair twice
    assert all(a != b for a, b in pairs)
    assert sum(1 for node in net.nodes() if node.label == MUNICIPALITY) == n


def test_partner_counts_are_heavy_tailed():
    degrees = network("S").partner_degrees()
    assert np.median(degrees) <= 3
    assert np.mean((degrees >= 1) & (degrees <= 3)) >= 0.4  # most places have one to three partners
    assert (degrees >= 50).sum() >= 20  # and there are hubs
    assert degrees.max() >= 20 * np.median(degrees)


def test_municipalities_lie_in_real_countries_mostly_in_europe():
    net = network("tiny")
    codes = [node.get("country") for node in net.nodes() if node.label == MUNICIPALITY]
    assert all(pycountry.countries.get(alpha_2=code) for code in set(codes))
    europe = {c[0] for c in COUNTRIES if c[2] == "Europe"}
    assert sum(code in europe for code in codes) / len(codes) > 0.5


def test_csv_files_hold_every_record(tmp_path):
    net = network("tiny")
    files = net.write_csv(tmp_path)
    nodes, edges = net.counts()
    for label, count in nodes.items():
        with open(files[f"nodes_{label}"], newline="", encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        assert len(rows) == count
        assert all(row["id"] and row["keys"] for row in rows)
    for rel_type, count in edges.items():
        with open(files[f"edges_{rel_type}"], newline="", encoding="utf-8") as fh:
            assert sum(1 for _ in csv.DictReader(fh)) == count


def test_embedded_measurement_loads_everything_and_answers(tmp_path):
    result = embedded_bench.measure("tiny", queries=12, workdir=tmp_path)
    net = network("tiny")
    nodes, edges = net.counts()
    assert result["counts_ok"]
    assert result["stats"]["nodes"] == dict(sorted(nodes.items()))
    assert result["stats"]["edges"] == dict(sorted(edges.items()))
    assert result["reopen_ok"]
    assert result["memory"]["peak_mb"] > 0
    assert set(result["queries"]) == set(KINDS)
    for kind, figures in result["queries"].items():
        assert "error" not in figures, f"{kind}: {figures}"
        assert figures["n"] == 12
        assert figures["answered"] > 0, kind


def test_report_names_targets_and_sizes(tmp_path):
    emb = embedded_bench.measure("tiny", queries=5, workdir=tmp_path)
    results = {"machine": {"cores": 2}, "seed": 1, "started": "now", "elapsed_s": 1, "queries": 5,
               "sizes": {"tiny": {"embedded": emb, "neo4j": {"error": "not measured: no server"}}}}
    text = markdown(results)
    assert "## Targets" in text and "| tiny |" in text
    assert "not measured: no server" in text
    verdicts = [v for _, _, v in targets(results)]
    assert any(v.startswith("not measured") for v in verdicts)


@pytest.mark.neo4j
def test_neo4j_measurement_loads_everything_three_ways(neo4j_server, neo4j_driver, neo4j_store, tmp_path):
    from benchmarks import neo4j_bench

    server = neo4j_bench.Server(neo4j_server.uri, neo4j_server.user, neo4j_server.password)
    neo4j_bench.describe_server(server, neo4j_driver)
    net = network("tiny")
    result = neo4j_bench.measure(server, neo4j_driver, net, queries=4, naive_sample=10, csv_fallback=tmp_path, seed=3)
    assert result["counts_ok"], result["stats"]
    lc = result["load_csv"]
    if "error" in lc:  # a remote server may not read our files; it must say so
        assert lc["error"].startswith("not measured")
    else:
        assert lc["counts_ok"]
    assert result["naive"]["node_sample"] == 10 and result["naive"]["edge_sample"] == 10
    for kind, figures in result["queries"].items():
        assert "error" not in figures, f"{kind}: {figures}"
        assert figures["answered"] > 0, kind
    assert set(result["queries_primitives"]) == {"neighbourhood_1", "neighbourhood_2", "partners_by_region", "export",
                                                 "suggestions"}
    for kind, pair in result["reference"].items():
        assert "error" not in pair and pair["partnernet"]["n"] == pair["reference"]["n"] > 0, kind
    # the hand-written statements give partnernet's answer
    from benchmarks import reference
    from graph.store.neo4j import Neo4jStore

    store = Neo4jStore(neo4j_driver)
    for node_id in net.municipality_ids[:5]:
        sub = store.neighbourhood(node_id, depth=2, max_nodes=reference.NEIGHBOURHOOD_CAP)
        hand = store._read(reference.NEIGHBOURHOOD_2, id=node_id, hard=20000, cap=reference.NEIGHBOURHOOD_CAP)[0]
        assert [n["id"] for n in hand["nodes"]] == list(sub.nodes) and hand["total"] == sub.total_nodes
    # ... the search's exact and prefix matches (the tiers Cypher can give) as partnernet's search finds them
    from graph.model import MUNICIPALITY
    from graph.queries.search import search
    from graph.text import fold

    for name in {net.municipality_name(i) for i in range(5)}:
        ours = [n.id for n in search(store, name, labels=[MUNICIPALITY], limit=20)]
        hand = [r["id"] for r in store._read(reference.SEARCH, key=fold(name), limit=20)]
        assert hand and set(hand) <= set(ours) and ours[0] in hand, name
    # ... and what partnernet's suggestions read: the candidates and what links each to the origin
    from benchmarks.reference_suggest import SUGGESTIONS
    from benchmarks.workload import questions
    from graph.queries.regional import resolve_area

    store.upsert(net.nodes(), net.edges())
    for origin, country in questions(net, 3, 5)["suggestions"]:
        area = resolve_area(store, country)
        found = store.area_candidates(origin, area)
        links = store.candidate_links(origin, list(found.nodes), store.get(origin).get("country"))
        hand = store._read(SUGGESTIONS, origin=origin, countries=list(area.countries))
        rows = {c[0]: c for c in hand[0]["candidates"]} if hand else {}
        assert set(rows) == set(found.nodes)
        for cid, found_links in links.items():
            assert (rows[cid][7], set(rows[cid][10]), {t[0] for t in rows[cid][11]}) == \
                (found_links.partners, found_links.shared, found_links.country_partners)
    store.clear()
    sweep = neo4j_bench.batch_sweep(neo4j_driver, net, [500, 2_000])
    assert [row["batch_size"] for row in sweep] == [500, 2_000]
    assert all("error" not in row and row["total_s"] > 0 for row in sweep)
    assert neo4j_store.stats().node_count == 0  # the sweep leaves the database empty


def test_runner_writes_results_and_report(tmp_path):
    import json

    from benchmarks import run

    report = tmp_path / "BENCHMARKS.md"
    status = run.main(["--sizes", "tiny", "--sweep-size", "tiny", "--queries", "5", "--no-neo4j", "--no-app",
                       "--output", str(report), "--out-dir", str(tmp_path / "out")])
    assert status == 0
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["sizes"]["tiny"]["embedded"]["counts_ok"]
    assert results["sizes"]["tiny"]["neo4j"]["error"].startswith("not measured")
    assert [row["batch_size"] for row in results["batch_sweep"]["embedded"]] == run.SWEEP
    text = report.read_text()
    assert "## Machine" in text and "| tiny |" in text and "## Query latency" in text


def test_the_report_keeps_what_follows_its_generated_part():
    from benchmarks.report import GENERATED_END, merged

    existing = f"# Benchmarks\nold figures\n{GENERATED_END}\n\n## Sessions\nmeasured by hand\n"
    again = merged("# Benchmarks\nnew figures\n", existing)
    assert again == f"# Benchmarks\nnew figures\n{GENERATED_END}\n\n## Sessions\nmeasured by hand\n"
    assert merged("# Benchmarks\n", None) == f"# Benchmarks\n{GENERATED_END}\n"
    assert "old figures" not in merged("# Benchmarks\n", f"# Benchmarks\nold figures\n{GENERATED_END}\n")
    kept = merged("# Benchmarks\n", "hand notes without a marker\n")  # nothing lost when the marker is gone
    assert kept.startswith(f"# Benchmarks\n{GENERATED_END}\n") and "hand notes without a marker" in kept


def test_the_primitives_only_store_answers_every_server_side_question_through_the_primitives():
    # a question the Neo4j store answers on the server and the wrapper does not redefine would be timed
    # as "primitives only" while still answered on the server
    from benchmarks.reference import Primitives
    from graph.store.neo4j_queries import Neo4jReads
    from graph.store.neo4j_suggest import Neo4jSuggest

    ranking_helpers = {"search_facts"}  # the search's ranking facts, timed with the search, not paired here
    for mixin in (Neo4jReads, Neo4jSuggest):
        for name, member in vars(mixin).items():
            if callable(member) and not name.startswith("_") and name not in ranking_helpers:
                assert name in vars(Primitives), f"benchmarks.reference.Primitives does not redefine {name}"
