"""A promotion job from start to finish: start it, wait for it, cancel it, download its export.

The API has no call that reads one job, so `wait_for_job` finds the job by listing the
promotion's jobs, newest first, and stops at its id; a job being waited on is among the newest,
so one request per poll is the rule. No filter is used: the grammar cannot say "any of these
statuses", and the progress callback must see every status the job passes through.

Ending `failed` or `cancelled` is an outcome of the job, not a failure of the call: `wait_for_job`
returns the final job, whose `status` (and `error`) says how it ended. Everything that does fail
raises PromotionJobsError; a deadline that passes raises its subclass JobTimeout, which carries
the last state of the job seen.

Every helper takes `family=Family.RULE` for a rule promotion's jobs (Promotions Builder,
`/v2/rule-promotions`): the same calls, errors and retries, with RulePromotionJob for PromotionJob.
A rule job's generate result arrives as `result` or `generate_result`; `job_result(job)` reads
either, for jobs of both families.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Literal, TypeVar, overload
from uuid import UUID

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import (
    cancel_promotion_job,
    create_promotion_job,
    get_promotion_job_file,
)
from elasticpath_promotion_jobs_client.api.rule_promotion_jobs import (
    cancel_rule_promotion_job,
    create_rule_promotion_job,
    get_rule_promotion_job_file,
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
    PromotionJobResult,
    RuleConsumeUnit,
    RulePromotionJob,
    RulePromotionJobCreate,
    RulePromotionJobCreateRequest,
    RulePromotionJobParameters,
)
from elasticpath_promotion_jobs_client.types import UNSET, Unset

from promotion_jobs.client.calls import Malformed, call, fetch
from promotion_jobs.client.connect import ConnectedClient
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.client.paging import AnyJob, iter_jobs
from promotion_jobs.client.retry import RetryPolicy, RetryTransport
from promotion_jobs.operations import Family

FINAL_STATUSES = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED})
DEFAULT_POLL_INTERVAL = 2.0

T = TypeVar("T")


class JobTimeout(PromotionJobsError):
    """The deadline of `wait_for_job` passed before the job finished.

    `job` is the job as last listed (a RulePromotionJob when waiting with `family=Family.RULE`),
    or None when it was never listed. `status` is None, as for every failure without an HTTP
    answer of its own.
    """

    def __init__(self, job_id: UUID, timeout: float, job: AnyJob | None) -> None:
        self.job_id = job_id
        self.timeout = timeout
        self.job = job
        state = "was never listed" if job is None else f"was still {job.status.value}"
        detail = f"job {job_id} {state} after {timeout:g} s"
        super().__init__(None, [Error(status="", title="Timed out waiting for the job", detail=detail)])


@overload
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
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> PromotionJob: ...
@overload
def start_generate(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    number_of_codes: int,
    *,
    name: str | None = None,
    code_prefix: str | None = None,
    code_length: int | None = None,
    consume_unit: RuleConsumeUnit | str | None = None,
    max_uses_per_code: int | None = None,
    family: Literal[Family.RULE],
) -> RulePromotionJob: ...
@overload
def start_generate(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    number_of_codes: int,
    *,
    name: str | None = None,
    code_prefix: str | None = None,
    code_length: int | None = None,
    consume_unit: str | None = None,
    max_uses_per_code: int | None = None,
    family: Family,
) -> AnyJob: ...
def start_generate(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    number_of_codes: int,
    *,
    name: str | None = None,
    code_prefix: str | None = None,
    code_length: int | None = None,
    consume_unit: ConsumeUnit | RuleConsumeUnit | str | None = None,
    max_uses_per_code: int | None = None,
    family: Family = Family.STANDARD,
) -> AnyJob:
    """Start a `code_generate` job; the new job is `pending`. Options left None are not sent, so
    the API applies its own defaults; the API, not this function, checks the bounds.

    `consume_unit` is a ConsumeUnit (`per_application`, `per_checkout`, `per_item`) for a
    standard promotion and a RuleConsumeUnit (`per_application`, `per_checkout`) with
    `family=Family.RULE`; a member of the other family's enum raises ValueError."""
    if family is Family.RULE:
        if isinstance(consume_unit, ConsumeUnit):
            raise ValueError(f"consume_unit {consume_unit.value!r} is a ConsumeUnit; rule jobs take a RuleConsumeUnit")
        rule_parameters = RulePromotionJobParameters(
            number_of_codes=number_of_codes,
            code_prefix=_given(code_prefix),
            code_length=_given(code_length),
            consume_unit=UNSET if consume_unit is None else RuleConsumeUnit(consume_unit),
            max_uses_per_code=_given(max_uses_per_code),
        )
        rule_job = RulePromotionJobCreate(
            type_="promotion_job", job_type=JobType.CODE_GENERATE, name=_given(name), parameters=rule_parameters
        )
        return _start_rule(client, promotion_id, rule_job)
    if isinstance(consume_unit, RuleConsumeUnit):
        raise ValueError(f"consume_unit {consume_unit.value!r} is a RuleConsumeUnit; standard jobs take a ConsumeUnit")
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


@overload
def start_export(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    name: str | None = None,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> PromotionJob: ...
@overload
def start_export(
    client: AuthenticatedClient, promotion_id: UUID | str, *, name: str | None = None, family: Literal[Family.RULE]
) -> RulePromotionJob: ...
@overload
def start_export(
    client: AuthenticatedClient, promotion_id: UUID | str, *, name: str | None = None, family: Family
) -> AnyJob: ...
def start_export(
    client: AuthenticatedClient, promotion_id: UUID | str, *, name: str | None = None, family: Family = Family.STANDARD
) -> AnyJob:
    """Start a `code_export` job, which writes the promotion's codes to a CSV file."""
    if family is Family.RULE:
        rule_job = RulePromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT, name=_given(name))
        return _start_rule(client, promotion_id, rule_job)
    job = PromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT, name=_given(name))
    return _start(client, promotion_id, job)


@overload
def cancel_job(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    job_id: UUID | str,
    *,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> PromotionJob: ...
@overload
def cancel_job(
    client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str, *, family: Literal[Family.RULE]
) -> RulePromotionJob: ...
@overload
def cancel_job(
    client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str, *, family: Family
) -> AnyJob: ...
def cancel_job(
    client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str, *, family: Family = Family.STANDARD
) -> AnyJob:
    """Ask a pending or processing job to stop; the job answers `cancelling`. A finished job
    cannot be cancelled: the API's 422 is raised as PromotionJobsError."""
    promotion, job = _uuid(promotion_id), _uuid(job_id)
    if family is Family.RULE:
        return call(client, cancel_rule_promotion_job, family.cancel_operation, promotion_id=promotion, job_id=job).data
    return call(client, cancel_promotion_job, family.cancel_operation, promotion_id=promotion, job_id=job).data


@overload
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
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> PromotionJob: ...
@overload
def wait_for_job(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    job_id: UUID | str,
    *,
    timeout: float,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    on_progress: Callable[[RulePromotionJob], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    family: Literal[Family.RULE],
) -> RulePromotionJob: ...
@overload
def wait_for_job(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    job_id: UUID | str,
    *,
    timeout: float,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    on_progress: Callable[[AnyJob], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    family: Family,
) -> AnyJob: ...
def wait_for_job(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    job_id: UUID | str,
    *,
    timeout: float,
    poll_interval: float = DEFAULT_POLL_INTERVAL,
    on_progress: Callable[[PromotionJob], None] | Callable[[RulePromotionJob], None] | None = None,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
    family: Family = Family.STANDARD,
) -> AnyJob:
    """Poll until the job is `completed`, `failed` or `cancelled`, and return it as listed then.

    `on_progress(job)` is called when the job is first listed and whenever its status changes.
    A job not (yet) listed is polled for like any other. Once `timeout` seconds have passed on
    `clock`, JobTimeout is raised; no wait runs past that deadline. `clock` and `sleep` are
    injectable so tests move time instead of waiting. `job_result(job)` is what a finished
    `code_generate` job did.
    """
    if timeout < 0 or poll_interval <= 0:
        raise ValueError("timeout must be at least 0 and poll_interval more than 0")
    promotion, wanted = _uuid(promotion_id), _uuid(job_id)
    deadline = clock() + timeout
    seen: AnyJob | None = None
    while True:
        job = _find(client, promotion, wanted, family)
        if job is not None:
            if on_progress is not None and (seen is None or job.status != seen.status):
                _report(on_progress, job)
            seen = job
            if job.status in FINAL_STATUSES:
                return job
        remaining = deadline - clock()
        if remaining <= 0:
            raise JobTimeout(wanted, timeout, seen)
        sleep(min(poll_interval, remaining))


def job_result(job: PromotionJob | RulePromotionJob) -> PromotionJobResult | None:
    """What a `code_generate` job did (`generated`, and `deleted` once cancelled), or None when
    the job carries no result (yet). A rule job's result is read from `result` or from
    `generate_result`, whichever the API sent (`result` when both came)."""
    if not isinstance(job.result, Unset):
        return job.result
    if isinstance(job, RulePromotionJob) and not isinstance(job.generate_result, Unset):
        return job.generate_result
    return None


def download_export(
    client: AuthenticatedClient, promotion_id: UUID | str, job_id: UUID | str, *, family: Family = Family.STANDARD
) -> bytes:
    """The CSV file of a completed export job.

    The API answers with a signed, expiring link, in production on another host. The file is
    fetched from it by a separate plain httpx client: without the token, the auth or any header
    of `client`, so no credential reaches the file host. It shares `client`'s timeout and, for a
    ConnectedClient, its retry policy. A job without a file (not an export, or not completed yet)
    raises PromotionJobsError with the API's 422; a refused download raises it with the file
    host's status.
    """
    promotion, job = _uuid(promotion_id), _uuid(job_id)
    endpoint = get_rule_promotion_job_file if family is Family.RULE else get_promotion_job_file
    file = call(client, endpoint, family.file_operation, check=_check_file, promotion_id=promotion, job_id=job)
    policy = client.retry if isinstance(client, ConnectedClient) else RetryPolicy()
    timeout = client.get_httpx_client().timeout
    with httpx.Client(transport=RetryTransport(policy), timeout=timeout, follow_redirects=True) as plain:
        response = fetch(plain, plain.build_request("GET", _link(file)))
    if response.status_code != httpx.codes.OK:
        raise PromotionJobsError.from_response(response)
    return response.content


def _start(client: AuthenticatedClient, promotion_id: UUID | str, job: PromotionJobCreate) -> PromotionJob:
    promotion, body = _uuid(promotion_id), PromotionJobCreateRequest(data=job)
    return call(client, create_promotion_job, Family.STANDARD.create_operation, promotion_id=promotion, body=body).data


def _start_rule(client: AuthenticatedClient, promotion_id: UUID | str, job: RulePromotionJobCreate) -> RulePromotionJob:
    promotion, body = _uuid(promotion_id), RulePromotionJobCreateRequest(data=job)
    return call(client, create_rule_promotion_job, Family.RULE.create_operation, promotion_id=promotion, body=body).data


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


def _find(client: AuthenticatedClient, promotion_id: UUID, job_id: UUID, family: Family) -> AnyJob | None:
    """The job as listed now, searching newest first and fetching no page past it."""
    for job in iter_jobs(client, promotion_id, family=family):
        if job.id == job_id:
            return job
    return None


def _report(on_progress: Callable[[PromotionJob], None] | Callable[[RulePromotionJob], None], job: AnyJob) -> None:
    """Call `on_progress` with `job`; the overloads of wait_for_job pair each family's callback
    with its own jobs, so the two always match."""
    on_progress(job)  # type: ignore[arg-type]


def _given(value: T | None) -> T | Unset:
    return UNSET if value is None else value


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)
