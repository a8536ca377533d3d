"""The opt-in judging transport reports the breaches of live traffic and never raises because of one."""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys

import httpx
import pytest

from contract_tests.support import AUTH, PAGED_PROMOTION, jobs_path
from contract_tests.traffic.recording import CATCHERS, faulted_mock, send_ordinary_requests
from promotion_jobs.client.judging import LOGGER, AsyncJudgingTransport, JudgingTransport
from promotion_jobs.client.retry import RetryTransport
from promotion_jobs.conformance.summary import Finding
from promotion_jobs.ledger import Severity
from promotion_jobs.mock.faults import Fault

FAULTS = sorted(CATCHERS, key=lambda fault: fault.value)


def findings_in_front_of(faults: tuple[Fault, ...]) -> list[Finding]:
    found: list[Finding] = []
    with faulted_mock(faults) as url:
        transport = JudgingTransport(RetryTransport(), on_finding=found.append)
        with httpx.Client(base_url=url, transport=transport, timeout=10) as client:
            send_ordinary_requests(client)
    return found


def test_the_clean_mock_gives_no_finding(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER.name):
        assert findings_in_front_of(()) == []
    assert caplog.records == []


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.value for fault in FAULTS])
def test_each_fault_is_reported_on_a_check_that_catches_it(fault: Fault, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger=LOGGER.name):
        found = findings_in_front_of((fault,))
    failed = {finding.check for finding in found if finding.severity is Severity.FAIL}
    assert failed & CATCHERS[fault], (fault, failed)
    assert any(record.levelno == logging.WARNING for record in caplog.records)


def test_the_answer_reaches_the_caller_unchanged_and_a_raising_callback_is_contained() -> None:
    called: list[Finding] = []

    def explode(finding: Finding) -> None:
        called.append(finding)
        raise RuntimeError("callback")

    with faulted_mock((Fault.WRONG_CONTENT_TYPE,)) as url:
        transport = JudgingTransport(on_finding=explode)
        with httpx.Client(base_url=url, transport=transport, timeout=10) as client:
            answer = client.get(jobs_path(PAGED_PROMOTION), headers=AUTH)
        with httpx.Client(base_url=url, timeout=10) as plain:
            direct = plain.get(jobs_path(PAGED_PROMOTION), headers=AUTH)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/plain")
    assert answer.json()["data"] == direct.json()["data"]
    assert called  # the callback was given the finding, and its exception went no further


def test_the_async_twin_reports_what_the_sync_transport_reports() -> None:
    """The same list request through each transport, in front of each fault: the same checks."""
    request = {"headers": AUTH, "params": {"page[limit]": 5}}

    async def listing(url: str) -> set[str]:
        found: list[Finding] = []
        async with httpx.AsyncClient(base_url=url, transport=AsyncJudgingTransport(on_finding=found.append)) as client:
            await client.get(jobs_path(PAGED_PROMOTION), **request)  # type: ignore[arg-type]
        return {finding.check for finding in found}

    seen = {}
    for fault in FAULTS:
        with faulted_mock((fault,)) as url:
            found: list[Finding] = []
            with httpx.Client(base_url=url, transport=JudgingTransport(on_finding=found.append)) as client:
                client.get(jobs_path(PAGED_PROMOTION), **request)  # type: ignore[arg-type]
            seen[fault] = asyncio.run(listing(url))
            assert seen[fault] == {finding.check for finding in found}, fault
    assert "page_size_within_limit" in seen[Fault.PAGE_OVERFLOW]
    assert sum(bool(checks) for checks in seen.values()) > len(FAULTS) // 2  # most faults show on a list


def test_the_transport_and_validate_import_without_the_extras() -> None:
    blocked = ["schemathesis", "starlette", "uvicorn", "orjson", "hypothesis"]
    code = (
        "import sys\n"
        f"for name in {blocked!r}: sys.modules[name] = None\n"
        "import promotion_jobs.client.judging, promotion_jobs.traffic.command\n"
        "import promotion_jobs.conformance.page, promotion_jobs.conformance.semantics\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
