"""The client's answers to hostile or broken surroundings: every HTTP-date a server may send in
`Retry-After`, job names and error details full of terminal escapes, passwords in EP_BASE_URL, and
a server that accepts connections and never answers. Waits are recorded, never slept."""

from __future__ import annotations

import json
import os
import socket
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from contract_tests.support import SEED_PROMOTION, TOKEN, make_jobs, run_jobs_command
from promotion_jobs.cli import main
from promotion_jobs.client import PromotionJobsError, RetryPolicy, RetryTransport, connect, download_export
from promotion_jobs.client import command as jobs_command
from promotion_jobs.client.auth import ClientCredentialsAuth
from promotion_jobs.client.connect import DEFAULT_TIMEOUT, ConnectedClient, connect_from_env
from promotion_jobs.client.retry import http_date, retry_after
from promotion_jobs.environment import redact, url_secrets
from promotion_jobs.mock import running_server

PROG = "promotion-jobs jobs"
JOB_ID = make_jobs(SEED_PROMOTION, 1)[0]["id"]
PASSWORD = "s3cret-pa55"


def use_env(monkeypatch: pytest.MonkeyPatch, **values: str) -> None:
    for key in [key for key in os.environ if key.startswith("EP_")]:
        monkeypatch.delenv(key)
    for key, value in values.items():
        monkeypatch.setenv(key, value)


def answered_by(handler: Callable[[httpx.Request], httpx.Response]) -> ConnectedClient:
    """A connected client whose requests `handler` answers in process."""
    client = connect("http://fake.test", token=TOKEN)
    client.set_httpx_client(httpx.Client(base_url="http://fake.test", transport=httpx.MockTransport(handler)))
    return client


def listing(jobs: list[dict[str, Any]]) -> httpx.Response:
    page = {"limit": 100, "offset": 0, "current": 1, "total": 1}
    return httpx.Response(
        200, json={"data": jobs, "links": {}, "meta": {"page": page, "results": {"total": len(jobs)}}}
    )


def command_against(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    handler: Callable[[httpx.Request], httpx.Response],
    *args: str,
) -> tuple[int, str, str]:
    """`promotion-jobs jobs SEED_PROMOTION ARGS` in process, its API answered by `handler`."""
    monkeypatch.setattr(jobs_command, "connect_from_env", lambda **_: answered_by(handler))
    code = main(["jobs", SEED_PROMOTION, *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# 2. Retry-After in each of RFC 9110's three HTTP-date forms, with or without a zone.

NOW = datetime(2030, 11, 6, 8, 49, 7, tzinfo=UTC)  # 30 seconds before each date below


@pytest.mark.parametrize(
    "value",
    [
        "Wed, 06 Nov 2030 08:49:37 GMT",  # IMF-fixdate
        "Wednesday, 06-Nov-30 08:49:37 GMT",  # obsolete RFC 850
        "Wed Nov  6 08:49:37 2030",  # asctime, which has no zone
        "Wed, 06 Nov 2030 08:49:37 -0000",  # "-0000": UTC, but of unknown local time
    ],
)
def test_retry_after_reads_every_http_date_form_as_utc(value: str) -> None:
    assert retry_after({"retry-after": value}, now=NOW) == 30.0
    assert http_date(value) == datetime(2030, 11, 6, 8, 49, 37, tzinfo=UTC)


@pytest.mark.parametrize("value", ["Sun Nov  6 08:49:37 1994", "Sun, 06 Nov 1994 08:49:37 -0000"])
def test_a_past_date_without_a_zone_means_retry_now_instead_of_raising(value: str) -> None:
    assert retry_after({"retry-after": value}) == 0.0


@pytest.mark.parametrize(("year", "read_as"), [("74", 2074), ("75", 2075), ("76", 1976), ("24", 2024)])
def test_a_two_digit_year_is_never_read_as_more_than_50_years_ahead(year: str, read_as: int) -> None:
    when = http_date(f"Friday, 06-Nov-{year} 08:49:37 GMT", now=datetime(2025, 1, 1, tzinfo=UTC))
    assert when is not None
    assert when.year == read_as


def test_a_429_with_an_asctime_retry_after_in_the_past_is_retried_after_the_backoff() -> None:
    waits: list[float] = []
    answers = iter([httpx.Response(429, headers={"Retry-After": "Sun Nov  6 08:49:37 1994"}), httpx.Response(200)])
    policy = RetryPolicy(sleep=waits.append, jitter=lambda: 1.0)
    transport = RetryTransport(policy, transport=httpx.MockTransport(lambda request: next(answers)))
    with httpx.Client(transport=transport) as client:
        assert client.get("http://fake.test/x").status_code == 200
    assert waits == [0.5]


def file_host_refusing(retry_after_value: str) -> Callable[[Scope, Receive, Send], Any]:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        await Response(b"slow down", status_code=429, headers={"Retry-After": retry_after_value})(scope, receive, send)

    return app


@pytest.mark.parametrize("value", ["Sun Nov  6 08:49:37 2099", "Fri, 06 Nov 2099 08:49:37 -0000"])
def test_a_download_refused_with_a_zoneless_retry_after_raises_the_429_not_a_type_error(value: str) -> None:
    waits: list[float] = []
    with running_server(file_host_refusing(value)) as file_host:
        link = httpx.Response(200, json={"href": f"{file_host}/files/codes.csv"})
        client = connect("http://fake.test", token=TOKEN, retry=RetryPolicy(sleep=waits.append))
        client.set_httpx_client(
            httpx.Client(base_url="http://fake.test", transport=httpx.MockTransport(lambda request: link))
        )
        with pytest.raises(PromotionJobsError) as raised:
            download_export(client, SEED_PROMOTION, JOB_ID)
    assert raised.value.status == 429
    assert waits == []  # decades away: longer than the longest wait, so not waited for


# 4. Control characters from the server reach the terminal escaped.

HOSTILE_NAME = "\x1b]0;pwned\x07\x1b[2J\n... FAKE"
SHOWN_NAME = r"\x1b]0;pwned\x07\x1b[2J\n... FAKE"


def hostile_listing(request: httpx.Request) -> httpx.Response:
    return listing([{**make_jobs(SEED_PROMOTION, 1)[0], "name": HOSTILE_NAME}])


def test_a_job_name_with_escape_sequences_is_shown_escaped_in_its_own_row(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = command_against(monkeypatch, capsys, hostile_listing)
    assert code == 0
    _, row = out.splitlines()  # no forged row
    assert row.startswith(JOB_ID)
    assert row.endswith(SHOWN_NAME)
    assert "\x1b" not in out
    assert "\x07" not in out


@pytest.mark.parametrize(
    ("name", "shown"), [("a\u202eb", r"a\u202eb"), ("C:\\x1b", r"C:\\x1b"), ("tab\there", r"tab\there")]
)
def test_bidi_controls_tabs_and_backslashes_are_shown_unambiguously(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str, shown: str
) -> None:
    job = {**make_jobs(SEED_PROMOTION, 1)[0], "name": name}
    _, out, _ = command_against(monkeypatch, capsys, lambda request: listing([job]))
    assert out.splitlines()[1].endswith(f"  {shown}")


def test_an_error_detail_with_escape_sequences_is_one_escaped_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    detail = "bad \x1b[2Jfilter\x07"
    body = {"errors": [{"title": "Bad Request", "detail": detail}]}
    code, _, err = command_against(monkeypatch, capsys, lambda request: httpx.Response(400, json=body))
    assert code == 1
    assert err == f"{PROG}: HTTP 400: Bad Request: bad \\x1b[2Jfilter\\x07\n"


def test_json_output_escapes_control_characters_and_keeps_the_name(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = command_against(monkeypatch, capsys, hostile_listing, "--json")
    assert code == 0
    assert out.isascii()
    assert not any(char in out for char in "\x1b\x07\x9b")
    assert [job["name"] for job in json.loads(out)] == [HOSTILE_NAME]


# 5. No URL the command prints shows a password.


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (f"http://user:{PASSWORD}@host/v2", "http://user:***@host/v2"),
        ("No response from https://user:p%40ss@127.0.0.1:1/x?y=1: refused", "from https://user:***@127.0.0.1:1/x?y=1:"),
        ("http://a-token@host", "http://***@host"),
        ("http://u:p@ss@host/ and https://v:w@other", "http://u:***@host/ and https://v:***@other"),
        ("http://host/path@not-userinfo", "http://host/path@not-userinfo"),
    ],
)
def test_redact_hides_the_password_of_every_url(text: str, shown: str) -> None:
    redacted = redact(text)
    assert shown in redacted
    secrets = url_secrets(text)
    assert bool(secrets) == (shown != text)  # a userinfo is found where there is one, and only there
    assert not any(secret in redacted for secret in secrets)


def test_a_password_in_the_base_url_is_never_printed_when_the_server_is_unreachable() -> None:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        port = unused.getsockname()[1]
        result = run_jobs_command(
            SEED_PROMOTION,
            "--retries",
            "0",
            env={"EP_BASE_URL": f"http://user:{PASSWORD}@127.0.0.1:{port}", "EP_ACCESS_TOKEN": TOKEN},
        )
    assert result.returncode == 1
    assert result.stderr.startswith(f"{PROG}: No response from http://user:***@127.0.0.1:{port}/v2/promotions/")
    assert PASSWORD not in result.stderr + result.stdout


@pytest.mark.parametrize(
    "base_url",
    [f"ftp://user:{PASSWORD}@host", f"http://user:{PASSWORD}@", f"http://user:{PASSWORD}@host:notaport"],
)
def test_a_password_in_an_unusable_base_url_is_never_printed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], base_url: str
) -> None:
    use_env(monkeypatch, EP_BASE_URL=base_url, EP_ACCESS_TOKEN=TOKEN)
    code = main(["jobs", SEED_PROMOTION])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"{PROG}: ")
    assert "user:***@" in err
    assert PASSWORD not in err


def test_a_token_url_with_a_password_is_hidden_in_errors_and_repr() -> None:
    auth = ClientCredentialsAuth(f"http://user:{PASSWORD}@fake.test/oauth/access_token", "id", "secret")
    no_token = httpx.MockTransport(lambda request: httpx.Response(200, json={}))
    with httpx.Client(transport=no_token, auth=auth) as client, pytest.raises(PromotionJobsError) as raised:
        client.get("http://fake.test/v2/promotions")
    assert "http://user:***@fake.test/oauth/access_token did not return an access_token" in str(raised.value)
    assert PASSWORD not in str(raised.value) + repr(auth)


# 6. --timeout and --retries bound how long the command waits.


@contextmanager
def never_answering() -> Iterator[str]:
    """A loopback port that accepts connections (the kernel completes them) and never replies."""
    with socket.create_server(("127.0.0.1", 0)) as listener:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"


def test_a_server_that_never_answers_fails_after_one_short_try() -> None:
    with never_answering() as base_url:
        result = run_jobs_command(
            SEED_PROMOTION,
            "--timeout",
            "0.2",
            "--retries",
            "0",
            env={"EP_BASE_URL": base_url, "EP_ACCESS_TOKEN": TOKEN},
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(
        f"{PROG}: No response from {base_url}/v2/promotions/{SEED_PROMOTION}/jobs: ReadTimeout"
    )
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "given"),
    [(("--timeout", "2.5", "--retries", "1"), (httpx.Timeout(2.5), 2)), ((), (DEFAULT_TIMEOUT, 4))],
)
def test_timeout_and_retries_reach_the_client(
    monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...], given: tuple[httpx.Timeout, int]
) -> None:
    made: list[ConnectedClient] = []

    def recording(**options: Any) -> ConnectedClient:
        made.append(connect_from_env({"EP_BASE_URL": "http://fake.test", "EP_ACCESS_TOKEN": TOKEN}, **options))
        return answered_by(lambda request: listing([]))

    monkeypatch.setattr(jobs_command, "connect_from_env", recording)
    assert main(["jobs", SEED_PROMOTION, *args]) == 0
    [client] = made
    with client:
        assert (client.get_httpx_client().timeout, client.retry.attempts) == given


@pytest.mark.parametrize(
    "args",
    [
        ("--timeout", "0"),
        ("--timeout", "-1"),
        ("--timeout", "nan"),
        ("--timeout", "inf"),
        ("--timeout", "soon"),
        ("--retries", "-1"),
        ("--retries", "1.5"),
        ("--retries", "many"),
    ],
)
def test_a_bad_timeout_or_retry_count_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["jobs", SEED_PROMOTION, *args])
    assert exited.value.code == 2
    assert f"argument {args[0]}: not a" in capsys.readouterr().err
