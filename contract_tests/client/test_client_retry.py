"""Retries against the mock's error simulation (`X-Mock-Error`), and the policy's rules in process.

Sleeps are recorded, never slept: the jitter is pinned so every wait is exact."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest

from contract_tests.support import SEED_PROMOTION, TOKEN, serve_mock
from promotion_jobs.client import PromotionJobsError, RetryPolicy, RetryTransport, aiter_jobs, connect, iter_jobs
from promotion_jobs.client.retry import retry_after
from promotion_jobs.mock.simulation import HEADER


class Sleeps(list[float]):
    """Records the waits a policy asks for, in both flavours."""

    def policy(self, attempts: int = 4, max_delay: float = 30.0) -> RetryPolicy:
        return RetryPolicy(
            attempts=attempts,
            backoff=0.5,
            max_delay=max_delay,
            sleep=self.append,
            async_sleep=self.async_sleep,
            jitter=lambda: 1.0,
        )

    async def async_sleep(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serve_mock() as url:
        yield url


def simulate(value: str, base_url: str, policy: RetryPolicy) -> list[str]:
    """The seed's job ids, listed through a client that sends `X-Mock-Error: value`."""
    with connect(base_url, token=TOKEN, retry=policy).with_headers({HEADER: value}) as client:
        return [str(job.id) for job in iter_jobs(client, SEED_PROMOTION)]


def test_429_then_success_waits_as_long_as_retry_after_says(base_url: str) -> None:
    sleeps = Sleeps()
    jobs = simulate("429; times=1; retry-after=2", base_url, sleeps.policy())
    assert len(jobs) == 3
    assert sleeps == [2.0]


def test_5xx_waits_grow_exponentially_then_succeed(base_url: str) -> None:
    sleeps = Sleeps()
    assert len(simulate("500; times=3", base_url, sleeps.policy())) == 3
    assert sleeps == [0.5, 1.0, 2.0]


def test_a_service_that_stays_down_is_given_up_after_the_attempts(base_url: str) -> None:
    sleeps = Sleeps()
    with pytest.raises(PromotionJobsError) as raised:
        simulate("503", base_url, sleeps.policy(attempts=3))
    assert len(sleeps) == 2  # three tries, two waits between them
    assert raised.value.status == 503
    assert [(error.status, error.detail) for error in raised.value.errors] == [
        (503, "The service is temporarily unavailable")
    ]


def test_a_retry_after_longer_than_the_longest_wait_is_not_waited_for(base_url: str) -> None:
    sleeps = Sleeps()
    with pytest.raises(PromotionJobsError) as raised:
        simulate("429; retry-after=120", base_url, sleeps.policy(max_delay=30))
    assert sleeps == []
    assert raised.value.status == 429


def test_async_calls_retry_with_the_async_sleep(base_url: str) -> None:
    sleeps = Sleeps()

    async def walk() -> int:
        simulated = {HEADER: "429; times=1; retry-after=3"}
        async with connect(base_url, token=TOKEN, retry=sleeps.policy()).with_headers(simulated) as client:
            return len([job async for job in aiter_jobs(client, SEED_PROMOTION)])

    assert asyncio.run(walk()) == 3
    assert sleeps == [3.0]


# The policy's rules for methods and transport errors, in process.


def transport_with(
    answers: list[httpx.Response | Exception], sleeps: Sleeps, attempts: int = 4
) -> tuple[RetryTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers[min(len(seen), len(answers)) - 1]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return RetryTransport(sleeps.policy(attempts), transport=httpx.MockTransport(handler)), seen


def send(transport: RetryTransport, method: str) -> httpx.Response:
    with httpx.Client(transport=transport) as client:
        return client.request(method, "http://fake.test/x", content=b"body")


def test_5xx_on_a_post_is_not_repeated() -> None:
    sleeps = Sleeps()
    transport, seen = transport_with([httpx.Response(503)], sleeps)
    assert send(transport, "POST").status_code == 503
    assert len(seen) == 1


def test_429_on_a_post_is_repeated_with_the_same_body() -> None:
    sleeps = Sleeps()
    transport, seen = transport_with([httpx.Response(429), httpx.Response(201)], sleeps)
    assert send(transport, "POST").status_code == 201
    assert [request.read() for request in seen] == [b"body", b"body"]


def test_4xx_other_than_429_is_final() -> None:
    sleeps = Sleeps()
    transport, seen = transport_with([httpx.Response(400)], sleeps)
    assert send(transport, "GET").status_code == 400
    assert (len(seen), sleeps) == (1, [])


def test_timeouts_are_retried_for_safe_calls_then_reported_as_the_one_error() -> None:
    sleeps = Sleeps()
    transport, seen = transport_with([httpx.ReadTimeout("timed out")], sleeps, attempts=3)
    with connect("http://fake.test", token=TOKEN) as client:
        client.set_httpx_client(httpx.Client(base_url="http://fake.test", transport=transport))
        with pytest.raises(PromotionJobsError) as raised:
            list(iter_jobs(client, SEED_PROMOTION))
    assert (len(seen), len(sleeps)) == (3, 2)
    assert raised.value.status is None
    assert "ReadTimeout" in str(raised.value)


def test_timeouts_on_a_post_are_not_repeated() -> None:
    sleeps = Sleeps()
    transport, seen = transport_with([httpx.ReadTimeout("timed out")], sleeps)
    with pytest.raises(httpx.ReadTimeout):
        send(transport, "POST")
    assert len(seen) == 1


def test_connect_sets_the_timeout_on_both_clients() -> None:
    client = connect("http://127.0.0.1:1", token=TOKEN, timeout=2.5)
    assert client.get_httpx_client().timeout == httpx.Timeout(2.5)
    assert client.get_async_httpx_client().timeout == httpx.Timeout(2.5)


@pytest.mark.parametrize(
    ("value", "seconds"), [("3", 3.0), ("0.5", 0.5), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0), ("soon", None)]
)
def test_retry_after_reads_seconds_and_http_dates(value: str, seconds: float | None) -> None:
    assert retry_after({"retry-after": value}) == seconds


def test_a_policy_needs_at_least_one_attempt() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        RetryPolicy(attempts=0)
