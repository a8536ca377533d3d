"""Rule promotions (Promotions Builder) in the mock: the same lifecycle as standard promotions,
through the same handlers, under `/v2/rule-promotions`, with `rule_promotion_id` on every job."""

from __future__ import annotations

from typing import Any

import pytest
from starlette.testclient import TestClient

from contract_tests.support import (
    AUTH,
    EMPTY_RULE_PROMOTION,
    GUIDE_RULE_PROMOTION,
    PAGED_PROMOTION,
    PAGED_RULE_PROMOTION,
    jobs_path,
    rule_jobs_path,
)
from promotion_jobs.contract import Contract
from promotion_jobs.mock import MockConfig, create_app
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.fixtures import FixtureError, fixture_store, load_fixtures
from promotion_jobs.mock.handlers import HANDLERS
from promotion_jobs.mock.store import Store
from promotion_jobs.operations import Family

STEP = 5.0
GENERATE = {"data": {"type": "promotion_job", "job_type": "code_generate", "parameters": {"number_of_codes": 3}}}
EXPORT = {"data": {"type": "promotion_job", "job_type": "code_export", "name": "rule export"}}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def mock(clock: ManualClock) -> TestClient:
    app = create_app(MockConfig(store=fixture_store(), clock=clock, step_seconds=STEP, seed=3))
    return TestClient(app, base_url="http://mock.test", headers=AUTH)


def test_both_families_map_onto_the_same_handlers() -> None:
    for standard, rule in zip(Family.STANDARD.operations, Family.RULE.operations, strict=True):
        assert HANDLERS[standard].__name__ == HANDLERS[rule].__name__


def test_the_guide_promotion_lists_its_job_with_rule_promotion_id(mock: TestClient, contract: Contract) -> None:
    response = mock.get(rule_jobs_path(GUIDE_RULE_PROMOTION))
    assert response.status_code == 200
    body = response.json()
    assert contract.validate_response(Family.RULE.list_operation, 200, body) == []
    assert [job["rule_promotion_id"] for job in body["data"]] == [GUIDE_RULE_PROMOTION]
    assert "promotion_id" not in body["data"][0]
    assert body["meta"]["results"]["total"] == 1  # the mock always sends links and meta


def test_pages_and_filters_work_as_on_standard_promotions(mock: TestClient) -> None:
    page = mock.get(
        rule_jobs_path(PAGED_RULE_PROMOTION), params={"page[limit]": 7, "filter": "eq(job_type,code_export)"}
    )
    body = page.json()
    assert len(body["data"]) == 7 and body["meta"]["results"]["total"] == 20
    assert {job["job_type"] for job in body["data"]} == {"code_export"}


def test_a_promotion_of_one_family_is_unknown_to_the_other(mock: TestClient) -> None:
    assert mock.get(rule_jobs_path(PAGED_PROMOTION)).status_code == 404
    assert mock.get(jobs_path(PAGED_RULE_PROMOTION)).status_code == 404
    assert mock.post(rule_jobs_path(PAGED_PROMOTION), json=EXPORT).status_code == 404


def _job(mock: TestClient, job_id: str) -> dict[str, Any]:
    jobs = mock.get(rule_jobs_path(EMPTY_RULE_PROMOTION)).json()["data"]
    found: dict[str, Any] = next(job for job in jobs if job["id"] == job_id)
    return found


def test_generate_then_cancel_one_job_at_a_time(mock: TestClient, clock: ManualClock) -> None:
    created = mock.post(rule_jobs_path(EMPTY_RULE_PROMOTION), json=GENERATE)
    assert created.status_code == 201
    job = created.json()["data"]
    assert job["rule_promotion_id"] == EMPTY_RULE_PROMOTION and job["status"] == "pending"
    again = mock.post(rule_jobs_path(EMPTY_RULE_PROMOTION), json=EXPORT)
    assert again.status_code == 400 and again.json()["errors"][0]["title"] == "Too many jobs"
    cancelled = mock.post(f"{rule_jobs_path(EMPTY_RULE_PROMOTION)}/{job['id']}/cancel")
    assert cancelled.status_code == 200 and cancelled.json()["data"]["status"] == "cancelling"
    clock.advance(STEP)
    assert _job(mock, job["id"])["status"] == "cancelled"


def test_an_export_completes_and_has_a_file(mock: TestClient, clock: ManualClock) -> None:
    generated = mock.post(rule_jobs_path(EMPTY_RULE_PROMOTION), json=GENERATE).json()["data"]
    clock.advance(2 * STEP)
    assert _job(mock, generated["id"])["result"] == {"generated": 3}
    export = mock.post(rule_jobs_path(EMPTY_RULE_PROMOTION), json=EXPORT).json()["data"]
    early = mock.get(f"{rule_jobs_path(EMPTY_RULE_PROMOTION)}/{export['id']}/file")
    assert early.status_code == 422
    clock.advance(2 * STEP)
    file = mock.get(f"{rule_jobs_path(EMPTY_RULE_PROMOTION)}/{export['id']}/file")
    assert file.status_code == 200
    csv = mock.get(file.json()["href"].removeprefix("http://mock.test"))
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 4  # a header and 3 codes


def test_fixtures_check_a_rule_job_by_its_own_schema() -> None:
    job = {
        "type": "promotion_job",
        "id": "0f0c9b52-2d4e-4a57-9a55-0d4c7e1b6a21",
        "promotion_id": EMPTY_RULE_PROMOTION,  # a standard job's field on a rule promotion
        "job_type": "code_export",
        "status": "completed",
        "meta": {"timestamps": {"created_at": "2024-12-04T00:03:46Z", "updated_at": "2024-12-04T00:03:46Z"}},
    }
    with pytest.raises(FixtureError, match="RulePromotionJob"):
        load_fixtures(Store(), {"promotions": [{"id": EMPTY_RULE_PROMOTION, "family": "rule", "jobs": [job]}]})
    with pytest.raises(FixtureError, match="family"):
        load_fixtures(Store(), {"promotions": [{"id": EMPTY_RULE_PROMOTION, "family": "builder"}]})
