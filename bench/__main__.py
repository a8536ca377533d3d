"""`python -m bench`: run the figures, print one table, write the same figures as JSON, and
rewrite the latest figures of the benchmarks page (between its bench markers) from this run.

`--smoke` runs every figure at toy sizes (and skips the load test against Prism), to prove the
bench still works; its numbers mean nothing, so it writes only its JSON, never the page.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

from bench import client_pagination, conformance, cost_growth, mock_vs_prism, parsing, proxy_overhead, soak
from bench.processes import ROOT
from bench.report import NOT_RUN, Figure, figures_section, machine, render, rewrite_figures, with_figures, write_json

DEFAULT_OUTPUT = ROOT / "reports" / "bench.json"
DEFAULT_DOCS = ROOT / "docs" / "benchmarks.md"
FAILED = "FAILED"

FULL: list[tuple[int, str, Callable[[], Figure]]] = [
    (1, "mock vs Prism", lambda: mock_vs_prism.run(mock_vs_prism.Sizes())),
    (2, "cost growth of the mock", lambda: cost_growth.run(cost_growth.Sizes())),
    (3, "client parsing", lambda: parsing.run(parsing.Sizes())),
    (4, "client end to end", lambda: client_pagination.run(client_pagination.Sizes())),
    (5, "conformance throughput", lambda: conformance.run(conformance.Sizes())),
    (6, "soak of the mock", lambda: soak.run(soak.Sizes())),
    (7, "proxy overhead", lambda: proxy_overhead.run(proxy_overhead.Sizes())),
]
SMOKE: list[tuple[int, str, Callable[[], Figure]]] = [
    (2, "cost growth of the mock", lambda: cost_growth.run(cost_growth.Sizes((100, 1_000), 20, 2))),
    (3, "client parsing", lambda: parsing.run(parsing.Sizes(calls=5, repetitions=2))),
    (4, "client end to end", lambda: client_pagination.run(client_pagination.Sizes(300, 1, 1))),
    (5, "conformance throughput", lambda: conformance.run(conformance.Sizes(1, 1, "examples"))),
    (6, "soak of the mock", lambda: soak.run(soak.Sizes(requests=200, warmup=20))),
    (7, "proxy overhead", lambda: proxy_overhead.run(proxy_overhead.Sizes(calls=10, repetitions=1))),
]


def _interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    # A terminated bench (a CI timeout, say) unwinds like Ctrl-C, so every server it started is stopped.
    signal.signal(signal.SIGTERM, _interrupt)
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="toy sizes, no Prism: check that the bench runs")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"JSON report (default {DEFAULT_OUTPUT})")
    parser.add_argument(
        "--docs",
        type=Path,
        default=DEFAULT_DOCS,
        help=f"page whose figures a full run rewrites between its bench markers (default {DEFAULT_DOCS}); "
        "--smoke never writes it",
    )
    args = parser.parse_args(argv)
    if not args.smoke:  # find out now, not after minutes of measuring, that the page cannot take the figures
        try:
            with_figures(args.docs.read_text(encoding="utf-8"), "")
        except (OSError, ValueError) as error:
            parser.error(f"--docs {args.docs}: {error}")

    figures: list[Figure] = []
    if args.smoke:
        skipped = Figure(1, "mock vs Prism")
        skipped.row("req/s, 25-job page", NOT_RUN, NOT_RUN, judged=("", NOT_RUN))
        skipped.notes.append("not run in smoke mode")
        figures.append(skipped)
    failed = False
    for number, title, measure in SMOKE if args.smoke else FULL:
        started = time.monotonic()
        print(f"figure {number}: {title} ...", file=sys.stderr, flush=True)
        try:
            figure = measure()
        except Exception as error:  # one broken figure must not hide the others
            traceback.print_exc()
            failed = True
            figure = Figure(number, title)
            figure.row(title, FAILED, "", judged=("", FAILED))
            figure.notes.append(f"failed: {type(error).__name__}: {error}".splitlines()[0])
        print(f"figure {number}: {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)
        figures.append(figure)

    context = machine()
    print(render(figures, context))
    write_json(args.output, figures, context)
    print(f"\nwritten: {args.output}")
    if args.smoke:
        print(f"not written (smoke run): {args.docs}")
    elif failed:
        print(f"not written (a figure failed): {args.docs}", file=sys.stderr)
    else:
        rewrite_figures(args.docs, figures_section(figures, context, datetime.now(UTC).date()))
        print(f"written: {args.docs}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
