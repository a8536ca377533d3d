"""`promotion-jobs generate`: regenerate the client, or with --check, fail when a directory has drifted.

Exit status: 0 written or up to date, 1 the directory differs from a fresh generation (--check) or
the generator failed, 2 usage error (no document, a tool at another version, an unsafe directory).
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from promotion_jobs import codegen
from promotion_jobs.contract import document_path

DEFAULT_OUTPUT = Path("generated")


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser(
        "generate",
        help=summary,
        description="Generate the client with this project's templates, generator settings and pinned "
        "generator and formatter, so the output is byte for byte the one this project commits.",
        epilog="exit status: 0 written or up to date, 1 drift (--check) or the generator failed, 2 usage error",
    )
    parser.add_argument(
        "--spec",
        type=Path,
        default=None,
        metavar="PATH",
        help="OpenAPI document (default: the one shipped with this package)",
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=DEFAULT_OUTPUT,
        metavar="DIR",
        help=f"the client's directory (default ./{DEFAULT_OUTPUT})",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 with a summary of the differences when DIR is not a fresh generation",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    spec: Path = args.spec or document_path()
    output: Path = args.output
    try:
        outcome = codegen.run(spec, output, check=args.check)
    except codegen.CodegenError as error:
        print(f"promotion-jobs generate: {error}", file=sys.stderr)
        return 2
    except codegen.GenerationFailed as error:
        print(f"promotion-jobs generate: the generator failed on {spec}:\n{error}", file=sys.stderr)
        return 1
    changes = outcome.changes
    if not changes:
        print(f"{output} matches a fresh generation from {spec}")
        return 0
    if not args.check:
        counts = f"{len(changes.changed)} changed, {len(changes.missing)} added, {len(changes.extra)} removed"
        print(f"{output} regenerated from {spec}: {counts}")
        return 0
    print(f"{output} differs from a fresh generation from {spec}:")
    for line in changes.summary():
        print(line)
    shown = changes.diff[: codegen.DIFF_LINES_SHOWN]
    if shown:
        print()
        print("\n".join(shown))
        if len(changes.diff) > len(shown):
            print(f"... {len(changes.diff) - len(shown)} more diff lines")
    fix = ["promotion-jobs", "generate", "--output", str(output)]
    if args.spec is not None:
        fix[2:2] = ["--spec", str(spec)]
    print(f"\nRegenerate with: {shlex.join(fix)}")
    return 1
