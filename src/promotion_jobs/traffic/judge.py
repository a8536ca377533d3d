"""Judge one exchange by the contract, with the checks a conformance run uses, under their names.

The operation is found by method and path template among the contract's operations (a base path
before the template is allowed); an exchange the document does not describe is not judged. Each
breach is a `Finding` named by the check a conformance run reports it under, so the rule ledger
gives it the same severity.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import unquote

from promotion_jobs.conformance.page import read_page
from promotion_jobs.conformance.semantics import RULES
from promotion_jobs.conformance.summary import Finding, SeverityOf, curl_line
from promotion_jobs.contract import JSON_MEDIA_TYPE, Contract, Operation
from promotion_jobs.environment import HIDDEN
from promotion_jobs.ledger import load_ledger
from promotion_jobs.operations import family_of
from promotion_jobs.parameters import decode_parameters
from promotion_jobs.settings import contract_for
from promotion_jobs.traffic.exchange import Exchange

NOT_A_SERVER_ERROR = "not_a_server_error"
STATUS_CODE = "status_code_conformance"
CONTENT_TYPE = "content_type_conformance"
RESPONSE_SCHEMA = "response_schema_conformance"
NEGATIVE_DATA = "negative_data_rejection"

# Checks of a conformance run that recorded traffic cannot answer, and why.
NOT_APPLICABLE: dict[str, str] = {
    "ignored_auth": "an auth probe: needs requests sent without a valid token",
    "missing_required_header": "an auth probe: needs requests sent without a token",
    "positive_data_acceptance": "needs generated valid data",
    "unsupported_method": "needs requests with undeclared methods",
    "allow_header_conformance": "needs requests with undeclared methods",
    "use_after_free": "resource availability: needs the stateful phase",
    "ensure_resource_availability": "resource availability: needs the stateful phase",
    "object_level_authorization": "needs several identities",
    "response_headers_conformance": "not judged on recorded traffic",
    "list_reached": "judges a conformance run, not traffic",
}
NEGATIVE_DATA_NOTE = f"{NEGATIVE_DATA} judges only the requests that were recorded: no negative data is generated"


@dataclass(frozen=True)
class Match:
    operation: Operation
    path_parameters: dict[str, str]


@dataclass
class Verdict:
    """What judging one exchange found: its operation (None: not described), each check that
    judged it with whether it passed, and the findings."""

    exchange: Exchange
    operation: str | None
    outcomes: dict[str, bool] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


class Judge:
    """Judges exchanges by one contract (by default the document, or as a store's settings adjust it)."""

    def __init__(self, contract: Contract | None = None, severity_of: SeverityOf | None = None) -> None:
        self.contract = contract or contract_for(None)
        self.severity_of: SeverityOf = severity_of or load_ledger().severity
        self._templates = [
            (operation, _template_pattern(operation.path)) for operation in self.contract.operations.values()
        ]

    def match(self, method: str, path: str) -> Match | None:
        for operation, pattern in self._templates:
            if operation.method != method.upper():
                continue
            found = pattern.search(path)
            if found:
                return Match(operation, {name: unquote(value) for name, value in found.groupdict().items()})
        return None

    def judge(self, exchange: Exchange) -> Verdict:
        matched = self.match(exchange.method, exchange.path)
        if matched is None or exchange.status is None:
            return Verdict(exchange, matched.operation.operation_id if matched else None)
        verdict = Verdict(exchange, matched.operation.operation_id)
        _Judging(self, exchange, matched, verdict).run()
        return verdict


@dataclass
class _Judging:
    judge: Judge
    exchange: Exchange
    matched: Match
    verdict: Verdict

    @property
    def operation(self) -> Operation:
        return self.matched.operation

    def record(self, check: str, problems: list[str], title: str) -> None:
        self.verdict.outcomes[check] = self.verdict.outcomes.get(check, True) and not problems
        if problems:
            message = f"{title}\n\n" + "\n".join(f"- {problem}" for problem in problems[:5])
            for secret in self.exchange.secret_values():  # a schema message may quote a whole token answer
                message = message.replace(secret, HIDDEN)
            curl = curl_line(self.exchange.request_record())
            self.verdict.findings.append(
                Finding(check, title, message, curl, self.judge.severity_of(check), self.operation.operation_id)
            )

    def run(self) -> None:
        status = self.exchange.status
        assert status is not None
        name = self.operation.operation_id
        server_error = [f"{name} answered {status}"] if status >= 500 else []
        self.record(NOT_A_SERVER_ERROR, server_error, "Server error")
        declared = str(status) in self.operation.responses or "default" in self.operation.responses
        self.record(
            STATUS_CODE, [] if declared else [f"status {status} is not declared for {name}"], "Undocumented status"
        )
        self.judge_request(status)
        if not declared:
            return
        schema = self.operation.responses.get(str(status), self.operation.responses.get("default"))
        if schema is None:  # the document declares no JSON body for this status
            return
        content_type = self.exchange.response_content_type
        if not _is_json(content_type):
            self.record(
                CONTENT_TYPE,
                [f"{name} answered {status} with Content-Type {content_type!r}, not {JSON_MEDIA_TYPE}"],
                "Undocumented Content-Type",
            )
        else:
            self.record(CONTENT_TYPE, [], "")
        try:
            body: object = json.loads(self.exchange.response_body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            self.record(RESPONSE_SCHEMA, [f"the body is not JSON: {error}"], "Response violates schema")
            return
        self.record(RESPONSE_SCHEMA, schema.errors(body), "Response violates schema")
        self.judge_page(status, body)

    def judge_request(self, status: int) -> None:
        """A request the document refuses must not be served."""
        problems = [
            f"{value.name}: {value.problem}"
            for value in decode_parameters(self.operation, self.exchange.query, self.matched.path_parameters).values()
            if value.problem is not None
        ]
        if self.operation.request_body is not None or self.exchange.request_body:
            problems += self.judge.contract.validate_request_body(
                self.operation.operation_id, self.exchange.request_content_type, self.exchange.request_body
            )
        accepted = 200 <= status < 300
        self.record(
            NEGATIVE_DATA,
            [f"accepted with {status}: {problem}" for problem in problems] if accepted else [],
            "API accepted schema-violating request",
        )

    def judge_page(self, status: int, body: object) -> None:
        family = family_of(self.operation.operation_id)
        if family is None or self.operation.operation_id != family.list_operation:
            return
        page = read_page(
            self.exchange.url, self.matched.path_parameters, status, body, self.judge.contract, family=family
        )
        if page is None:
            return
        for check, rule in RULES.items():
            title = (rule.__doc__ or check).strip().splitlines()[0]
            self.record(check, rule(page), title)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{([^}]+)\}", template)
    pattern = "".join(f"(?P<{part}>[^/]+)" if index % 2 else re.escape(part) for index, part in enumerate(parts))
    return re.compile(f"{pattern}/?$")


def _is_json(content_type: str | None) -> bool:
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media == JSON_MEDIA_TYPE or media.endswith("+json")
