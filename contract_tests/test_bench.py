"""`make bench`: the harness's arithmetic, the verdicts, and a smoke run of every figure at toy sizes.

No timing is asserted: only that the bench runs, judges each goal and writes what it prints.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.harness import Stats, per_call, repeat
from bench.report import MET, MISSED, NOT_RUN, Figure, at_least, at_most, table
from contract_tests.conftest import ROOT

VERDICTS = {"", MET, MISSED, NOT_RUN}


def test_stats_report_median_and_spread() -> None:
    stats = Stats((3.0, 1.0, 2.0, 10.0, 2.5))
    assert (stats.median, stats.low, stats.high) == (2.5, 1.0, 10.0)
    assert stats.spread == (10.0 - 1.0) / 2.5
    assert stats.scaled(2).samples == (6.0, 2.0, 4.0, 20.0, 5.0)


def test_repeat_discards_warmups_and_keeps_repetitions() -> None:
    results = iter(range(10))
    stats = repeat(lambda: float(next(results)), warmups=2, repetitions=3)
    assert stats.samples == (2.0, 3.0, 4.0)


def test_per_call_runs_the_action_as_often_as_asked() -> None:
    calls: list[int] = []
    seconds = per_call(lambda: calls.append(1), 7)()
    assert len(calls) == 7
    assert seconds >= 0


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


def test_smoke_run_prints_the_table_and_writes_the_same_rows_as_json(tmp_path: Path) -> None:
    output = tmp_path / "bench.json"
    finished = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--output", str(output)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr[-3000:]
    report = json.loads(output.read_text(encoding="utf-8"))
    assert [figure["number"] for figure in report["figures"]] == [1, 2, 3, 4, 5, 6]
    assert {"cpus", "cpu_model", "python"} <= set(report["machine"])
    rows = [row for figure in report["figures"] for row in figure["rows"]]
    assert all(row["verdict"] in VERDICTS for row in rows)
    judged = [row for row in rows if row["goal"]]
    assert {row["figure"] for row in judged} == {2, 3, 4, 5, 6}
    assert all(row["verdict"] in {MET, MISSED} for row in judged)
    for row in rows:
        assert f"| {row['figure']} | {row['measure']} | {row['ours']} |" in finished.stdout
