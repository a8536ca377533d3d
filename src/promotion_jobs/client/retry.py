"""Bounded retries as httpx transports: 429 for any method, 5xx and lost connections for safe ones.

A 429 means the request was not processed, so repeating it is always safe; a 5xx or a dropped
connection may have happened after the server acted, so only idempotent methods are repeated.
Waits grow exponentially with full jitter and honour `Retry-After`; the sleep functions are
injectable so tests never wait for real.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_tz

import httpx

logger = logging.getLogger("promotion_jobs.client")

# Idempotent methods (RFC 9110, section 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})
# The obsolete RFC 850 form, `Sunday, 06-Nov-94 08:49:37 GMT`: its year has two digits.
_RFC850_YEAR = re.compile(r"^\s*[A-Za-z]+,\s*\d{1,2}-[A-Za-z]{3}-(\d{2})\s")
_RFC850_YEARS_AHEAD = 50  # RFC 9110: a two-digit year is never read as more than 50 years ahead


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to wait: `attempts` counts the first try too."""

    attempts: int = 4
    backoff: float = 0.5  # the first wait's upper bound, doubled for each further retry
    max_delay: float = 30.0  # no wait is longer; a longer Retry-After ends the retries
    sleep: Callable[[float], None] = field(default=time.sleep, repr=False)
    async_sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep, repr=False)
    jitter: Callable[[], float] = field(default=random.random, repr=False)

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError("attempts must be at least 1")

    def delay_before_retry(self, request: httpx.Request, response: httpx.Response | None, tried: int) -> float | None:
        """Seconds to wait before trying again after `tried` tries, or None to stop.

        `response` is None when the try ended without one (timeout, connection lost).
        """
        if tried >= self.attempts:
            return None
        idempotent = request.method in IDEMPOTENT_METHODS
        if response is None:
            retryable = idempotent
        else:
            status = response.status_code
            retryable = status == httpx.codes.TOO_MANY_REQUESTS or (status >= 500 and idempotent)
        if not retryable:
            return None
        backoff = self.jitter() * min(self.max_delay, self.backoff * 2.0 ** (tried - 1))
        asked = None if response is None else retry_after(response.headers)
        if asked is None:
            return backoff
        return None if asked > self.max_delay else max(asked, backoff)


def retry_after(headers: Mapping[str, str], now: datetime | None = None) -> float | None:
    """`Retry-After` in seconds (a number or an HTTP date), or None when absent or unreadable.

    Never raises: whatever a server sends, an unreadable value only means "no Retry-After".
    """
    value = headers.get("retry-after")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    now = datetime.now(UTC) if now is None else now
    when = http_date(value, now)
    return None if when is None else max(0.0, (when - now).total_seconds())


def http_date(value: str, now: datetime | None = None) -> datetime | None:
    """An HTTP date in any of RFC 9110's three forms (IMF-fixdate, RFC 850, asctime) as an aware
    UTC datetime, or None when it is not one.

    HTTP dates are UTC by definition, so a date without a zone (asctime) or with `-0000` is read
    as UTC rather than left naive; a two-digit RFC 850 year is placed relative to `now`.
    """
    parsed = parsedate_tz(value)
    if parsed is None:
        return None
    two_digits = _RFC850_YEAR.match(value)
    try:
        when = datetime(*parsed[:6], tzinfo=UTC) - timedelta(seconds=parsed[9] or 0)
        if two_digits:
            when = when.replace(year=_rfc850_year(int(two_digits[1]), now or datetime.now(UTC)))
    except (ValueError, OverflowError):  # a field out of range, such as 31 November or hour 25
        return None
    return when


def _rfc850_year(two_digits: int, now: datetime) -> int:
    """The year ending in `two_digits` that is at most 50 years after `now` (RFC 9110, 5.6.7)."""
    latest = now.year + _RFC850_YEARS_AHEAD
    return latest - (latest - two_digits) % 100


class RetryTransport(httpx.BaseTransport):
    """Wrap a transport (default: httpx's own) with the retry policy."""

    def __init__(self, policy: RetryPolicy | None = None, transport: httpx.BaseTransport | None = None) -> None:
        self.policy = policy or RetryPolicy()
        self._transport = transport or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        tried = 0
        while True:
            tried += 1
            try:
                response = self._transport.handle_request(request)
            except httpx.TransportError as error:
                delay = self.policy.delay_before_retry(request, None, tried)
                if delay is None:
                    raise
                _log_retry(request, type(error).__name__, delay, tried, self.policy)
                self.policy.sleep(delay)
                continue
            delay = self.policy.delay_before_retry(request, response, tried)
            if delay is None:
                return response
            response.close()
            _log_retry(request, f"HTTP {response.status_code}", delay, tried, self.policy)
            self.policy.sleep(delay)

    def close(self) -> None:
        self._transport.close()


class AsyncRetryTransport(httpx.AsyncBaseTransport):
    """The asynchronous twin of RetryTransport."""

    def __init__(self, policy: RetryPolicy | None = None, transport: httpx.AsyncBaseTransport | None = None) -> None:
        self.policy = policy or RetryPolicy()
        self._transport = transport or httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        tried = 0
        while True:
            tried += 1
            try:
                response = await self._transport.handle_async_request(request)
            except httpx.TransportError as error:
                delay = self.policy.delay_before_retry(request, None, tried)
                if delay is None:
                    raise
                _log_retry(request, type(error).__name__, delay, tried, self.policy)
                await self.policy.async_sleep(delay)
                continue
            delay = self.policy.delay_before_retry(request, response, tried)
            if delay is None:
                return response
            await response.aclose()
            _log_retry(request, f"HTTP {response.status_code}", delay, tried, self.policy)
            await self.policy.async_sleep(delay)

    async def aclose(self) -> None:
        await self._transport.aclose()


def _log_retry(request: httpx.Request, reason: str, delay: float, tried: int, policy: RetryPolicy) -> None:
    # The path only: no query string, no headers, so nothing secret reaches the log.
    logger.info(
        "retrying %s %s after %s in %.2f s (try %d of %d)",
        request.method,
        request.url.path,
        reason,
        delay,
        tried + 1,
        policy.attempts,
    )
