"""The helpers for rule promotions (Promotions Builder): `family=Family.RULE` on each of them,
against the running mock (jobs on a manual clock, as in test_client_jobs), servers that leave out
the rule list's optional `meta`, and `promotion-jobs jobs --rule`."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, assert_type
from urllib.parse import parse_qs

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.models import (
    ConsumeUnit,
    JobStatus,
    JobType,
    PromotionJob,
    RuleConsumeUnit,
    RulePromotionJob,
    RulePromotionJobList,
)
from elasticpath_promotion_jobs_client.types import Unset

from contract_tests.support import (
    EMPTY_RULE_PROMOTION,
    PAGED_PROMOTION,
    PAGED_RULE_PROMOTION,
    TOKEN,
    RecordingApp,
    answered_client,
    run_jobs_command,
    serve_recorded,
    stored_jobs,
)
from promotion_jobs.client import (
    ConnectedClient,
    Family,
    JobTimeout,
    PromotionJobsError,
    aiter_jobs,
    aiter_pages,
    cancel_job,
    connect,
    download_export,
    iter_jobs,
    iter_pages,
    job_filter,
    job_result,
    start_export,
    start_generate,
    wait_for_job,
)
from promotion_jobs.mock import MockConfig
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.fixtures import fixture_store

RULE: Final = Family.RULE  # Final keeps the literal type the overloads select on
STEP = 5.0
POLL = 1.0


@dataclass
class Mock:
    url: str
    clock: ManualClock
    recorded: RecordingApp
    client: ConnectedClient

    def wait(self, job: RulePromotionJob, *, timeout: float = 60) -> RulePromotionJob:
        """wait_for_job on the rule family, whose sleeps move the mock's clock instead of waiting."""
        return wait_for_job(
            self.client,
            job.rule_promotion_id,
            job.id,
            timeout=timeout,
            poll_interval=POLL,
            clock=self.clock,
            sleep=self.clock.advance,
            family=RULE,
        )


@contextmanager
def serve() -> Iterator[Mock]:
    clock = ManualClock()
    config = MockConfig(fixture_store(), clock=clock, step_seconds=STEP, seed=3)
    with serve_recorded(config) as (url, recorded), connect(url, token=TOKEN) as client:
        yield Mock(url, clock, recorded, client)


@pytest.fixture
def mock() -> Iterator[Mock]:
    with serve() as served:
        yield served


def ids(jobs: list[RulePromotionJob]) -> list[str]:
    return [str(job.id) for job in jobs]


def test_a_rule_promotions_pages_newest_first(mock: Mock) -> None:
    expected = [job["id"] for job in stored_jobs(fixture_store(), PAGED_RULE_PROMOTION)]
    assert len(expected) == 40
    pages = list(iter_pages(mock.client, PAGED_RULE_PROMOTION, page_limit=7, family=RULE))
    assert_type(pages, list[RulePromotionJobList])  # mypy --strict checks the overloads here
    assert [len(page.data) for page in pages] == [7, 7, 7, 7, 7, 5]
    assert all(isinstance(page, RulePromotionJobList) for page in pages)
    jobs = list(iter_jobs(mock.client, PAGED_RULE_PROMOTION, page_limit=7, family=RULE))
    assert ids(jobs) == expected
    assert {str(job.rule_promotion_id) for job in jobs} == {PAGED_RULE_PROMOTION}
    exports = job_filter(job_type=JobType.CODE_EXPORT)
    filtered = list(iter_jobs(mock.client, PAGED_RULE_PROMOTION, filter_=exports, family=RULE))
    assert len(filtered) == 20 and {job.job_type for job in filtered} == {JobType.CODE_EXPORT}
    paths = {request.path for request in mock.recorded.received}
    assert paths == {f"/v2/rule-promotions/{PAGED_RULE_PROMOTION}/jobs"}


def test_the_async_walk_of_a_rule_promotion_matches_the_sync_one(mock: Mock) -> None:
    async def walk() -> tuple[list[int], list[RulePromotionJob]]:
        pages = [
            len(page.data) async for page in aiter_pages(mock.client, PAGED_RULE_PROMOTION, page_limit=9, family=RULE)
        ]
        jobs = [job async for job in aiter_jobs(mock.client, PAGED_RULE_PROMOTION, page_limit=9, family=RULE)]
        return pages, jobs

    pages, jobs = asyncio.run(walk())
    assert pages == [9, 9, 9, 9, 4]
    assert ids(jobs) == ids(list(iter_jobs(mock.client, PAGED_RULE_PROMOTION, family=RULE)))


def test_generate_wait_export_wait_download_on_the_empty_rule_promotion(mock: Mock) -> None:
    job = start_generate(
        mock.client,
        EMPTY_RULE_PROMOTION,
        12,
        code_prefix="rule-",
        consume_unit=RuleConsumeUnit.PER_CHECKOUT,
        max_uses_per_code=3,
        family=RULE,
    )
    assert_type(job, RulePromotionJob)
    assert (job.job_type, job.status, str(job.rule_promotion_id)) == (
        JobType.CODE_GENERATE,
        JobStatus.PENDING,
        EMPTY_RULE_PROMOTION,
    )
    assert not isinstance(job.parameters, Unset) and job.parameters.consume_unit is RuleConsumeUnit.PER_CHECKOUT
    (sent,) = [json.loads(request.body) for request in mock.recorded.received if request.method == "POST"]
    assert sent["data"]["parameters"] == {
        "number_of_codes": 12,
        "code_prefix": "rule-",
        "consume_unit": "per_checkout",
        "max_uses_per_code": 3,
    }
    done = mock.wait(job)
    assert done.status is JobStatus.COMPLETED
    result = job_result(done)
    assert result is not None and result.generated == 12

    export = start_export(mock.client, EMPTY_RULE_PROMOTION, name="rule codes", family=RULE)
    assert (export.job_type, export.name) == (JobType.CODE_EXPORT, "rule codes")
    assert mock.wait(export).status is JobStatus.COMPLETED
    rows = download_export(mock.client, EMPTY_RULE_PROMOTION, export.id, family=RULE).decode().splitlines()
    codes = rows[1:]
    assert len(codes) == 12 and all("rule-" in row for row in codes)
    paths = {request.path for request in mock.recorded.received if not request.path.startswith("/__mock/")}
    assert all(path.startswith(f"/v2/rule-promotions/{EMPTY_RULE_PROMOTION}/jobs") for path in paths)


def test_cancel_a_rule_job_then_wait_for_it(mock: Mock) -> None:
    job = start_generate(mock.client, EMPTY_RULE_PROMOTION, 20, family=RULE)
    mock.clock.advance(STEP)  # processing: its codes exist
    cancelling = cancel_job(mock.client, EMPTY_RULE_PROMOTION, job.id, family=RULE)
    assert (cancelling.id, cancelling.status) == (job.id, JobStatus.CANCELLING)
    cancelled = mock.wait(job)
    assert cancelled.status is JobStatus.CANCELLED
    result = job_result(cancelled)
    assert result is not None and result.deleted == 20
    with pytest.raises(PromotionJobsError) as raised:
        cancel_job(mock.client, EMPTY_RULE_PROMOTION, job.id, family=RULE)
    assert raised.value.status == 422


def test_waiting_reports_progress_and_times_out_like_the_standard_family(mock: Mock) -> None:
    job = start_export(mock.client, EMPTY_RULE_PROMOTION, family=RULE)
    with pytest.raises(JobTimeout) as raised:
        mock.wait(job, timeout=2)
    assert isinstance(raised.value.job, RulePromotionJob) and raised.value.job.status is JobStatus.PENDING
    seen: list[JobStatus] = []
    done = wait_for_job(
        mock.client,
        EMPTY_RULE_PROMOTION,
        job.id,
        timeout=60,
        poll_interval=POLL,
        on_progress=lambda update: seen.append(update.status),
        clock=mock.clock,
        sleep=mock.clock.advance,
        family=RULE,
    )
    assert done.status is JobStatus.COMPLETED
    assert seen[0] is JobStatus.PENDING and seen[-1] is JobStatus.COMPLETED


def test_a_promotion_of_the_other_family_is_a_404(mock: Mock) -> None:
    assert_type(iter_jobs(mock.client, PAGED_PROMOTION), Iterator[PromotionJob])  # existing calls keep their types
    calls: list[Callable[[], object]] = [
        lambda: list(iter_jobs(mock.client, PAGED_PROMOTION, family=RULE)),
        lambda: start_export(mock.client, PAGED_PROMOTION, family=RULE),
        lambda: start_generate(mock.client, PAGED_PROMOTION, 1, family=RULE),
        lambda: list(iter_jobs(mock.client, PAGED_RULE_PROMOTION)),  # the default is the standard family
    ]
    for attempt in calls:
        with pytest.raises(PromotionJobsError) as raised:
            attempt()
        assert raised.value.status == 404


def test_a_consume_unit_of_the_other_family_is_refused_before_any_request(mock: Mock) -> None:
    rule, standard = Family("rule"), Family("standard")  # as read from configuration: typed Family, not a literal
    with pytest.raises(ValueError, match="RuleConsumeUnit"):
        start_generate(mock.client, EMPTY_RULE_PROMOTION, 1, consume_unit=ConsumeUnit.PER_ITEM, family=rule)
    with pytest.raises(ValueError, match="ConsumeUnit"):
        start_generate(mock.client, PAGED_PROMOTION, 1, consume_unit=RuleConsumeUnit.PER_CHECKOUT, family=standard)
    assert not mock.recorded.received


def rule_job(**fields: Any) -> dict[str, Any]:
    return {
        "type": "promotion_job",
        "id": "3f1a0000-0000-4000-8000-000000000001",
        "rule_promotion_id": EMPTY_RULE_PROMOTION,
        "job_type": "code_generate",
        "status": "completed",
        "meta": {"timestamps": {"created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:10Z"}},
        "parameters": {"number_of_codes": 5, "consume_unit": "per_application"},
        **fields,
    }


@pytest.mark.parametrize("name", ["result", "generate_result"])
def test_job_result_reads_either_name_of_a_rule_jobs_result(name: str) -> None:
    job = RulePromotionJob.from_dict(rule_job(**{name: {"generated": 5}}))
    result = job_result(job)
    assert result is not None and result.generated == 5


def test_job_result_prefers_result_and_is_none_without_one() -> None:
    both = RulePromotionJob.from_dict(rule_job(result={"generated": 5}, generate_result={"generated": 4}))
    assert job_result(both) is not None and job_result(both) == both.result
    assert job_result(RulePromotionJob.from_dict(rule_job())) is None
    standard = {key: value for key, value in rule_job(result={"generated": 2}).items() if key != "rule_promotion_id"}
    assert (
        job_result(
            PromotionJob.from_dict({**standard, "promotion_id": PAGED_PROMOTION, "parameters": {"number_of_codes": 2}})
        )
        is not None
    )


def bare_client(jobs: list[dict[str, Any]], requested: list[int]) -> AuthenticatedClient:
    """A server of rule jobs that answers with `data` only, as Elastic Path's own example does."""

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        offset, limit = int(query["page[offset]"][0]), int(query["page[limit]"][0])
        requested.append(offset)
        return httpx.Response(200, json={"data": jobs[offset : offset + limit]})

    return answered_client(handler)


@pytest.mark.parametrize(("count", "requests"), [(0, [0]), (3, [0]), (10, [0, 5, 10]), (12, [0, 5, 10])])
def test_without_meta_the_walk_ends_on_a_short_or_empty_page(count: int, requests: list[int]) -> None:
    jobs = [rule_job(id=f"3f1a0000-0000-4000-8000-{index:012d}") for index in range(count)]
    requested: list[int] = []
    walked = list(iter_jobs(bare_client(jobs, requested), EMPTY_RULE_PROMOTION, page_limit=5, family=RULE))
    assert [job["id"] for job in jobs] == [str(job.id) for job in walked]
    assert requested == requests

    async def awalk() -> list[RulePromotionJob]:
        client = bare_client(jobs, requested)
        return [job async for job in aiter_jobs(client, EMPTY_RULE_PROMOTION, page_limit=5, family=RULE)]

    requested.clear()
    assert ids(asyncio.run(awalk())) == [job["id"] for job in jobs]
    assert requested == requests


def test_without_meta_max_offset_still_bounds_the_walk() -> None:
    jobs = [rule_job(id=f"3f1a0000-0000-4000-8000-{index:012d}") for index in range(30)]
    requested: list[int] = []
    with pytest.raises(PromotionJobsError, match="narrow the list with a filter"):
        list(iter_jobs(bare_client(jobs, requested), EMPTY_RULE_PROMOTION, page_limit=5, max_offset=10, family=RULE))
    assert requested == [0, 5, 10]


def test_the_command_lists_a_rule_promotions_jobs() -> None:
    with serve() as mock:
        env = {"EP_BASE_URL": mock.url, "EP_ACCESS_TOKEN": TOKEN}
        result = run_jobs_command("--rule", PAGED_RULE_PROMOTION, "--json", "--page-limit", "15", env=env)
        standard = run_jobs_command(PAGED_RULE_PROMOTION, env=env)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [job["id"] for job in listed] == [job["id"] for job in stored_jobs(fixture_store(), PAGED_RULE_PROMOTION)]
    assert {job["rule_promotion_id"] for job in listed} == {PAGED_RULE_PROMOTION}
    assert result.stderr == "promotion-jobs jobs: 40 jobs in 3 pages\n"
    assert standard.returncode == 1 and "HTTP 404" in standard.stderr
