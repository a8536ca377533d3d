"""`promotion-jobs validate` judges recorded traffic: silent on the clean mock, a failure in every
fault mode ordinary traffic shows, on a check that catches it, and no secret in its output."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from contract_tests.support import CLIENT_SECRET, TOKEN
from contract_tests.traffic.recording import CATCHERS, NOT_DESCRIBED_PATH, record, write_har
from promotion_jobs.cli import main
from promotion_jobs.mock.faults import Fault
from promotion_jobs.traffic.command import FINDINGS_REPORT, JUNIT_REPORT, validate
from promotion_jobs.traffic.exchange import Exchange
from promotion_jobs.traffic.har import read_har
from promotion_jobs.traffic.judge import Judge


@pytest.fixture(scope="module")
def clean_har(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_har(tmp_path_factory.mktemp("clean") / "clean.har", record())


FAULTS = sorted(CATCHERS, key=lambda fault: fault.value)


def test_the_clean_recording_passes_silently(
    clean_har: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["validate", str(clean_har), "--strict", "--reports", str(tmp_path)])
    out = capsys.readouterr().out
    assert status == 0, out
    findings = json.loads((tmp_path / FINDINGS_REPORT).read_text(encoding="utf-8"))
    assert findings["failures"] == findings["warnings"] == []
    assert "Verdict:     passed (strict)" in out
    assert f"skipped GET {NOT_DESCRIBED_PATH}: 1" in out
    for check in ("ignored_auth", "ensure_resource_availability", "negative_data_rejection"):
        assert check in out
    assert "GET /v2/promotions/{promotionID}/jobs: 200: 3, 400: 1, 404: 1" in out
    assert ET.parse(tmp_path / JUNIT_REPORT).getroot().get("failures") == "0"


def test_the_har_reader_reads_every_entry_and_base64_bodies(clean_har: Path) -> None:
    exchanges = read_har(clean_har)
    assert len(exchanges) == 8
    assert all(exchange.status is not None for exchange in exchanges)
    assert json.loads(exchanges[1].response_body)["data"]  # base64 in the file


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.value for fault in FAULTS])
def test_validate_fails_each_fault_on_a_check_that_catches_it(
    fault: Fault, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    har = write_har(tmp_path / f"{fault.value}.har", record((fault,)))
    status = main(["validate", str(har), "--reports", str(tmp_path / "reports")])
    out = capsys.readouterr().out
    assert status == 1, out
    # Failures are the findings of documented (fail-severity) rules; warnings are listed apart.
    failed = {finding.check for finding in validate(read_har(har)).summary.failures}
    assert failed & CATCHERS[fault], (fault, failed)
    assert TOKEN not in out and CLIENT_SECRET not in out
    assert ET.parse(tmp_path / "reports" / JUNIT_REPORT).getroot().get("failures") != "0"


def test_an_undeclared_status_is_a_warning_and_fails_only_when_strict(tmp_path: Path) -> None:
    url = "https://user:hunter2@store.example/v2/promotions/c0a80103-5a0d-4c6e-9f1a-3b4c5d6e7f03/jobs"
    teapot = Exchange(
        "GET",
        url,
        (("Authorization", "Bearer live-token"), ("X-Api-Key", "k3y")),
        status=418,
        response_headers=(("Content-Type", "application/json"),),
        response_body=b"{}",
    )
    traffic = validate([teapot])
    assert [finding.check for finding in traffic.summary.warnings] == ["status_code_conformance"]
    assert traffic.summary.failures == []
    curl = traffic.summary.warnings[0].curl or ""
    assert "live-token" not in curl and "hunter2" not in curl and "k3y" not in curl
    assert "$EP_ACCESS_TOKEN" in curl
    har = write_har(tmp_path / "teapot.har", [teapot])
    assert main(["validate", str(har), "--reports", str(tmp_path)]) == 0
    assert main(["validate", str(har), "--strict", "--reports", str(tmp_path)]) == 1


def test_operations_are_matched_by_method_and_path_template() -> None:
    judge = Judge()
    listed = judge.match("GET", "/base/v2/rule-promotions/abc/jobs/")
    assert listed is not None and listed.operation.operation_id == "getRulePromotionJobs"
    assert listed.path_parameters == {"promotionID": "abc"}
    cancel = judge.match("POST", "/v2/promotions/p/jobs/j/cancel")
    assert cancel is not None and cancel.operation.operation_id == "cancelPromotionJob"
    assert judge.match("DELETE", "/v2/promotions/p/jobs") is None
    assert judge.match("GET", "/v2/promotions/p/jobs/j") is None


def test_a_token_request_body_has_its_secret_hidden() -> None:
    exchange = Exchange(
        "POST",
        "https://store.example/oauth/access_token?access_token=abc",
        (("Content-Type", "application/x-www-form-urlencoded"),),
        b"grant_type=client_credentials&client_id=id&client_secret=s3cret",
    )
    record = exchange.request_record()
    assert "abc" not in record["uri"]
    assert b"s3cret" not in base64.b64decode(record["body"]["$base64"])


def test_a_file_that_is_not_har_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = tmp_path / "broken.har"
    broken.write_text("{}", encoding="utf-8")
    assert main(["validate", str(broken), "--reports", str(tmp_path)]) == 2
    assert "not a HAR document" in capsys.readouterr().err


def test_a_store_is_judged_by_the_settings_its_recording_carries() -> None:
    """A store whose page length is 7 answers 7 jobs to a list without `page[limit]`: a failure by
    the documented default of 25, correct by the store's own setting when the recording has it."""
    store = "https://store.example"
    json_headers = (("Content-Type", "application/json"),)
    settings = {"data": {"type": "settings", "page_length": 7}}
    page = {
        "data": [],
        "links": {},
        "meta": {"page": {"limit": 7, "offset": 0, "current": 1, "total": 0}, "results": {"total": 0}},
    }
    listing = Exchange(
        "GET",
        f"{store}/v2/promotions/c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04/jobs",
        status=200,
        response_headers=json_headers,
        response_body=json.dumps(page).encode(),
    )
    settings_call = Exchange(
        "GET",
        f"{store}/v2/settings",
        status=200,
        response_headers=json_headers,
        response_body=json.dumps(settings).encode(),
    )
    alone = validate([listing])
    assert [finding.check for finding in alone.summary.failures] == ["page_meta_echoes_request"]
    assert "documented defaults" in alone.settings
    with_settings = validate([settings_call, listing])
    assert with_settings.summary.failures == [] and with_settings.summary.warnings == []
    assert with_settings.settings.startswith("page_length 7,") and "recorded GET /v2/settings" in with_settings.settings


def test_a_finding_on_a_token_answer_never_quotes_the_token() -> None:
    """A schema message can quote a whole answer; an issued access_token must not reach a log or report."""
    token = "issued-secret-token-0123456789"
    # A token answered as a list: the schema's message quotes the value, token and all.
    answer = {
        "access_token": [token],
        "token_type": "Bearer",
        "expires_in": 3600,
        "expires": 1,
        "identifier": "implicit",
    }
    exchange = Exchange(
        "POST",
        "https://store.example/oauth/access_token",
        (("Content-Type", "application/x-www-form-urlencoded"),),
        b"grant_type=client_credentials&client_id=id&client_secret=very-secret-value",
        status=200,
        response_headers=(("Content-Type", "application/json"),),
        response_body=json.dumps({**answer, "identifier": "implicit"}).encode(),
    )
    findings = Judge().judge(exchange).findings
    assert "response_schema_conformance" in {finding.check for finding in findings}
    written = "".join(f"{finding.title}{finding.message}{finding.curl}" for finding in findings)
    assert token not in written and "very-secret-value" not in written
