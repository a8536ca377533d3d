"""`promotion-jobs validate FILE...`: judge recorded traffic (HAR 1.2) by the contract.

The summary reads like a conformance run's: exchanges per operation and status, every distinct
failure and warning once with its request as a curl line (secrets hidden), the checks recorded
traffic cannot answer, and a JUnit report. Exit 1 on a failure (or a warning, with --strict).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from promotion_jobs.conformance.junit import write_junit
from promotion_jobs.conformance.summary import FAILURE, Finding, RunSummary, check_rows, findings_report, listed
from promotion_jobs.ledger import severities
from promotion_jobs.operations import SETTINGS_OPERATION
from promotion_jobs.settings import SettingsError, StoreSettings, contract_for, default_settings
from promotion_jobs.traffic.exchange import Exchange
from promotion_jobs.traffic.har import HarError, read_har
from promotion_jobs.traffic.judge import NEGATIVE_DATA_NOTE, NOT_APPLICABLE, Judge

JUNIT_REPORT = "validate-junit.xml"
FINDINGS_REPORT = "validate-findings.json"
USAGE_STATUS = 2


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser(
        "validate",
        help=summary,
        description="Judge every exchange of HAR 1.2 recordings by the contract, with the conformance checks.",
    )
    parser.add_argument("files", metavar="FILE", nargs="+", type=Path, help="a HAR 1.2 recording")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.add_argument("--reports", type=Path, default=Path("reports"), metavar="DIR", help="where reports go")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    exchanges: list[Exchange] = []
    for path in args.files:
        try:
            exchanges += read_har(path)
        except HarError as error:
            print(f"error: {error}", file=sys.stderr)
            return USAGE_STATUS
    traffic = validate(exchanges, strict=args.strict)
    for line in render(traffic, strict=args.strict):
        print(line)
    write_reports(args.reports, traffic.summary, strict=args.strict)
    print(f"Reports:     {args.reports / JUNIT_REPORT}, {args.reports / FINDINGS_REPORT}")
    return 1 if traffic.summary.failures else 0


@dataclass
class Traffic:
    """What validating some exchanges found: the summary (findings, checks, statuses), the
    statuses per operation, and the exchanges not described by the document, by method and path."""

    summary: RunSummary
    settings: str
    by_operation: dict[str, Counter[int | None]] = field(default_factory=dict)
    skipped: Counter[str] = field(default_factory=Counter)


def validate(exchanges: Sequence[Exchange], *, strict: bool = False) -> Traffic:
    """Judge every exchange; the exchanges the document does not describe are counted, not judged."""
    settings, origin = recorded_settings(exchanges)
    recorder = Recorder(settings, origin, strict=strict)
    for exchange in exchanges:
        recorder.add(exchange)
    return recorder.traffic


class Recorder:
    """Judges exchanges one at a time and accumulates what they show into `traffic`, for a recording
    (`validate`) and for live traffic (`promotion-jobs proxy`) alike."""

    def __init__(self, settings: StoreSettings, origin: str, *, strict: bool = False) -> None:
        summary = RunSummary(severities(strict))
        self.judge = Judge(contract_for(settings), severity_of=summary.severity_of)
        self.traffic = Traffic(summary, f"{settings.describe()} ({origin})")
        self.seen = 0  # exchanges added, judged or skipped
        self._lock = threading.Lock()

    def add(self, exchange: Exchange) -> list[Finding]:
        """Judge `exchange` and count it; its findings, labelled by operation (none when skipped)."""
        verdict = self.judge.judge(exchange)
        with self._lock:
            index, self.seen = self.seen, self.seen + 1
            traffic, summary = self.traffic, self.traffic.summary
            if verdict.operation is None:
                traffic.skipped[f"{exchange.method} {exchange.path}"] += 1
                return []
            label = f"{exchange.method} {self.judge.contract.operation(verdict.operation).path}"
            summary.operations.add(label)
            summary.statuses[exchange.status] += 1
            traffic.by_operation.setdefault(label, Counter())[exchange.status] += 1
            summary.cases.add(str(index))
            for check, passed in verdict.outcomes.items():
                summary.checks.setdefault(check, Counter())["success" if passed else FAILURE] += 1
            findings = [_relabelled(finding, label) for finding in verdict.findings]
            for finding in findings:
                summary.findings.setdefault((finding.check, finding.title, finding.message), finding)
            return findings


def recorded_settings(exchanges: Sequence[Exchange]) -> tuple[StoreSettings, str]:
    """The store settings the recording itself carries (its last valid `GET /v2/settings` answer),
    or the documented defaults: a store is judged by its own page size and limits, as in a run."""
    contract = contract_for(None)
    answers = contract.operation(SETTINGS_OPERATION)
    for exchange in reversed(exchanges):
        if exchange.method != answers.method or exchange.status != 200 or not exchange.path.endswith(answers.path):
            continue
        body = exchange.response_json()
        if isinstance(body, dict) and contract.validate_response(SETTINGS_OPERATION, 200, body) == []:
            try:
                return default_settings().with_values(body["data"]), "recorded GET /v2/settings"
            except SettingsError:
                continue
    return default_settings(), "documented defaults: the recording has no GET /v2/settings answer"


def _relabelled(finding: Finding, operation: str) -> Finding:
    return Finding(finding.check, finding.title, finding.message, finding.curl, finding.severity, operation)


def render(traffic: Traffic, *, strict: bool) -> Iterator[str]:
    summary, skipped = traffic.summary, traffic.skipped
    yield "=" * 30 + " traffic summary " + "=" * 30
    yield f"Settings:    {traffic.settings}"
    yield f"Exchanges:   {summary.requests} judged, {sum(skipped.values())} not described by the document (skipped)"
    yield f"Operations:  {len(summary.operations)}"
    for label, statuses in sorted(traffic.by_operation.items()):
        yield f"  {label}: {_statuses(statuses)}"
    for where, count in sorted(skipped.items()):
        yield f"  skipped {where}: {count}"
    yield from check_rows(summary, "applied")
    yield "Not applied: checks recorded traffic cannot answer"
    for name, why in NOT_APPLICABLE.items():
        yield f"  -    {name}: {why}"
    yield f"  note {NEGATIVE_DATA_NOTE}"
    if summary.failures:
        yield f"Failures:    {len(summary.failures)} distinct"
    yield from listed(summary.failures, "", with_operation=True)
    if summary.warnings:
        yield f"Warnings:    {len(summary.warnings)} distinct (decisions Elastic Path does not document)"
    yield from listed(summary.warnings, "W", with_operation=True)
    if summary.failures:
        verdict = "FAILED"
    elif summary.warnings:
        verdict = "passed with warnings"
    else:
        verdict = "passed"
    yield f"Verdict:     {verdict}{' (strict)' if strict else ''}"


def _statuses(statuses: Counter[int | None]) -> str:
    return ", ".join(f"{status or 'no answer'}: {count}" for status, count in sorted(statuses.items(), key=str))


def write_reports(directory: Path, summary: RunSummary, *, strict: bool) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    write_junit(directory / JUNIT_REPORT, summary)
    (directory / FINDINGS_REPORT).write_text(findings_report(summary, strict=strict), encoding="utf-8")
