"""A promotion job from start to finish: start it, wait for it, cancel it, download its export.

The API has no call that reads one job, so `wait_for_job` finds the job by listing the
promotion's jobs, newest first, and stops at its id; a job being waited on is among the newest,
so one request per poll is the rule. No filter is used: the grammar cannot say "any of these
statuses", and the progress callback must see every status the job passes through.

Ending `failed` or `cancelled` is an outcome of the job, not a failure of the call: `wait_for_job`
returns the final job, whose `status` (and `error`) says how it ended. Everything that does fail
raises PromotionJobsError; a deadline that passes raises its subclass JobTimeout, which carries
the last state of the job seen.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar
from uuid import UUID

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import (
    cancel_promotion_job,
    create_promotion_job,
    get_promotion_job_file,
)
from elasticpath_promotion_jobs_client.models import (
    ConsumeUnit,
    Error,
    JobStatus,
    JobType,
    PromotionJob,
    PromotionJobCreate,
    PromotionJobCreateRequest,
    PromotionJobFile,
    PromotionJobParameters,
)
from elasticpath_promotion_jobs_client.types import UNSET, Unset

from promotion_jobs.client.calls import Malformed, call, fetch
from promotion_jobs.client.connect import ConnectedClient
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.client.paging import iter_jobs
from promotion_jobs.client.retry import RetryPolicy, RetryTransport
from promotion_jobs.operations import CANCEL_OPERATION, CREATE_OPERATION, FILE_OPERATION

FINAL_STATUSES = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})
DEFAULT_POLL_INTERVAL = 2.0
# The document's operationIds of the calls made here (the list call's is filters.LIST_OPERATION).

T = TypeVar("T")


class JobTimeout(PromotionJobsError):
    """The deadline of `wait_for_job` passed before the job finished.

    `job` is the job as last listed, or None when it was never listed. `status` is None, as for
    every failure without an HTTP answer of its own.
    """

    def __init__(self, job_id: UUID, timeout: float, job: PromotionJob | None) -> None:
        self.job_id = job_id
        self.timeout = timeout
        self.job = job
        state = "was never listed" if job is None else f"was still {job.status.value}"
        detail = f"job {job_id} {state} after {timeout:g} s"
        super().__init__(None, [Error(status="", title="Timed out waiting for the job", detail=detail)])


def start_generate(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    number_of_codes: int,
    *,
    name: str | None = None,
    code_prefix: str | None = None,
    code_length: int | None = None,
    consume_unit: ConsumeUnit | str | None = None,
    max_uses_per_code: int | None = None,
) -> PromotionJob:
    """Start a `code_generate` job; the new job is `pending`. Options left None are not sent, so
    the API applies its own defaults; the API, not this function, checks the bounds."""
    parameters = PromotionJobParameters(
        number_of_codes=number_of_codes,
        code_prefix=_given(code_prefix),
        code_length=_given(code_length),
        consume_unit=UNSET if consume_unit is None else ConsumeUnit(consume_unit),
        max_uses_per_code=_given(max_uses_per_code),
    )
    job = PromotionJobCreate(
        type_="promotion_job", job_type=JobType.CODE_GENERATE, name=_given(name), parameters=parameters
    )
    return _start(client, promotion_id, job)


def start_export(client: AuthenticatedClient, promotion_id: UUID | str, *, name: str | None = None) -> PromotionJob:
    """Start a `code_export` job, which writes the promotion's codes to a CSV file."""
    job = PromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT, name=_given(name))
    return _start(client, promotion_id, job)


def cancel_job(client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str) -> PromotionJob:
    """Ask a pending or processing job to stop; the job answers `cancelling`. A finished job
    cannot be cancelled: the API's 422 is raised as PromotionJobsError."""
    promotion, job = _uuid(promotion_id), _uuid(job_id)
    return call(client, cancel_promotion_job, CANCEL_OPERATION, promotion_id=promotion, job_id=job).data


def wait_for_job(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    job_id: UUID | str,
    *,
    timeout: float,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    on_progress: Callable[[PromotionJob], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> PromotionJob:
    """Poll until the job is `completed`, `failed` or `cancelled`, and return it as listed then.

    `on_progress(job)` is called when the job is first listed and whenever its status changes.
    A job not (yet) listed is polled for like any other. Once `timeout` seconds have passed on
    `clock`, JobTimeout is raised; no wait runs past that deadline. `clock` and `sleep` are
    injectable so tests move time instead of waiting.
    """
    if timeout < 0 or poll_interval <= 0:
        raise ValueError("timeout must be at least 0 and poll_interval more than 0")
    promotion, wanted = _uuid(promotion_id), _uuid(job_id)
    deadline = clock() + timeout
    seen: PromotionJob | None = None
    while True:
        job = _find(client, promotion, wanted)
        if job is not None:
            if on_progress is not None and (seen is None or job.status != seen.status):
                on_progress(job)
            seen = job
            if job.status in FINAL_STATUSES:
                return job
        remaining = deadline - clock()
        if remaining <= 0:
            raise JobTimeout(wanted, timeout, seen)
        sleep(min(poll_interval, remaining))


def download_export(client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str) -> bytes:
    """The CSV file of a completed export job.

    The API answers with a signed, expiring link, in production on another host. The file is
    fetched from it by a separate plain httpx client: without the token, the auth or any header
    of `client`, so no credential reaches the file host. It shares `client`'s timeout and, for a
    ConnectedClient, its retry policy. A job without a file (not an export, or not completed yet)
    raises PromotionJobsError with the API's 422; a refused download raises it with the file
    host's status.
    """
    promotion, job = _uuid(promotion_id), _uuid(job_id)
    file = call(client, get_promotion_job_file, FILE_OPERATION, check=_check_file, promotion_id=promotion, job_id=job)
    policy = client.retry if isinstance(client, ConnectedClient) else RetryPolicy()
    timeout = client.get_httpx_client().timeout
    with httpx.Client(transport=RetryTransport(policy), timeout=timeout, follow_redirects=True) as plain:
        response = fetch(plain, plain.build_request("GET", _link(file)))
    if response.status_code != httpx.codes.OK:
        raise PromotionJobsError.from_response(response)
    return response.content


def _start(client: AuthenticatedClient, promotion_id: UUID | str, job: PromotionJobCreate) -> PromotionJob:
    promotion, body = _uuid(promotion_id), PromotionJobCreateRequest(data=job)
    return call(client, create_promotion_job, CREATE_OPERATION, promotion_id=promotion, body=body).data


def _check_file(file: PromotionJobFile, response: httpx.Response) -> None:
    _link(file)


def _link(file: PromotionJobFile) -> httpx.URL:
    """The file's link; Malformed unless it is an absolute http(s) URL, the only kind fetched."""
    try:
        link = httpx.URL(file.href)
    except (TypeError, httpx.InvalidURL):  # TypeError: an href that is not a string
        link = None
    if link is None or link.scheme not in ("http", "https") or not link.host:
        raise Malformed(f"href is {file.href!r:.200}, not an absolute http(s) URL")
    return link


def _find(client: AuthenticatedClient, promotion_id: UUID, job_id: UUID) -> PromotionJob | None:
    """The job as listed now, searching newest first and fetching no page past it."""
    for job in iter_jobs(client, promotion_id):
        if job.id == job_id:
            return job
    return None


def _given(value: T | None) -> T | Unset:
    return UNSET if value is None else value


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)
