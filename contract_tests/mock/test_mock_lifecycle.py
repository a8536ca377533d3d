"""The job lifecycle through the generated client against the running mock, on a manual clock."""

from __future__ import annotations

import csv
import io
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from uuid import UUID

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient, Client
from elasticpath_promotion_jobs_client.api.authentication import create_access_token
from elasticpath_promotion_jobs_client.api.promotion_jobs import (
    cancel_promotion_job,
    create_promotion_job,
    get_promotion_job_file,
    get_promotion_jobs,
)
from elasticpath_promotion_jobs_client.models import (
    AccessToken,
    AccessTokenRequest,
    ErrorResponse,
    GrantType,
    JobStatus,
    JobType,
    PromotionJob,
    PromotionJobCreate,
    PromotionJobCreateRequest,
    PromotionJobFile,
    PromotionJobList,
    PromotionJobParameters,
    PromotionJobResponse,
)
from elasticpath_promotion_jobs_client.types import Unset

from contract_tests.support import EMPTY_PROMOTION, PAGED_PROMOTION, TOKEN, jobs_path
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.token_authority import TOKEN_LIFETIME_SECONDS

STEP = 5.0


@dataclass
class Mock:
    url: str
    clock: ManualClock
    client: AuthenticatedClient

    def step(self, count: int = 1) -> None:
        self.clock.advance(STEP * count)


@pytest.fixture
def mock() -> Iterator[Mock]:
    clock = ManualClock()
    config = MockConfig(store=fixture_store(), clock=clock, step_seconds=STEP, seed=7)
    with running_server(create_app(config)) as url:
        yield Mock(url, clock, AuthenticatedClient(base_url=url, token=TOKEN))


def generate(number: int, prefix: str = "summer-", length: int = 10) -> PromotionJobCreateRequest:
    parameters = PromotionJobParameters(number_of_codes=number, code_prefix=prefix, code_length=length)
    return PromotionJobCreateRequest(
        data=PromotionJobCreate(
            type_="promotion_job", job_type=JobType.CODE_GENERATE, name="codes", parameters=parameters
        )
    )


def export() -> PromotionJobCreateRequest:
    return PromotionJobCreateRequest(data=PromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT))


def create(mock: Mock, promotion: str, body: PromotionJobCreateRequest) -> PromotionJob:
    response = create_promotion_job.sync_detailed(UUID(promotion), client=mock.client, body=body)
    assert response.status_code == 201, response.content
    assert isinstance(response.parsed, PromotionJobResponse)
    return response.parsed.data


def jobs_with_status(mock: Mock, promotion: str, status: str) -> list[PromotionJob]:
    page = get_promotion_jobs.sync(UUID(promotion), client=mock.client, filter_=f"eq(status,{status})")
    assert isinstance(page, PromotionJobList)
    return page.data


def wait_for(mock: Mock, promotion: str, job: PromotionJob, status: str, steps: int = 4) -> PromotionJob:
    """Poll the filtered list as a client would, moving the clock one step between polls."""
    for _ in range(steps):
        for candidate in jobs_with_status(mock, promotion, status):
            if candidate.id == job.id:
                return candidate
        mock.step()
    raise AssertionError(f"job {job.id} never became {status}")


def download(mock: Mock, promotion: str, job: PromotionJob) -> list[dict[str, str]]:
    file = get_promotion_job_file.sync(UUID(promotion), job.id, client=mock.client)
    assert isinstance(file, PromotionJobFile)
    response = httpx.get(file.href)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.text)))


def test_generate_then_export_round_trip(mock: Mock) -> None:
    job = create(mock, EMPTY_PROMOTION, generate(40))
    assert job.status is JobStatus.PENDING
    assert isinstance(job.parameters, PromotionJobParameters) and job.parameters.number_of_codes == 40
    assert wait_for(mock, EMPTY_PROMOTION, job, "processing").status is JobStatus.PROCESSING
    done = wait_for(mock, EMPTY_PROMOTION, job, "completed")
    assert not isinstance(done.result, Unset) and done.result.generated == 40
    assert done.meta.timestamps.updated_at > done.meta.timestamps.created_at

    exported = create(mock, EMPTY_PROMOTION, export())
    assert isinstance(exported.parameters, Unset)
    finished = wait_for(mock, EMPTY_PROMOTION, exported, "completed")
    assert isinstance(finished.result, Unset)
    rows = download(mock, EMPTY_PROMOTION, finished)
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == done.result.generated
    assert all(code.startswith("summer-") and len(code) == len("summer-") + 10 for code in codes)
    assert {row["job_id"] for row in rows} == {str(job.id)}


def test_steps_that_fell_due_together_are_applied_in_order(mock: Mock) -> None:
    """A client that looks again only after several steps sees the job finished, not stuck."""
    job = create(mock, EMPTY_PROMOTION, generate(12))
    mock.step(3)  # processing and done are both due at the next request
    (done,) = jobs_with_status(mock, EMPTY_PROMOTION, "completed")
    assert done.id == job.id
    assert not isinstance(done.result, Unset) and done.result.generated == 12
    cancelled = create(mock, EMPTY_PROMOTION, generate(5))
    mock.step()
    cancel_promotion_job.sync(UUID(EMPTY_PROMOTION), cancelled.id, client=mock.client)
    exported = create(mock, EMPTY_PROMOTION, export())
    mock.step(5)
    assert [job.id for job in jobs_with_status(mock, EMPTY_PROMOTION, "completed")] == [exported.id, job.id]
    assert len(download(mock, EMPTY_PROMOTION, exported)) == 12


def test_cancel_midway_deletes_the_codes(mock: Mock) -> None:
    job = create(mock, EMPTY_PROMOTION, generate(25))
    wait_for(mock, EMPTY_PROMOTION, job, "processing")
    cancelled = cancel_promotion_job.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(cancelled, PromotionJobResponse)
    assert cancelled.data.status is JobStatus.CANCELLING
    final = wait_for(mock, EMPTY_PROMOTION, job, "cancelled")
    assert not isinstance(final.result, Unset)
    assert (final.result.generated, final.result.deleted) == (25, 25)
    exported = create(mock, EMPTY_PROMOTION, export())
    assert download(mock, EMPTY_PROMOTION, wait_for(mock, EMPTY_PROMOTION, exported, "completed")) == []


def test_cancelling_a_finished_job_is_the_documented_422(mock: Mock) -> None:
    job = create(mock, EMPTY_PROMOTION, generate(3))
    wait_for(mock, EMPTY_PROMOTION, job, "completed")
    refused = cancel_promotion_job.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(refused, ErrorResponse)
    assert refused.to_dict() == {
        "errors": [
            {
                "status": "422",
                "title": "Unprocessable Entity",
                "detail": "Only pending or processing jobs can be cancelled.",
            }
        ]
    }


def test_file_before_completion_is_the_documented_422(mock: Mock) -> None:
    job = create(mock, EMPTY_PROMOTION, export())
    refused = get_promotion_job_file.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(refused, ErrorResponse)
    assert refused.errors[0].detail == "Job has no file to download. Job status: pending"
    mock.step()
    refused = get_promotion_job_file.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(refused, ErrorResponse)
    assert refused.errors[0].detail == "Job has no file to download. Job status: processing"


def test_a_generate_job_has_no_file(mock: Mock) -> None:
    job = wait_for(mock, EMPTY_PROMOTION, create(mock, EMPTY_PROMOTION, generate(2)), "completed")
    refused = get_promotion_job_file.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(refused, ErrorResponse)
    assert refused.errors[0].detail == "Job has no file to download. Job status: completed"


def test_the_download_link_expires(mock: Mock) -> None:
    job = wait_for(mock, EMPTY_PROMOTION, create(mock, EMPTY_PROMOTION, export()), "completed")
    file = get_promotion_job_file.sync(UUID(EMPTY_PROMOTION), job.id, client=mock.client)
    assert isinstance(file, PromotionJobFile)
    assert httpx.get(file.href).status_code == 200
    mock.clock.advance(301)
    expired = httpx.get(file.href)
    assert expired.status_code == 403
    assert expired.json()["errors"][0]["status"] == "403"


def test_over_the_code_limit_the_job_fails(mock: Mock) -> None:
    first = wait_for(mock, EMPTY_PROMOTION, create(mock, EMPTY_PROMOTION, generate(600)), "completed")
    assert not isinstance(first.result, Unset) and first.result.generated == 600
    second = create(mock, EMPTY_PROMOTION, generate(600))  # accepted, then fails: 1200 > 1000
    failed = wait_for(mock, EMPTY_PROMOTION, second, "failed")
    assert failed.error == "codes limit exceeded"


def test_one_active_job_per_promotion(mock: Mock) -> None:
    create(mock, EMPTY_PROMOTION, generate(1))
    refused = create_promotion_job.sync(UUID(EMPTY_PROMOTION), client=mock.client, body=export())
    assert isinstance(refused, ErrorResponse)
    assert refused.to_dict() == {
        "errors": [
            {
                "status": "400",
                "title": "Too many jobs",
                "detail": "Only 1 pending or processing job is allowed per promotion.",
            }
        ]
    }
    create(mock, PAGED_PROMOTION, export())  # another promotion is not blocked


def test_invalid_bodies_and_unknown_ids(mock: Mock) -> None:
    headers = {"Authorization": f"Bearer {TOKEN}"}
    url = f"{mock.url}{jobs_path(EMPTY_PROMOTION)}"
    missing = httpx.post(url, headers=headers, json={"data": {"type": "promotion_job", "job_type": "code_generate"}})
    assert missing.status_code == 400
    assert missing.json()["errors"][0]["title"] == "Bad Request"
    too_many = {"type": "promotion_job", "job_type": "code_generate", "parameters": {"number_of_codes": 1001}}
    assert httpx.post(url, headers=headers, json={"data": too_many}).status_code == 400
    assert httpx.post(url, headers=headers, content=b"{not json", params={}).status_code == 400
    unknown_job = cancel_promotion_job.sync(UUID(EMPTY_PROMOTION), UUID(int=1), client=mock.client)
    assert isinstance(unknown_job, ErrorResponse) and unknown_job.errors[0].detail == "job not found"
    unknown_promotion = create_promotion_job.sync(UUID(int=2), client=mock.client, body=export())
    assert isinstance(unknown_promotion, ErrorResponse) and unknown_promotion.errors[0].detail == "promotion not found"


def test_fifty_parallel_creates_give_exactly_one_job(mock: Mock) -> None:
    """50 racing creates on one promotion (and 10 on another): one 201 each, the rest 400, none lost."""
    body = {"data": {"type": "promotion_job", "job_type": "code_export"}}
    racers = [EMPTY_PROMOTION] * 50 + [PAGED_PROMOTION] * 10
    statuses: dict[str, list[int]] = {EMPTY_PROMOTION: [], PAGED_PROMOTION: []}
    barrier = threading.Barrier(len(racers))

    def attempt(promotion: str) -> None:
        with httpx.Client(base_url=mock.url, headers={"Authorization": f"Bearer {TOKEN}"}) as client:
            barrier.wait()
            response = client.post(jobs_path(promotion), json=body)
            if response.status_code == 400:
                assert response.json()["errors"][0]["title"] == "Too many jobs"
            statuses[promotion].append(response.status_code)

    threads = [threading.Thread(target=attempt, args=(promotion,)) for promotion in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses[EMPTY_PROMOTION]) == [201] + [400] * 49
    assert sorted(statuses[PAGED_PROMOTION]) == [201] + [400] * 9
    for promotion, before in ((EMPTY_PROMOTION, 0), (PAGED_PROMOTION, 60)):
        listed = jobs_with_status(mock, promotion, "pending")
        assert len(listed) == 1
        page = get_promotion_jobs.sync(UUID(promotion), client=mock.client, pagelimit=1)
        assert isinstance(page, PromotionJobList) and page.meta.results.total == before + 1


class TestTokens:
    def test_issued_token_works_until_it_expires(self, mock: Mock) -> None:
        issued = create_access_token.sync(
            client=Client(base_url=mock.url),
            body=AccessTokenRequest(
                grant_type=GrantType.CLIENT_CREDENTIALS, client_id="mock-client-id", client_secret="mock-client-secret"
            ),
        )
        assert isinstance(issued, AccessToken)
        assert issued.expires_in == TOKEN_LIFETIME_SECONDS
        assert issued.expires == int(mock.clock()) + TOKEN_LIFETIME_SECONDS
        client = AuthenticatedClient(base_url=mock.url, token=issued.access_token)
        assert isinstance(get_promotion_jobs.sync(UUID(EMPTY_PROMOTION), client=client), PromotionJobList)
        mock.clock.advance(TOKEN_LIFETIME_SECONDS)
        expired = get_promotion_jobs.sync(UUID(EMPTY_PROMOTION), client=client)
        assert isinstance(expired, ErrorResponse) and expired.errors[0].status == 401

    def test_wrong_credentials_get_no_token(self, mock: Mock) -> None:
        form = {"grant_type": "client_credentials", "client_id": "mock-client-id", "client_secret": "guess"}
        response = httpx.post(f"{mock.url}/oauth/access_token", data=form)
        assert response.status_code == 401
        assert "guess" not in response.text
        assert "access_token" not in response.json()


def test_codes_without_a_length_have_the_documents_default_length(mock: Mock, document: dict[str, Any]) -> None:
    generate = document["components"]["schemas"]["PromotionJobCreate"]["else"]["allOf"][0]["properties"]
    default = generate["parameters"]["properties"]["code_length"]["default"]
    assert default == 8  # create-a-job: "ranges from 8 to 16 ... default ... eight"
    body = PromotionJobCreateRequest(
        data=PromotionJobCreate(
            type_="promotion_job",
            job_type=JobType.CODE_GENERATE,
            parameters=PromotionJobParameters(number_of_codes=5, code_prefix="p-"),
        )
    )
    wait_for(mock, EMPTY_PROMOTION, create(mock, EMPTY_PROMOTION, body), "completed")
    exported = wait_for(mock, EMPTY_PROMOTION, create(mock, EMPTY_PROMOTION, export()), "completed")
    codes = [row["code"] for row in download(mock, EMPTY_PROMOTION, exported)]
    assert len(codes) == 5
    assert {len(code) for code in codes} == {len("p-") + default}
