"""The job helpers against the running mock on a manual clock: the injected sleep of
`wait_for_job` moves the mock's clock, so jobs advance and nothing sleeps for real."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from elasticpath_promotion_jobs_client.models import ConsumeUnit, JobStatus, JobType, PromotionJob
from elasticpath_promotion_jobs_client.types import Unset

from contract_tests.support import (
    AUTOMATIC_PROMOTION,
    CLIENT_ID,
    CLIENT_SECRET,
    EMPTY_PROMOTION,
    PAGED_PROMOTION,
    TOKEN,
    UNKNOWN_PROMOTION,
    RecordingApp,
    serve_recorded,
)
from promotion_jobs.client import (
    ConnectedClient,
    JobTimeout,
    PromotionJobsError,
    cancel_job,
    connect,
    download_export,
    start_export,
    start_generate,
    wait_for_job,
)
from promotion_jobs.mock import Fault, MockConfig
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.fixtures import fixture_store

STEP = 5.0
POLL = 1.0
FILES_PREFIX = "/__mock/files/"


@dataclass
class Mock:
    url: str
    clock: ManualClock
    recorded: RecordingApp
    client: ConnectedClient

    def wait(
        self,
        job: PromotionJob,
        *,
        timeout: float = 60,
        poll_interval: float = POLL,
        on_progress: Callable[[PromotionJob], None] | None = None,
    ) -> PromotionJob:
        """wait_for_job whose sleeps move the mock's clock instead of waiting."""
        return wait_for_job(
            self.client,
            job.promotion_id,
            job.id,
            timeout=timeout,
            poll_interval=poll_interval,
            on_progress=on_progress,
            clock=self.clock,
            sleep=self.clock.advance,
        )


@contextmanager
def serve(faults: tuple[Fault, ...] = (), *, credentials: bool = False) -> Iterator[Mock]:
    """The fixture mock on a manual clock, and a client with the static token or client credentials."""
    clock = ManualClock()
    config = MockConfig(fixture_store(), clock=clock, step_seconds=STEP, seed=3, faults=faults)
    with serve_recorded(config) as (url, recorded):
        client = (
            connect(url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET) if credentials else connect(url, token=TOKEN)
        )
        with client:
            yield Mock(url, clock, recorded, client)


@pytest.fixture
def mock() -> Iterator[Mock]:
    with serve() as served:
        yield served


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode())))


def test_generate_wait_export_wait_download(mock: Mock) -> None:
    job = start_generate(mock.client, EMPTY_PROMOTION, 40, name="spring", code_prefix="spring-", code_length=10)
    assert (job.job_type, job.status) == (JobType.CODE_GENERATE, JobStatus.PENDING)
    seen: list[JobStatus] = []
    done = mock.wait(job, on_progress=lambda update: seen.append(update.status))
    assert seen == [JobStatus.PENDING, JobStatus.PROCESSING, JobStatus.COMPLETED]
    assert done.id == job.id and done.status is JobStatus.COMPLETED
    assert not isinstance(done.result, Unset) and done.result.generated == 40

    export = start_export(mock.client, EMPTY_PROMOTION, name="for the call centre")
    assert (export.job_type, export.status) == (JobType.CODE_EXPORT, JobStatus.PENDING)
    assert mock.wait(export).status is JobStatus.COMPLETED
    rows = csv_rows(download_export(mock.client, EMPTY_PROMOTION, export.id))
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)) == done.result.generated
    assert all(code.startswith("spring-") and len(code) == len("spring-") + 10 for code in codes)
    assert {row["job_id"] for row in rows} == {str(job.id)}


def test_a_slow_poller_is_told_of_the_statuses_it_saw(mock: Mock) -> None:
    job = start_generate(mock.client, EMPTY_PROMOTION, 4)
    seen: list[JobStatus] = []
    done = mock.wait(job, poll_interval=3 * STEP, on_progress=lambda update: seen.append(update.status))
    assert seen == [JobStatus.PENDING, JobStatus.COMPLETED]
    assert not isinstance(done.result, Unset) and done.result.generated == 4


def test_options_left_out_are_not_sent(mock: Mock) -> None:
    start_generate(mock.client, EMPTY_PROMOTION, 5)
    given = start_generate(
        mock.client,
        PAGED_PROMOTION,
        7,
        name="named",
        code_prefix="x-",
        code_length=12,
        consume_unit="per_item",
        max_uses_per_code=2,
    )
    bare, full = (json.loads(request.body) for request in mock.recorded.received if request.method == "POST")
    assert bare == {
        "data": {"type": "promotion_job", "job_type": "code_generate", "parameters": {"number_of_codes": 5}}
    }
    assert full["data"]["name"] == "named"
    assert full["data"]["parameters"] == {
        "number_of_codes": 7,
        "code_prefix": "x-",
        "code_length": 12,
        "consume_unit": "per_item",
        "max_uses_per_code": 2,
    }
    assert not isinstance(given.parameters, Unset) and given.parameters.consume_unit is ConsumeUnit.PER_ITEM


def test_the_deadline_raises_job_timeout_with_the_last_job_seen(mock: Mock) -> None:
    job = start_generate(mock.client, EMPTY_PROMOTION, 3)
    started = mock.clock()
    with pytest.raises(JobTimeout) as raised:
        mock.wait(job, timeout=3.5)
    timeout = raised.value
    assert isinstance(timeout, PromotionJobsError)  # one `except PromotionJobsError` catches it too
    assert timeout.status is None
    assert timeout.job is not None and timeout.job.status is JobStatus.PENDING
    assert str(timeout) == f"Timed out waiting for the job: job {job.id} was still pending after 3.5 s"
    assert mock.clock() - started == 3.5  # no sleep ran past the deadline
    assert mock.wait(job).status is JobStatus.COMPLETED  # the job itself went on


def test_a_job_that_is_never_listed_times_out_without_a_job() -> None:
    with serve(faults=(Fault.LOST_JOBS,)) as lossy:  # answered 201, never stored
        job = start_export(lossy.client, EMPTY_PROMOTION)
        with pytest.raises(JobTimeout) as raised:
            lossy.wait(job, timeout=10)
    assert raised.value.job is None
    assert "was never listed after 10 s" in str(raised.value)


def test_a_failed_job_is_returned_not_raised(mock: Mock) -> None:
    assert mock.wait(start_generate(mock.client, EMPTY_PROMOTION, 600)).status is JobStatus.COMPLETED
    failed = mock.wait(start_generate(mock.client, EMPTY_PROMOTION, 600))  # 1200 codes > the limit of 1000
    assert failed.status is JobStatus.FAILED
    assert failed.error == "codes limit exceeded"


def test_cancel_then_wait_sees_the_codes_deleted(mock: Mock) -> None:
    job = start_generate(mock.client, EMPTY_PROMOTION, 25)
    mock.clock.advance(STEP)  # processing: its codes exist
    cancelling = cancel_job(mock.client, EMPTY_PROMOTION, job.id)
    assert (cancelling.id, cancelling.status) == (job.id, JobStatus.CANCELLING)
    cancelled = mock.wait(job)
    assert cancelled.status is JobStatus.CANCELLED
    assert not isinstance(cancelled.result, Unset) and cancelled.result.deleted == 25
    with pytest.raises(PromotionJobsError) as raised:
        cancel_job(mock.client, EMPTY_PROMOTION, job.id)
    assert raised.value.status == 422
    assert raised.value.errors[0].detail == "Only pending or processing jobs can be cancelled."


def test_downloading_an_export_that_is_not_ready_raises_the_422(mock: Mock) -> None:
    export = start_export(mock.client, EMPTY_PROMOTION)
    with pytest.raises(PromotionJobsError) as raised:
        download_export(mock.client, EMPTY_PROMOTION, export.id)
    assert raised.value.status == 422
    assert raised.value.errors[0].detail == "Job has no file to download. Job status: pending"
    assert not [request for request in mock.recorded.received if request.path.startswith(FILES_PREFIX)]


@pytest.mark.parametrize("credentials", [False, True], ids=["static-token", "client-credentials"])
def test_the_file_host_never_sees_the_token_or_the_clients_headers(credentials: bool) -> None:
    with serve(credentials=credentials) as mock:
        export = mock.wait(start_export(mock.client, EMPTY_PROMOTION))
        tagged = mock.client.with_headers({"X-Trace": "from-the-api-client"})
        assert csv_rows(download_export(tagged, EMPTY_PROMOTION, export.id)) == []  # the promotion has no codes yet
    (file_request,) = [request for request in mock.recorded.received if request.path.startswith(FILES_PREFIX)]
    (link_request,) = [request for request in mock.recorded.received if request.path.endswith("/file")]
    assert link_request.headers["authorization"].startswith("Bearer ")  # the API call is authenticated
    assert link_request.headers["x-trace"] == "from-the-api-client"
    assert "authorization" not in file_request.headers
    assert "x-trace" not in file_request.headers
    token = link_request.headers["authorization"].removeprefix("Bearer ")
    assert all(token not in value for value in file_request.headers.values())


def test_api_errors_raise_promotion_jobs_error(mock: Mock) -> None:
    with pytest.raises(PromotionJobsError) as unknown:
        start_export(mock.client, UNKNOWN_PROMOTION)
    assert (unknown.value.status, unknown.value.errors[0].detail) == (404, "promotion not found")
    with pytest.raises(PromotionJobsError) as out_of_bounds:
        start_generate(mock.client, EMPTY_PROMOTION, 1001)  # more than the store's promotion_codes_limit
    assert out_of_bounds.value.status == 400
    with pytest.raises(PromotionJobsError) as automatic:
        start_generate(mock.client, AUTOMATIC_PROMOTION, 10)
    assert (automatic.value.status, automatic.value.errors[0].title) == (422, "No codes allowed")
    assert "Cannot add codes to an automatic promotion" in str(automatic.value)
    start_export(mock.client, EMPTY_PROMOTION)
    with pytest.raises(PromotionJobsError) as busy:
        start_generate(mock.client, EMPTY_PROMOTION, 1)
    assert (busy.value.status, busy.value.errors[0].title) == (400, "Too many jobs")


def test_wait_refuses_a_negative_timeout_or_a_poll_interval_of_zero(mock: Mock) -> None:
    with pytest.raises(ValueError, match="timeout"):
        wait_for_job(mock.client, EMPTY_PROMOTION, UNKNOWN_PROMOTION, timeout=-1)
    with pytest.raises(ValueError, match="poll_interval"):
        wait_for_job(mock.client, EMPTY_PROMOTION, UNKNOWN_PROMOTION, timeout=1, poll_interval=0)
