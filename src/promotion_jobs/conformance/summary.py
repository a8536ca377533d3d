"""What a run did, read back from schemathesis' NDJSON event log, and the verdict on it.

The verdict is stricter than "no check failed": a run in which no request got a 2xx answer
(every request refused for auth, the server unreachable, nothing generated) tested nothing and
must not pass. Every check outcome, from a case of any phase or from a check's end of run, goes
through `RunSummary.record`, so the per-check counts and the finding lists cannot disagree.
Each finding takes its check's severity (the ledger's, or `fail` for all in a strict run): a
`fail` finding is a failure, a `warn` finding a warning shown apart that does not fail the run.
"""

from __future__ import annotations

import base64
import json
import re
import shlex
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from promotion_jobs.environment import EP_PROMOTION_ID, EP_RULE_PROMOTION_ID
from promotion_jobs.ledger import Severity

AUTHORIZATION = "Authorization"
TOKEN_PLACEHOLDER = "Bearer $EP_ACCESS_TOKEN"  # noqa: S105 - a shell variable, expanded by the reader's shell
STATEFUL_LABEL = "Stateful tests"
RUN_LABEL = "the run as a whole"  # where a check's end-of-run breach belongs
MAX_FAILURES_SHOWN = 20
MAX_SHOWN_PER_CHECK = 3  # the rest of a check's distinct findings are in the findings report
MAX_EVIDENCE_SHOWN = 3
FAILURE = "failure"
# schemathesis names the check of an end-of-run failure only in its title: "Custom check failed: `name`".
CHECK_IN_TITLE = re.compile(r"`([^`]+)`")


SeverityOf = Callable[[str], Severity]


def always_fail(check: str) -> Severity:
    return Severity.FAIL


# The run's own check (conformance/checks.py): no list request got through, so no page was judged.
LIST_REACHED = "list_reached"


@dataclass(frozen=True)
class Finding:
    """One distinct breach: the check that fired, what it said, how to send the request again, and
    whether it fails the run or warns."""

    check: str
    title: str
    message: str
    curl: str | None
    severity: Severity
    operation: str = RUN_LABEL

    def as_dict(self) -> dict[str, str | None]:
        return {
            "operation": self.operation,
            "check": self.check,
            "severity": self.severity.value,
            "title": self.title,
            "message": self.message,
            "curl": self.curl,
        }


@dataclass
class RunSummary:
    severity_of: SeverityOf = always_fail
    operations: set[str] = field(default_factory=set)
    cases: set[str] = field(default_factory=set)
    statuses: Counter[int | None] = field(default_factory=Counter)
    checks: dict[str, Counter[str]] = field(default_factory=dict)
    findings: dict[tuple[str, str, str], Finding] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def failures(self) -> list[Finding]:
        return [finding for finding in self.findings.values() if finding.severity is Severity.FAIL]

    @property
    def warnings(self) -> list[Finding]:
        return [finding for finding in self.findings.values() if finding.severity is Severity.WARN]

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    @property
    def successes(self) -> int:
        return sum(count for status, count in self.statuses.items() if status is not None and 200 <= status < 300)

    @property
    def failed_checks(self) -> set[str]:
        return {finding.check for finding in self.failures}

    @property
    def warned_checks(self) -> set[str]:
        return {finding.check for finding in self.warnings}

    def record(
        self,
        check: str,
        status: str,
        failure: Mapping[str, Any] | None = None,
        curl: str | None = None,
        operation: str = RUN_LABEL,
    ) -> None:
        """One outcome of `check`; a breach is also listed, once per distinct title and message."""
        self.checks.setdefault(check, Counter())[status] += 1
        if status != FAILURE:
            return
        details = failure or {}
        key = (check, str(details.get("title", "")), str(details.get("message", "")))
        self.findings.setdefault(key, Finding(check, key[1], key[2], curl, self.severity_of(check), operation))

    def nothing_tested(self) -> str | None:
        """Why the run proved nothing, or None when it did test the server."""
        if not self.cases:
            return "no test case was run"
        if self.requests == 0 or self.statuses.get(None, 0) == self.requests:
            return "no request got an answer (is the server reachable?)"
        if self.successes == 0:
            seen = ", ".join(f"{status}x{count}" for status, count in sorted(self.statuses.items(), key=str))
            check = f"check the token, {EP_PROMOTION_ID} and {EP_RULE_PROMOTION_ID}"
            return f"no request got a 2xx answer (statuses: {seen}); {check}"
        return None


def read_summary(lines: Iterable[str], severity_of: SeverityOf = always_fail) -> RunSummary:
    summary = RunSummary(severity_of)
    for line in lines:
        if not line.strip():
            continue
        event: Mapping[str, Any] = json.loads(line)
        for kind, payload in event.items():
            if kind == "ScenarioFinished" and isinstance(payload.get("recorder"), Mapping):
                _add_scenario(summary, payload["recorder"])
            elif kind == "EngineFinished":
                for failure in payload.get("failures") or ():
                    _add_run_failure(summary, failure)
            elif kind in {"NonFatalError", "FatalError"}:
                summary.errors.append(_error_text(payload))
    return summary


def read_summary_file(path: Path, severity_of: SeverityOf = always_fail) -> RunSummary:
    if not path.is_file():
        summary = RunSummary(severity_of)
        summary.errors.append(f"schemathesis wrote no event log at {path}")
        return summary
    with path.open(encoding="utf-8") as stream:
        return read_summary(stream, severity_of)


def _add_scenario(summary: RunSummary, recorder: Mapping[str, Any]) -> None:
    label = recorder.get("label")
    if isinstance(label, str) and label != STATEFUL_LABEL:
        summary.operations.add(label)
    interactions: Mapping[str, Any] = recorder.get("interactions") or {}
    for interaction in interactions.values():
        response = interaction.get("response")
        summary.statuses[response.get("status_code") if isinstance(response, Mapping) else None] += 1
    for case_id, results in (recorder.get("checks") or {}).items():
        summary.cases.add(case_id)
        for result in results:
            name, status = result.get("name", "?"), result.get("status", "?")
            failure = (result.get("failure_info") or {}).get("failure")
            curl = curl_line((interactions.get(case_id) or {}).get("request")) if status == FAILURE else None
            details = failure if isinstance(failure, Mapping) else None
            summary.record(name, status, details, curl, label if isinstance(label, str) else RUN_LABEL)


def _add_run_failure(summary: RunSummary, failure: Mapping[str, Any]) -> None:
    """A failure raised by a check's `after_run` (such as `list_reached`): it belongs to no case."""
    named = CHECK_IN_TITLE.search(str(failure.get("title", "")))
    summary.record(named.group(1) if named else str(failure.get("type", "?")), FAILURE, failure)


def _error_text(payload: Mapping[str, Any]) -> str:
    value = payload.get("value") or payload.get("info") or payload.get("exception")
    if isinstance(value, Mapping):
        text = f"{value.get('type', 'error')}: {value.get('message') or value.get('title') or ''}"
    else:
        text = str(value or payload)
    label = payload.get("label")
    return f"{label}: {text}" if label else text


def check_rows(summary: RunSummary, verb: str) -> Iterator[str]:
    """The checks line and one row a check, marked FAIL, WARN or ok; a run's and a recording's alike."""
    failed, warned = summary.failed_checks, summary.warned_checks
    yield f"Checks:      {len(summary.checks)} {verb}, {len(failed)} failed, {len(warned)} warned"
    for name in sorted(summary.checks):
        counts = summary.checks[name]
        mark = "FAIL" if name in failed else "WARN" if name in warned else "ok  "
        yield f"  {mark} {name}: {counts.get('success', 0)} passed, {counts.get(FAILURE, 0)} failed"


def listed(findings: list[Finding], mark: str, *, with_operation: bool = False) -> Iterator[str]:
    """Each check's first findings with their evidence and curl line; the rest counted."""
    shown: list[Finding] = []
    for finding in findings:
        if sum(other.check == finding.check for other in shown) < MAX_SHOWN_PER_CHECK:
            shown.append(finding)
    shown = shown[:MAX_FAILURES_SHOWN]
    for index, finding in enumerate(shown, start=1):
        lines = [line.strip() for line in finding.message.strip().splitlines() if line.strip()]
        where = f" ({finding.operation})" if with_operation else ""
        yield f"  {mark}{index}. [{finding.check}] {finding.title}{where}"
        if lines and lines[0] != finding.title:
            yield f"     {lines[0]}"
        for evidence in [line for line in lines[1:] if line.startswith("- ")][:MAX_EVIDENCE_SHOWN]:
            yield f"     {evidence}"
        if finding.curl:
            yield f"     {finding.curl}"
    if len(shown) < len(findings):
        yield f"  ... and {len(findings) - len(shown)} more alike, in the findings report"


def curl_line(request: object) -> str | None:
    """A curl line for the request; the token is left to the reader's shell, never written."""
    if not isinstance(request, Mapping) or "uri" not in request:
        return None
    parts = ["curl", "-X", str(request.get("method", "GET"))]
    for name, values in (request.get("headers") or {}).items():
        for value in values if isinstance(values, list) else [values]:
            shown = TOKEN_PLACEHOLDER if name.lower() == AUTHORIZATION.lower() else str(value)
            parts += ["-H", f"{name}: {shown}"]
    body = request.get("body")
    if isinstance(body, Mapping) and isinstance(body.get("$base64"), str):
        parts += ["--data-binary", base64.b64decode(body["$base64"]).decode("utf-8", "backslashreplace")]
    # --globoff: `page[offset]` must reach the server, not curl's URL globbing.
    parts += ["--globoff", str(request["uri"])]
    return " ".join(_quote(part) for part in parts)


def _quote(part: str) -> str:
    if "$EP_ACCESS_TOKEN" in part:  # double quotes, so the shell expands the token
        return '"' + part.replace('"', '\\"') + '"'
    return shlex.quote(part)


def render(
    summary: RunSummary, *, target: str, settings: str, verdict: str, families: str | None = None
) -> Iterator[str]:
    """The human summary printed after schemathesis' own report."""
    yield "=" * 30 + " conformance summary " + "=" * 30
    yield f"Target:      {target}"
    if families is not None:
        yield f"Families:    {families}"
    yield f"Settings:    {settings}"
    yield f"Operations:  {len(summary.operations)} ({', '.join(sorted(summary.operations)) or 'none'})"
    counted = sorted(summary.statuses.items(), key=str)
    statuses = ", ".join(f"{status or 'no answer'}: {count}" for status, count in counted)
    yield f"Cases:       {len(summary.cases)}; requests {summary.requests} ({statuses or 'none'})"
    yield from check_rows(summary, "run")
    if summary.failures:
        yield f"Failures:    {len(summary.failures)} distinct"
    yield from listed(summary.failures, "")
    if summary.warnings:
        yield f"Warnings:    {len(summary.warnings)} distinct (decisions Elastic Path does not document)"
    yield from listed(summary.warnings, "W")
    for error in summary.errors:
        yield f"Error:       {error.strip().splitlines()[0] if error.strip() else error}"
    yield f"Verdict:     {verdict}"


def findings_report(summary: RunSummary, *, strict: bool, **context: object) -> str:
    """The findings with their severities, apart, as JSON: the report a machine reads to tell failures
    from warnings; `context` (a run's settings, say) comes first."""
    report = {
        **context,
        "strict": strict,
        "failures": [finding.as_dict() for finding in summary.failures],
        "warnings": [finding.as_dict() for finding in summary.warnings],
    }
    return json.dumps(report, indent=2) + "\n"
