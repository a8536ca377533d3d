"""`promotion-jobs conformance` end to end: it passes on the mock, and fails on every drift.

Each run is the real product: the runner, a schemathesis child process with the committed
`schemathesis.toml`, an embedded mock on a free loopback port. The fault matrix runs lean (fixed
seed, few examples, only the phases that reach the fault) and two runs at a time.
"""

from __future__ import annotations

import io
import json
import re
import time
import uuid
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from contract_tests.support import ROOT
from promotion_jobs.conformance.checks import SEMANTIC_CHECKS
from promotion_jobs.conformance.runner import REPORT_FILES, ExitCode, RunOptions, run_conformance
from promotion_jobs.conformance.summary import RunSummary, read_summary_file
from promotion_jobs.conformance.target import MOCK_PROMOTION_ID, MOCK_RULE_PROMOTION_ID
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.token_authority import RegisteredClient, TokenAuthority

EMBEDDED_TOKEN = f"conformance-test-{uuid.uuid4().hex}"
LEAN = ("--seed", "1", "--max-examples", "10", "--phases", "examples,coverage")
# A lost job only shows when one call follows another: the stateful phase chains them by links.
LEAN_STATEFUL = ("--seed", "1", "--max-examples", "10", "--phases", "examples,stateful")

# fault -> the checks that are about that drift; a run must fail on at least one of them.
# The README's table "Fault modes and the checks that catch them" shows the same mapping.
CATCHERS: dict[Fault, set[str]] = {
    Fault.UNKNOWN_STATUS: {"response_schema_conformance"},
    Fault.MISSING_FIELD: {"response_schema_conformance"},
    Fault.RESULT_ON_EXPORT: {"response_schema_conformance", "generate_fields_only_on_generate_jobs"},
    Fault.FILTER_500: {"not_a_server_error", "negative_data_rejection"},
    Fault.NO_AUTH: {"ignored_auth"},
    Fault.WRONG_CONTENT_TYPE: {"content_type_conformance"},
    Fault.LIMIT_UNBOUNDED: {"negative_data_rejection", "response_schema_conformance"},
    Fault.FILTER_IGNORED: {"items_match_filter"},
    Fault.FOREIGN_JOBS: {"jobs_belong_to_promotion"},
    Fault.PAGE_OVERFLOW: {"page_size_within_limit", "page_totals_consistent"},
    Fault.TOTAL_MISMATCH: {"page_totals_consistent"},
    Fault.ERROR_SHAPE: {"response_schema_conformance"},
    Fault.LOST_JOBS: {"ensure_resource_availability"},
}


# The embedded mock tests the families it is given a promotion of (both when given none).
STANDARD_ONLY = {"EP_PROMOTION_ID": MOCK_PROMOTION_ID}
RULE_ONLY = {"EP_RULE_PROMOTION_ID": MOCK_RULE_PROMOTION_ID}
# Representative list-call drifts, shown to fail a run that tests only the rule family: a job of
# another promotion (read from `rule_promotion_id`) and a filter that is not applied.
RULE_FAULTS = (Fault.FOREIGN_JOBS, Fault.FILTER_IGNORED)


@dataclass(frozen=True)
class Run:
    status: int
    console: str
    reports: Path

    @property
    def summary(self) -> RunSummary:
        return read_summary_file(self.reports / REPORT_FILES["ndjson"])

    def findings(self, kind: str) -> set[str]:
        """The checks with `failures` or `warnings`, as the runner judged them (the findings report)."""
        report = json.loads((self.reports / REPORT_FILES["findings"]).read_text(encoding="utf-8"))
        return {finding["check"] for finding in report[kind]}

    @property
    def failed_checks(self) -> set[str]:
        return self.findings("failures")

    def assert_table_agrees_with_failures(self) -> None:
        """The summary's table marks FAIL or WARN, with a count, exactly the checks its lists name."""
        rows = re.findall(r"^  (FAIL|WARN|ok  ) (\w+): \d+ passed, (\d+) failed$", self.console, re.MULTILINE)
        marked = {name for mark, name, _ in rows if mark == "FAIL"}
        warned = {name for mark, name, _ in rows if mark == "WARN"}
        counted = {name for _, name, failures in rows if int(failures) > 0}
        listed = set(re.findall(r"^  \d+\. \[(\w+)\]", self.console, re.MULTILINE))
        assert rows and marked == listed == self.failed_checks, (marked, listed)
        assert marked | warned == counted and warned == self.findings("warnings"), (marked, warned, counted)

    def everything_written(self) -> str:
        return self.console + "".join(
            (self.reports / name).read_text(encoding="utf-8") for name in REPORT_FILES.values()
        )


def conformance(
    reports: Path, *, faults: tuple[Fault, ...] = (), env: Mapping[str, str] | None = None, args: tuple[str, ...] = ()
) -> Run:
    console = io.StringIO()
    options = RunOptions(faults=faults, report_dir=reports, schemathesis_args=args, mock_token=EMBEDDED_TOKEN)
    status = run_conformance(options, env={"PATH": "/usr/bin:/bin", **(env or {})}, out=console)
    return Run(status, console.getvalue(), reports)


@pytest.fixture(scope="session")
def fault_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[Fault, Run]:
    root = tmp_path_factory.mktemp("faults")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            fault: pool.submit(
                conformance,
                root / fault.value,
                faults=(fault,),
                env=STANDARD_ONLY,  # the rule family's fault runs are RULE_FAULTS below
                args=LEAN_STATEFUL if fault is Fault.LOST_JOBS else LEAN,
            )
            for fault in Fault
        }
        return {fault: future.result() for fault, future in futures.items()}


@pytest.fixture(scope="session")
def clean_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The unfaulted mock with the committed settings: every phase, full example budget.

    Seeded, so `make test` gives the same verdict on every machine; `make conformance` draws a new
    seed each run and keeps exploring.
    """
    return conformance(tmp_path_factory.mktemp("clean"), args=("--seed", "20261129"))


def test_unfaulted_mock_passes(clean_run: Run) -> None:
    assert clean_run.status == ExitCode.PASSED, clean_run.console
    summary = clean_run.summary
    assert summary.operations == {
        "GET /v2/promotions/{promotionID}/jobs",
        "POST /v2/promotions/{promotionID}/jobs",
        "POST /v2/promotions/{promotionID}/jobs/{jobID}/cancel",
        "GET /v2/promotions/{promotionID}/jobs/{jobID}/file",
        "GET /v2/rule-promotions/{promotionID}/jobs",
        "POST /v2/rule-promotions/{promotionID}/jobs",
        "POST /v2/rule-promotions/{promotionID}/jobs/{jobID}/cancel",
        "GET /v2/rule-promotions/{promotionID}/jobs/{jobID}/file",
        "POST /oauth/access_token",
        "GET /v2/settings",
    }
    assert summary.successes > 0 and not summary.failures
    assert "Families:    standard promotions and rule promotions" in clean_run.console
    assert "Verdict:     PASSED" in clean_run.console
    clean_run.assert_table_agrees_with_failures()


def test_the_token_call_is_tested_with_the_mock_client(clean_run: Run) -> None:
    """Valid token requests name the embedded mock's public client, so some get a token."""
    har = json.loads((clean_run.reports / REPORT_FILES["har"]).read_text(encoding="utf-8"))
    statuses = {
        entry["response"]["status"]
        for entry in har["log"]["entries"]
        if entry["request"]["method"] == "POST" and urlsplit(entry["request"]["url"]).path == "/oauth/access_token"
    }
    assert 200 in statuses, statuses


def test_every_check_ran_on_the_unfaulted_mock(clean_run: Run) -> None:
    """Every check the fault matrix relies on, and every semantic check, judged some response."""
    ran = {name for name, counts in clean_run.summary.checks.items() if counts["success"] > 0}
    assert set().union(*CATCHERS.values(), SEMANTIC_CHECKS, {"list_reached"}) <= ran


@pytest.mark.parametrize("fault", list(Fault), ids=lambda fault: fault.value)
def test_each_fault_fails_the_run_on_a_relevant_check(fault_runs: dict[Fault, Run], fault: Fault) -> None:
    run = fault_runs[fault]
    assert run.status == ExitCode.VIOLATIONS, run.console
    failed = run.failed_checks
    # Failures are the findings of documented (fail-severity) rules, warnings listed apart: so the
    # same drift fails a live store's run too, not only a strict one.
    assert failed & CATCHERS[fault], f"{fault.value} failed only {failed}, warned {run.findings('warnings')}"
    assert "Verdict:     FAILED" in run.console
    assert "curl -X " in run.console  # a reproducing request is printed
    run.assert_table_agrees_with_failures()  # lost-jobs fails in the stateful phase


@pytest.fixture(scope="session")
def rule_fault_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[Fault, Run]:
    root = tmp_path_factory.mktemp("rule-faults")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            fault: pool.submit(conformance, root / fault.value, faults=(fault,), env=RULE_ONLY, args=LEAN)
            for fault in RULE_FAULTS
        }
        return {fault: future.result() for fault, future in futures.items()}


@pytest.mark.parametrize("fault", RULE_FAULTS, ids=lambda fault: fault.value)
def test_a_list_drift_fails_a_run_of_the_rule_family(rule_fault_runs: dict[Fault, Run], fault: Fault) -> None:
    run = rule_fault_runs[fault]
    assert run.status == ExitCode.VIOLATIONS, run.console
    assert run.failed_checks & CATCHERS[fault], run.failed_checks
    assert "Families:    rule promotions; not tested: standard promotions (no EP_PROMOTION_ID)" in run.console
    assert run.summary.operations and all("/v2/promotions/" not in operation for operation in run.summary.operations)
    assert any("/v2/rule-promotions/" in operation for operation in run.summary.operations)


def test_every_breach_is_reported_not_only_the_first(tmp_path: Path) -> None:
    """Two drifts of one operation: the run goes on after the first and reports both."""
    run = conformance(tmp_path, faults=(Fault.FILTER_IGNORED, Fault.LIMIT_UNBOUNDED), args=LEAN)
    assert run.status == ExitCode.VIOLATIONS, run.console
    assert "items_match_filter" in run.failed_checks
    assert run.failed_checks & CATCHERS[Fault.LIMIT_UNBOUNDED], run.failed_checks


def test_conformance_page_fault_table_matches_the_fault_matrix() -> None:
    """docs/conformance.md's table is the one list of fault modes: every fault, its drift, its catchers."""
    page = (ROOT / "docs" / "conformance.md").read_text(encoding="utf-8")
    table = page.split("| fault | drift | caught by |", 1)[1].split("\n\n", 1)[0]
    row = re.compile(r"^\| `([a-z0-9-]+)` \| (.+?) \| (.+?) \|$", flags=re.MULTILINE)
    rows = {fault: (drift, caught_by) for fault, drift, caught_by in row.findall(table)}
    assert set(rows) == {fault.value for fault in Fault}
    for fault, checks in CATCHERS.items():
        drift, caught_by = rows[fault.value]
        assert drift == fault.description, fault.value
        assert set(re.findall(r"`([a-z_]+)`", caught_by)) == checks, fault.value


def test_no_secret_in_console_or_reports(clean_run: Run, fault_runs: dict[Fault, Run]) -> None:
    for run in (clean_run, *fault_runs.values()):
        assert EMBEDDED_TOKEN not in run.everything_written()


def test_refused_token_means_nothing_was_tested(tmp_path: Path) -> None:
    with running_server(create_app(MockConfig(store=fixture_store()))) as url:
        env = {"EP_BASE_URL": url, "EP_ACCESS_TOKEN": "not-the-mock-token-0123", "EP_PROMOTION_ID": MOCK_PROMOTION_ID}
        run = conformance(tmp_path, env=env, args=LEAN)
    assert run.status == ExitCode.NOTHING_TESTED
    assert "Custom check failed: `list_reached`" in run.console  # reported once, at the end of the run
    assert "list_reached" in run.failed_checks
    run.assert_table_agrees_with_failures()
    assert "Verdict:     FAILED: nothing was really tested: no request got a 2xx answer" in run.console
    assert "not-the-mock-token-0123" not in run.everything_written()


def test_unreachable_server_fails(tmp_path: Path) -> None:
    with running_server(create_app(MockConfig(store=fixture_store()))) as url:
        pass  # the port is free again once the server stops
    env = {"EP_BASE_URL": url, "EP_ACCESS_TOKEN": "some-token-0123456", "EP_PROMOTION_ID": MOCK_PROMOTION_ID}
    run = conformance(tmp_path, env=env, args=("--phases", "examples"))
    assert run.status == ExitCode.NOTHING_TESTED, run.console
    assert run.summary.successes == 0
    assert "Verdict:     FAILED" in run.console


def test_zero_cases_fails(tmp_path: Path) -> None:
    run = conformance(tmp_path, args=("--include-path", "/nothing"))
    assert run.status == ExitCode.NOTHING_TESTED, run.console
    assert not run.summary.cases


def test_live_store_needs_a_promotion_and_credentials(tmp_path: Path) -> None:
    run = conformance(tmp_path, env={"EP_BASE_URL": "http://127.0.0.1:9", "EP_ACCESS_TOKEN": "some-token-0123456"})
    assert run.status == ExitCode.USAGE and "EP_PROMOTION_ID" in run.console
    run = conformance(tmp_path, env={"EP_BASE_URL": "http://127.0.0.1:9", "EP_PROMOTION_ID": MOCK_PROMOTION_ID})
    assert run.status == ExitCode.USAGE and "EP_CLIENT_ID" in run.console


def test_fault_needs_the_embedded_mock(tmp_path: Path) -> None:
    env = {"EP_BASE_URL": "http://127.0.0.1:9", "EP_ACCESS_TOKEN": "t0123456789", "EP_PROMOTION_ID": MOCK_PROMOTION_ID}
    run = conformance(tmp_path, env=env, faults=(Fault.NO_AUTH,))
    assert run.status == ExitCode.USAGE


CLIENT_ID, CLIENT_SECRET = "conformance-client", "s3cret-of-the-conformance-client"


def live_style_store(issued: list[str], *routes: Route) -> Starlette:
    """The mock behind a token endpoint of its own, as a store with client credentials is."""
    authority = TokenAuthority(static_tokens=(), client=RegisteredClient(CLIENT_ID, CLIENT_SECRET))

    async def token_endpoint(request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode()))
        token = authority.issue(form.get("client_id", ""), form.get("client_secret", ""), now=time.time())
        if token is None:
            return JSONResponse({"errors": [{"status": 401, "title": "Unauthorized"}]}, status_code=401)
        issued.append(token["access_token"])
        return JSONResponse(token)

    mock = create_app(MockConfig(store=fixture_store(), tokens=authority))
    token_route = Route("/oauth/access_token", token_endpoint, methods=["POST"])
    return Starlette(routes=[token_route, *routes, Mount("/", app=mock)])


def credentials_run(store: Starlette, reports: Path) -> Run:
    with running_server(store) as url:
        env = {"EP_BASE_URL": url, "EP_CLIENT_ID": CLIENT_ID, "EP_CLIENT_SECRET": CLIENT_SECRET}
        return conformance(reports, env={**env, "EP_PROMOTION_ID": MOCK_PROMOTION_ID}, args=LEAN)


def test_client_credentials_against_a_live_style_store(tmp_path: Path) -> None:
    """Token fetched from <base>/oauth/access_token, used, and never written anywhere."""
    issued: list[str] = []
    secret = CLIENT_SECRET
    run = credentials_run(live_style_store(issued), tmp_path)
    assert run.status == ExitCode.PASSED, run.console
    assert issued, "the token endpoint was never asked"
    written = run.everything_written()
    for value in (secret, *issued):
        assert value not in written
    assert "read-only" in run.console
    methods = {method for method in re.findall(r'"method": "([A-Z]+)"', written)}
    assert not methods & {"POST", "PUT", "PATCH", "DELETE"}, methods


def test_a_token_fetched_with_client_credentials_that_reaches_a_report_is_caught(tmp_path: Path) -> None:
    """A store that echoes the bearer token in an error body: the token is a secret like the client's."""

    async def echoing_settings(request: Request) -> Response:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        body = {"errors": [{"status": 403, "title": "Forbidden", "detail": f"token {token} may not read settings"}]}
        return JSONResponse(body, status_code=403)

    issued: list[str] = []
    run = credentials_run(live_style_store(issued, Route("/v2/settings", echoing_settings)), tmp_path)
    assert run.status == ExitCode.SECRET_LEAKED, run.console
    assert issued and not any(token in run.everything_written() for token in issued)
    assert "[REDACTED]" in (run.reports / REPORT_FILES["har"]).read_text(encoding="utf-8")
