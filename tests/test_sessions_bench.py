"""The concurrent-sessions benchmark drives real sessions of the app and reports what it measured."""

from __future__ import annotations

import pytest

pytest.importorskip("websockets")

from benchmarks import sessions_bench  # noqa: E402


def test_two_sessions_run_the_app_and_the_figures_land_in_the_report(tmp_path):
    report = tmp_path / "BENCHMARKS.md"
    report.write_text("# Benchmarks\n\nearlier figures\n", encoding="utf-8")
    assert sessions_bench.main(["--sessions", "2", "--rounds", "2", "--reruns", "2", "--timeout", "300",
                                "--output", str(report)]) == 0
    text = report.read_text(encoding="utf-8")
    assert text.startswith("# Benchmarks\n\nearlier figures\n")
    assert "## Concurrent sessions (app under load)" in text and "2 sessions at once" in text
    rows = [line for line in text.splitlines() if line.startswith("| 1 |") or line.startswith("| 2 |")]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[5] == "4" and cells[6] == "0"  # 2 sessions x 2 warm reruns, no errors
    # run again: the section is replaced, not added twice
    assert sessions_bench.main(["--sessions", "1", "--rounds", "1", "--reruns", "1", "--output", str(report)]) == 0
    assert report.read_text(encoding="utf-8").count("## Concurrent sessions") == 1


def test_out_of_bounds_counts_are_refused():
    with pytest.raises(SystemExit):
        sessions_bench.main(["--sessions", "500"])
