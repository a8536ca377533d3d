"""`promotion-jobs jobs` through its real entry point, against mocks on free loopback ports."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from collections.abc import Iterator
from urllib.parse import parse_qsl

import pytest
from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

from contract_tests.support import (
    CLIENT_ID,
    CLIENT_SECRET,
    COMMAND,
    EMPTY_PROMOTION,
    MIXED_PROMOTION,
    PAGED_PROMOTION,
    TOKEN,
    UNKNOWN_PROMOTION,
    make_jobs,
    run_jobs_command,
    serve_mock,
    serve_recorded,
    stored_jobs,
)
from promotion_jobs.client.auth import token_path
from promotion_jobs.mock import MockConfig, running_server
from promotion_jobs.mock.fixtures import fixture_store

PROG = "promotion-jobs jobs"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_mock() as url:
        yield url


def mock_env(base_url: str) -> dict[str, str]:
    return {"EP_BASE_URL": base_url, "EP_ACCESS_TOKEN": TOKEN}


def test_a_table_of_every_job(base_url: str) -> None:
    result = run_jobs_command(MIXED_PROMOTION, env=mock_env(base_url))
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert header.split() == ["ID", "TYPE", "STATUS", "CREATED", "NAME"]
    expected = stored_jobs(fixture_store(), MIXED_PROMOTION)
    assert [row.split()[:3] for row in rows] == [[job["id"], job["job_type"], job["status"]] for job in expected]
    assert result.stderr == f"{PROG}: 7 jobs in 1 page\n"


def test_json_over_many_pages(base_url: str) -> None:
    result = run_jobs_command(PAGED_PROMOTION, "--json", "--page-limit", "7", env=mock_env(base_url))
    assert result.returncode == 0, result.stderr
    expected = [job["id"] for job in stored_jobs(fixture_store(), PAGED_PROMOTION)]
    assert [job["id"] for job in json.loads(result.stdout)] == expected
    assert result.stderr == f"{PROG}: 60 jobs in 9 pages\n"


def test_filters_by_status_and_type(base_url: str) -> None:
    result = run_jobs_command(
        PAGED_PROMOTION, "--json", "--status", "completed", "--type", "code_export", env=mock_env(base_url)
    )
    assert result.returncode == 0, result.stderr
    expected = [
        job["id"]
        for job in stored_jobs(fixture_store(), PAGED_PROMOTION)
        if job["status"] == "completed" and job["job_type"] == "code_export"
    ]
    assert expected
    assert [job["id"] for job in json.loads(result.stdout)] == expected


def test_the_empty_promotion_is_an_empty_array(base_url: str) -> None:
    result = run_jobs_command(EMPTY_PROMOTION, "--json", env=mock_env(base_url))
    assert (result.returncode, json.loads(result.stdout)) == (0, [])


@pytest.mark.parametrize(
    ("args", "env_change", "status", "message"),
    [
        ((MIXED_PROMOTION,), {"EP_ACCESS_TOKEN": "not-a-token"}, 1, "HTTP 401: Unable to validate access token"),
        ((UNKNOWN_PROMOTION,), {}, 1, "HTTP 404: Not Found: promotion not found"),
        ((MIXED_PROMOTION, "--page-limit", "0"), {}, 1, "HTTP 400: Bad Request: page[limit] is invalid"),
        (
            (MIXED_PROMOTION,),
            {"EP_ACCESS_TOKEN": ""},
            2,
            "set EP_ACCESS_TOKEN, or both EP_CLIENT_ID and EP_CLIENT_SECRET",
        ),
        ((MIXED_PROMOTION,), {"EP_BASE_URL": ""}, 2, "set EP_BASE_URL"),
    ],
)
def test_errors_are_one_line_and_a_non_zero_status(
    base_url: str, args: tuple[str, ...], env_change: dict[str, str], status: int, message: str
) -> None:
    result = run_jobs_command(*args, env={**mock_env(base_url), **env_change})
    assert result.returncode == status
    assert result.stdout == ""
    assert result.stderr.startswith(f"{PROG}: {message}")
    assert len(result.stderr.splitlines()) == 1


def test_a_promotion_id_that_is_not_a_uuid_is_a_usage_error(base_url: str) -> None:
    result = run_jobs_command("not-a-uuid", env=mock_env(base_url))
    assert result.returncode == 2
    assert "not a UUID" in result.stderr


def test_client_credentials_from_the_environment_and_no_secret_printed() -> None:
    with serve_recorded(MockConfig(fixture_store())) as (base_url, recorded):
        credentials = {"EP_BASE_URL": base_url, "EP_CLIENT_ID": CLIENT_ID, "EP_CLIENT_SECRET": CLIENT_SECRET}
        listed = run_jobs_command(MIXED_PROMOTION, "--json", env=credentials)
        refused = run_jobs_command(MIXED_PROMOTION, env={**credentials, "EP_CLIENT_SECRET": "a-wrong-secret"})
    assert listed.returncode == 0, listed.stderr
    assert len(json.loads(listed.stdout)) == 7
    assert recorded.forms(token_path())[0]["client_secret"] == CLIENT_SECRET
    assert refused.returncode == 1
    assert refused.stderr == f"{PROG}: HTTP 401: Unauthorized: invalid client credentials\n"
    for output in (listed.stdout, listed.stderr, refused.stdout, refused.stderr):
        assert CLIENT_SECRET not in output
        assert "a-wrong-secret" not in output


def test_a_terminal_sees_progress_page_by_page(base_url: str) -> None:
    controller, terminal = pty.openpty()
    try:
        clean = {key: value for key, value in os.environ.items() if not key.startswith("EP_")}
        result = subprocess.run(
            [str(COMMAND), "jobs", PAGED_PROMOTION, "--page-limit", "7"],
            env={**clean, **mock_env(base_url)},
            stdout=subprocess.PIPE,
            stderr=terminal,
            text=True,
            timeout=60,
            check=False,
        )
        os.close(terminal)
        shown = b""
        while True:
            try:
                chunk = os.read(controller, 4096)
            except OSError:  # the terminal side is closed and drained
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(controller)
    assert result.returncode == 0
    updates = shown.decode().split("\r")
    assert [f"{PROG}: page {n} of 9, {min(7 * n, 60)} jobs" for n in range(1, 10)] == [
        update.strip() for update in updates if update.strip()
    ]


async def second_page_unreadable(scope: Scope, receive: Receive, send: Send) -> None:
    """A list of four jobs whose first page is fine and whose second reports its total as a string."""
    offset = int(dict(parse_qsl(scope["query_string"].decode())).get("page[offset]", "0"))
    jobs = make_jobs(MIXED_PROMOTION, 2)
    total: object = 4 if offset == 0 else "4"
    meta = {"page": {"limit": 2, "offset": offset, "current": 1, "total": 2}, "results": {"total": total}}
    body = {"data": jobs, "links": {}, "meta": meta}
    await JSONResponse(body)(scope, receive, send)


def test_a_failure_after_rows_were_printed_is_one_line_and_exit_status_1() -> None:
    with running_server(second_page_unreadable) as url:
        result = run_jobs_command(MIXED_PROMOTION, "--page-limit", "2", env=mock_env(url))
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 3  # the header and the first page's two rows
    assert result.stderr == f"{PROG}: HTTP 200: Unreadable response: meta.results.total is '4', not a whole number\n"
