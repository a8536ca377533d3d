"""`make bench`: the harness's arithmetic, the verdicts, and a smoke run of every figure at toy sizes.

No timing is asserted: only that the bench runs, judges each goal and writes what it prints, and
that only a full run rewrites the figures of the benchmarks page, between its markers.
"""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from bench import mock_vs_prism
from bench.__main__ import DEFAULT_DOCS
from bench.harness import Stats, collected, each_in_turn, isolated, per_call, repeat
from bench.report import (
    BEGIN_MARKER,
    COLUMNS,
    END_MARKER,
    MET,
    MISSED,
    NOT_RUN,
    Figure,
    at_least,
    at_most,
    figures_section,
    rewrite_figures,
    table,
    with_figures,
)
from contract_tests.support import ROOT

VERDICTS = {"", MET, MISSED, NOT_RUN}
PAGE = f"""# Benchmarks

How the figures are made.

{BEGIN_MARKER}
old figures
{END_MARKER}

After the figures.
"""


def test_stats_report_median_and_range() -> None:
    stats = Stats((3.0, 1.0, 2.0, 10.0, 2.5))
    assert (stats.median, stats.low, stats.high) == (2.5, 1.0, 10.0)
    assert stats.scaled(2).samples == (6.0, 2.0, 4.0, 20.0, 5.0)


def test_repeat_discards_warmups_and_keeps_repetitions() -> None:
    results = iter(range(10))
    stats = repeat(lambda: float(next(results)), warmups=2, repetitions=3)
    assert stats.samples == (2.0, 3.0, 4.0)


def test_per_call_runs_the_action_as_often_as_asked() -> None:
    calls: list[int] = []
    per_call(lambda: calls.append(1), 7)()
    assert len(calls) == 7


def test_each_in_turn_gives_the_inputs_in_order_and_starts_again() -> None:
    seen: list[str] = []
    action = each_in_turn(seen.append, ["a", "b", "c"])
    for _ in range(7):
        action()
    assert seen == ["a", "b", "c", "a", "b", "c", "a"]


def test_strict_check_cost_measures_a_polled_page_and_a_walk_through_unseen_jobs() -> None:
    costs = mock_vs_prism.strict_check_cost(mock_vs_prism.Sizes(repetitions=1, checks=3))
    assert set(costs) == {"jobs_checked_before", "jobs_not_seen_before", "whole_schema"}
    assert all(len(stats.samples) == 1 for stats in costs.values())  # one repetition each, as asked


def test_best_is_the_lowest_sample() -> None:
    assert Stats((3.0, 1.0, 2.0)).best == 1.0


def test_a_collected_measure_runs_with_the_collector_off_and_restores_it() -> None:
    seen: list[bool] = []

    def measure() -> float:
        seen.append(gc.isenabled())
        return 1.0

    was_enabled = gc.isenabled()
    try:
        gc.enable()
        assert collected(measure)() == 1.0
        assert gc.isenabled()
        gc.disable()
        collected(measure)()
        assert not gc.isenabled()  # left as it was found
    finally:
        (gc.enable if was_enabled else gc.disable)()
    assert seen == [False, False]


def test_isolated_contenders_never_take_turns() -> None:
    order: list[str] = []

    def contender(name: str) -> Callable[[], float]:
        def measure() -> float:
            order.append(name)
            return float(len(order))

        return measure

    stats = isolated({"a": contender("a"), "b": contender("b")}, warmups=1, repetitions=2)
    assert order == ["a", "a", "a", "b", "b", "b"]  # each one's warm-up and repetitions, then the next
    assert stats["a"].samples == (2.0, 3.0)
    assert stats["b"].samples == (5.0, 6.0)


def test_goals_are_judged_at_their_bounds() -> None:
    assert at_most(2.0, 2.0) == ("≤ 2x", MET)
    assert at_most(2.01, 2.0)[1] == MISSED
    assert at_least(1.5, 1.5) == ("≥ 1.5x", MET)
    assert at_least(1.49, 1.5)[1] == MISSED


def test_table_has_one_line_per_row_and_escapes_pipes() -> None:
    figure = Figure(9, "example")
    figure.row("a | b", "1", "2", ratio="0.50x", judged=at_most(0.5, 1))
    lines = table([figure]).splitlines()
    assert len(lines) == 3
    assert lines[2] == "| 9 | a \\| b | 1 | 2 | 0.50x | ≤ 1x | met |"


def example_figure() -> Figure:
    figure = Figure(9, "example")
    figure.row("a | b", "1", "2", ratio="0.50x", judged=at_most(0.5, 1))
    figure.notes.append("a note")
    return figure


def test_a_full_run_rewrites_only_the_marked_part_of_the_page(tmp_path: Path) -> None:
    page = tmp_path / "benchmarks.md"
    page.write_text(PAGE, encoding="utf-8")
    section = figures_section([example_figure()], {"cpus": "2", "python": "3.11.7"}, date(2026, 1, 2))
    rewrite_figures(page, section)
    written = page.read_text(encoding="utf-8")
    before, rest = written.split(BEGIN_MARKER)
    between, after = rest.split(END_MARKER)
    assert before == PAGE.split(BEGIN_MARKER, maxsplit=1)[0]
    assert after == PAGE.split(END_MARKER)[1]
    assert between == f"\n{section}\n"
    assert "old figures" not in written
    assert "on 2026-01-02" in between
    assert "| 9 | a \\| b | 1 | 2 | 0.50x | ≤ 1x | met |" in between
    assert "- (9) a note" in between
    assert "Machine: cpus 2, python 3.11.7" in between
    rewrite_figures(page, section)
    assert page.read_text(encoding="utf-8") == written  # a second run of the same figures changes nothing


@pytest.mark.parametrize(
    "page",
    ["no markers", BEGIN_MARKER, f"{END_MARKER}\n{BEGIN_MARKER}", f"{BEGIN_MARKER}\n{END_MARKER}\n{END_MARKER}"],
)
def test_a_page_without_one_pair_of_markers_is_refused(page: str) -> None:
    with pytest.raises(ValueError, match="bench:"):
        with_figures(page, "figures")


def test_the_committed_page_holds_figures_only_between_its_markers() -> None:
    page = DEFAULT_DOCS.read_text(encoding="utf-8")
    assert DEFAULT_DOCS == ROOT / "docs" / "benchmarks.md"
    with_figures(page, "")  # exactly one pair, in order
    head, rest = page.split(BEGIN_MARKER)
    between, tail = rest.split(END_MARKER)
    header = "| " + " | ".join(COLUMNS) + " |"
    assert header in between
    assert "\nMachine: " in between
    assert header not in head + tail, "benchmark figures outside the markers are not rewritten by `make bench`"


def test_a_full_run_checks_the_page_before_measuring(tmp_path: Path) -> None:
    page = tmp_path / "no-markers.md"
    page.write_text("# Benchmarks\n", encoding="utf-8")
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--docs", str(page), "--output", str(tmp_path / "bench.json")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert finished.returncode == 2, finished.stderr
    assert BEGIN_MARKER in finished.stderr
    assert "figure 1" not in finished.stderr  # nothing was measured
    assert not (tmp_path / "bench.json").exists()


def test_smoke_run_prints_the_table_and_writes_the_same_rows_as_json(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    docs = tmp_path / "benchmarks.md"
    docs.write_text(PAGE, encoding="utf-8")
    committed = DEFAULT_DOCS.read_bytes()
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--output", str(output), "--docs", str(docs)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(output.read_text(encoding="utf-8"))
    assert [figure["number"] for figure in report["figures"]] == [1, 2, 3, 4, 5, 6, 7]
    assert {"cpus", "cpu_model", "python"} <= set(report["machine"])
    rows = [row for figure in report["figures"] for row in figure["rows"]]
    assert all(row["verdict"] in VERDICTS for row in rows)
    judged = [row for row in rows if row["goal"]]
    assert {row["figure"] for row in judged} == {2, 3, 4, 5, 6, 7}
    assert all(row["verdict"] in {MET, MISSED} for row in judged)
    for row in rows:
        assert f"| {row['figure']} | {row['measure']} | {row['ours']} |" in finished.stdout
    assert docs.read_text(encoding="utf-8") == PAGE  # a smoke run's numbers mean nothing: no page is written
    assert DEFAULT_DOCS.read_bytes() == committed
