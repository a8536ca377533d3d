"""The mock under abuse: bounded memory, bounded bodies and echoes, cheap tokens, quiet disconnects,
fixture exports with files, secrets off the command line, and absolute URLs a client cannot steer."""

from __future__ import annotations

import asyncio
import csv
import io
import logging
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

import httpx
import pytest
from starlette.testclient import TestClient
from starlette.types import ASGIApp, Message

from contract_tests.support import AUTH, EMPTY_PROMOTION, MIXED_PROMOTION, PAGED_PROMOTION, jobs_path
from promotion_jobs.cli import build_parser
from promotion_jobs.contract import Contract
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.command import CLIENT_SECRET_VARIABLE, CommandError, mock_config
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.lifecycle import CSV_CHUNK_ROWS, FILE_LIFETIME_SECONDS
from promotion_jobs.mock.limits import (
    ELLIPSIS,
    MAX_BODY_BYTES,
    MAX_CODE_PREFIX_LENGTH,
    MAX_DETAIL_CHARS,
    MAX_ECHOED_CHARS,
    clip_detail,
)
from promotion_jobs.mock.state import MockState
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.token_authority import (
    DEFAULT_CLIENT_ID,
    DEFAULT_CLIENT_SECRET,
    TOKEN_LIFETIME_SECONDS,
    TokenAuthority,
)

STEP = 5.0
FIXTURE_EXPORT = "c313f836-b8dd-54ff-81c7-3d18c60605db"  # a completed code_export job of MIXED_PROMOTION
PAGED_EXPORT = "86fc7039-2af1-5d4c-bd28-05d725804842"  # a completed code_export job of PAGED_PROMOTION
EXPORT = {"data": {"type": "promotion_job", "job_type": "code_export"}}
LONG_PREFIX = "p" * MAX_CODE_PREFIX_LENGTH
MOCK_COMMAND = [sys.executable, "-m", "promotion_jobs.cli", "mock"]


def generate(number: int, prefix: str = LONG_PREFIX) -> dict[str, Any]:
    parameters = {"number_of_codes": number, "code_prefix": prefix, "code_length": 16}
    return {"data": {"type": "promotion_job", "job_type": "code_generate", "parameters": parameters}}


@dataclass
class Mock:
    """A strict in-process mock on a manual clock, and the state it serves from."""

    client: TestClient
    clock: ManualClock
    state: MockState

    def finish(self, promotion: str, body: dict[str, Any]) -> str:
        """Create a job and move the clock until it is done; its id."""
        created = self.client.post(jobs_path(promotion), json=body)
        assert created.status_code == 201, created.text
        self.clock.advance(2 * STEP)
        self.client.get(jobs_path(promotion))  # brings the promotion up to the clock
        job_id: str = created.json()["data"]["id"]
        return job_id

    def file_href(self, promotion: str, job_id: str) -> str:
        response = self.client.get(f"{jobs_path(promotion)}/{job_id}/file")
        assert response.status_code == 200, response.text
        href: str = response.json()["href"]
        return href


def in_process(**options: Any) -> Mock:
    clock = ManualClock()
    asgi = create_app(MockConfig(store=fixture_store(), clock=clock, step_seconds=STEP, seed=5, **options))
    return Mock(TestClient(asgi, base_url="http://mock.test", headers=AUTH), clock, asgi.state.mock)


@pytest.fixture
def mock() -> Mock:
    return in_process()


@dataclass
class Exchange:
    """One request sent to the ASGI app by hand: what it read and what it sent back."""

    reads: int = 0
    sent: list[Message] = field(default_factory=list)
    raised: BaseException | None = None

    @property
    def status(self) -> int:
        status: int = self.sent[0]["status"]
        return status

    @property
    def bodies(self) -> list[bytes]:
        return [message.get("body", b"") for message in self.sent if message["type"] == "http.response.body"]


def exchange(
    app: ASGIApp, method: str, path: str, messages: Iterator[Message], headers: Sequence[tuple[str, str]] = ()
) -> Exchange:
    """Drive the app as a server would, feeding it `messages` as the request, one per read."""
    result = Exchange()
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.4"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(name.lower().encode(), value.encode()) for name, value in [*AUTH.items(), *headers]],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 4010),
    }

    async def receive() -> Message:
        result.reads += 1
        return next(messages, {"type": "http.disconnect"})

    async def send(message: Message) -> None:
        result.sent.append(message)

    async def run() -> None:
        try:
            await app(scope, receive, send)
        except Exception as error:
            result.raised = error

    asyncio.run(run())
    return result


def body_chunks(size: int, count: int) -> Iterator[Message]:
    """A request body of `count` chunks of `size` bytes, as a server passes it on."""
    for index in range(count):
        yield {"type": "http.request", "body": b" " * size, "more_body": index < count - 1}


class TestMemory:
    """A prefix, an export or a download link costs bounded memory."""

    def test_a_code_prefix_at_the_limit_is_accepted_and_one_longer_is_refused(
        self, mock: Mock, contract: Contract
    ) -> None:
        assert mock.client.post(jobs_path(EMPTY_PROMOTION), json=generate(1)).status_code == 201
        refused = mock.client.post(jobs_path(PAGED_PROMOTION), json=generate(1, LONG_PREFIX + "p"))
        assert refused.status_code == 400
        assert "code_prefix" in refused.json()["errors"][0]["detail"]
        assert contract.validate_response("createPromotionJob", 400, refused.json()) == []

    def test_download_links_hold_no_copy_of_the_csv(self, mock: Mock) -> None:
        mock.finish(EMPTY_PROMOTION, generate(1000))
        export = mock.finish(EMPTY_PROMOTION, EXPORT)
        lifecycle = mock.state.lifecycle
        lifecycle.file_href(EMPTY_PROMOTION, export)  # the export's snapshot, taken once
        growth = traced_growth(lambda: [lifecycle.file_href(EMPTY_PROMOTION, export) for _ in range(200)])
        assert growth < 200_000  # a 120 KB CSV per link would be 24 MB

    def test_exports_of_unchanged_codes_share_one_snapshot(self, mock: Mock) -> None:
        mock.finish(EMPTY_PROMOTION, generate(1000))
        growth = traced_growth(lambda: [mock.finish(EMPTY_PROMOTION, EXPORT) for _ in range(20)])
        assert growth < 1_000_000  # a 120 KB CSV per export would be 2.4 MB

    def test_expired_download_links_are_forgotten_when_a_link_is_used(self, mock: Mock) -> None:
        export = mock.finish(EMPTY_PROMOTION, EXPORT)
        hrefs = [mock.file_href(EMPTY_PROMOTION, export) for _ in range(50)]
        assert len(mock.state.lifecycle._links) == 50
        mock.clock.advance(FILE_LIFETIME_SECONDS)
        assert mock.client.get(hrefs[0]).status_code == 403
        assert len(mock.state.lifecycle._links) == 0

    def test_a_download_is_streamed_in_chunks_of_bounded_size(self, mock: Mock) -> None:
        mock.finish(EMPTY_PROMOTION, generate(1000))
        href = mock.file_href(EMPTY_PROMOTION, mock.finish(EMPTY_PROMOTION, EXPORT))
        sent = exchange(mock.client.app, "GET", href.removeprefix("http://mock.test"), iter(()))
        assert sent.status == 200
        chunks = [chunk for chunk in sent.bodies if chunk]
        assert len(chunks) == 1 + 1000 // CSV_CHUNK_ROWS  # the header, then the rows a chunk at a time
        assert max(map(len, chunks)) < 64 * 1024
        rows = list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))
        assert len(rows) == 1000 and all(row["code"].startswith(LONG_PREFIX) for row in rows)

    def test_an_export_keeps_the_codes_of_the_moment_it_completed(self, mock: Mock) -> None:
        first = mock.finish(EMPTY_PROMOTION, generate(3, "a-"))
        export = mock.finish(EMPTY_PROMOTION, EXPORT)
        mock.finish(EMPTY_PROMOTION, generate(4, "b-"))
        rows = list(csv.DictReader(io.StringIO(mock.client.get(mock.file_href(EMPTY_PROMOTION, export)).text)))
        assert {row["job_id"] for row in rows} == {first} and len(rows) == 3


def traced_growth(action: Callable[[], object]) -> int:
    """How many more bytes are allocated and still held after `action` than before it."""
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        kept = action()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    del kept
    return after - before


class TestBodies:
    """Bodies are refused past the limit without being held, and echoes are cut."""

    @pytest.mark.parametrize("declared", [str(MAX_BODY_BYTES + 1), str(100 * 1024 * 1024), "9" * 5000])
    def test_a_declared_length_over_the_limit_is_refused_before_a_byte_is_read(self, mock: Mock, declared: str) -> None:
        headers = [("content-type", "application/json"), ("content-length", declared)]
        sent = exchange(mock.client.app, "POST", jobs_path(EMPTY_PROMOTION), body_chunks(65536, 1600), headers)
        assert sent.status == 400
        assert sent.reads == 0
        assert b"the mock's limit" in b"".join(sent.bodies)

    def test_a_streamed_body_is_abandoned_as_soon_as_it_passes_the_limit(self, mock: Mock) -> None:
        headers = [("content-type", "application/json")]  # no Content-Length: chunked
        sent = exchange(mock.client.app, "POST", jobs_path(EMPTY_PROMOTION), body_chunks(16 * 1024, 200), headers)
        assert sent.status == 400
        assert sent.reads == MAX_BODY_BYTES // (16 * 1024) + 1

    def test_a_body_of_exactly_the_limit_is_read(self, mock: Mock) -> None:
        body = b'{"data":{"type":"promotion_job","job_type":"code_export"}}'
        response = mock.client.post(
            jobs_path(EMPTY_PROMOTION),
            content=body.ljust(MAX_BODY_BYTES),
            headers={"Content-Type": "application/json"},
        )
        assert response.status_code == 201, response.text

    def test_a_running_mock_answers_an_oversized_body_400_in_the_error_shape(self, contract: Contract) -> None:
        with running_server(create_app(MockConfig(store=fixture_store()))) as url:
            response = httpx.post(
                f"{url}{jobs_path(EMPTY_PROMOTION)}",
                headers={**AUTH, "Content-Type": "application/json"},
                content=b" " * (MAX_BODY_BYTES + 1),
            )
        assert response.status_code == 400
        assert contract.validate_response("createPromotionJob", 400, response.json()) == []

    def test_an_echoed_value_is_cut_to_its_limit_and_the_reason_is_kept(self, mock: Mock) -> None:
        body = {"data": {"type": "promotion_job", "job_type": "code_export", "name": "n" * 60_000}}
        detail = mock.client.post(jobs_path(EMPTY_PROMOTION), json=body).json()["errors"][0]["detail"]
        assert f'"{"n" * MAX_ECHOED_CHARS}{ELLIPSIS}"' in detail
        assert detail.endswith("is longer than 50 characters")
        assert len(detail) < MAX_ECHOED_CHARS + 100

    @pytest.mark.parametrize(
        ("method", "path", "options"),
        [
            ("GET", f"{jobs_path(EMPTY_PROMOTION)}?page[limit]={'x' * 5000}", {}),
            ("GET", f"/v2/promotions/{'x' * 5000}/jobs", {}),
            ("GET", f"/nowhere/{'x' * 5000}", {}),
            ("POST", jobs_path(EMPTY_PROMOTION), {"json": {"data": [1] * 20_000}}),
            (
                "POST",
                jobs_path(EMPTY_PROMOTION),
                {"json": {"data": {"type": "promotion_job", "job_type": ["x x"] * 2000}}},
            ),
            ("POST", jobs_path(EMPTY_PROMOTION), {"content": b"{}", "headers": {"Content-Type": "text/" + "p" * 5000}}),
            ("POST", "/oauth/access_token", {"data": {"grant_type": "x" * 5000, "client_id": "c"}}),
        ],
    )
    def test_no_error_detail_echoes_a_whole_long_value(
        self, mock: Mock, method: str, path: str, options: dict[str, Any]
    ) -> None:
        response = mock.client.request(method, path, **options)
        assert 400 <= response.status_code < 500
        detail = response.json()["errors"][0]["detail"]
        assert len(detail) <= MAX_DETAIL_CHARS + len(ELLIPSIS)
        assert "x" * (MAX_ECHOED_CHARS + 1) not in detail and "p" * (MAX_ECHOED_CHARS + 1) not in detail

    def test_a_detail_of_many_short_values_loses_its_middle_not_its_reason(self) -> None:
        detail = clip_detail("/data: " + " ".join(["'ab'"] * 1000) + " is not valid")
        assert len(detail) == MAX_DETAIL_CHARS + len(ELLIPSIS)
        assert detail.startswith("/data: 'ab'") and ELLIPSIS in detail and detail.endswith("'ab' is not valid")

    def test_a_short_detail_is_left_as_it_is(self) -> None:
        detail = """/data/name: "it's" is longer than 50 characters"""
        assert clip_detail(detail) == detail


class TestTokens:
    """Issuing stays O(1), and expired tokens are forgotten."""

    def test_issuing_a_token_never_walks_the_live_ones(self) -> None:
        """Rebuilding the table on every issue made the 30,000th token cost 40 times the first."""
        authority = TokenAuthority()
        live = [issue(authority, now=1000.0) for _ in range(1000)]
        authority._issued = UnwalkableDict(authority._issued)  # every walk over the table now fails
        fresh = [issue(authority, now=1000.0) for _ in range(100)]
        assert authority.access(live[0], now=1000.0) is not None
        assert authority.access(fresh[-1], now=1000.0) is not None

    def test_expired_tokens_are_forgotten_when_the_next_is_issued(self) -> None:
        authority = TokenAuthority()
        old = [issue(authority, now=0.0) for _ in range(100)]
        fresh = issue(authority, now=TOKEN_LIFETIME_SECONDS)
        assert len(authority._issued) == 1  # the 100 expired ones are forgotten
        assert authority.access(old[-1], now=TOKEN_LIFETIME_SECONDS) is None
        assert authority.access(fresh, now=TOKEN_LIFETIME_SECONDS) is not None


class UnwalkableDict(dict[str, Any]):
    """A token table that fails any operation that visits every entry."""

    def _walked(self, *args: object) -> NoReturn:
        raise AssertionError("the whole token table was walked")

    __iter__ = items = keys = values = copy = _walked


def issue(authority: TokenAuthority, *, now: float) -> str:
    issued = authority.issue(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, now=now)
    assert issued is not None
    return issued["access_token"]


def test_a_client_that_disconnects_mid_body_leaves_one_quiet_line(mock: Mock, caplog: pytest.LogCaptureFixture) -> None:
    """No ClientDisconnect traceback, at most one short debug line."""
    messages: Iterator[Message] = iter(
        [{"type": "http.request", "body": b'{"data"', "more_body": True}, {"type": "http.disconnect"}]
    )
    with caplog.at_level(logging.DEBUG):
        sent = exchange(mock.client.app, "POST", jobs_path(EMPTY_PROMOTION), messages, [("content-length", "100")])
    assert sent.raised is None
    assert [record for record in caplog.records if record.exc_info or record.levelno > logging.DEBUG] == []
    mine = [record.getMessage() for record in caplog.records if record.name.startswith("promotion_jobs")]
    assert len(mine) <= 1 and all("\n" not in line and len(line) < 200 for line in mine)


class TestFixtureExports:
    """A completed export job from the fixtures has a file."""

    def test_a_completed_fixture_export_has_a_csv_of_only_the_header(self, mock: Mock, contract: Contract) -> None:
        response = mock.client.get(f"{jobs_path(MIXED_PROMOTION)}/{FIXTURE_EXPORT}/file")
        assert response.status_code == 200, response.text
        assert contract.validate_response("getPromotionJobFile", 200, response.json()) == []
        download = mock.client.get(response.json()["href"])
        assert download.status_code == 200 and download.text == "code,job_id\n"

    def test_a_completed_fixture_export_has_the_promotions_codes_of_that_moment(self, mock: Mock) -> None:
        job = mock.finish(PAGED_PROMOTION, generate(3, "fx-"))
        rows = list(csv.DictReader(io.StringIO(mock.client.get(mock.file_href(PAGED_PROMOTION, PAGED_EXPORT)).text)))
        assert len(rows) == 3 and {row["job_id"] for row in rows} == {job}


class TestSecrets:
    """The client secret need not be on the command line, where `ps` shows it."""

    def config(self, arguments: list[str], environ: dict[str, str] | None = None) -> MockConfig:
        return mock_config(build_parser().parse_args(["mock", *arguments]), environ or {})

    def test_the_secret_comes_from_the_environment(self) -> None:
        config = self.config([], {CLIENT_SECRET_VARIABLE: "from-env"})
        assert config.tokens.client.client_secret == "from-env"

    def test_the_secret_comes_from_a_file_without_its_line_ending(self, tmp_path: Path) -> None:
        path = tmp_path / "secret"
        path.write_text("from-file\n")
        config = self.config(["--client-secret-file", str(path)], {CLIENT_SECRET_VARIABLE: "from-env"})
        assert config.tokens.client.client_secret == "from-file"

    def test_the_option_wins_over_the_environment_and_the_default_is_kept(self) -> None:
        given = self.config(["--client-secret", "opt"], {CLIENT_SECRET_VARIABLE: "env"})
        assert given.tokens.client.client_secret == "opt"
        assert self.config([]).tokens.client.client_secret == DEFAULT_CLIENT_SECRET

    def test_an_empty_or_missing_secret_file_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "empty").write_text("")
        for path in (tmp_path / "empty", tmp_path / "missing"):
            with pytest.raises(CommandError, match="secret file"):
                self.config(["--client-secret-file", str(path)])

    def test_the_secret_option_and_the_secret_file_are_exclusive(self, tmp_path: Path) -> None:
        with pytest.raises(SystemExit):
            build_parser().parse_args(["mock", "--client-secret", "a", "--client-secret-file", str(tmp_path)])

    def test_the_command_line_mock_takes_its_secret_from_the_environment_and_a_public_url(self, free_port: int) -> None:
        environ = {**os.environ, CLIENT_SECRET_VARIABLE: "env-secret"}
        command = [*MOCK_COMMAND, "--port", str(free_port), "--public-url", "https://mock.example"]
        process = subprocess.Popen(command, env=environ, stderr=subprocess.PIPE, text=True)
        try:
            assert process.stderr is not None
            process.stderr.readline()  # the banner: the mock is about to listen
            form = {"grant_type": "client_credentials", "client_id": DEFAULT_CLIENT_ID, "client_secret": "env-secret"}
            response = post_when_listening(f"http://127.0.0.1:{free_port}/oauth/access_token", form)
            assert response.status_code == 200, response.text
            listed = httpx.get(f"http://127.0.0.1:{free_port}{jobs_path(EMPTY_PROMOTION)}", headers=AUTH)
            assert listed.json()["links"]["first"].startswith(f"https://mock.example{jobs_path(EMPTY_PROMOTION)}?")
        finally:
            process.terminate()
            process.wait(timeout=10)


def post_when_listening(url: str, form: dict[str, str]) -> httpx.Response:
    for _ in range(200):
        try:
            return httpx.post(url, data=form)
        except httpx.ConnectError:
            time.sleep(0.05)
    raise AssertionError(f"nothing answered at {url}")


class TestAbsoluteUrls:
    """Absolute URLs start with the public URL, never with the client's Host header."""

    def test_links_href_and_redirect_follow_the_bound_address_not_the_host_header(self) -> None:
        with running_server(create_app(MockConfig(store=fixture_store()))) as url:
            headers = {**AUTH, "Host": "evil.example"}
            listed = httpx.get(f"{url}{jobs_path(PAGED_PROMOTION)}", headers=headers)
            href = httpx.get(f"{url}{jobs_path(MIXED_PROMOTION)}/{FIXTURE_EXPORT}/file", headers=headers)
            redirect = httpx.get(f"{url}{jobs_path(PAGED_PROMOTION)}/?page[limit]=5", headers=headers)
        assert all(link.startswith(url + "/") for link in listed.json()["links"].values() if link)
        assert href.json()["href"].startswith(url + "/")
        assert redirect.status_code == 307
        assert redirect.headers["location"] == f"{url}{jobs_path(PAGED_PROMOTION)}?page[limit]=5"

    def test_a_public_url_starts_every_absolute_url(self) -> None:
        public = "https://mock.example/base"
        client = in_process(public_url=public + "/").client
        listed = client.get(jobs_path(PAGED_PROMOTION), headers={"Host": "evil.example"})
        assert all(link.startswith(public + "/v2/") for link in listed.json()["links"].values() if link)
        href = client.get(f"{jobs_path(MIXED_PROMOTION)}/{FIXTURE_EXPORT}/file").json()["href"]
        assert href.startswith(public + "/__mock/files/")
        redirect = client.get(jobs_path(PAGED_PROMOTION) + "/", follow_redirects=False)
        assert redirect.headers["location"] == public + jobs_path(PAGED_PROMOTION)

    @pytest.mark.parametrize("url", ["mock.example", "ftp://mock.example", "https://mock.example/?a=1", "https://"])
    def test_a_public_url_that_cannot_start_a_url_is_refused(self, url: str) -> None:
        with pytest.raises(ValueError, match="public URL"):
            create_app(MockConfig(store=Store(), public_url=url))
        with pytest.raises(SystemExit):
            build_parser().parse_args(["mock", "--public-url", url])


def test_a_token_request_with_an_extra_scope_field_gets_a_token(mock: Mock, contract: Contract) -> None:
    """Elastic Path's token form is open, so an extra field such as `scope` is accepted."""
    form = {
        "grant_type": "client_credentials",
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
        "scope": "x",
    }
    response = mock.client.post("/oauth/access_token", data=form, headers={"Authorization": ""})
    assert response.status_code == 200, response.text
    assert contract.validate_response("createAccessToken", 200, response.json()) == []
    assert response.json()["access_token"]
