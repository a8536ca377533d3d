"""One conformance run: pick the target, read its settings, run schemathesis, judge by the ledger.

schemathesis runs as a child process with the committed `schemathesis.toml`, so a run is exactly
what `schemathesis run` would do, plus what this toolkit adds: the hooks module (auth, pinned
promotion, semantic checks), the target's rate limit, read-only method exclusions, reports in
`reports/`, a summary and a verdict. The child is given a copy of the document adjusted to the
store's settings (written for the run, never committed), so generated requests, negative cases,
schema checks and semantic checks all use the store's bounds. Each breach takes its check's
severity from the ledger: only `fail` breaches fail the run, unless it is strict. Secrets reach
the child only through its environment; its console output and every report are checked for them.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml

from promotion_jobs import environment
from promotion_jobs.conformance.junit import write_junit
from promotion_jobs.conformance.store_settings import SettingsReading, read_store_settings
from promotion_jobs.conformance.summary import LIST_REACHED, RunSummary, findings_report, read_summary_file, render
from promotion_jobs.conformance.target import EMBEDDED_MOCK, PROMOTION_VARIABLES, Target, target_from_environment
from promotion_jobs.conformance.token_source import TokenSource
from promotion_jobs.contract import load_document
from promotion_jobs.environment import ClientCredentials, StaticToken
from promotion_jobs.ledger import severities
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.token_authority import TokenAuthority
from promotion_jobs.operations import Family
from promotion_jobs.settings import adjusted

CONFIG_NAME = "schemathesis.toml"
HOOKS_MODULE = "promotion_jobs.conformance.hooks"
WRITE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
REDACTED = "[REDACTED]"
# schemathesis writes the HAR and the event log; the runner writes the JUnit report and the
# findings (the settings used, every finding with its severity), which keep warnings apart.
REPORT_FILES = {
    "junit": "conformance-junit.xml",
    "har": "conformance.har",
    "ndjson": "conformance-events.ndjson",
    "findings": "conformance-findings.json",
}
SCHEMATHESIS_REPORTS = ("har", "ndjson")
FINDINGS_FILE = REPORT_FILES["findings"]


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
    strict: bool = False
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
        target = target_from_environment(
            env, mock_token=options.mock_token, allow_writes=options.allow_writes, strict=options.strict
        )
    except environment.ConfigurationError as error:
        print(f"promotion-jobs conformance: {error}", file=out)
        return ExitCode.USAGE
    if options.faults and not target.is_embedded:
        print("promotion-jobs conformance: --fault applies to the embedded mock only; unset EP_BASE_URL", file=out)
        return ExitCode.USAGE
    with serving(target, options.faults) as base_url:
        tokens = TokenSource(target.credentials, base_url)
        session = Session(target, base_url, read_store_settings(base_url, tokens.token), options)
        return _run_against(session, env, out, fetched=tokens.issued)


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
    strict = "strict" if target.strict else "warnings do not fail"
    if target.is_embedded:
        drift = ", ".join(fault.value for fault in faults) or "none"
        return f"embedded mock at {base_url} (faults: {drift}), {target.promotions()}, {strict}"
    mode = "writes allowed" if target.allow_writes else "read-only"
    return f"{base_url}, {target.promotions()}, {mode}, rate limit {target.rate_limit}, {strict}"


def tested_families(target: Target) -> str:
    """The summary's line on which families' job calls the run tested, and which it left out."""
    tested = " and ".join(f"{family.value} promotions" for family in target.families)
    untested = [
        f"{family.value} promotions (no {PROMOTION_VARIABLES[family]})"
        for family in Family
        if family not in target.families
    ]
    return tested + (f"; not tested: {', '.join(untested)}" if untested else "")


def schemathesis_command(target: Target, base_url: str, document: Path, options: RunOptions) -> list[str]:
    reports = {kind: str(options.report_dir / REPORT_FILES[kind]) for kind in SCHEMATHESIS_REPORTS}
    command = [
        sys.executable, "-m", "schemathesis.cli",
        "--config-file", str(options.config or config_path()),
        "run", str(document),
        "--url", base_url,
        "--rate-limit", target.rate_limit,
        "--report", ",".join(reports),
        *(arg for kind, path in reports.items() for arg in (f"--report-{kind}-path", path)),
        "--no-color",
    ]  # fmt: skip
    if not target.allow_writes:
        command += [arg for method in WRITE_METHODS for arg in ("--exclude-method", method)]
    for family in Family:  # the job calls of a family without a promotion to list would only 404
        if family not in target.families:
            command += [arg for operation in family.operations for arg in ("--exclude-operation-id", operation)]
    return [*command, *options.schemathesis_args]


def child_environment(
    env: Mapping[str, str], target: Target, base_url: str, reading: SettingsReading | None = None
) -> dict[str, str]:
    """The child's environment: the caller's, with the `EP_*` variables of the resolved target."""
    child = {name: value for name, value in env.items() if not name.startswith(environment.PREFIX)}
    child.update(
        {
            environment.EP_BASE_URL: base_url,
            "SCHEMATHESIS_HOOKS": HOOKS_MODULE,
            "PYTHONUNBUFFERED": "1",
        }
    )
    for family in target.families:
        child[PROMOTION_VARIABLES[family]] = str(target.promotion_for(family))
    if reading is not None:
        child[environment.EP_STORE_SETTINGS] = reading.to_json()
    if target.is_embedded:
        child[EMBEDDED_MOCK] = "1"
    if isinstance(target.credentials, StaticToken):
        child[environment.EP_ACCESS_TOKEN] = target.credentials.token
    elif isinstance(target.credentials, ClientCredentials):
        child[environment.EP_CLIENT_ID] = target.credentials.client_id
        child[environment.EP_CLIENT_SECRET] = target.credentials.client_secret
    return child


@dataclass(frozen=True)
class Session:
    """One run: whom it tests, at which URL, by which settings, with which options."""

    target: Target
    base_url: str
    reading: SettingsReading
    options: RunOptions


def _run_against(session: Session, env: Mapping[str, str], out: TextIO, fetched: Sequence[str] = ()) -> int:
    """The run's exit status. `fetched`: tokens already fetched with the target's credentials."""
    target, base_url, reading, options = session.target, session.base_url, session.reading, session.options
    options.report_dir.mkdir(parents=True, exist_ok=True)
    for name in REPORT_FILES.values():
        (options.report_dir / name).unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="promotion-jobs-") as scratch:
        document = Path(scratch) / "promotion-jobs.yaml"  # the store's contract, for this run only
        document.write_text(yaml.safe_dump(adjusted(load_document(), reading.settings), sort_keys=False), "utf-8")
        status, issued = _schemathesis(session, document, env, out)
    secrets = (*target.secrets(), *fetched, *issued)  # a token fetched with client credentials is one too
    summary = read_summary_file(options.report_dir / REPORT_FILES["ndjson"], severities(target.strict))
    write_findings(options.report_dir / FINDINGS_FILE, summary, reading, target.strict)
    write_junit(options.report_dir / REPORT_FILES["junit"], summary)
    leaked = scrub_reports(options.report_dir, secrets)
    code, verdict = judge(status, summary, leaked)
    described = describe(target, base_url, options.faults)
    lines = render(
        summary, target=described, settings=reading.describe(), verdict=verdict, families=tested_families(target)
    )
    for line in lines:
        print(redact(line, secrets), file=out)
    print(f"Reports:     {', '.join(str(options.report_dir / name) for name in REPORT_FILES.values())}", file=out)
    out.flush()
    return code


def _schemathesis(session: Session, document: Path, env: Mapping[str, str], out: TextIO) -> tuple[int, list[str]]:
    """Run the schemathesis process, streaming its console output without secrets.

    Its status, and the tokens it fetched, which it reports through a pipe (never a file).
    """
    target = session.target
    pipe, child_end = os.pipe()
    child_env = child_environment(env, target, session.base_url, session.reading)
    child_env[environment.EP_TOKEN_PIPE] = str(child_end)
    process = subprocess.Popen(
        schemathesis_command(target, session.base_url, document, session.options),
        env=child_env,
        pass_fds=(child_end,),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        encoding="utf-8",
        errors="replace",
    )
    os.close(child_end)
    assert process.stdout is not None
    for line in process.stdout:
        out.write(redact(line, target.secrets()))
    status = process.wait()
    with os.fdopen(pipe, encoding="utf-8") as reported:
        return status, reported.read().split()


def write_findings(path: Path, summary: RunSummary, reading: SettingsReading, strict: bool) -> None:
    """The findings with their severities, apart: the reports a machine reads to tell them apart."""
    report = findings_report(
        summary, strict=strict, settings=reading.settings.as_dict(), settings_origin=reading.origin
    )
    path.write_text(report, encoding="utf-8")


def judge(status: int, summary: RunSummary, leaked: Sequence[Path]) -> tuple[int, str]:
    """The exit status and a one-line verdict.

    A run that tested nothing says so first: its failures (`list_reached` at least) only repeat
    that no request got through, and say nothing of whether the server honours the contract. So
    does a run whose one failure is `list_reached`: no list request, so no page, was judged.
    """
    if leaked:
        names = ", ".join(str(path) for path in leaked)
        return ExitCode.SECRET_LEAKED, f"FAILED: a secret was written to {names} (now redacted)"
    reason = summary.nothing_tested()
    if reason is None and summary.failed_checks == {LIST_REACHED}:
        # The run's own check, not a rule of the store: no list request got through (a wrong
        # promotion id, say), so the run judged no page.
        reason = next(finding.message for finding in summary.failures if finding.check == LIST_REACHED)
    if reason is not None:
        return ExitCode.NOTHING_TESTED, f"FAILED: nothing was really tested: {reason}"
    if summary.failures:
        checks = ", ".join(sorted(summary.failed_checks))
        return ExitCode.VIOLATIONS, f"FAILED: {len(summary.failures)} distinct failures ({checks})"
    # schemathesis exits 1 for any breach, warnings included: only an error is unexplained.
    if status != 0 and (summary.errors or not summary.warnings):
        errors = f"; {len(summary.errors)} errors" if summary.errors else ""
        return status, f"FAILED: schemathesis exited with status {status}{errors}"
    if summary.warnings:
        checks = ", ".join(sorted(summary.warned_checks))
        return ExitCode.PASSED, f"PASSED with {len(summary.warnings)} distinct warnings ({checks})"
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
