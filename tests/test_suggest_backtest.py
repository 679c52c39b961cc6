"""The suggestion back-test cannot rot: it runs here on a tiny generated network with sane figures.

Only correctness is asserted (splits are disjoint and seeded, ties count at their expected rank,
every method ranks the same candidates, the section lands in BENCHMARKS.md), never the real figures.
"""

from __future__ import annotations

import numpy as np
import pytest

from benchmarks import suggest_backtest as bt
from benchmarks.generate import network
from graph.model import PARTNER_OF


@pytest.fixture(scope="module")
def tiny():
    net = network("tiny", 11)
    return list(net.nodes()), list(net.edges())


def test_split_is_seeded_disjoint_and_only_of_places_with_two_partners():
    pairs = [("a", "b"), ("a", "c"), ("b", "c"), ("c", "d"), ("d", "e"), ("e", "f"), ("b", "e"), ("f", "g")]
    split = bt.split_pairs(pairs, seed=5, share=0.25)
    assert split == bt.split_pairs(pairs, seed=5, share=0.25)
    assert split.eligible == 7  # all but ("f", "g"): g has one partnership only
    hidden = [frozenset(p) for p in split.test + split.validation]
    assert len(split.test) == len(split.validation) == 2 and len(set(hidden)) == 4
    assert frozenset(("f", "g")) not in hidden


def test_ties_count_at_their_expected_rank():
    scores = np.array([0.0] * 20)
    h1, h10, rr = bt.expected_metrics(scores, 3)
    assert (h1, h10) == (pytest.approx(1 / 20), pytest.approx(10 / 20))
    assert rr == pytest.approx(sum(1 / r for r in range(1, 21)) / 20)
    assert bt.expected_metrics(np.array([5.0, 1.0, 1.0, 0.0]), 0) == (1.0, 1.0, 1.0)
    assert bt.expected_metrics(np.array([5.0, 1.0, 1.0, 0.0]), 1) == (0.0, 1.0, pytest.approx((1 / 2 + 1 / 3) / 2))


def test_the_back_test_runs_on_a_tiny_network_with_sane_figures(tiny, tmp_path):
    nodes, edges = tiny
    result = bt.run(nodes, edges, seed=3, sample=40, do_tune=True, log=lambda _: None)
    partnerships = len({frozenset((e.source, e.target)) for e in edges if e.type == PARTNER_OF})
    assert result["partnerships"] == partnerships and 0 < result["eligible"] <= partnerships
    assert 0 < result["queries"] <= result["sample"] == min(40, result["hidden"])
    for name, m in result["methods"].items():
        assert 0 <= m["hits@1"] <= m["hits@10"] <= 1, name
        assert m["hits@1"] <= m["MRR"] <= 1, name
    random_row = result["methods"]["random within the country"]
    # random: hits@10 is the mean of min(10, n) / n over the questions' candidate counts
    assert random_row["hits@10"] <= 10 / result["mean_candidates"] * 3
    assert result["methods"]["partnernet"]["MRR"] > random_row["MRR"]
    assert set(result["tuned_weights"]) == set(result["shipped_weights"])

    section = bt.markdown(result)
    assert section.startswith(bt.START) and section.rstrip().endswith(bt.END)
    assert "| **partnernet** (shipped weights) |" in section and "| Adamic–Adar |" in section
    target = tmp_path / "BENCHMARKS.md"
    target.write_text("# Benchmarks\n\nearlier figures\n", encoding="utf-8")
    bt.write_section(target, section)
    bt.write_section(target, section)  # a second run replaces the section, never appends another
    text = target.read_text(encoding="utf-8")
    assert text.count(bt.START) == 1 and "earlier figures" in text
