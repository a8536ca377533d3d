"""`promotion-jobs proxy` forwards ordinary traffic unchanged and judges it as `validate` judges a
recording: silent on the clean mock, the fault's catching check on a faulted one, no secret logged."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from contract_tests.support import CLIENT_SECRET, TOKEN
from contract_tests.traffic.recording import CATCHERS, NOT_DESCRIBED_PATH, faulted_mock, send_ordinary_requests
from promotion_jobs.cli import SUBCOMMANDS, main
from promotion_jobs.conformance.summary import Finding
from promotion_jobs.mock import running_server
from promotion_jobs.mock.faults import Fault
from promotion_jobs.traffic.command import FINDINGS_REPORT, Recorder, render, write_reports
from promotion_jobs.traffic.exchange import Exchange
from promotion_jobs.traffic.proxy import ProxyApp, create_proxy_app

ORDINARY_REQUESTS = 8
FAULTS = tuple(CATCHERS)  # every fault that ordinary list and job traffic shows


@contextmanager
def proxied(faults: tuple[Fault, ...] = ()) -> Iterator[tuple[str, str, ProxyApp, Recorder, list[Finding]]]:
    """The mock with `faults`, and the proxy in front of it: (mock URL, proxy URL, app, recorder, findings)."""
    findings: list[Finding] = []
    with faulted_mock(faults) as upstream:
        app, recorder = create_proxy_app(upstream, on_finding=lambda exchange, finding: findings.append(finding))
        with running_server(app) as proxy:
            yield upstream, proxy, app, recorder, findings


def wait_for(recorder: Recorder, count: int) -> None:
    deadline = time.monotonic() + 10
    while recorder.seen < count:
        assert time.monotonic() < deadline, f"judged {recorder.seen} of {count} exchanges"
        time.sleep(0.01)


def answers(base_url: str) -> list[tuple[int, str | None, bytes]]:
    kept: list[tuple[int, str | None, bytes]] = []

    def keep(response: httpx.Response) -> None:
        response.read()
        kept.append((response.status_code, response.headers.get("content-type"), response.content))

    with httpx.Client(base_url=base_url, timeout=10, trust_env=False, event_hooks={"response": [keep]}) as client:
        send_ordinary_requests(client)
    return kept


def same(through: list[tuple[int, str | None, bytes]], direct: list[tuple[int, str | None, bytes]]) -> bool:
    """Equal answers; the token answer (first) issues a fresh token each time, so only its fields compare."""
    first = [(status, media, sorted(json.loads(body))) for status, media, body in (through[0], direct[0])]
    return first[0] == first[1] and through[1:] == direct[1:]


def test_the_proxy_is_a_registered_mock_extra_subcommand() -> None:
    proxy = next(subcommand for subcommand in SUBCOMMANDS if subcommand.name == "proxy")
    assert proxy.extra == "mock" and set(proxy.needs) >= {"starlette", "uvicorn"}


def test_clean_traffic_passes_through_unchanged_and_silently(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    with proxied() as (upstream, proxy, _app, recorder, findings):
        direct = answers(upstream)
        through = answers(proxy)
        wait_for(recorder, ORDINARY_REQUESTS)
    assert len(through) == ORDINARY_REQUESTS
    assert same(through, direct)
    issued = json.loads(through[0][2])["access_token"]
    # Absolute links still name the upstream: the proxy does not rewrite bodies.
    listed = json.loads(through[1][2])
    assert any(str(link).startswith(upstream) for link in (listed.get("links") or {}).values() if link)
    assert findings == []
    traffic = recorder.traffic
    assert traffic.summary.failures == traffic.summary.warnings == []
    assert traffic.skipped[f"GET {NOT_DESCRIBED_PATH}"] == 1
    summary = "\n".join(render(traffic, strict=False))
    assert "Verdict:     passed" in summary
    write_reports(tmp_path, traffic.summary, strict=False)
    assert json.loads((tmp_path / FINDINGS_REPORT).read_text(encoding="utf-8"))["failures"] == []
    for secret in (TOKEN, CLIENT_SECRET, issued):
        assert secret not in caplog.text and secret not in summary


@pytest.mark.parametrize("fault", FAULTS, ids=[fault.value for fault in FAULTS])
def test_faulted_traffic_is_caught_by_the_check_that_catches_the_fault(
    fault: Fault, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="promotion_jobs.traffic.proxy")
    with proxied((fault,)) as (upstream, proxy, _app, recorder, findings):
        direct = answers(upstream)
        through = answers(proxy)
        wait_for(recorder, ORDINARY_REQUESTS)
    assert same(through, direct)  # the faulted answers pass unchanged
    assert {finding.check for finding in recorder.traffic.summary.failures} & CATCHERS[fault]
    assert {finding.check for finding in findings} & CATCHERS[fault]
    logged = [record for record in caplog.records if record.name == "promotion_jobs.traffic.proxy"]
    assert any(record.levelno == logging.WARNING for record in logged)
    assert all("\n" not in record.getMessage() for record in logged)
    summary = "\n".join(render(recorder.traffic, strict=False))
    assert "Verdict:     FAILED" in summary
    for secret in (TOKEN, CLIENT_SECRET):
        assert secret not in caplog.text and secret not in summary


def test_a_judging_error_is_logged_and_the_answer_unchanged(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="promotion_jobs.traffic.proxy")
    with proxied() as (upstream, proxy, _app, recorder, _findings):

        def broken(exchange: Exchange) -> list[Finding]:
            raise RuntimeError("judge broke")

        monkeypatch.setattr(recorder, "add", broken)
        direct = httpx.get(upstream + NOT_DESCRIBED_PATH, headers={"Authorization": f"Bearer {TOKEN}"})
        through = httpx.get(proxy + NOT_DESCRIBED_PATH, headers={"Authorization": f"Bearer {TOKEN}"})
        deadline = time.monotonic() + 10
        while "could not judge" not in caplog.text:
            assert time.monotonic() < deadline
            time.sleep(0.01)
    assert (through.status_code, through.content) == (direct.status_code, direct.content)
    assert TOKEN not in caplog.text


def test_an_unreachable_upstream_is_a_502() -> None:
    with faulted_mock() as upstream:
        pass  # now closed: nothing listens there
    app, recorder = create_proxy_app(upstream)
    with running_server(app) as proxy:
        assert httpx.get(proxy + NOT_DESCRIBED_PATH, timeout=10).status_code == 502
    assert recorder.seen == 0


def test_the_command_needs_an_upstream(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["proxy"])
    assert "--upstream" in capsys.readouterr().err
