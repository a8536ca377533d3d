"""Helpers for users of the generated client `elasticpath_promotion_jobs_client`.

    from promotion_jobs.client import connect, iter_jobs, job_filter

    with connect("https://useast.api.elasticpath.com", client_id=..., client_secret=...) as client:
        for job in iter_jobs(client, promotion_id, filter_=job_filter(status="completed")):
            ...

Every job helper takes `family=Family.RULE` for a rule
promotion's jobs (Promotions Builder); `job_result(job)` reads a generate job's result in either family.

Each concept lives in its own module: `connect`, `filters`, `paging`, `jobs`, `auth`, `retry`, `errors`,
and `calls`, which makes the generated calls so that every failure keeps the HTTP status.
"""

from promotion_jobs.client.auth import BearerAuth, ClientCredentialsAuth
from promotion_jobs.client.connect import ConnectedClient, connect, connect_from_env
from promotion_jobs.client.errors import PromotionJobsError, expect
from promotion_jobs.client.filters import FilterError, job_filter
from promotion_jobs.client.jobs import (
    JobTimeout,
    cancel_job,
    download_export,
    job_result,
    start_export,
    start_generate,
    wait_for_job,
)
from promotion_jobs.client.paging import aiter_jobs, aiter_pages, iter_jobs, iter_pages
from promotion_jobs.client.retry import AsyncRetryTransport, RetryPolicy, RetryTransport
from promotion_jobs.operations import Family

__all__ = [
    "AsyncRetryTransport",
    "BearerAuth",
    "ClientCredentialsAuth",
    "ConnectedClient",
    "Family",
    "FilterError",
    "JobTimeout",
    "PromotionJobsError",
    "RetryPolicy",
    "RetryTransport",
    "aiter_jobs",
    "aiter_pages",
    "cancel_job",
    "connect",
    "connect_from_env",
    "download_export",
    "expect",
    "iter_jobs",
    "iter_pages",
    "job_filter",
    "job_result",
    "start_export",
    "start_generate",
    "wait_for_job",
]
