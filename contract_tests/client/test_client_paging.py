"""Walking every page: against the mock over many pages and the empty promotion, and against
servers whose `links` or counts cannot be trusted."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.models import PromotionJob

from contract_tests.support import (
    EMPTY_PROMOTION,
    PAGED_PROMOTION,
    SEED_PROMOTION,
    TOKEN,
    UNKNOWN_PROMOTION,
    answered_client,
    make_jobs,
    serve_mock,
    store_with,
    stored_jobs,
)
from promotion_jobs.client import PromotionJobsError, aiter_jobs, aiter_pages, connect, iter_jobs, iter_pages
from promotion_jobs.client.paging import largest
from promotion_jobs.mock import Fault, MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET

MANY = "0b5e0000-0000-4000-8000-000000000450"
MANY_JOBS = 450


@pytest.fixture(scope="module")
def many_url() -> Iterator[str]:
    with serve_mock(store_with(MANY, MANY_JOBS)) as base_url:
        yield base_url


@pytest.fixture(scope="module")
def fixtures_url() -> Iterator[str]:
    with serve_mock() as base_url:
        yield base_url


def ids(jobs: list[PromotionJob]) -> list[str]:
    return [str(job.id) for job in jobs]


@pytest.mark.parametrize(("page_limit", "pages"), [(None, 5), (7, 65), (45, 10)])
def test_every_job_of_hundreds_once_newest_first(many_url: str, page_limit: int | None, pages: int) -> None:
    newest_first = [job["id"] for job in reversed(make_jobs(MANY, MANY_JOBS))]
    with connect(many_url, token=TOKEN) as client:
        walked = list(iter_pages(client, MANY, page_limit=page_limit))
        jobs = list(iter_jobs(client, MANY, page_limit=page_limit))
    assert len(walked) == pages
    assert ids(jobs) == newest_first
    assert [str(job.id) for page in walked for job in page.data] == newest_first


def test_the_sixty_job_fixture_in_pages_of_seven(fixtures_url: str) -> None:
    expected = [job["id"] for job in stored_jobs(fixture_store(), PAGED_PROMOTION)]
    with connect(fixtures_url, token=TOKEN) as client:
        pages = list(iter_pages(client, PAGED_PROMOTION, page_limit=7))
    assert [page.meta.page.current for page in pages] == list(range(1, 10))
    assert [str(job.id) for page in pages for job in page.data] == expected


def test_the_empty_promotion_is_one_request_and_no_jobs(fixtures_url: str) -> None:
    with connect(fixtures_url, token=TOKEN) as client:
        pages = list(iter_pages(client, EMPTY_PROMOTION))
        assert list(iter_jobs(client, EMPTY_PROMOTION)) == []
    assert len(pages) == 1
    assert pages[0].data == []


def test_pages_are_fetched_only_as_they_are_consumed(fixtures_url: str) -> None:
    requests: list[httpx.Request] = []
    with connect(fixtures_url, token=TOKEN) as client:
        client.get_httpx_client().event_hooks["request"].append(requests.append)
        jobs = iter_jobs(client, PAGED_PROMOTION, page_limit=7)
        first = [next(jobs) for _ in range(7)]
        assert len(requests) == 1
        next(jobs)
        assert len(requests) == 2
    assert len(first) == 7


def test_async_walk_matches_the_sync_one(many_url: str) -> None:
    async def walk() -> tuple[list[str], int]:
        async with connect(many_url, token=TOKEN) as client:
            jobs = [job async for job in aiter_jobs(client, MANY, page_limit=45)]
            pages = [page async for page in aiter_pages(client, MANY, page_limit=45)]
        return ids(jobs), len(pages)

    jobs, pages = asyncio.run(walk())
    assert jobs == [job["id"] for job in reversed(make_jobs(MANY, MANY_JOBS))]
    assert pages == 10


def test_errors_raise_one_exception_with_status_and_error_list(fixtures_url: str) -> None:
    with connect(fixtures_url, token=TOKEN) as client, pytest.raises(PromotionJobsError) as raised:
        list(iter_jobs(client, UNKNOWN_PROMOTION))
    assert raised.value.status == 404
    assert [error.detail for error in raised.value.errors] == ["promotion not found"]
    with connect(fixtures_url, token=TOKEN) as client, pytest.raises(PromotionJobsError) as raised:
        list(iter_jobs(client, SEED_PROMOTION, page_limit=0))
    assert raised.value.status == 400
    assert raised.value.errors[0].source == "page[limit]"


# Servers that misbehave, in process: the walk must rely on counts, never on `links`.

Pages = Callable[[int, int], tuple[list[dict[str, Any]], int]]  # (offset, limit) -> (jobs, total)


def fake_client(pages: Pages, links: Callable[[str, int, int, int], dict[str, Any]]) -> AuthenticatedClient:
    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        offset, limit = int(query[PAGE_OFFSET][0]), int(query[PAGE_LIMIT][0])
        jobs, total = pages(offset, limit)
        meta = {"page": {"limit": limit, "offset": offset, "current": 1, "total": 1}, "results": {"total": total}}
        body = {"data": jobs, "links": links(str(request.url), offset, limit, total), "meta": meta}
        return httpx.Response(200, content=json.dumps(body), headers={"content-type": "application/json"})

    return answered_client(handler)


def slice_of(jobs: list[dict[str, Any]], cap: int | None = None) -> Pages:
    def pages(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        return jobs[offset : offset + min(limit, cap or limit)], len(jobs)

    return pages


def same_everywhere(url: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    """The seed's example: all five links filled in with the same URL, even on the last page."""
    return {"current": url, "first": url, "last": url, "prev": url, "next": url}


def never_next(url: str, offset: int, limit: int, total: int) -> dict[str, Any]:
    return {"current": url, "first": url, "last": None, "prev": None, "next": None}


@pytest.mark.parametrize("links", [same_everywhere, never_next])
def test_links_are_ignored(links: Callable[[str, int, int, int], dict[str, Any]]) -> None:
    jobs = list(reversed(make_jobs(SEED_PROMOTION, 23)))
    client = fake_client(slice_of(jobs), links)
    assert ids(list(iter_jobs(client, SEED_PROMOTION, page_limit=5))) == [job["id"] for job in jobs]


def test_a_server_that_caps_page_size_loses_nothing() -> None:
    jobs = list(reversed(make_jobs(SEED_PROMOTION, 23)))
    client = fake_client(slice_of(jobs, cap=4), never_next)
    assert ids(list(iter_jobs(client, SEED_PROMOTION, page_limit=10))) == [job["id"] for job in jobs]


def test_a_total_larger_than_the_jobs_served_ends_on_the_empty_page() -> None:
    jobs = list(reversed(make_jobs(SEED_PROMOTION, 12)))
    client = fake_client(lambda offset, limit: (jobs[offset : offset + limit], 1000), same_everywhere)
    assert len(list(iter_jobs(client, SEED_PROMOTION, page_limit=5))) == 12


def endless(calls: list[int], page: list[dict[str, Any]]) -> Pages:
    """A server that always serves a full page and reports a billion jobs."""

    def pages(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        calls.append(offset)
        return page[:limit], 10**9

    return pages


def test_a_server_that_never_ends_is_stopped_by_the_callers_max_offset() -> None:
    page, calls = make_jobs(SEED_PROMOTION, 100), list[int]()
    client = fake_client(endless(calls, page), same_everywhere)
    with pytest.raises(PromotionJobsError) as raised:
        for _ in iter_jobs(client, SEED_PROMOTION, max_offset=2000):
            pass
    assert raised.value.status is None
    assert "narrow the list with a filter" in str(raised.value)
    assert calls == sorted(set(calls))  # always forward, never the same page twice
    # Every offset up to max_offset once, then an error instead of the request past it.
    assert calls == list(range(0, 2001, len(page)))


def test_the_async_walk_keeps_the_callers_max_offset_too() -> None:
    page, calls = make_jobs(SEED_PROMOTION, 100), list[int]()
    client = fake_client(endless(calls, page), same_everywhere)

    async def walk() -> None:
        async for _ in aiter_jobs(client, SEED_PROMOTION, max_offset=300):
            pass

    with pytest.raises(PromotionJobsError, match="Too many results to page through") as raised:
        asyncio.run(walk())
    assert raised.value.status is None
    assert calls == [0, 100, 200, 300]


def test_a_job_the_client_cannot_read_is_the_one_error_not_a_crash() -> None:
    app = create_app(MockConfig(fixture_store(), faults=[Fault.MISSING_FIELD]))
    with (
        running_server(app) as base_url,
        connect(base_url, token=TOKEN) as client,
        pytest.raises(PromotionJobsError) as raised,
    ):
        list(iter_jobs(client, SEED_PROMOTION))
    assert raised.value.status == 200  # the answer's status, though its body could not be read
    assert "Unreadable response" in str(raised.value)
    assert '/data/0: "status" is a required property' in str(raised.value)


# The walk follows the store's own page[offset] limit, not the document's maximum.


def offset_store(total: int, offset_limit: int, calls: list[int]) -> Callable[[httpx.Request], httpx.Response]:
    """A store of `total` jobs whose `page_offset_limit` is `offset_limit`: above it, the 400 of Elastic Path."""
    jobs = make_jobs(SEED_PROMOTION, 100)

    def handler(request: httpx.Request) -> httpx.Response:
        query = parse_qs(request.url.query.decode())
        offset, limit = int(query[PAGE_OFFSET][0]), int(query[PAGE_LIMIT][0])
        calls.append(offset)
        if offset > offset_limit:
            refusal = {
                "status": "400",
                "title": "Bad Request",
                "detail": f"page[offset] must be at most {offset_limit}",
            }
            return httpx.Response(400, json={"errors": [refusal]})
        served = jobs[: max(0, min(limit, total - offset))]
        meta = {"page": {"limit": limit, "offset": offset, "current": 1, "total": 1}, "results": {"total": total}}
        return httpx.Response(200, json={"data": served, "links": {}, "meta": meta})

    return handler


def walk_into(received: list[PromotionJob], client: AuthenticatedClient, *, asynchronous: bool) -> None:
    """Every job of the seed promotion into `received` (iter_jobs or aiter_jobs); jobs read before a failure count."""
    if not asynchronous:
        received.extend(iter_jobs(client, SEED_PROMOTION, page_limit=100))
        return

    async def walk() -> None:
        async for job in aiter_jobs(client, SEED_PROMOTION, page_limit=100):
            received.append(job)

    asyncio.run(walk())


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_store_that_allows_offsets_past_the_documents_maximum_is_walked_to_the_end(asynchronous: bool) -> None:
    calls: list[int] = []
    received: list[PromotionJob] = []
    walk_into(received, answered_client(offset_store(10_250, 20_000, calls)), asynchronous=asynchronous)
    assert len(received) == 10_250
    assert max(calls) == 10_200 > largest(PAGE_OFFSET)


@pytest.mark.parametrize("asynchronous", [False, True])
def test_a_store_that_refuses_an_offset_ends_the_walk_with_its_400(asynchronous: bool) -> None:
    calls: list[int] = []
    received: list[PromotionJob] = []
    with pytest.raises(PromotionJobsError) as raised:
        walk_into(received, answered_client(offset_store(10_250, 10_000, calls)), asynchronous=asynchronous)
    assert raised.value.status == 400
    assert "page[offset] must be at most 10000" in str(raised.value)
    assert calls[-1] == 10_100  # asked once past the store's limit, then stopped
    assert len(received) == 10_100
