"""The client never crashes on an answer: every failure a helper meets is one PromotionJobsError
that keeps the HTTP status. Error bodies in any variant of Elastic Path's shape or in none at all,
and success bodies the helpers cannot use, are served in process by httpx.MockTransport (the
file host of an export, which the helpers reach with a client of their own, on loopback)."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from contract_tests.support import SEED_PROMOTION, TOKEN, answered_client, make_jobs
from promotion_jobs.cli import main
from promotion_jobs.client import (
    PromotionJobsError,
    RetryPolicy,
    aiter_jobs,
    aiter_pages,
    cancel_job,
    connect,
    download_export,
    iter_jobs,
    iter_pages,
    start_export,
    start_generate,
    wait_for_job,
)
from promotion_jobs.client import command as jobs_command
from promotion_jobs.client.errors import BODY_LIMIT, NOT_THE_ERROR_SHAPE
from promotion_jobs.mock import running_server

T = TypeVar("T")

JOBS = make_jobs(SEED_PROMOTION, 2)
JOB_ID = JOBS[0]["id"]
DEEP = b'{"data": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"  # deeper than any JSON parser follows
JSON = "application/json"
SCHEMA = "the answer does not match the document: "  # how a detail from the document's schema starts
BAD_FILTER = {"errors": [{"title": "Bad Request", "detail": "Could not parse the supplied filter"}]}

Reply = tuple[int, bytes, str]  # status, body, content type


def encoded(document: object) -> bytes:
    return json.dumps(document).encode()


def listing(data: object, total: object, *, limit: int = 100, page_total: object = 1) -> bytes:
    """A list answer with `data` and `meta.results.total` as given, valid or not."""
    page = {"limit": limit, "offset": 0, "current": 1, "total": page_total}
    return encoded({"data": data, "links": {}, "meta": {"page": page, "results": {"total": total}}})


def without(job: dict[str, Any], field: str) -> dict[str, Any]:
    return {key: value for key, value in job.items() if key != field}


def replying(*replies: Reply) -> Callable[[httpx.Request], httpx.Response]:
    """Answers the n-th request with the n-th reply, and every later one with the last."""
    served = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal served
        status, body, content_type = replies[min(served, len(replies) - 1)]
        served += 1
        return httpx.Response(status, content=body, headers={"content-type": content_type})

    return handler


async def collect(items: AsyncIterator[T]) -> list[T]:
    return [item async for item in items]


# Each public helper, making its calls with `client`.
WALKS: dict[str, Callable[[AuthenticatedClient], object]] = {
    "iter_pages": lambda client: list(iter_pages(client, SEED_PROMOTION)),
    "iter_jobs": lambda client: list(iter_jobs(client, SEED_PROMOTION)),
    "aiter_pages": lambda client: asyncio.run(collect(aiter_pages(client, SEED_PROMOTION))),
    "aiter_jobs": lambda client: asyncio.run(collect(aiter_jobs(client, SEED_PROMOTION))),
    "wait_for_job": lambda client: wait_for_job(client, SEED_PROMOTION, JOB_ID, timeout=0),
}
STARTS: dict[str, Callable[[AuthenticatedClient], object]] = {
    "start_generate": lambda client: start_generate(client, SEED_PROMOTION, 10),
    "start_export": lambda client: start_export(client, SEED_PROMOTION),
}
HELPERS: dict[str, Callable[[AuthenticatedClient], object]] = {
    **WALKS,
    **STARTS,
    "cancel_job": lambda client: cancel_job(client, SEED_PROMOTION, JOB_ID),
    "download_export": lambda client: download_export(client, SEED_PROMOTION, JOB_ID),
}
SUCCESS = {"start_generate": 201, "start_export": 201, "cancel_job": 200}  # of the job answers


def failure(helper: str, *replies: Reply) -> PromotionJobsError:
    """The PromotionJobsError `helper` raises on `replies`; any other exception fails the test."""
    with pytest.raises(PromotionJobsError) as raised:
        HELPERS[helper](answered_client(replying(*replies)))
    return raised.value


# 1. Error answers: any documented variant of the shape, and bodies in no such shape.

DOCUMENTED: list[tuple[int, dict[str, Any], str]] = [
    (
        400,
        {"errors": [{"status": "400", "title": "Bad Request", "detail": "page[limit] is invalid", "source": "page"}]},
        "HTTP 400: Bad Request: page[limit] is invalid (source: page)",
    ),
    (401, {"errors": [{"status": 401, "title": "Unable to validate access token"}]}, "HTTP 401: Unable to validate"),
    (401, {"errors": [{"title": "Unauthorized", "status": "401"}]}, "HTTP 401: Unauthorized"),
    (400, BAD_FILTER, "HTTP 400: Bad Request: Could not parse the supplied filter"),
    (
        500,
        {"errors": [{"status": 500, "title": "Internal Server Error", "request_id": "req-7f3a"}]},
        "HTTP 500: Internal Server Error (request_id: req-7f3a)",
    ),
    (
        422,
        {"errors": [{"status": "422", "title": "Unprocessable Entity", "detail": "one"}, {"title": "Second"}]},
        "HTTP 422: Unprocessable Entity: one; Second",
    ),
]


@pytest.mark.parametrize("helper", HELPERS)
@pytest.mark.parametrize(("status", "document", "message"), DOCUMENTED)
def test_every_documented_error_variant_keeps_the_status_and_the_servers_words(
    helper: str, status: int, document: dict[str, Any], message: str
) -> None:
    error = failure(helper, (status, encoded(document), JSON))
    assert error.status == status
    assert str(error).startswith(message)
    assert [item.title for item in error.errors] == [item["title"] for item in document["errors"]]
    assert error.body == json.dumps(document)


FOREIGN: list[tuple[int, bytes, str, str]] = [
    (
        503,
        b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        "text/html",
        "Service Unavailable",
    ),
    (404, b'{"message": "no Route matched with those values"}', JSON, "Not Found"),
    (502, b'{"errors": [{"title": "Bad', JSON, "Bad Gateway"),
    (500, b"", JSON, "Internal Server Error"),
    (599, b"network connect timeout error", "text/plain", "Error"),
    (400, DEEP, JSON, "Bad Request"),
    (401, b'{"errors": "unauthorized"}', JSON, "Unauthorized"),
    (403, b'{"errors": [1, "two"]}', JSON, "Forbidden"),
]


@pytest.mark.parametrize("helper", HELPERS)
@pytest.mark.parametrize(("status", "body", "content_type", "title"), FOREIGN)
def test_a_body_outside_the_error_shape_keeps_the_status_and_the_raw_text(
    helper: str, status: int, body: bytes, content_type: str, title: str
) -> None:
    error = failure(helper, (status, body, content_type))
    assert error.status == status
    assert [(item.status, item.title, item.detail) for item in error.errors] == [(status, title, NOT_THE_ERROR_SHAPE)]
    assert str(error) == f"HTTP {status}: {title}: {NOT_THE_ERROR_SHAPE}"
    assert error.body == body.decode()[:BODY_LIMIT]


def test_the_raw_body_kept_is_cut_to_a_sane_size() -> None:
    page = ("<p>" + "x" * 5000 + "</p>").encode()
    error = PromotionJobsError.from_body(502, page)
    assert error.body == page.decode()[:BODY_LIMIT]
    assert len(error.body) == BODY_LIMIT < len(page)


def test_fields_of_unexpected_types_neither_crash_nor_vanish() -> None:
    body = encoded({"errors": [{"title": 7, "status": True, "detail": ["a", "b"], "source": {"parameter": "filter"}}]})
    error = PromotionJobsError.from_body(400, body)
    assert (error.status, error.errors[0].title, str(error)) == (400, "Bad Request", "HTTP 400: Bad Request")
    assert error.errors[0].additional_properties == {
        "title": 7,
        "status": True,
        "detail": ["a", "b"],
        "source": {"parameter": "filter"},
    }


@pytest.mark.parametrize("helper", ["iter_jobs", "aiter_jobs"])
def test_the_filtering_guides_bad_filter_answer_is_a_400_with_its_detail(helper: str) -> None:
    walks = {
        "iter_jobs": lambda client: list(iter_jobs(client, SEED_PROMOTION, filter_="eq(status,done")),
        "aiter_jobs": lambda client: asyncio.run(collect(aiter_jobs(client, SEED_PROMOTION, filter_="eq(status,done"))),
    }
    with pytest.raises(PromotionJobsError) as raised:
        walks[helper](answered_client(replying((400, encoded(BAD_FILTER), JSON))))
    assert raised.value.status == 400
    assert "Could not parse the supplied filter" in str(raised.value)
    assert raised.value.errors[0].detail == "Could not parse the supplied filter"


# 2. Success answers the helpers cannot use: the status is kept and the detail says what is wrong.

MALFORMED_LISTS: dict[str, tuple[bytes, str]] = {
    "a total that is a string": (listing(JOBS, "7"), "meta.results.total is '7', not a whole number"),
    "a page count that is null": (listing(JOBS, 2, page_total=None), "meta.page.total is None, not a whole number"),
    "nesting 100,000 deep": (DEEP, "the body is nested too deeply to read"),
    "a job without id": (listing([without(JOBS[0], "id")], 1), f'{SCHEMA}/data/0: "id" is a required property'),
    "data that is an object": (listing({"id": JOB_ID}, 1), f"{SCHEMA}/data: {{"),
    "data that is null": (listing(None, 0), f'{SCHEMA}/data: null is not of type "array"'),
    "data that is an empty object": (listing({}, 0), "data is {}, not a list"),
    "data that is a string": (listing("jobs", 4), f'{SCHEMA}/data: "jobs" is not of type "array"'),
    "a body that is not JSON": (b"<html>OK</html>", "the body is not valid JSON"),
    "no body at all": (b"", "the body is not valid JSON"),
}


@pytest.mark.parametrize("helper", WALKS)
@pytest.mark.parametrize("case", MALFORMED_LISTS)
def test_a_malformed_list_keeps_the_status_and_says_what_is_wrong(helper: str, case: str) -> None:
    body, detail = MALFORMED_LISTS[case]
    error = failure(helper, (200, body, JSON))
    assert error.status == 200
    assert str(error).startswith(f"HTTP 200: Unreadable response: {detail}")
    assert error.body == body.decode()[:BODY_LIMIT]


@pytest.mark.parametrize("helper", ["iter_pages", "iter_jobs", "aiter_pages", "aiter_jobs"])
def test_a_malformed_second_page_keeps_the_status_after_the_first_was_read(helper: str) -> None:
    first = (200, listing(JOBS, 4, limit=2), JSON)
    error = failure(helper, first, (200, listing(JOBS, "4"), JSON))
    assert (error.status, error.errors[0].detail) == (200, "meta.results.total is '4', not a whole number")


MALFORMED_JOBS: dict[str, tuple[bytes, str]] = {
    "nesting 100,000 deep": (DEEP, "the body is nested too deeply to read"),
    "a job without id": (encoded({"data": without(JOBS[0], "id")}), f'{SCHEMA}/data: "id" is a required property'),
    "data that is a list": (encoded({"data": [1]}), f'{SCHEMA}/data: [1] is not of type "object"'),
    "a status that is a number": (encoded({"data": {**JOBS[0], "status": 5}}), f"{SCHEMA}/data/status: 5 is not"),
    "a body that is not JSON": (b"{'data': 1}", "the body is not valid JSON"),
}


@pytest.mark.parametrize("helper", SUCCESS)
@pytest.mark.parametrize("case", MALFORMED_JOBS)
def test_a_malformed_job_answer_keeps_the_status_and_says_what_is_wrong(helper: str, case: str) -> None:
    body, detail = MALFORMED_JOBS[case]
    error = failure(helper, (SUCCESS[helper], body, JSON))
    assert error.status == SUCCESS[helper]
    assert str(error).startswith(f"HTTP {SUCCESS[helper]}: Unreadable response: {detail}")


@pytest.mark.parametrize(
    ("file", "detail"),
    [
        ({"href": 5}, "href is 5, not an absolute http(s) URL"),
        ({"href": "/files/codes.csv"}, "href is '/files/codes.csv', not an absolute http(s) URL"),
        ({"href": "https://[::1/codes.csv"}, "href is 'https://[::1/codes.csv', not an absolute http(s) URL"),
        ({"link": "https://files.example/codes.csv"}, f'{SCHEMA}"href" is a required property'),
    ],
)
def test_a_malformed_file_link_keeps_the_status_and_says_what_is_wrong(file: dict[str, Any], detail: str) -> None:
    error = failure("download_export", (200, encoded(file), JSON))
    assert (error.status, str(error)) == (200, f"HTTP 200: Unreadable response: {detail}")


class BreaksOff(httpx.SyncByteStream, httpx.AsyncByteStream):
    """A body that sends its first bytes and then loses the connection."""

    def __iter__(self) -> Iterator[bytes]:
        yield b'{"data": ['
        raise httpx.ReadError("connection reset by peer")

    async def __aiter__(self) -> AsyncIterator[bytes]:
        yield b'{"data": ['
        raise httpx.ReadError("connection reset by peer")


@pytest.mark.parametrize("helper", ["iter_jobs", "aiter_jobs", "start_export"])
def test_a_body_that_breaks_off_keeps_the_status_of_its_answer(helper: str) -> None:
    client = answered_client(lambda request: httpx.Response(200, stream=BreaksOff()))
    with pytest.raises(PromotionJobsError) as raised:
        HELPERS[helper](client)
    assert raised.value.status == 200
    assert str(raised.value).startswith("HTTP 200: Incomplete response: the body could not be read: ReadError")


@pytest.mark.parametrize("helper", ["iter_jobs", "aiter_jobs", "cancel_job"])
def test_only_a_call_without_any_answer_has_no_status(helper: str) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with pytest.raises(PromotionJobsError) as raised:
        HELPERS[helper](answered_client(refuse))
    assert raised.value.status is None
    assert str(raised.value).startswith("No response from http://fake.test/v2/promotions/")


def scripted(status: int, body: bytes, content_type: str) -> Callable[[Scope, Receive, Send], Any]:
    """An ASGI app that answers every request alike: a file host, or a proxy in front of one."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await Response(body, status_code=status, media_type=content_type)(scope, receive, send)

    return app


@pytest.mark.parametrize(("status", "body", "content_type", "title"), FOREIGN[:5])
def test_a_refused_download_keeps_the_file_hosts_status_and_text(
    status: int, body: bytes, content_type: str, title: str
) -> None:
    with running_server(scripted(status, body, content_type)) as file_host:
        link = encoded({"href": f"{file_host}/files/codes.csv?signature=abc"})
        client = connect("http://fake.test", token=TOKEN, retry=RetryPolicy(attempts=1))
        client.set_httpx_client(
            httpx.Client(base_url="http://fake.test", transport=httpx.MockTransport(replying((200, link, JSON))))
        )
        with pytest.raises(PromotionJobsError) as raised:
            download_export(client, SEED_PROMOTION, JOB_ID)
    assert (raised.value.status, raised.value.errors[0].title) == (status, title)
    assert raised.value.body == body.decode()


# 4. `promotion-jobs jobs`: each of these failures is one line on stderr and exit status 1.

PROG = "promotion-jobs jobs"
FIRST_OF_TWO_PAGES: Reply = (200, listing(JOBS, 4, limit=2, page_total=2), JSON)
COMMAND_CASES: dict[str, tuple[list[Reply], int, str]] = {
    "the filtering guide's bad filter": (
        [(400, encoded(BAD_FILTER), JSON)],
        400,
        "Could not parse the supplied filter",
    ),
    "a detail over several lines": (
        [(400, encoded({"errors": [{"title": "Bad Request", "detail": "one\ntwo\r\nthree"}]}), JSON)],
        400,
        "Bad Request: one two three",
    ),
    "a 500 with a request_id": (
        [(500, encoded({"errors": [{"status": 500, "title": "Internal Server Error", "request_id": "r-1"}]}), JSON)],
        500,
        "(request_id: r-1)",
    ),
    **{
        f"a {status} of {content_type}, {len(body)} bytes": ([(status, body, content_type)], status, title)
        for status, body, content_type, title in FOREIGN
    },
    **{f"a list with {case}": ([(200, body, JSON)], 200, detail) for case, (body, detail) in MALFORMED_LISTS.items()},
    "a store that refuses the next offset": (
        [FIRST_OF_TWO_PAGES, (400, encoded({"errors": [{"title": "Bad Request", "detail": "page[offset]"}]}), JSON)],
        400,
        "Bad Request: page[offset]",
    ),
}


def run_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *replies: Reply
) -> tuple[int, str, str]:
    """`promotion-jobs jobs SEED_PROMOTION --page-limit 2` in process, its API answered by `replies`."""
    monkeypatch.setattr(jobs_command, "connect_from_env", lambda **_: answered_client(replying(*replies)))
    code = main(["jobs", SEED_PROMOTION, "--page-limit", "2"])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("case", COMMAND_CASES)
def test_the_command_reports_each_failure_in_one_line_with_its_status(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    replies, status, words = COMMAND_CASES[case]
    code, _, err = run_command(monkeypatch, capsys, *replies)
    assert code == 1
    assert err.startswith(f"{PROG}: HTTP {status}: ")
    assert words in err
    assert err.endswith("\n")
    assert err.count("\n") == 1


def test_a_failure_after_rows_were_printed_is_still_one_line_and_exit_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    html = b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>"
    code, out, err = run_command(monkeypatch, capsys, FIRST_OF_TWO_PAGES, (503, html, "text/html"))
    assert code == 1
    assert [line.split()[0] for line in out.splitlines()] == ["ID", JOBS[0]["id"], JOBS[1]["id"]]
    assert err == f"{PROG}: HTTP 503: Service Unavailable: {NOT_THE_ERROR_SHAPE}\n"


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("helper", "status"), [("iter_jobs", 204), ("aiter_jobs", 209), ("start_export", 200)])
def test_a_success_status_the_call_does_not_document_keeps_that_status(helper: str, status: int, strict: bool) -> None:
    with pytest.raises(PromotionJobsError) as raised:
        HELPERS[helper](answered_client(replying((status, b"{}", JSON)), strict=strict))
    assert raised.value.status == status
    assert str(raised.value).endswith(f"Unreadable response: HTTP {status} is not the success this call documents")
