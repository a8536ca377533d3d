"""`promotion-jobs conformance`: does a server honour the contract? Exit 0 only if it does."""

from __future__ import annotations

import argparse
from pathlib import Path

from promotion_jobs.conformance.runner import ExitCode, RunOptions, run_conformance
from promotion_jobs.conformance.target import LIVE_RATE_LIMIT, MOCK_RATE_LIMIT
from promotion_jobs.environment import (
    EP_ACCESS_TOKEN,
    EP_ALLOW_WRITES,
    EP_BASE_URL,
    EP_CLIENT_ID,
    EP_CLIENT_SECRET,
    EP_PROMOTION_ID,
    EP_RATE_LIMIT,
    EP_RULE_PROMOTION_ID,
    EP_STRICT,
)
from promotion_jobs.mock.faults import parse_fault

EPILOG = f"""\
target (environment variables):
  no {EP_BASE_URL}              the embedded mock, started on a free loopback port for the run
  {EP_BASE_URL}                 a live store, with {EP_ACCESS_TOKEN}, or {EP_CLIENT_ID} + {EP_CLIENT_SECRET}
  {EP_PROMOTION_ID}             a standard promotion whose jobs are listed
  {EP_RULE_PROMOTION_ID}        a rule promotion whose jobs are listed (a live store needs one of the two, or both)
  {EP_ALLOW_WRITES}=1           also send write methods to a live store (read-only otherwise)
  {EP_STRICT}=1                 same as --strict (always on against the embedded mock)
  {EP_RATE_LIMIT}               requests per period, e.g. 10/s (default {LIVE_RATE_LIMIT} live, {MOCK_RATE_LIMIT} mock)

A breach of a rule Elastic Path documents fails the run; a breach of one of this project's
decisions is a warning (docs/contract-ledger.md lists every rule with its severity). The run
reads the store's settings (GET /v2/settings) and judges the store by them, or by the documented
defaults when they cannot be read; the summary says which.

exit status: {ExitCode.PASSED} passed (warnings allowed unless strict), {ExitCode.VIOLATIONS} a check failed, \
{ExitCode.USAGE} usage error,
{ExitCode.NOTHING_TESTED} nothing was really tested, {ExitCode.SECRET_LEAKED} a secret reached a report. \
Arguments after `--` go to `schemathesis run` as they are.
"""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser(
        "conformance",
        help=summary,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=parse_fault,
        metavar="NAME",
        help="run the embedded mock in this fault mode (repeatable; see `promotion-jobs mock --list-faults`)",
    )
    parser.add_argument("--reports", type=Path, default=Path("reports"), help="report directory (default reports/)")
    parser.add_argument("--allow-writes", action="store_true", help="same as EP_ALLOW_WRITES=1")
    parser.add_argument(
        "--strict", action="store_true", help="warnings fail the run too (always so against the embedded mock)"
    )
    parser.add_argument("--config", type=Path, help="schemathesis.toml to use (default: the committed one)")
    parser.add_argument("schemathesis_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    extra = list(args.schemathesis_args)
    if extra and extra[0] == "--":
        extra = extra[1:]
    options = RunOptions(
        faults=tuple(args.fault),
        report_dir=args.reports,
        allow_writes=args.allow_writes,
        strict=args.strict,
        config=args.config,
        schemathesis_args=tuple(extra),
    )
    return run_conformance(options)
