"""Opt-in judging of live traffic: an httpx transport that judges every exchange by the contract.

`JudgingTransport(inner)` (and `AsyncJudgingTransport`) passes each request to `inner`, reads the
answer, judges the exchange as `promotion-jobs validate` judges a recording, and reports every
finding to the logger `promotion_jobs.client.judging` (a failure as a warning record, a warning
as an info record) and to `on_finding`. It never raises because of a breach: the caller gets the
answer as the server sent it. It needs nothing beyond the base install.

    client = httpx.Client(transport=JudgingTransport(RetryTransport()))
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import httpx

from promotion_jobs.conformance.summary import Finding
from promotion_jobs.ledger import Severity
from promotion_jobs.traffic.exchange import Exchange, headers_of
from promotion_jobs.traffic.judge import Judge

LOGGER = logging.getLogger(__name__)

OnFinding = Callable[[Finding], None]


class _Judging:
    def __init__(self, on_finding: OnFinding | None, judge: Judge | None) -> None:
        self._on_finding = on_finding
        self._judge = judge

    def report(self, request: httpx.Request, request_body: bytes, response: httpx.Response, raw: bytes) -> None:
        try:
            decoded = httpx.Response(response.status_code, headers=response.headers, content=raw)
            body = decoded.read()
            exchange = Exchange(
                method=request.method,
                url=str(request.url),
                request_headers=headers_of(request.headers.multi_items()),
                request_body=request_body,
                status=response.status_code,
                response_headers=headers_of(response.headers.multi_items()),
                response_body=body,
            )
            if self._judge is None:
                self._judge = Judge()
            findings = self._judge.judge(exchange).findings
        except Exception:  # judging must never break the caller's request
            LOGGER.exception("could not judge %s %s", request.method, request.url.path)
            return
        for finding in findings:
            level = logging.WARNING if finding.severity is Severity.FAIL else logging.INFO
            LOGGER.log(level, "%s %s breaks %s: %s", request.method, request.url.path, finding.check, finding.message)
            if self._on_finding is not None:
                try:
                    self._on_finding(finding)
                except Exception:
                    LOGGER.exception("the on_finding callback raised")


def _rebuilt(response: httpx.Response, request: httpx.Request, raw: bytes) -> httpx.Response:
    """The answer again, its raw (still encoded) body in memory, for the caller to read as usual."""
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=raw,
        request=request,
        extensions=response.extensions,
    )


class JudgingTransport(httpx.BaseTransport):
    """Judge every exchange through `inner` (default: httpx's own transport)."""

    def __init__(
        self,
        inner: httpx.BaseTransport | None = None,
        on_finding: OnFinding | None = None,
        *,
        judge: Judge | None = None,
    ) -> None:
        self._inner = inner or httpx.HTTPTransport()
        self._judging = _Judging(on_finding, judge)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request_body = request.read()
        response = self._inner.handle_request(request)
        try:
            raw = b"".join(response.iter_raw())
        finally:
            response.close()
        self._judging.report(request, request_body, response, raw)
        return _rebuilt(response, request, raw)

    def close(self) -> None:
        self._inner.close()


class AsyncJudgingTransport(httpx.AsyncBaseTransport):
    """The async twin of `JudgingTransport`."""

    def __init__(
        self,
        inner: httpx.AsyncBaseTransport | None = None,
        on_finding: OnFinding | None = None,
        *,
        judge: Judge | None = None,
    ) -> None:
        self._inner = inner or httpx.AsyncHTTPTransport()
        self._judging = _Judging(on_finding, judge)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request_body = await request.aread()
        response = await self._inner.handle_async_request(request)
        try:
            raw = b"".join([part async for part in response.aiter_raw()])
        finally:
            await response.aclose()
        self._judging.report(request, request_body, response, raw)
        return _rebuilt(response, request, raw)

    async def aclose(self) -> None:
        await self._inner.aclose()
