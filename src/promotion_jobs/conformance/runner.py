"""One conformance run: pick the target, start the embedded mock if needed, run schemathesis, judge.

schemathesis runs as a child process with the committed `schemathesis.toml`, so a run is exactly
what `schemathesis run` would do, plus what this toolkit adds: the hooks module (auth, pinned
promotion, semantic checks), the target's rate limit, read-only method exclusions, reports in
`reports/`, a summary and a verdict. Secrets reach the child only through its environment; its
console output and every report are checked for them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from promotion_jobs import environment
from promotion_jobs.conformance.summary import RunSummary, read_summary_file, render
from promotion_jobs.conformance.target import EMBEDDED_MOCK, Target, target_from_environment
from promotion_jobs.contract import document_path
from promotion_jobs.environment import ClientCredentials, StaticToken
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.tokens import TokenAuthority

CONFIG_NAME = "schemathesis.toml"
HOOKS_MODULE = "promotion_jobs.conformance.hooks"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
REDACTED = "[REDACTED]"
REPORT_FILES = {"junit": "conformance-junit.xml", "har": "conformance.har", "ndjson": "conformance-events.ndjson"}


class ExitCode:
    PASSED = 0
    VIOLATIONS = 1
    USAGE = 2
    NOTHING_TESTED = 3
    SECRET_LEAKED = 4


@dataclass(frozen=True)
class RunOptions:
    """What the command line may change; everything else is in `schemathesis.toml`."""

    faults: Sequence[Fault] = ()
    report_dir: Path = Path("reports")
    allow_writes: bool = False
    config: Path | None = None
    schemathesis_args: Sequence[str] = field(default_factory=tuple)
    # The embedded mock's bearer token, fresh for each run: a public constant could be generated
    # by Hypothesis (it mines the code's string constants) and then reach a report as data.
    mock_token: str = field(default_factory=lambda: secrets.token_urlsafe(24))


def config_path() -> Path:
    """The `schemathesis.toml` shipped in the package, or the checkout's own."""
    packaged = Path(__file__).with_name(CONFIG_NAME)
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[3] / CONFIG_NAME


def run_conformance(options: RunOptions, env: Mapping[str, str] | None = None, out: TextIO | None = None) -> int:
    """Run the suite against the target the `EP_*` variables name; the process exit status."""
    env = dict(os.environ if env is None else env)
    out = out or sys.stdout
    try:
        target = target_from_environment(env, mock_token=options.mock_token, allow_writes=options.allow_writes)
    except environment.ConfigurationError as error:
        print(f"promotion-jobs conformance: {error}", file=out)
        return ExitCode.USAGE
    if options.faults and not target.is_embedded:
        print("promotion-jobs conformance: --fault applies to the embedded mock only; unset EP_BASE_URL", file=out)
        return ExitCode.USAGE
    with serving(target, options.faults) as base_url:
        return _run_against(target, base_url, options, env, out)


EMBEDDED_STEP_SECONDS = 0.2


@contextmanager
def serving(target: Target, faults: Sequence[Fault]) -> Iterator[str]:
    """The base URL to test: the live store's, or an embedded mock's for the duration of the run."""
    if target.base_url is not None:
        yield target.base_url
        return
    # Jobs move on within a fraction of a second, so in a run of a few seconds creates find the
    # promotion free again, cancels meet running jobs and exports complete: every documented
    # answer of the lifecycle calls is reached, not only "Too many jobs".
    tokens = TokenAuthority(static_tokens=target.secrets())
    config = MockConfig(store=fixture_store(), tokens=tokens, faults=tuple(faults), step_seconds=EMBEDDED_STEP_SECONDS)
    with running_server(create_app(config)) as base_url:
        yield base_url


def describe(target: Target, base_url: str, faults: Sequence[Fault]) -> str:
    if target.is_embedded:
        drift = ", ".join(fault.value for fault in faults) or "none"
        return f"embedded mock at {base_url} (faults: {drift}), promotion {target.promotion_id}"
    mode = "writes allowed" if target.allow_writes else "read-only"
    return f"{base_url}, promotion {target.promotion_id}, {mode}, rate limit {target.rate_limit}"


def schemathesis_command(target: Target, base_url: str, options: RunOptions) -> list[str]:
    reports = {kind: str(options.report_dir / name) for kind, name in REPORT_FILES.items()}
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(options.config or config_path()),
        "run", str(document_path()),
        "--url", base_url,
        "--rate-limit", target.rate_limit,
        "--report", ",".join(reports),
        *(arg for kind, path in reports.items() for arg in (f"--report-{kind}-path", path)),
        "--no-color",
    ]  # fmt: skip
    if not target.allow_writes:
        command += [arg for method in WRITE_METHODS for arg in ("--exclude-method", method)]
    return [*command, *options.schemathesis_args]


def child_environment(env: Mapping[str, str], target: Target, base_url: str) -> dict[str, str]:
    """The child's environment: the caller's, with the `EP_*` variables of the resolved target."""
    child = {name: value for name, value in env.items() if not name.startswith(environment.PREFIX)}
    child.update(
        {
            environment.BASE_URL: base_url,
            environment.PROMOTION_ID: target.promotion_id,
            "SCHEMATHESIS_HOOKS": HOOKS_MODULE,
            "PYTHONUNBUFFERED": "1",
        }
    )
    if target.is_embedded:
        child[EMBEDDED_MOCK] = "1"
    if isinstance(target.credentials, StaticToken):
        child[environment.ACCESS_TOKEN] = target.credentials.token
    elif isinstance(target.credentials, ClientCredentials):
        child[environment.CLIENT_ID] = target.credentials.client_id
        child[environment.CLIENT_SECRET] = target.credentials.client_secret
    return child


def _run_against(target: Target, base_url: str, options: RunOptions, env: Mapping[str, str], out: TextIO) -> int:
    options.report_dir.mkdir(parents=True, exist_ok=True)
    for name in REPORT_FILES.values():
        (options.report_dir / name).unlink(missing_ok=True)
    secrets = target.secrets()
    process = subprocess.Popen(
        schemathesis_command(target, base_url, options),
        env=child_environment(env, target, base_url),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    assert process.stdout is not None
    for line in process.stdout:
        out.write(redact(line, secrets))
    status = process.wait()
    summary = read_summary_file(options.report_dir / REPORT_FILES["ndjson"])
    leaked = scrub_reports(options.report_dir, secrets)
    code, verdict = judge(status, summary, leaked)
    for line in render(summary, target=describe(target, base_url, options.faults), verdict=verdict):
        print(redact(line, secrets), file=out)
    print(f"Reports:     {', '.join(str(options.report_dir / name) for name in REPORT_FILES.values())}", file=out)
    out.flush()
    return code


def judge(status: int, summary: RunSummary, leaked: Sequence[Path]) -> tuple[int, str]:
    """The exit status and a one-line verdict.

    A run that tested nothing says so first: its failures (`list_reached` at least) only repeat
    that no request got through, and say nothing of whether the server honours the contract.
    """
    if leaked:
        names = ", ".join(str(path) for path in leaked)
        return ExitCode.SECRET_LEAKED, f"FAILED: a secret was written to {names} (now redacted)"
    reason = summary.nothing_tested()
    if reason is not None:
        return ExitCode.NOTHING_TESTED, f"FAILED: nothing was really tested: {reason}"
    if summary.failures:
        checks = ", ".join(sorted(summary.failed_checks))
        return ExitCode.VIOLATIONS, f"FAILED: {len(summary.failures)} distinct failures ({checks})"
    if status != 0:
        errors = f"; {len(summary.errors)} errors" if summary.errors else ""
        return status, f"FAILED: schemathesis exited with status {status}{errors}"
    return ExitCode.PASSED, "PASSED: no check failed"


def redact(text: str, secrets: Sequence[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


def scrub_reports(report_dir: Path, secrets: Sequence[str]) -> list[Path]:
    """Reports that contained a secret, which are rewritten without it."""
    leaked = []
    for name in REPORT_FILES.values():
        path = report_dir / name
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if any(secret and secret in text for secret in secrets):
            path.write_text(redact(text, secrets), encoding="utf-8")
            leaked.append(path)
    return leaked
