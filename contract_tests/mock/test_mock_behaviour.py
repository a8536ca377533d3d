"""The mock beyond the happy path: strictness, error simulation, faults, fixtures, concurrency, CLI."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from contract_tests.support import (
    AUTH,
    MIXED_PROMOTION,
    PAGED_PROMOTION,
    SEED_PROMOTION,
    jobs_path,
    list_example,
    stored_jobs,
)
from promotion_jobs.contract import Contract
from promotion_jobs.mock import Fault, MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import FixtureError, fixture_store, load_fixtures, read_fixtures
from promotion_jobs.mock.store import Store


def in_process(store: Store | None = None, **options: Any) -> TestClient:
    app = create_app(MockConfig(store=store or fixture_store(), **options))
    return TestClient(app, base_url="http://mock.test", headers=AUTH)


def store_with_a_queued_job() -> Store:
    """The default fixtures plus a job outside the contract, added past fixture validation as a bug would."""
    store = fixture_store()
    bad = {**stored_jobs(store, SEED_PROMOTION)[0], "id": "5c1f9d2e-0000-4000-8000-000000000001", "status": "queued"}
    store.add_jobs([bad])
    return store


class TestStrictResponses:
    def test_a_response_that_breaks_the_contract_is_a_loud_500(self, caplog: pytest.LogCaptureFixture) -> None:
        with caplog.at_level(logging.ERROR, logger="promotion_jobs.mock"):
            response = in_process(store_with_a_queued_job()).get(jobs_path(SEED_PROMOTION))
        assert response.status_code == 500
        assert "violates the contract" in response.json()["errors"][0]["detail"]
        assert "contract violation" in caplog.text

    def test_without_strict_mode_the_same_response_is_sent(self) -> None:
        response = in_process(store_with_a_queued_job(), strict=False).get(jobs_path(SEED_PROMOTION))
        assert response.status_code == 200
        assert response.json()["data"][0]["status"] == "queued"

    def test_a_fault_that_rewrites_replies_leaves_strict_validation_on_for_everything_else(self) -> None:
        """The reply is checked before the fault rewrites it, so the fault stays the only drift."""
        faulted = in_process(store_with_a_queued_job(), faults=[Fault.FOREIGN_JOBS])
        assert faulted.get(jobs_path(SEED_PROMOTION)).status_code == 500
        assert in_process(faults=[Fault.FOREIGN_JOBS]).get(jobs_path(SEED_PROMOTION)).status_code == 200


class TestErrorSimulation:
    @pytest.mark.parametrize("status", [429, 503])
    def test_retryable_errors_carry_retry_after(self, status: int, contract: Contract) -> None:
        response = in_process().get(jobs_path(SEED_PROMOTION), headers={"X-Mock-Error": f"{status}; retry-after=3"})
        assert response.status_code == status
        assert response.headers["retry-after"] == "3"
        assert contract.validate_response("getPromotionJobs", status, response.json()) == []

    def test_500_carries_a_request_id(self, contract: Contract) -> None:
        response = in_process().get(jobs_path(SEED_PROMOTION), headers={"X-Mock-Error": "500"})
        assert response.status_code == 500
        assert response.json()["errors"][0]["request_id"]
        assert contract.validate_response("getPromotionJobs", 500, response.json()) == []

    def test_times_limits_how_often_the_error_is_served(self) -> None:
        client = in_process()
        header = {"X-Mock-Error": "429; times=2"}
        statuses = [client.get(jobs_path(SEED_PROMOTION), headers=header).status_code for _ in range(4)]
        assert statuses == [429, 429, 200, 200]

    def test_an_unknown_simulation_is_a_clear_400(self) -> None:
        response = in_process().get(jobs_path(SEED_PROMOTION), headers={"X-Mock-Error": "418"})
        assert response.status_code == 400
        assert response.json()["errors"][0]["source"] == "X-Mock-Error"


def faulted(fault: Fault) -> TestClient:
    return in_process(faults=[fault])


class TestFaultModes:
    """Every fault mode visibly changes what the mock sends."""

    def test_unknown_status(self) -> None:
        data = faulted(Fault.UNKNOWN_STATUS).get(jobs_path(SEED_PROMOTION)).json()["data"]
        assert {job["status"] for job in data} == {"queued"}

    def test_missing_field(self) -> None:
        data = faulted(Fault.MISSING_FIELD).get(jobs_path(SEED_PROMOTION)).json()["data"]
        assert all("status" not in job for job in data)

    def test_result_on_export(self) -> None:
        params = {"filter": "eq(job_type,code_export)"}
        data = faulted(Fault.RESULT_ON_EXPORT).get(jobs_path(MIXED_PROMOTION), params=params).json()["data"]
        assert data and all("result" in job for job in data)

    def test_filter_500(self) -> None:
        response = faulted(Fault.FILTER_500).get(jobs_path(SEED_PROMOTION), params={"filter": "eq("})
        assert response.status_code == 500

    def test_no_auth(self) -> None:
        response = faulted(Fault.NO_AUTH).get(jobs_path(SEED_PROMOTION), headers={"Authorization": ""})
        assert response.status_code == 200

    def test_wrong_content_type(self) -> None:
        response = faulted(Fault.WRONG_CONTENT_TYPE).get(jobs_path(SEED_PROMOTION))
        assert response.headers["content-type"].startswith("text/plain")

    def test_limit_unbounded(self) -> None:
        response = faulted(Fault.LIMIT_UNBOUNDED).get(jobs_path(PAGED_PROMOTION), params={"page[limit]": 500})
        assert response.status_code == 200
        assert response.json()["meta"]["page"]["limit"] == 500

    def test_filter_ignored(self) -> None:
        params = {"filter": "eq(job_type,code_export)"}
        data = faulted(Fault.FILTER_IGNORED).get(jobs_path(MIXED_PROMOTION), params=params).json()["data"]
        assert {job["job_type"] for job in data} == {"code_export", "code_generate"}

    def test_foreign_jobs(self) -> None:
        data = faulted(Fault.FOREIGN_JOBS).get(jobs_path(SEED_PROMOTION)).json()["data"]
        assert {job["promotion_id"] for job in data} - {SEED_PROMOTION}

    def test_page_overflow(self) -> None:
        data = faulted(Fault.PAGE_OVERFLOW).get(jobs_path(PAGED_PROMOTION), params={"page[limit]": 5}).json()["data"]
        assert len(data) == 6

    def test_total_mismatch(self) -> None:
        body = faulted(Fault.TOTAL_MISMATCH).get(jobs_path(SEED_PROMOTION)).json()
        assert body["meta"]["results"]["total"] != len(body["data"])

    def test_error_shape(self) -> None:
        body = faulted(Fault.ERROR_SHAPE).get(jobs_path(SEED_PROMOTION), headers={"Authorization": ""}).json()
        assert "errors" not in body and "message" in body

    def test_lost_jobs(self) -> None:
        client = faulted(Fault.LOST_JOBS)
        created = client.post(
            jobs_path(PAGED_PROMOTION), json={"data": {"type": "promotion_job", "job_type": "code_export"}}
        )
        assert created.status_code == 201
        job_id = created.json()["data"]["id"]
        assert client.post(f"{jobs_path(PAGED_PROMOTION)}/{job_id}/cancel").status_code == 404

    def test_every_fault_is_tested_here(self) -> None:
        tested = {name.removeprefix("test_") for name in dir(self) if name.startswith("test_")}
        assert {fault.name.lower() for fault in Fault} <= tested


class TestFixtures:
    def test_default_fixtures_hold_every_status_and_type(self) -> None:
        store = fixture_store()
        promotions = [promotion["id"] for promotion in read_fixtures()["promotions"]]
        jobs = [job for promotion in promotions for job in stored_jobs(store, promotion)]
        assert {job["status"] for job in jobs} == {
            "pending", "processing", "completed", "failed", "cancelling", "cancelled"
        }  # fmt: skip
        assert {job["job_type"] for job in jobs} == {"code_generate", "code_export"}
        assert any(not stored_jobs(store, promotion) for promotion in promotions)

    def test_the_promotions_named_by_role_hold_what_their_role_needs(self, document: dict[str, Any]) -> None:
        store = fixture_store()
        paged = stored_jobs(store, PAGED_PROMOTION)
        assert len(paged) > 2 * 25 and {job["job_type"] for job in paged} == {"code_generate", "code_export"}
        seed_jobs = list_example(document, "generateJobs")["data"]
        assert [job for job in stored_jobs(store, SEED_PROMOTION) if job in seed_jobs] == seed_jobs

    def test_a_job_outside_the_contract_is_refused_with_its_place(self) -> None:
        data = read_fixtures()
        data["promotions"][0]["jobs"][0]["status"] = "queued"
        with pytest.raises(FixtureError, match="promotion ad386702-e780-42c6-b190-0527ad768917, job 0"):
            load_fixtures(Store(), data)

    @pytest.mark.parametrize(
        ("promotion", "message"),
        [
            ({"id": "AD386702-E780-42C6-B190-0527AD768917", "jobs": []}, "lowercase UUID"),
            ({"id": "not-a-uuid", "jobs": []}, "lowercase UUID"),
            ({"id": "0f0f0f0f-1111-4222-8333-444444444444", "jobs": {}}, "jobs must be a list"),
            ({"id": "0f0f0f0f-1111-4222-8333-444444444444", "code_limit": "many"}, "code_limit"),
        ],
    )
    def test_a_malformed_promotion_is_refused(self, promotion: dict[str, Any], message: str) -> None:
        with pytest.raises(FixtureError, match=message):
            load_fixtures(Store(), {"promotions": [promotion]})

    def test_a_job_given_twice_is_refused(self) -> None:
        data = read_fixtures()
        data["promotions"][0]["jobs"].append(data["promotions"][0]["jobs"][0])
        with pytest.raises(FixtureError, match="already in promotion"):
            load_fixtures(Store(), data)

    def test_a_job_of_another_promotion_is_refused(self) -> None:
        data = read_fixtures()
        data["promotions"][1]["jobs"].append(data["promotions"][0]["jobs"][0])
        with pytest.raises(FixtureError, match="promotion_id"):
            load_fixtures(Store(), data)

    def test_a_fixtures_file_is_read_from_a_path(self, tmp_path: Path) -> None:
        path = tmp_path / "fixtures.json"
        promotion = "0f0f0f0f-1111-4222-8333-444444444444"
        path.write_text(json.dumps({"promotions": [{"id": promotion, "jobs": []}]}))
        assert fixture_store(path).has_promotion(promotion)


def test_parallel_readers_while_fixtures_load() -> None:
    """Readers never see a page whose meta disagrees with its items, while jobs keep arriving."""
    store = Store()
    promotion = "0f0f0f0f-1111-4222-8333-444444444444"
    store.add_promotion(promotion)
    template = stored_jobs(fixture_store(), PAGED_PROMOTION)[0]
    problems: list[str] = []

    def load() -> None:
        for batch in range(40):
            store.add_jobs(
                {**template, "promotion_id": promotion, "id": f"0f0f0f0f-{batch:04d}-4000-8000-{n:012d}"}
                for n in range(25)
            )

    with running_server(create_app(MockConfig(store=store))) as url:

        def read() -> None:
            with httpx.Client(base_url=url, headers=AUTH) as client:
                previous = 0
                for _ in range(30):
                    body = client.get(jobs_path(promotion), params={"page[limit]": 100}).json()
                    total = body["meta"]["results"]["total"]
                    if total % 25 or total < previous or len(body["data"]) != min(total, 100):
                        problems.append(f"inconsistent page: total {total}, items {len(body['data'])}")
                    previous = total

        threads = [threading.Thread(target=load)] + [threading.Thread(target=read) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        final = httpx.get(f"{url}{jobs_path(promotion)}", headers=AUTH).json()
    assert problems == []
    assert final["meta"]["results"]["total"] == 1000


def test_command_line_serves_the_mock(free_port: int) -> None:
    command = [sys.executable, "-m", "promotion_jobs.cli", "mock", "--port", str(free_port), "--token", "cli-token"]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        assert f"127.0.0.1:{free_port}" in banner
        for _ in range(200):
            try:
                response = httpx.get(
                    f"http://127.0.0.1:{free_port}{jobs_path(SEED_PROMOTION)}",
                    headers={"Authorization": "Bearer cli-token"},
                )
                break
            except httpx.ConnectError:
                threading.Event().wait(0.05)
        assert response.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_command_line_lists_faults() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "promotion_jobs.cli", "mock", "--list-faults"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert {line.split()[0] for line in result.stdout.splitlines()} == {fault.value for fault in Fault}


def test_command_line_rejects_an_unknown_fault() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "promotion_jobs.cli", "mock", "--fault", "bogus"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown fault 'bogus'" in result.stderr


def assert_refused_in_error_shape(response: httpx.Response, contract: Contract) -> None:
    """A 4xx whose body is the Elastic Path error shape: bad input never crashes the mock."""
    assert 400 <= response.status_code < 500, (response.status_code, response.text)
    assert response.headers["content-type"] == "application/json"
    assert contract.schema("ErrorResponse").errors(response.json()) == []


class TestBadInput:
    """Odd requests against a running mock, each answered 4xx in the Elastic Path error shape."""

    def test_an_integer_beyond_64_bits_is_echoed_not_a_500(self, contract: Contract) -> None:
        """Valid by the document (no maximum), too large for orjson: the mock still answers 201."""
        client = in_process()
        parameters = {"number_of_codes": 5, "max_uses_per_code": 2**70}
        body = {"data": {"type": "promotion_job", "job_type": "code_generate", "parameters": parameters}}
        response = client.post(jobs_path(PAGED_PROMOTION), json=body)
        assert response.status_code == 201, response.text
        assert response.json()["data"]["parameters"]["max_uses_per_code"] == 2**70
        assert contract.validate_response("createPromotionJob", 201, response.json()) == []

    @pytest.mark.parametrize(
        "query",
        [
            "page[offset]=" + "9" * 5000,  # more digits than Python turns into an int
            "page[limit]=-" + "9" * 5000,
        ],
    )
    def test_odd_query_values(self, api: httpx.Client, contract: Contract, query: str) -> None:
        response = api.get(f"{jobs_path(SEED_PROMOTION)}?{query}")
        assert_refused_in_error_shape(response, contract)
        assert response.json()["errors"][0]["source"] == query.partition("=")[0]

    @pytest.mark.parametrize(
        "body",
        [
            b"[" * 100_000,  # deeper than Python's recursion limit
            b'{"data":' * 900 + b"1" + b"}" * 900,  # readable, and still refused by the schema
            b'{"data":{"type":"promotion_job","job_type":"code_generate","parameters":{"number_of_codes":NaN}}}',
            b'{"data":{"type":"promotion_job","job_type":"code_export","name":Infinity}}',
            b"\xff\xfe",
            b"",
        ],
    )
    def test_odd_json_bodies(self, api: httpx.Client, contract: Contract, body: bytes) -> None:
        response = api.post(jobs_path(SEED_PROMOTION), content=body, headers={"Content-Type": "application/json"})
        assert_refused_in_error_shape(response, contract)

    @pytest.mark.parametrize(
        "value",
        [
            "\xb2",  # a superscript two: str.isdigit() says yes, int() says no
            "429; times=" + "9" * 5000,
            "429; retry-after=\xb9",
            "9" * 5000,
            "429; times=-1",
            "429; retry_after=3",  # a misspelt option is refused, not ignored
            "",
        ],
    )
    def test_odd_error_simulation_headers(self, api: httpx.Client, contract: Contract, value: str) -> None:
        response = api.get(jobs_path(SEED_PROMOTION), headers={b"X-Mock-Error": value.encode("latin-1")})
        assert_refused_in_error_shape(response, contract)
        assert response.json()["errors"][0]["source"] == "X-Mock-Error"

    @pytest.mark.parametrize(
        ("method", "path"),
        [
            ("GET", f"{jobs_path(SEED_PROMOTION)}/00000000-0000-4000-8000-000000000001/file"),
            ("POST", f"{jobs_path(SEED_PROMOTION)}/00000000-0000-4000-8000-000000000001/cancel"),
            ("POST", "/oauth/access_token"),
        ],
    )
    def test_every_operation_declares_the_simulation_refusal(
        self, api: httpx.Client, contract: Contract, method: str, path: str
    ) -> None:
        response = api.request(method, path, headers={"X-Mock-Error": "418"})
        assert_refused_in_error_shape(response, contract)

    @pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
    def test_other_methods_on_a_download_link(self, api: httpx.Client, contract: Contract, method: str) -> None:
        response = api.request(method, "/__mock/files/unknown.csv")
        assert_refused_in_error_shape(response, contract)
        assert response.status_code == 405
        assert "GET" in response.headers["allow"]

    @pytest.mark.parametrize(
        "path",
        [
            f"{jobs_path(SEED_PROMOTION)}/x%2Fy/file",  # an encoded slash does not reach a handler
            f"/v2/promotions/{SEED_PROMOTION}%2Fjobs",
            "/v2/promotions//jobs",
            "/nowhere",
        ],
    )
    def test_paths_no_route_matches(self, api: httpx.Client, contract: Contract, path: str) -> None:
        response = api.get(path)
        assert_refused_in_error_shape(response, contract)
        assert response.status_code == 404

    @pytest.mark.parametrize(
        "query",
        [
            "page[limit]=5&page[limit]=500",
            "filter=eq(status,completed)&filter=eq(status,failed)",
            "page[offset]=0&page%5Boffset%5D=0",  # the same name, encoded or not
        ],
    )
    def test_a_query_parameter_given_twice(self, api: httpx.Client, contract: Contract, query: str) -> None:
        response = api.get(f"{jobs_path(SEED_PROMOTION)}?{query}")
        assert_refused_in_error_shape(response, contract)
        assert response.json()["errors"][0]["detail"].endswith("is given more than once")
