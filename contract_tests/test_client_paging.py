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

from contract_tests.client_support import EMPTY, PAGED, SEED, TOKEN, UNKNOWN, make_jobs, serve_mock, store_with
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
    expected = [job["id"] for job in fixture_store().jobs(PAGED)]
    with connect(fixtures_url, token=TOKEN) as client:
        pages = list(iter_pages(client, PAGED, page_limit=7))
    assert [page.meta.page.current for page in pages] == list(range(1, 10))
    assert [str(job.id) for page in pages for job in page.data] == expected


def test_the_empty_promotion_is_one_request_and_no_jobs(fixtures_url: str) -> None:
    with connect(fixtures_url, token=TOKEN) as client:
        pages = list(iter_pages(client, EMPTY))
        assert list(iter_jobs(client, EMPTY)) == []
    assert len(pages) == 1
    assert pages[0].data == []


def test_pages_are_fetched_only_as_they_are_consumed(fixtures_url: str) -> None:
    requests: list[httpx.Request] = []
    with connect(fixtures_url, token=TOKEN) as client:
        client.get_httpx_client().event_hooks["request"].append(requests.append)
        jobs = iter_jobs(client, PAGED, page_limit=7)
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
        list(iter_jobs(client, UNKNOWN))
    assert raised.value.status == 404
    assert [error.detail for error in raised.value.errors] == ["promotion not found"]
    with connect(fixtures_url, token=TOKEN) as client, pytest.raises(PromotionJobsError) as raised:
        list(iter_jobs(client, SEED, page_limit=0))
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

    client = AuthenticatedClient(base_url="http://fake.test", token=TOKEN)
    return client.set_httpx_client(httpx.Client(base_url="http://fake.test", transport=httpx.MockTransport(handler)))


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
    jobs = list(reversed(make_jobs(SEED, 23)))
    client = fake_client(slice_of(jobs), links)
    assert ids(list(iter_jobs(client, SEED, page_limit=5))) == [job["id"] for job in jobs]


def test_a_server_that_caps_page_size_loses_nothing() -> None:
    jobs = list(reversed(make_jobs(SEED, 23)))
    client = fake_client(slice_of(jobs, cap=4), never_next)
    assert ids(list(iter_jobs(client, SEED, page_limit=10))) == [job["id"] for job in jobs]


def test_a_total_larger_than_the_jobs_served_ends_on_the_empty_page() -> None:
    jobs = list(reversed(make_jobs(SEED, 12)))
    client = fake_client(lambda offset, limit: (jobs[offset : offset + limit], 1000), same_everywhere)
    assert len(list(iter_jobs(client, SEED, page_limit=5))) == 12


def test_a_server_that_never_ends_is_stopped_by_the_documents_offset_bound() -> None:
    page = make_jobs(SEED, 100)
    calls: list[int] = []

    def endless(offset: int, limit: int) -> tuple[list[dict[str, Any]], int]:
        calls.append(offset)
        return page[:limit], 10**9

    client = fake_client(endless, same_everywhere)
    with pytest.raises(PromotionJobsError) as raised:
        for _ in iter_jobs(client, SEED):
            pass
    assert raised.value.status is None
    assert "narrow the list with a filter" in str(raised.value)
    assert calls == sorted(set(calls))  # always forward, never the same page twice
    # The document's largest page[offset] bounds the walk: every reachable offset once, then an error.
    assert len(calls) == largest(PAGE_OFFSET) // len(page) + 1


def test_a_job_the_client_cannot_read_is_the_one_error_not_a_crash() -> None:
    app = create_app(MockConfig(fixture_store(), faults=[Fault.MISSING_FIELD]))
    with (
        running_server(app) as base_url,
        connect(base_url, token=TOKEN) as client,
        pytest.raises(PromotionJobsError) as raised,
    ):
        list(iter_jobs(client, SEED))
    assert raised.value.status is None
    assert "Unreadable response" in str(raised.value)
