"""The mock as a store with settings of its own, an automatic promotion, and client_credentials-only job calls."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.support import AUTH, AUTOMATIC_PROMOTION, EMPTY_PROMOTION, PAGED_PROMOTION, jobs_path
from promotion_jobs.contract import Contract
from promotion_jobs.mock import MockConfig, create_app
from promotion_jobs.mock.fixtures import FixtureError, fixture_settings, fixture_store
from promotion_jobs.mock.token_authority import DEFAULT_CLIENT_ID, TokenAuthority
from promotion_jobs.settings import (
    SettingsError,
    StoreSettings,
    adjusted,
    contract_for,
    default_settings,
    defaults,
)

MOCK_COMMAND = [sys.executable, "-m", "promotion_jobs.cli", "mock"]
# promotion_codes_limit 10: the largest number_of_codes of the paged fixture promotion's jobs.
OTHER = StoreSettings(page_length=7, page_offset_limit=40, promotion_codes_limit=10, filter_limit=2)
GENERATE = {"data": {"type": "promotion_job", "job_type": "code_generate", "parameters": {"number_of_codes": 3}}}


def wait_for(url: str) -> httpx.Response:
    """The answer of a mock that is still starting, asked again until it listens."""
    for _ in range(200):
        try:
            return httpx.get(url, headers=AUTH)
        except httpx.ConnectError:
            threading.Event().wait(0.05)
    raise AssertionError(f"nothing answered at {url}")


def mock(settings: StoreSettings | None = None, **options: Any) -> TestClient:
    config = MockConfig(store=fixture_store(), settings=settings or default_settings(), **options)
    return TestClient(create_app(config), base_url="http://mock.test", headers=AUTH)


class TestSettingsModule:
    def test_the_defaults_are_the_bounds_the_document_states(self) -> None:
        assert default_settings() == StoreSettings(25, 10000, 1000, 10)

    def test_the_adjusted_document_carries_the_store_values(self, document: dict[str, Any]) -> None:
        assert defaults(adjusted(document, OTHER)) == OTHER
        assert defaults(document) == default_settings()  # the committed document is left as it was

    def test_two_marks_of_one_setting_that_disagree_are_refused(self, document: dict[str, Any]) -> None:
        changed = json.loads(json.dumps(document))
        changed["components"]["schemas"]["PageMeta"]["properties"]["offset"]["maximum"] = 5
        with pytest.raises(SettingsError, match="page_offset_limit"):
            defaults(changed)

    def test_values_outside_the_settings_schema_are_refused(self) -> None:
        with pytest.raises(SettingsError, match="page_length"):
            default_settings().with_values({"page_length": 101})

    def test_a_contract_follows_the_settings(self) -> None:
        operation = contract_for(OTHER).operation("getPromotionJobs")
        assert operation.parameter("page[limit]").default == 7
        assert operation.parameter("filter").problem("eq(status,a):eq(status,b)") is None
        assert operation.parameter("filter").problem("eq(status,a):eq(status,b):eq(status,c)") is not None
        assert operation.parameter("page[offset]").problem("41") is not None


class TestTheMockHonoursItsSettings:
    def test_it_serves_them(self, contract: Contract) -> None:
        answer = mock(OTHER).get("/v2/settings")
        assert answer.status_code == 200
        assert answer.json()["data"] == {"type": "settings", **OTHER.as_dict()}
        assert contract.validate_response("getSettings", 200, answer.json()) == []

    def test_the_default_page_size_is_its_page_length(self) -> None:
        body = mock(OTHER).get(jobs_path(PAGED_PROMOTION)).json()
        assert body["meta"]["page"]["limit"] == 7 and len(body["data"]) == 7

    def test_its_largest_offset_and_most_filter_terms_bound_requests(self) -> None:
        api = mock(OTHER)
        assert api.get(jobs_path(PAGED_PROMOTION), params={"page[offset]": "40"}).status_code == 200
        assert api.get(jobs_path(PAGED_PROMOTION), params={"page[offset]": "41"}).status_code == 400
        two = "eq(status,completed):eq(job_type,code_export)"
        assert api.get(jobs_path(PAGED_PROMOTION), params={"filter": two}).status_code == 200
        refused = api.get(jobs_path(PAGED_PROMOTION), params={"filter": two + ":eq(status,completed)"})
        assert refused.status_code == 400
        assert refused.json()["errors"][0]["detail"] == "Could not parse the supplied filter"

    def test_a_store_with_a_larger_offset_limit_serves_offsets_past_the_default(self) -> None:
        api = mock(default_settings().with_values({"page_offset_limit": 20000}))
        answer = api.get(jobs_path(PAGED_PROMOTION), params={"page[offset]": "15000"})
        assert answer.status_code == 200 and answer.json()["data"] == []

    def test_a_job_asking_for_more_codes_than_the_limit_is_a_400(self) -> None:
        api = mock(OTHER)
        too_many = {"data": {**GENERATE["data"], "parameters": {"number_of_codes": 11}}}
        assert api.post(jobs_path(EMPTY_PROMOTION), json=too_many).status_code == 400
        assert api.post(jobs_path(EMPTY_PROMOTION), json=GENERATE).status_code == 201


class TestFixtureSettings:
    def test_fixtures_may_set_them(self) -> None:
        assert fixture_settings({"settings": {"page_length": 9}}).page_length == 9
        assert fixture_settings({}) == default_settings()

    @pytest.mark.parametrize(
        ("settings", "message"),
        [({"page_lenght": 9}, "unknown settings page_lenght"), ({"filter_limit": 0}, "filter_limit"), ([], "object")],
    )
    def test_wrong_fixture_settings_are_a_clear_error(self, settings: object, message: str) -> None:
        with pytest.raises(FixtureError, match=message):
            fixture_settings({"settings": settings})

    def test_the_command_line_takes_them_over_the_fixtures(self, tmp_path: Path, free_port: int) -> None:
        fixtures = tmp_path / "fixtures.json"
        fixtures.write_text(json.dumps({"settings": {"page_length": 9, "filter_limit": 3}, "promotions": []}))
        command = [*MOCK_COMMAND, "--fixtures", str(fixtures), "--port", str(free_port), "--page-length", "4"]
        process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
        try:
            assert process.stderr is not None and f":{free_port}" in process.stderr.readline()
            served = wait_for(f"http://127.0.0.1:{free_port}/v2/settings").json()["data"]
        finally:
            process.terminate()
            process.wait(timeout=10)
        assert (served["page_length"], served["filter_limit"], served["page_offset_limit"]) == (4, 3, 10000)

    def test_a_wrong_setting_on_the_command_line_is_one_line_and_exit_2(self) -> None:
        process = subprocess.run(
            [*MOCK_COMMAND, "--filter-limit", "0"], capture_output=True, text=True, timeout=30, check=False
        )
        assert process.returncode == 2 and "filter_limit" in process.stderr and "Traceback" not in process.stderr


class TestAutomaticPromotions:
    def test_creating_a_job_is_the_documented_422(self, contract: Contract) -> None:
        answer = mock().post(jobs_path(AUTOMATIC_PROMOTION), json=GENERATE)
        assert answer.status_code == 422
        assert answer.json() == {
            "errors": [
                {"status": "422", "title": "No codes allowed", "detail": "Cannot add codes to an automatic promotion"}
            ]
        }
        assert contract.validate_response("createPromotionJob", 422, answer.json()) == []

    def test_its_list_is_an_empty_page(self) -> None:
        assert mock().get(jobs_path(AUTOMATIC_PROMOTION)).json()["data"] == []


class TestOnlyClientCredentialsTokensCallTheJobs:
    @pytest.fixture
    def implicit(self) -> TestClient:
        authority = TokenAuthority()
        api = mock(tokens=authority)
        token = api.post(
            "/oauth/access_token",
            data={"grant_type": "implicit", "client_id": DEFAULT_CLIENT_ID},
            headers={"Authorization": ""},
        ).json()["access_token"]
        api.headers["Authorization"] = f"Bearer {token}"
        return api

    @pytest.mark.parametrize(
        ("method", "path"),
        [("GET", jobs_path(PAGED_PROMOTION)), ("POST", jobs_path(EMPTY_PROMOTION)), ("GET", "/v2/settings")],
    )
    def test_an_implicit_token_is_refused(self, implicit: TestClient, method: str, path: str) -> None:
        answer = implicit.request(method, path, json=GENERATE if method == "POST" else None)
        assert answer.status_code == 403
        assert answer.json()["errors"][0]["detail"] == "The jobs endpoints work using client_credentials token"
