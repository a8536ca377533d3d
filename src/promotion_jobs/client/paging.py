"""Every job of a promotion, page after page, sync or async, in memory that does not grow.

The walk trusts counts, not `links`: it advances by the number of jobs received and stops on an
empty page or once `meta.results.total` is reached (page arithmetic from
`promotion_jobs.pagination.Window`). The document's largest `page[offset]` bounds the walk, so a
server that never stops reporting more pages ends in a PromotionJobsError instead of a loop.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any
from uuid import UUID

from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.models import PromotionJob, PromotionJobList
from elasticpath_promotion_jobs_client.types import UNSET

from promotion_jobs.client.errors import PromotionJobsError, achecked, checked
from promotion_jobs.contract import load_contract
from promotion_jobs.filters import LIST_OPERATION
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET, Window


def largest(parameter: str) -> int:
    """The document's `maximum` for a page parameter of the list call."""
    maximum: int = load_contract().operation(LIST_OPERATION).parameter(parameter).schema["maximum"]
    return maximum


class _Walk:
    """Where the next page starts, and whether there is one."""

    def __init__(self, promotion_id: UUID | str, filter_: str | None, page_limit: int | None) -> None:
        self.promotion_id = promotion_id if isinstance(promotion_id, UUID) else UUID(promotion_id)
        self.filter = UNSET if filter_ is None else filter_
        self.limit = largest(PAGE_LIMIT) if page_limit is None else page_limit
        self.offset = 0

    def arguments(self) -> dict[str, Any]:
        return {"filter_": self.filter, "pageoffset": self.offset, "pagelimit": self.limit}

    def advance(self, page: PromotionJobList) -> bool:
        """Move past `page`; False when it was the last one."""
        received = len(page.data)
        following = Window(self.offset, max(received, 1), page.meta.results.total).next_offset
        if received == 0 or following is None:
            return False
        if following > largest(PAGE_OFFSET):
            raise PromotionJobsError.single(
                None,
                "Too many results to page through",
                f"the server reports {page.meta.results.total} jobs, more than page[offset] can reach; "
                "narrow the list with a filter",
            )
        self.offset = following
        return True


def iter_pages(
    client: AuthenticatedClient, promotion_id: UUID | str, *, filter_: str | None = None, page_limit: int | None = None
) -> Iterator[PromotionJobList]:
    """Each page of a promotion's jobs, newest first; raises PromotionJobsError on any failure."""
    walk = _Walk(promotion_id, filter_, page_limit)
    while True:
        page = checked(lambda: get_promotion_jobs.sync_detailed(walk.promotion_id, client=client, **walk.arguments()))
        yield page
        if not walk.advance(page):
            return


def iter_jobs(
    client: AuthenticatedClient, promotion_id: UUID | str, *, filter_: str | None = None, page_limit: int | None = None
) -> Iterator[PromotionJob]:
    """Every job of a promotion (matching `filter_`), newest first, fetching pages as needed."""
    for page in iter_pages(client, promotion_id, filter_=filter_, page_limit=page_limit):
        yield from page.data


async def aiter_pages(
    client: AuthenticatedClient, promotion_id: UUID | str, *, filter_: str | None = None, page_limit: int | None = None
) -> AsyncIterator[PromotionJobList]:
    """The asynchronous twin of iter_pages."""
    walk = _Walk(promotion_id, filter_, page_limit)
    while True:
        page = await achecked(
            lambda: get_promotion_jobs.asyncio_detailed(walk.promotion_id, client=client, **walk.arguments())
        )
        yield page
        if not walk.advance(page):
            return


async def aiter_jobs(
    client: AuthenticatedClient, promotion_id: UUID | str, *, filter_: str | None = None, page_limit: int | None = None
) -> AsyncIterator[PromotionJob]:
    """The asynchronous twin of iter_jobs."""
    async for page in aiter_pages(client, promotion_id, filter_=filter_, page_limit=page_limit):
        for job in page.data:
            yield job
