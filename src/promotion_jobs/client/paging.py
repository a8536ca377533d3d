"""Every job of a promotion, page after page, sync or async, in memory that does not grow.

The walk trusts counts, not `links`: it advances by the number of jobs received and stops on an
empty page or once `meta.results.total` is reached (page arithmetic from
`promotion_jobs.pagination.Window`). It follows the store, not the document: Elastic Path's largest
`page[offset]` is a per-store setting (`page_offset_limit`, 10000 unless support raised it), so the
walk asks for any offset the jobs call for, and a store that refuses one answers 400, which ends
the walk as a PromotionJobsError. Callers who want a bound of their own pass `max_offset`.

`family=Family.RULE` walks a rule promotion's jobs (Promotions Builder, `/v2/rule-promotions`)
instead: the same walk, but the rule list's `meta` is optional, so a page without it ends the walk
when it holds fewer jobs than were asked for.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any, Literal, overload
from uuid import UUID

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.api.rule_promotion_jobs import get_rule_promotion_jobs
from elasticpath_promotion_jobs_client.models import (
    PromotionJob,
    PromotionJobList,
    RulePromotionJob,
    RulePromotionJobList,
)
from elasticpath_promotion_jobs_client.types import UNSET, Unset

from promotion_jobs.client.calls import Malformed, acall, call, whole_number
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.contract import load_contract
from promotion_jobs.operations import LIST_OPERATION, Family
from promotion_jobs.pagination import PAGE_LIMIT, Window

AnyJob = PromotionJob | RulePromotionJob
AnyPage = PromotionJobList | RulePromotionJobList


def largest(parameter: str) -> int:
    """The document's `maximum` for a page parameter of the list call."""
    maximum: int = load_contract().operation(LIST_OPERATION).parameter(parameter).schema["maximum"]
    return maximum


def check_page(page: AnyPage, response: httpx.Response) -> None:
    """Raise Malformed unless the page's counts (when it has `meta`) are whole numbers and `data`
    is a list. The generated parser takes counts as they come, and reads `{}` or `""` as an empty
    `data`."""
    if not isinstance(page.meta, Unset):
        counts = page.meta.page
        whole_number(page.meta.results.total, "meta.results.total")
        for where, value in (("limit", counts.limit), ("offset", counts.offset), ("current", counts.current)):
            whole_number(value, f"meta.page.{where}")
        whole_number(counts.total, "meta.page.total")
    if not page.data:  # only an empty page is decoded again, so a full one costs one parse
        body = response.json()
        data = body.get("data") if isinstance(body, dict) else None
        if not isinstance(data, list):
            raise Malformed(f"data is {json.dumps(data)[:100]}, not a list")


class _Walk:
    """Where the next page starts, and whether there is one."""

    def __init__(
        self,
        family: Family,
        promotion_id: UUID | str,
        filter_: str | None,
        page_limit: int | None,
        max_offset: int | None,
    ) -> None:
        self.family = family
        self.promotion_id = promotion_id if isinstance(promotion_id, UUID) else UUID(promotion_id)
        self.filter = UNSET if filter_ is None else filter_
        self.limit = largest(PAGE_LIMIT) if page_limit is None else page_limit
        self.max_offset = max_offset
        self.offset = 0

    def arguments(self) -> dict[str, Any]:
        return {
            "promotion_id": self.promotion_id,
            "filter_": self.filter,
            "pageoffset": self.offset,
            "pagelimit": self.limit,
        }

    def fetch(self, client: AuthenticatedClient) -> AnyPage:
        if self.family is Family.RULE:
            return call(
                client, get_rule_promotion_jobs, self.family.list_operation, check=check_page, **self.arguments()
            )
        return call(client, get_promotion_jobs, self.family.list_operation, check=check_page, **self.arguments())

    async def afetch(self, client: AuthenticatedClient) -> AnyPage:
        if self.family is Family.RULE:
            return await acall(
                client, get_rule_promotion_jobs, self.family.list_operation, check=check_page, **self.arguments()
            )
        return await acall(client, get_promotion_jobs, self.family.list_operation, check=check_page, **self.arguments())

    def advance(self, page: AnyPage) -> bool:
        """Move past `page`; False when it was the last one."""
        received = len(page.data)
        if received == 0:
            return False
        if isinstance(page.meta, Unset):  # a rule list may leave out its counts: a short page is the last
            if received < self.limit:
                return False
            following = self.offset + received
            reported = "no total"
        else:
            total = page.meta.results.total
            next_offset = Window(self.offset, received, total).next_offset
            if next_offset is None:
                return False
            following = next_offset
            reported = f"{total} jobs"
        if self.max_offset is not None and following > self.max_offset:
            raise PromotionJobsError.single(
                None,
                "Too many results to page through",
                f"the server reports {reported}, more than page[offset] up to "
                f"max_offset={self.max_offset} can reach; narrow the list with a filter",
            )
        self.offset = following
        return True


@overload
def iter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> Iterator[PromotionJobList]: ...
@overload
def iter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.RULE],
) -> Iterator[RulePromotionJobList]: ...
@overload
def iter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family,
) -> Iterator[AnyPage]: ...
def iter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family = Family.STANDARD,
) -> Iterator[AnyPage]:
    """Each page of a promotion's jobs, newest first; raises PromotionJobsError on any failure,
    and (status None) before asking for a `page[offset]` above `max_offset`, when one is given.
    `family=Family.RULE` lists a rule promotion's jobs (RulePromotionJobList)."""
    walk = _Walk(family, promotion_id, filter_, page_limit, max_offset)
    while True:
        page = walk.fetch(client)
        yield page
        if not walk.advance(page):
            return


@overload
def iter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> Iterator[PromotionJob]: ...
@overload
def iter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.RULE],
) -> Iterator[RulePromotionJob]: ...
@overload
def iter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family,
) -> Iterator[AnyJob]: ...
def iter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family = Family.STANDARD,
) -> Iterator[AnyJob]:
    """Every job of a promotion (matching `filter_`), newest first, fetching pages as needed."""
    pages = iter_pages(
        client, promotion_id, filter_=filter_, page_limit=page_limit, max_offset=max_offset, family=family
    )
    for page in pages:
        yield from page.data


@overload
def aiter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> AsyncIterator[PromotionJobList]: ...
@overload
def aiter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.RULE],
) -> AsyncIterator[RulePromotionJobList]: ...
@overload
def aiter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family,
) -> AsyncIterator[AnyPage]: ...
async def aiter_pages(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family = Family.STANDARD,
) -> AsyncIterator[AnyPage]:
    """The asynchronous twin of iter_pages."""
    walk = _Walk(family, promotion_id, filter_, page_limit, max_offset)
    while True:
        page = await walk.afetch(client)
        yield page
        if not walk.advance(page):
            return


@overload
def aiter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.STANDARD] = Family.STANDARD,
) -> AsyncIterator[PromotionJob]: ...
@overload
def aiter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Literal[Family.RULE],
) -> AsyncIterator[RulePromotionJob]: ...
@overload
def aiter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family,
) -> AsyncIterator[AnyJob]: ...
async def aiter_jobs(
    client: AuthenticatedClient,
    promotion_id: UUID | str,
    *,
    filter_: str | None = None,
    page_limit: int | None = None,
    max_offset: int | None = None,
    family: Family = Family.STANDARD,
) -> AsyncIterator[AnyJob]:
    """The asynchronous twin of iter_jobs."""
    pages = aiter_pages(
        client, promotion_id, filter_=filter_, page_limit=page_limit, max_offset=max_offset, family=family
    )
    async for page in pages:
        for job in page.data:
            yield job
