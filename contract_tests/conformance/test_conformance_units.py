"""The pieces of a conformance run: target selection, token renewal, and the semantic rules."""

from __future__ import annotations

import base64
import copy
import json
import shlex
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from contract_tests.support import GUIDE_RULE_PROMOTION as RULE_PROMOTION
from contract_tests.support import SEED_PROMOTION, jobs_path, list_example, rule_jobs_path
from promotion_jobs.conformance.page import ListPage, read_page
from promotion_jobs.conformance.pinning import pin_promotion
from promotion_jobs.conformance.runner import (
    ExitCode,
    RunOptions,
    child_environment,
    judge,
    schemathesis_command,
)
from promotion_jobs.conformance.semantics import RULES
from promotion_jobs.conformance.store_settings import read_store_settings
from promotion_jobs.conformance.summary import RunSummary, SeverityOf, always_fail, curl_line, read_summary, render
from promotion_jobs.conformance.target import EMBEDDED_MOCK, LIVE_RATE_LIMIT, MOCK_PROMOTION_ID, target_from_environment
from promotion_jobs.conformance.token_source import TokenError, TokenSource
from promotion_jobs.environment import ClientCredentials, ConfigurationError, StaticToken
from promotion_jobs.ledger import severities
from promotion_jobs.operations import PROMOTION_ID_PARAMETER, Family
from promotion_jobs.settings import StoreSettings, default_settings

COLLECTION = f"https://useast.api.elasticpath.com/v2/promotions/{SEED_PROMOTION}/jobs"


def test_no_base_url_means_the_embedded_mock() -> None:
    target = target_from_environment({}, mock_token="mock")
    assert target.is_embedded and target.promotion_id == MOCK_PROMOTION_ID
    assert target.credentials == StaticToken("mock")


@pytest.mark.parametrize(
    ("given", "families"),
    [
        ({"EP_PROMOTION_ID": SEED_PROMOTION}, (Family.STANDARD,)),
        ({"EP_RULE_PROMOTION_ID": RULE_PROMOTION}, (Family.RULE,)),
        ({"EP_PROMOTION_ID": SEED_PROMOTION, "EP_RULE_PROMOTION_ID": RULE_PROMOTION}, (Family.STANDARD, Family.RULE)),
    ],
)
def test_a_live_run_tests_the_families_it_was_given_promotions_of(
    given: dict[str, str], families: tuple[Family, ...]
) -> None:
    target = target_from_environment(
        {"EP_BASE_URL": "https://x.example", "EP_ACCESS_TOKEN": "t", **given}, mock_token=""
    )
    assert target.families == families
    assert target.promotion_for(Family.RULE) == given.get("EP_RULE_PROMOTION_ID")
    excluded = {operation for family in Family if family not in families for operation in family.operations}
    command = schemathesis_command(target, "https://x.example", Path("doc.yaml"), RunOptions())
    assert {command[i + 1] for i, arg in enumerate(command) if arg == "--exclude-operation-id"} == excluded


def test_the_embedded_mock_tests_both_families_unless_given_one() -> None:
    assert target_from_environment({}, mock_token="m").families == (Family.STANDARD, Family.RULE)
    only = target_from_environment({"EP_RULE_PROMOTION_ID": RULE_PROMOTION}, mock_token="m")
    assert only.families == (Family.RULE,)


def test_pinning_names_the_promotion_of_the_operations_family() -> None:
    case = SimpleNamespace(
        operation=SimpleNamespace(definition=SimpleNamespace(raw={"operationId": Family.RULE.list_operation})),
        path_parameters={PROMOTION_ID_PARAMETER: "random"},
        meta=None,
    )
    pin_promotion(case, {Family.STANDARD: SEED_PROMOTION, Family.RULE: RULE_PROMOTION})  # type: ignore[arg-type]
    assert case.path_parameters[PROMOTION_ID_PARAMETER] == RULE_PROMOTION


def test_jobs_belong_to_promotion_reads_rule_promotion_id_on_a_rule_list() -> None:
    url = f"https://useast.api.elasticpath.com/v2/rule-promotions/{RULE_PROMOTION}/jobs"
    mine = {"id": "1", "rule_promotion_id": RULE_PROMOTION}
    foreign = {"id": "2", "rule_promotion_id": SEED_PROMOTION, "promotion_id": RULE_PROMOTION}
    page = read_page(url, {PROMOTION_ID_PARAMETER: RULE_PROMOTION}, 200, {"data": [mine, foreign]}, family=Family.RULE)
    assert page is not None
    problems = RULES["jobs_belong_to_promotion"](page)
    assert len(problems) == 1 and "data[1].rule_promotion_id" in problems[0]


def test_generate_fields_are_those_the_familys_job_schema_refuses_on_an_export_job() -> None:
    """`generate_result` is a rule job's result (EP's Promotions Builder sources); on a standard job
    it is only a field the document does not know, a warning, not this documented rule's breach."""
    export = {"id": "1", "job_type": "code_export", "generate_result": {"generated": 1}}
    for family, path, broken in ((Family.STANDARD, jobs_path, False), (Family.RULE, rule_jobs_path, True)):
        promotion = SEED_PROMOTION if family is Family.STANDARD else RULE_PROMOTION
        url = f"https://useast.api.elasticpath.com{path(promotion)}"
        page = read_page(url, {PROMOTION_ID_PARAMETER: promotion}, 200, {"data": [export]}, family=family)
        assert page is not None
        assert bool(RULES["generate_fields_only_on_generate_jobs"](page)) is broken, family


def test_live_store_is_read_only_and_rate_limited_by_default() -> None:
    env = {
        "EP_BASE_URL": "https://x.example/",
        "EP_CLIENT_ID": "id",
        "EP_CLIENT_SECRET": "sec",
        "EP_PROMOTION_ID": SEED_PROMOTION,
    }
    target = target_from_environment(env, mock_token="mock")
    assert target.base_url == "https://x.example" and not target.allow_writes
    assert target.rate_limit == LIVE_RATE_LIMIT
    assert target.credentials == ClientCredentials("id", "sec") and target.secrets() == ("sec",)
    assert target_from_environment({**env, "EP_ALLOW_WRITES": "1"}, mock_token="m").allow_writes


@pytest.mark.parametrize(
    "env",
    [
        {"EP_BASE_URL": "https://x.example", "EP_ACCESS_TOKEN": "t"},
        {"EP_BASE_URL": "https://x.example", "EP_PROMOTION_ID": SEED_PROMOTION},
        {"EP_BASE_URL": "https://x.example", "EP_ACCESS_TOKEN": "t", "EP_PROMOTION_ID": "not-a-uuid"},
        {"EP_BASE_URL": "ftp://x.example", "EP_ACCESS_TOKEN": "t", "EP_PROMOTION_ID": SEED_PROMOTION},
    ],
)
def test_incomplete_live_targets_are_refused(env: dict[str, str]) -> None:
    with pytest.raises(ConfigurationError):
        target_from_environment(env, mock_token="mock")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def token_endpoint(lifetime: int) -> tuple[httpx.MockTransport, list[dict[str, str]]]:
    calls: list[dict[str, str]] = []

    def handle(request: httpx.Request) -> httpx.Response:
        form = dict(httpx.QueryParams(request.content.decode()))
        calls.append(form)
        if form.get("client_secret") != "secret":
            return httpx.Response(401, json={"errors": [{"status": 401, "title": "Unauthorized"}]})
        return httpx.Response(200, json={"access_token": f"token-{len(calls)}", "expires_in": lifetime})

    return httpx.MockTransport(handle), calls


def test_fetched_token_is_reused_then_renewed_before_expiry() -> None:
    transport, calls = token_endpoint(lifetime=3600)
    clock = FakeClock()
    source = TokenSource(ClientCredentials("id", "secret"), "http://store", clock=clock, transport=transport)
    assert source.token() == "token-1"
    clock.now += 3000
    assert source.token() == "token-1"
    clock.now += 541  # 59 s before expiry: inside the renewal margin
    assert source.token() == "token-2"
    assert calls[0] == {"grant_type": "client_credentials", "client_id": "id", "client_secret": "secret"}


def test_refused_credentials_give_an_error_without_the_secret() -> None:
    transport, _ = token_endpoint(lifetime=3600)
    source = TokenSource(ClientCredentials("id", "wrong-secret"), "http://store", transport=transport)
    with pytest.raises(TokenError) as raised:
        source.token()
    assert "401" in str(raised.value) and "wrong-secret" not in str(raised.value)


def test_static_token_needs_no_endpoint() -> None:
    assert TokenSource(StaticToken("abc"), "http://store").token() == "abc"


def page_of(body: dict[str, Any], query: str = "page[offset]=0&page[limit]=25") -> ListPage:
    page = read_page(f"{COLLECTION}?{query}", {"promotionID": SEED_PROMOTION}, 200, body)
    assert page is not None
    return page


@pytest.mark.parametrize("name", ["generateJobs", "failedJob", "emptyPage"])
def test_the_seed_examples_keep_every_rule(document: dict[str, Any], name: str) -> None:
    page = page_of(list_example(document, name))
    assert {rule: problems for rule, rule_fn in RULES.items() if (problems := rule_fn(page))} == {}


def drifted(document: dict[str, Any], change: str) -> tuple[dict[str, Any], str]:
    body = copy.deepcopy(list_example(document, "generateJobs"))
    query = "page[offset]=0&page[limit]=25"
    job = body["data"][0]
    if change == "jobs_belong_to_promotion":
        job["promotion_id"] = "00000000-0000-4000-8000-00000000f00d"
    elif change == "items_match_filter":
        query += "&filter=eq(status,completed)"
    elif change == "page_size_within_limit":
        query = "page[offset]=0&page[limit]=1"
        body["meta"]["page"]["limit"] = 1
    elif change == "page_meta_echoes_request":
        body["meta"]["page"]["offset"] = 5
    elif change == "page_totals_consistent":
        body["meta"]["results"]["total"] = 9
    elif change == "links_name_the_collection":
        body["links"]["first"] = body["links"]["first"].replace("/jobs?", "/other?")
    elif change == "links_agree_with_meta":
        body["links"]["next"] = body["links"]["next"].replace("page[offset]=0", "page[offset]=25")
    elif change == "jobs_newest_first":
        body["data"].reverse()
    elif change == "job_fields_known":
        job["origin"] = "api"
    elif change == "generate_fields_only_on_generate_jobs":
        job["job_type"] = "code_export"
    elif change == "timestamps_ordered":
        job["meta"]["timestamps"]["updated_at"] = "2020-01-01T00:00:00Z"
    return body, query


@pytest.mark.parametrize("rule", list(RULES))
def test_each_rule_catches_its_drift(document: dict[str, Any], rule: str) -> None:
    body, query = drifted(document, rule)
    assert RULES[rule](page_of(body, query)), json.dumps(body)[:200]


def test_links_left_out_or_without_the_filter_break_only_the_decision(document: dict[str, Any]) -> None:
    """Elastic Path documents neither: such links may only warn (links_agree_with_meta)."""
    body = copy.deepcopy(list_example(document, "generateJobs"))
    del body["links"]["prev"], body["links"]["last"]
    page = page_of(body, "page[offset]=0&page[limit]=25&filter=eq(job_type,code_generate)")
    broken = {rule for rule, rule_fn in RULES.items() if rule_fn(page)}
    assert broken == {"links_agree_with_meta"}


def test_rules_skip_what_they_cannot_judge() -> None:
    assert read_page(COLLECTION, {"promotionID": SEED_PROMOTION}, 404, {"errors": []}) is None
    page = page_of({"data": "not a list"}, "page[limit]=abc")
    assert all(rule(page) == [] for rule in RULES.values())


def scenario(phase: str, label: str, results: dict[str, list[dict[str, Any]]]) -> str:
    recorder = {"label": label, "checks": results, "interactions": {}}
    return json.dumps({"ScenarioFinished": {"phase": phase, "recorder": recorder}})


def failed(name: str, title: str) -> dict[str, Any]:
    return {"name": name, "status": "failure", "failure_info": {"failure": {"title": title, "message": "details"}}}


def test_summary_counts_agree_with_failures_from_every_phase_and_the_run_end() -> None:
    passed = {"name": "ensure_resource_availability", "status": "success"}
    events = [
        scenario("coverage", "GET /jobs", {"a": [passed, {"name": "list_reached", "status": "success"}]}),
        scenario(
            "stateful", "Stateful tests", {"b": [failed("ensure_resource_availability", "Created resource not found")]}
        ),
        json.dumps(
            {
                "EngineFinished": {
                    "failures": [
                        {"type": "CustomFailure", "title": "Custom check failed: `list_reached`", "message": "x"}
                    ]
                }
            }
        ),
    ]
    summary = read_summary(events)
    assert summary.failed_checks == {"ensure_resource_availability", "list_reached"}
    lines = list(render(summary, target="t", settings="s", verdict="v"))
    assert "  FAIL ensure_resource_availability: 1 passed, 1 failed" in lines
    assert "  FAIL list_reached: 1 passed, 1 failed" in lines
    assert "  1. [ensure_resource_availability] Created resource not found" in lines
    assert "  2. [list_reached] Custom check failed: `list_reached`" in lines


def test_a_failure_without_details_is_still_listed() -> None:
    summary = read_summary(
        [scenario("fuzzing", "GET /jobs", {"a": [{"name": "not_a_server_error", "status": "failure"}]})]
    )
    assert summary.failed_checks == {"not_a_server_error"}


def test_only_the_embedded_mock_gets_its_client_pinned() -> None:
    """The hooks pin token requests to the mock's client only under this marker; a live store never gets it."""
    live_env = {"EP_BASE_URL": "https://x.example", "EP_ACCESS_TOKEN": "t", "EP_PROMOTION_ID": SEED_PROMOTION}
    live = target_from_environment(live_env, mock_token="mock")
    assert EMBEDDED_MOCK not in child_environment({**live_env, EMBEDDED_MOCK: "1"}, live, "https://x.example")
    embedded = target_from_environment({}, mock_token="mock")
    assert child_environment({}, embedded, "http://127.0.0.1:1")[EMBEDDED_MOCK] == "1"


def test_reproducing_curl_line_keeps_brackets_body_and_no_token() -> None:
    request = {
        "method": "POST",
        "uri": "http://127.0.0.1:1/v2/promotions/p/jobs?page[limit]=5",
        "headers": {"Authorization": ["Bearer secret-token-value"], "Content-Type": ["application/json"]},
        "body": {"$base64": base64.b64encode(b'{"data": {"type": "promotion_job"}}').decode()},
    }
    line = curl_line(request)
    assert line is not None
    words = shlex.split(line.replace('"Authorization: Bearer $EP_ACCESS_TOKEN"', "AUTH"))
    assert words[-2:] == ["--globoff", "http://127.0.0.1:1/v2/promotions/p/jobs?page[limit]=5"]
    assert words[words.index("--data-binary") + 1] == '{"data": {"type": "promotion_job"}}'
    assert "secret-token-value" not in line and "$EP_ACCESS_TOKEN" in line


def test_a_password_in_the_base_url_is_a_secret_of_the_run_and_hidden_in_token_errors() -> None:
    env = {"EP_BASE_URL": "http://user:pa55word@127.0.0.1:1", "EP_ACCESS_TOKEN": "tok-en"}
    target = target_from_environment({**env, "EP_PROMOTION_ID": SEED_PROMOTION}, mock_token="")
    assert set(target.secrets()) == {"tok-en", "pa55word"}  # what the console and reports are scrubbed of
    assert "tok-en" not in repr(target)
    source = TokenSource(ClientCredentials("id", "sec-ret"), "http://user:pa55word@127.0.0.1:1", timeout=2)
    with pytest.raises(TokenError) as raised:
        source.token()
    assert "could not reach" in str(raised.value) and "pa55word" not in str(raised.value)


def test_client_credentials_never_show_their_secret() -> None:
    env = {"EP_BASE_URL": "http://store", "EP_CLIENT_ID": "id", "EP_CLIENT_SECRET": "sec-ret"}
    target = target_from_environment({**env, "EP_PROMOTION_ID": SEED_PROMOTION}, mock_token="")
    assert "sec-ret" not in repr(ClientCredentials("id", "sec-ret"))
    assert "sec-ret" not in str(target)


def settings_answer(status: int, body: object) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, json=body))


def test_a_store_is_judged_by_the_settings_it_serves() -> None:
    body = {"data": {"type": "settings", "page_length": 10, "filter_limit": 3, "calculation_method": "line"}}
    reading = read_store_settings("http://store", lambda: "t", transport=settings_answer(200, body))
    assert reading.settings == StoreSettings(10, 10000, 1000, 3)
    assert reading.origin == (
        "read from the store; not given, so the defaults: page_offset_limit, promotion_codes_limit"
    )


@pytest.mark.parametrize(
    ("status", "body", "reason"),
    [
        (403, {"errors": [{"status": 403, "title": "Forbidden"}]}, "/v2/settings answered 403"),
        (200, {"data": {"type": "settings", "page_length": 0}}, "/v2/settings answered outside the contract"),
        (200, ["not", "settings"], "/v2/settings answered outside the contract"),
    ],
)
def test_settings_that_cannot_be_read_mean_the_defaults_and_say_why(status: int, body: object, reason: str) -> None:
    reading = read_store_settings("http://store", lambda: "t", transport=settings_answer(status, body))
    assert reading.settings == default_settings()
    assert reading.origin.startswith(f"documented defaults: {reason}")


def test_a_token_that_cannot_be_had_means_the_defaults_without_the_secret() -> None:
    def no_token() -> str:
        raise TokenError("could not reach http://store/oauth/access_token: ConnectError")

    reading = read_store_settings("http://store", no_token)
    assert reading.settings == default_settings()
    assert reading.origin == "documented defaults: /v2/settings could not be asked: TokenError"


def findings_summary(*checks: str, severity_of: SeverityOf = always_fail) -> RunSummary:
    summary = RunSummary(severity_of)
    summary.cases.add("a case")
    summary.statuses[200] += 1
    for check in checks:
        summary.record(check, "failure", {"title": f"{check} broke", "message": "- evidence"}, "curl -X GET x")
    return summary


def test_only_documented_rules_fail_a_run() -> None:
    summary = findings_summary("links_agree_with_meta", "timestamps_ordered", severity_of=severities(strict=False))
    assert judge(1, summary, []) == (
        ExitCode.PASSED,
        "PASSED with 2 distinct warnings (links_agree_with_meta, timestamps_ordered)",
    )
    summary = findings_summary("links_agree_with_meta", "items_match_filter", severity_of=severities(strict=False))
    assert judge(1, summary, []) == (ExitCode.VIOLATIONS, "FAILED: 1 distinct failures (items_match_filter)")


def test_a_run_whose_one_failure_is_list_reached_tested_nothing() -> None:
    """Other requests got 2xx answers (a token, the settings), but no list page was judged: the
    store broke no rule, the run proved nothing (a wrong promotion id, say)."""
    summary = findings_summary("list_reached", severity_of=severities(strict=False))
    assert judge(1, summary, []) == (ExitCode.NOTHING_TESTED, "FAILED: nothing was really tested: - evidence")
    summary = findings_summary("list_reached", "items_match_filter", severity_of=severities(strict=False))
    assert judge(1, summary, [])[0] == ExitCode.VIOLATIONS


def test_a_strict_run_fails_on_warnings() -> None:
    summary = findings_summary("links_agree_with_meta", severity_of=severities(strict=True))
    assert judge(1, summary, [])[0] == ExitCode.VIOLATIONS


def test_an_unexplained_schemathesis_error_still_fails() -> None:
    summary = findings_summary("links_agree_with_meta", severity_of=severities(strict=False))
    summary.errors.append("GET /x: ConnectionError")
    assert judge(1, summary, [])[0] == 1 and "schemathesis exited with status 1" in judge(1, summary, [])[1]


def test_the_summary_lists_failures_and_warnings_apart_with_evidence() -> None:
    summary = findings_summary("items_match_filter", "links_agree_with_meta", severity_of=severities(strict=False))
    lines = list(render(summary, target="t", settings="page_length 25 (read from the store)", verdict="v"))
    assert "Settings:    page_length 25 (read from the store)" in lines
    assert "  FAIL items_match_filter: 0 passed, 1 failed" in lines
    assert "  WARN links_agree_with_meta: 0 passed, 1 failed" in lines
    failures, warnings = (
        lines.index("Failures:    1 distinct"),
        lines.index("Warnings:    1 distinct (decisions Elastic Path does not document)"),
    )
    assert lines[failures + 1] == "  1. [items_match_filter] items_match_filter broke"
    assert lines[warnings + 1 : warnings + 4] == [
        "  W1. [links_agree_with_meta] links_agree_with_meta broke",
        "     - evidence",
        "     curl -X GET x",
    ]


def test_a_valid_token_is_handed_out_without_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    """schemathesis asks for the token on every case; only a renewal may open a client."""
    asked: list[httpx.Request] = []
    opened: list[httpx.Client] = []

    class CountedClient(httpx.Client):
        def __init__(self, **options: Any) -> None:
            super().__init__(**options)
            opened.append(self)

    def token_endpoint(request: httpx.Request) -> httpx.Response:
        asked.append(request)
        return httpx.Response(200, json={"access_token": f"t{len(asked)}", "expires_in": 3600})

    monkeypatch.setattr(httpx, "Client", CountedClient)
    source = TokenSource(ClientCredentials("id", "s"), "http://store", transport=httpx.MockTransport(token_endpoint))
    assert {source.token() for _ in range(50)} == {"t1"}
    assert (len(asked), len(opened)) == (1, 1)
