"""The `promotion-jobs` command: one subcommand per verb, each registered by its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from promotion_jobs.client import command as jobs_command
from promotion_jobs.conformance import command as conformance_command
from promotion_jobs.mock import command as mock_command


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="promotion-jobs", description="Spec-first toolkit for Elastic Path's Promotion Jobs API."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    mock_command.register(commands)
    jobs_command.register(commands)
    conformance_command.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
