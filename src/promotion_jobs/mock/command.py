"""`promotion-jobs mock`: serve the mock until interrupted.

The client secret comes from `--client-secret-file`, else `--client-secret`, else the environment
variable MOCK_CLIENT_SECRET, else the documented test secret: a real-looking secret belongs in a
file or the environment, since any user of the machine can read a command line with `ps`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import uvicorn

from promotion_jobs.mock.app import MockConfig, create_app
from promotion_jobs.mock.faults import Fault, parse_fault
from promotion_jobs.mock.fixtures import FixtureError, fixture_settings, load_fixtures, read_fixtures
from promotion_jobs.mock.lifecycle import DEFAULT_STEP_SECONDS
from promotion_jobs.mock.server import LOOPBACK
from promotion_jobs.mock.state import checked_public_url
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.token_authority import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_TOKEN,
    RegisteredClient,
    TokenAuthority,
)
from promotion_jobs.settings import SettingsError, StoreSettings

DEFAULT_PORT = 4010
CLIENT_SECRET_VARIABLE = "MOCK_CLIENT_SECRET"  # noqa: S105 - the variable's name, not a secret


class CommandError(Exception):
    """A mock the command line describes but cannot build; printed, then exit status 2."""


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser("mock", help=summary)
    parser.add_argument("--host", default=LOOPBACK, help=f"interface to bind (default {LOOPBACK})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--fixtures", type=Path, help="fixtures file (default: the packaged fixtures)")
    parser.add_argument("--token", action="append", help=f"a static bearer token (default {DEFAULT_TOKEN})")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="client id for /oauth/access_token")
    secret = parser.add_mutually_exclusive_group()
    secret.add_argument(
        "--client-secret",
        help=f"client secret for /oauth/access_token, visible to `ps`; prefer ${CLIENT_SECRET_VARIABLE} or "
        f"--client-secret-file (default {DEFAULT_CLIENT_SECRET})",
    )
    secret.add_argument(
        "--client-secret-file", type=Path, metavar="PATH", help="read the client secret from this file's first line"
    )
    parser.add_argument(
        "--public-url",
        type=_public_url,
        metavar="URL",
        help="start of every absolute URL the mock writes, e.g. behind a proxy (default: the address it is bound to)",
    )
    parser.add_argument(
        "--fault", action="append", default=[], type=_fault, metavar="NAME", help="drift from the contract"
    )
    parser.add_argument("--list-faults", action="store_true", help="list the fault modes and exit")
    parser.add_argument(
        "--step-seconds",
        type=float,
        default=DEFAULT_STEP_SECONDS,
        help=f"how long a created job stays pending, then processing (default {DEFAULT_STEP_SECONDS})",
    )
    parser.add_argument("--seed", type=int, help="seed of the generated codes, for reproducible runs")
    parser.add_argument(
        "--no-strict", dest="strict", action="store_false", help="do not validate responses before sending"
    )
    settings = parser.add_argument_group(
        "store settings", "served at GET /v2/settings and honoured; default: the fixtures', else the documented ones"
    )
    for name in StoreSettings.names():
        settings.add_argument(f"--{name.replace('_', '-')}", dest=name, type=int, metavar="N")
    parser.set_defaults(run=run)


def _fault(name: str) -> Fault:
    try:
        return parse_fault(name)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _public_url(url: str) -> str:
    try:
        return checked_public_url(url)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def client_secret(args: argparse.Namespace, environ: Mapping[str, str]) -> str:
    """The secret from the file, the option, the environment or the default, in that order."""
    path: Path | None = args.client_secret_file
    given: str | None = args.client_secret
    if path is not None:
        return _read_secret(path)
    if given is not None:
        return given
    return environ.get(CLIENT_SECRET_VARIABLE) or DEFAULT_CLIENT_SECRET


def _read_secret(path: Path) -> str:
    """The file's first line, without its line ending (editors add one)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read the client secret file: {error}") from None
    if not lines or not lines[0]:
        raise CommandError(f"the client secret file {path} is empty")
    return lines[0]


def mock_config(args: argparse.Namespace, environ: Mapping[str, str]) -> MockConfig:
    """The mock the parsed command line describes; CommandError when it cannot be built."""
    try:
        data = read_fixtures(args.fixtures)
        store = Store()
        load_fixtures(store, data)
        given = {name: getattr(args, name) for name in StoreSettings.names() if getattr(args, name) is not None}
        settings = fixture_settings(data).with_values(given)
    except (OSError, FixtureError, SettingsError) as error:
        raise CommandError(str(error)) from None
    tokens = TokenAuthority(
        static_tokens=args.token or [DEFAULT_TOKEN],
        client=RegisteredClient(args.client_id, client_secret(args, environ)),
    )
    return MockConfig(
        store=store,
        tokens=tokens,
        strict=args.strict,
        faults=args.fault,
        step_seconds=args.step_seconds,
        seed=args.seed,
        settings=settings,
        public_url=args.public_url,
    )


def run(args: argparse.Namespace) -> int:
    if args.list_faults:
        for fault in Fault:
            print(f"{fault.value:20} {fault.description}")
        return 0
    try:
        config = mock_config(args, os.environ)
    except CommandError as error:
        print(f"promotion-jobs mock: {error}", file=sys.stderr)
        return 2
    app = create_app(config)
    faults = ", ".join(fault.value for fault in args.fault) or "none"
    print(f"promotion-jobs mock on http://{args.host}:{args.port} (faults: {faults})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
