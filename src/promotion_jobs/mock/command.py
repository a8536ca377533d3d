"""`promotion-jobs mock`: serve the mock until interrupted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import uvicorn

from promotion_jobs.mock.app import MockConfig, create_app
from promotion_jobs.mock.faults import Fault, parse_fault
from promotion_jobs.mock.fixtures import FixtureError, fixture_settings, load_fixtures, read_fixtures
from promotion_jobs.mock.lifecycle import DEFAULT_STEP_SECONDS
from promotion_jobs.mock.server import LOOPBACK
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.tokens import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    DEFAULT_TOKEN,
    Credentials,
    TokenAuthority,
)
from promotion_jobs.settings import SettingsError, StoreSettings

DEFAULT_PORT = 4010


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = commands.add_parser("mock", help="serve the stateful mock of the Promotion Jobs API")
    parser.add_argument("--host", default=LOOPBACK, help=f"interface to bind (default {LOOPBACK})")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--fixtures", type=Path, help="fixtures file (default: the packaged fixtures)")
    parser.add_argument("--token", action="append", help=f"a static bearer token (default {DEFAULT_TOKEN})")
    parser.add_argument("--client-id", default=DEFAULT_CLIENT_ID, help="client id for /oauth/access_token")
    parser.add_argument("--client-secret", default=DEFAULT_CLIENT_SECRET, help="client secret for /oauth/access_token")
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


def run(args: argparse.Namespace) -> int:
    if args.list_faults:
        for fault in Fault:
            print(f"{fault.value:20} {fault.description}")
        return 0
    try:
        data = read_fixtures(args.fixtures)
        store = Store()
        load_fixtures(store, data)
        given = {name: getattr(args, name) for name in StoreSettings.names() if getattr(args, name) is not None}
        settings = fixture_settings(data).with_values(given)
    except (OSError, FixtureError, SettingsError) as error:
        print(f"promotion-jobs mock: {error}", file=sys.stderr)
        return 2
    tokens = TokenAuthority(
        static_tokens=args.token or [DEFAULT_TOKEN],
        credentials=Credentials(args.client_id, args.client_secret),
    )
    config = MockConfig(
        store=store,
        tokens=tokens,
        strict=args.strict,
        faults=args.fault,
        step_seconds=args.step_seconds,
        seed=args.seed,
        settings=settings,
    )
    app = create_app(config)
    faults = ", ".join(fault.value for fault in args.fault) or "none"
    print(f"promotion-jobs mock on http://{args.host}:{args.port} (faults: {faults})", file=sys.stderr)
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning", access_log=False)
    return 0
