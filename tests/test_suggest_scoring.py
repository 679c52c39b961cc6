"""Every candidate scored at once gives the numbers of the per-candidate rules, to the last bit.

:mod:`graph.queries.suggest_scoring` works the components every candidate has and the criteria that
compare candidates out as arrays; here each score is compared with ``round(sum of weight *
components(), 4)`` and each criterion with ``met_criteria`` on inputs the arrays were not written
around: a generated network with conferences, organisations and programme partnerships, the real
dataset, odd weights, and values on the edge of a rounding tie.
"""

import random

import numpy as np
import pytest

from benchmarks.generate import network
from benchmarks.workload import questions
from graph.model import MUNICIPALITY, Node
from graph.queries.regional import resolve_area
from graph.queries.suggest import DEFAULT_WEIGHTS, suggest
from graph.queries.suggest_candidates import prepare
from graph.queries.suggest_evidence import Context, Evidence, components
from graph.queries.suggest_reasons import distinguishing, met_criteria
from graph.queries.suggest_scoring import criteria_table, distinguishing_criteria, ranked, round4, scores
from graph.store.embedded import EmbeddedStore


def _rule_score(comps: dict, weights: dict) -> float:
    total = 0.0
    for name, value in comps.items():  # left to right, in the order components() gives them
        total = total + weights[name] * value
    return round(total, 4)


def _compare(context, kept: dict, weights: dict) -> tuple[int, int]:
    """How many candidates were compared, and how many of them had a component that needs a link."""
    ids, evidence = list(kept), list(kept.values())
    got = scores(context, evidence, weights)
    table = criteria_table(context, evidence)
    met = met_criteria(context, kept)
    for i, (cid, ev) in enumerate(kept.items()):
        assert got[i] == _rule_score(components(context, ev), weights), cid
        assert {c for c, holds in table.items() if holds[i]} == met[cid], cid
    assert distinguishing_criteria(table) == distinguishing(met)
    order = ranked(ids, got)
    assert [ids[i] for i in order] == [cid for _, cid in sorted((-got[i], ids[i]) for i in range(len(ids)))]
    linked = sum(1 for ev in evidence if set(components(context, ev)) - {"activity", "population", "distance"})
    return len(ids), linked


@pytest.fixture(scope="module")
def generated():
    store = EmbeddedStore.memory()
    net = network("S", seed=7)
    store.upsert(net.nodes(), net.edges())
    return store, net


def test_scores_and_criteria_of_a_generated_network_equal_the_rules(generated):
    store, net = generated
    compared = linked = 0
    odd = {**DEFAULT_WEIGHTS, "origin_country_ties": 0.7, "population": -0.25, "distance": 0.0, "activity": 3.1}
    for origin, country in questions(net, 40, 5)["suggestions"]:
        _, context, _, kept, _ = prepare(store, origin, resolve_area(store, country), None)
        _compare(context, kept, odd)
        n, with_links = _compare(context, kept, DEFAULT_WEIGHTS)
        compared, linked = compared + n, linked + with_links
    assert compared > 5_000 and linked > 100


def test_scores_and_criteria_on_the_real_dataset_equal_the_rules(real_embedded):
    from graph.queries.suggest_origin import resolve_origin

    for town, area in (("Gießen", "France"), ("Leipzig", "PL"), ("Kiew", "Deutschland"), ("Gießen", "Ghana")):
        origin = resolve_origin(real_embedded, town)
        _, context, _, kept, _ = prepare(real_embedded, origin.id, resolve_area(real_embedded, area), None)
        assert _compare(context, kept, DEFAULT_WEIGHTS)[0] >= 10


def test_round4_is_pythons_round_also_beside_a_tie():
    rng = random.Random(4)
    values = [rng.uniform(-3, 3) for _ in range(20_000)]
    values += [k / 10_000 + 0.00005 + d for k in range(-2_000, 2_000, 7) for d in (0.0, 1e-17, -1e-17, 2e-16, -2e-16)]
    values += [2.675, 0.285, 1.00005, 0.00015, 0.0, -0.0, 12.34565, 951507658999.9999, 4.6e11 + 0.12345, 1e305, -1e305]
    got = round4(np.array(values, dtype=np.float64))
    assert [float(v) for v in got] == [round(v, 4) for v in values]
    odd = round4(np.array([np.inf, -np.inf, np.nan]))
    assert odd[0] == np.inf and odd[1] == -np.inf and np.isnan(odd[2])


def test_a_candidate_with_nothing_known_scores_zero_and_meets_no_criterion():
    origin = Node.trusted(MUNICIPALITY, "mun:de:a", {"name": "A", "country": "DE"})
    context = Context(origin, set(), {}, {}, {origin.id: origin})
    bare = {f"mun:fr:{k}": Evidence(Node.trusted(MUNICIPALITY, f"mun:fr:{k}", {"name": k, "country": "FR"}))
            for k in "bcde"}
    bare["mun:fr:f"] = Evidence(Node.trusted(MUNICIPALITY, "mun:fr:f", {"name": "F", "country": "FR"}), 4)
    got = scores(context, list(bare.values()), DEFAULT_WEIGHTS)
    assert got[0] == 0.0 and got[4] == _rule_score(components(context, bare["mun:fr:f"]), DEFAULT_WEIGHTS) > 0
    table = criteria_table(context, list(bare.values()))
    assert not any(table[c][0] for c in table) and table["experienced"][4]  # 4 partnerships, more than 4 of 5
    assert distinguishing_criteria(table) == ["experienced"] == distinguishing(met_criteria(context, bare))


def test_a_suggestions_score_is_the_sum_of_its_components(real_embedded):
    from graph.queries.suggest_origin import resolve_origin

    origin = resolve_origin(real_embedded, "Gießen")
    found = suggest(real_embedded, origin.id, resolve_area(real_embedded, "France"), limit=25)
    assert len(found.suggestions) == 25
    for s in found.suggestions:
        assert s.score == _rule_score(s.components, DEFAULT_WEIGHTS)
    assert [s.score for s in found.suggestions] == sorted((s.score for s in found.suggestions), reverse=True)
