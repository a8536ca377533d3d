"""The `promotion-jobs` command: one subcommand per verb, each registered by its own module.

A subcommand whose extra is not installed (`pip install 'promotion-jobs-toolkit[mock]'`, say) is
still listed, but its module is not imported: running it prints which extra to install and exits 2,
so a base install (the client helpers) never fails on an ImportError of the mock or schemathesis.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass

DISTRIBUTION = "promotion-jobs-toolkit"
MISSING_EXTRA_STATUS = 2


@dataclass(frozen=True)
class Subcommand:
    name: str
    module: str  # has register(commands), which adds the parser and sets `run`
    summary: str  # shown by --help when the extra is missing
    extra: str | None = None  # None: part of the base install
    needs: tuple[str, ...] = ()  # top-level modules the extra installs

    def missing(self) -> list[str]:
        return [name for name in self.needs if importlib.util.find_spec(name) is None]


_MOCK_MODULES = ("starlette", "uvicorn", "orjson")
SUBCOMMANDS = (
    Subcommand(
        "mock",
        "promotion_jobs.mock.command",
        "serve the stateful mock of the Promotion Jobs API",
        "mock",
        _MOCK_MODULES,
    ),
    Subcommand("jobs", "promotion_jobs.client.command", "list every job of a promotion (table or JSON)"),
    Subcommand(
        "conformance",
        "promotion_jobs.conformance.command",
        "run the conformance suite against the embedded mock or a live store",
        "conformance",
        ("schemathesis", *_MOCK_MODULES),
    ),
    Subcommand("validate", "promotion_jobs.traffic.command", "judge recorded traffic (HAR files) by the contract"),
    Subcommand(
        "proxy",
        "promotion_jobs.traffic.proxy",
        "a recording proxy that judges the traffic of any client by the contract",
        "mock",
        ("starlette", "uvicorn"),
    ),
    Subcommand(
        "generate",
        "promotion_jobs.codegen.command",
        "regenerate the typed client from a document, or check a directory for drift",
        "codegen",
        ("openapi_python_client", "ruff"),
    ),
)


def hint(subcommand: Subcommand) -> str:
    return (
        f"promotion-jobs {subcommand.name} needs the {subcommand.extra} extra: "
        f"pip install '{DISTRIBUTION}[{subcommand.extra}]'"
    )


def _needs_extra(subcommand: Subcommand) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        print(hint(subcommand), file=sys.stderr)
        return MISSING_EXTRA_STATUS

    return run


def _register(commands: argparse._SubParsersAction[argparse.ArgumentParser], subcommand: Subcommand) -> None:
    if not subcommand.missing():
        importlib.import_module(subcommand.module).register(commands, subcommand.summary)
        return
    # Any arguments are taken, so that `promotion-jobs mock --port 8000` says what to install.
    parser = commands.add_parser(
        subcommand.name, help=f"{subcommand.summary} (needs the {subcommand.extra} extra)", add_help=False
    )
    parser.set_defaults(run=_needs_extra(subcommand), missing_extra=True)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="promotion-jobs", description="Spec-first toolkit for Elastic Path's Promotion Jobs API."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for subcommand in SUBCOMMANDS:
        _register(commands, subcommand)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, unknown = parser.parse_known_args(argv)
    if unknown and not getattr(args, "missing_extra", False):
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    status: int = args.run(args)
    return status


if __name__ == "__main__":
    sys.exit(main())
