"""Figure 5: how much of a schemathesis run the mock costs, against a server that does nothing.

This drives the `schemathesis run` CLI directly rather than `make conformance`, because the
runner adds semantic checks (links, filters, totals) that a trivial server fails by design, and
failing tests stop early and shrink, so the two sides would not run the same cases. It runs with
the same arguments (fixed --max-examples and --seed, one worker, the list operation) against the
strict mock and against bench/trivial_server.py. Cases per second come from schemathesis'
own JSON report: cases generated over the run's time, without the CLI's start-up.
The check `negative_data_rejection` is left out of both runs, because the trivial server
answers every request 200 and would otherwise stop each test at its first failure and so run
fewer cases; the mock still receives (and validates) the same invalid requests. The stateful
phase is left out too: it builds its cases from the responses, so the two servers would be sent
different cases (245 against 104 in a trial run) and their rates would not compare.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path

import schemathesis

from bench.harness import interleaved
from bench.processes import PYTHON_BIN, free_port, mock_command, serving
from bench.report import Figure, at_most, show, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.contract import document_path
from promotion_jobs.mock.server import LOOPBACK
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.operations import LIST_OPERATION

GOAL = 1.2
SEED = 20240301
LEFT_OUT_CHECK = "negative_data_rejection"


@dataclass(frozen=True)
class Sizes:
    max_examples: int = 200
    repetitions: int = 3
    phases: str = "examples,coverage,fuzzing"


@dataclass(frozen=True)
class Run:
    cases: int
    seconds: float
    failures: int


def run(sizes: Sizes) -> Figure:
    figure = Figure(5, "conformance throughput")
    mock_port, trivial_port = free_port(), free_port()
    with (
        serving(mock_command(mock_port), mock_port) as mock,
        _trivial(trivial_port) as trivial,
        tempfile.TemporaryDirectory() as scratch,
    ):
        servers = {"mock": Server(mock, Path(scratch), sizes), "trivial": Server(trivial, Path(scratch), sizes)}
        rates = interleaved(
            {name: server.cases_per_second for name, server in servers.items()},
            warmups=1,
            repetitions=sizes.repetitions,
        )
    mock_rate, trivial_rate = rates["mock"], rates["trivial"]
    mock_runs, trivial_runs = (servers[name].runs[-sizes.repetitions :] for name in ("mock", "trivial"))
    added = trivial_rate.median / mock_rate.median
    figure.row(
        "schemathesis cases/s: mock vs trivial server (run time with mock ÷ without)",
        show(mock_rate, 1),
        show(trivial_rate, 1),
        ratio=times(added),
        judged=at_most(added, GOAL),
    )
    figure.notes.append(
        f"schemathesis {schemathesis.__version__} CLI, not make conformance (why: bench/conformance.py): "
        f"-n {sizes.max_examples} --seed {SEED} -w 1, phases {sizes.phases}, operation {LIST_OPERATION}, "
        f"check {LEFT_OUT_CHECK} left out of both; repetitions: {sizes.repetitions} each, taking turns, "
        "after a warm-up run; "
        f"cases per run: mock {mock_runs[-1].cases}, trivial {trivial_runs[-1].cases}"
    )
    figure.data = {
        "schemathesis": schemathesis.__version__,
        "arguments": _arguments("URL", Path("REPORT"), sizes),
        "cases_per_second": {"mock": mock_rate.as_json(), "trivial": trivial_rate.as_json()},
        "runs": {
            "mock": [run.__dict__ for run in mock_runs],
            "trivial": [run.__dict__ for run in trivial_runs],
        },
        "goal": {"trivial_over_mock_cases_per_second_at_most": GOAL, "ratio": added},
    }
    return figure


def _trivial(port: int) -> AbstractContextManager[str]:
    command = [str(PYTHON_BIN / "uvicorn"), "bench.trivial_server:app", "--host", LOOPBACK, "--port", str(port)]
    return serving([*command, "--log-level", "warning", "--no-access-log"], port)


class Server:
    """A server under schemathesis: each run's cases, seconds and failures are kept."""

    def __init__(self, base: str, scratch: Path, sizes: Sizes) -> None:
        self.base, self.scratch, self.sizes = base, scratch, sizes
        self.runs: list[Run] = []

    def cases_per_second(self) -> float:
        finished = _schemathesis(self.base, self.scratch, self.sizes)
        self.runs.append(finished)
        return finished.cases / finished.seconds


def _schemathesis(base: str, scratch: Path, sizes: Sizes) -> Run:
    """One run, in a scratch directory so that schemathesis' cache stays out of the repository."""
    report = scratch / "report.json"
    finished = subprocess.run(
        [str(PYTHON_BIN / "schemathesis"), *_arguments(base, report, sizes)],
        cwd=scratch,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if not report.exists():
        raise RuntimeError(f"schemathesis wrote no report (exit {finished.returncode}):\n{finished.stdout[-2000:]}")
    result = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    if result["test_cases"]["errored"] or result["errors"]:
        raise RuntimeError(f"schemathesis could not run against {base}:\n{finished.stdout[-2000:]}")
    failures = result["test_cases"]["with_failures"]
    if failures:
        # A failing server's cases are shrunk and cut short: its rate would not compare.
        raise RuntimeError(f"schemathesis found {failures} failing cases against {base}:\n{finished.stdout[-2000:]}")
    return Run(result["test_cases"]["generated"], result["running_time"], failures)


def _arguments(base: str, report: Path, sizes: Sizes) -> list[str]:
    (header,) = authorization_header(DEFAULT_TOKEN).items()
    return [
        "run",
        str(document_path()),
        "--url",
        base,
        "--include-operation-id",
        LIST_OPERATION,
        "--max-examples",
        str(sizes.max_examples),
        "--seed",
        str(SEED),
        "--workers",
        "1",
        "--phases",
        sizes.phases,
        "--exclude-checks",
        LEFT_OUT_CHECK,
        "--generation-database",
        "none",
        "--header",
        f"{header[0]}: {header[1]}",
        "--report",
        "json",
        "--report-json-path",
        str(report),
    ]
