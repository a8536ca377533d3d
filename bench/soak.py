"""Figure 6: a soak of the mock, thousands of mixed requests and token issues in a row.

The mock runs as `promotion-jobs mock` in a child process and one client sends it the traffic a
busy user's CI would: pages with and without filters, refused filters, token issues, and creates
of generate and export jobs. Two ratios from the same run say whether anything accumulates:
requests per second of the last tenth over the first (does the mock slow down as tokens, jobs and
codes pile up?) and the mock's resident memory after over before (does it let go of what it should?).
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bench.processes import base_url, free_port, mock_command, resident_bytes, started
from bench.report import Figure, at_least, at_most, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID
from promotion_jobs.mock.token_authority import DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET, DEFAULT_TOKEN

SPEED_GOAL = 0.8  # the last tenth at least this fast as the first
MEMORY_GOAL = 1.5  # resident memory after at most this much of before
EMPTY_PROMOTION = "c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04"  # the default fixtures' promotion without jobs
FILTERS = ("eq(status,completed)", "eq(job_type,code_export)", "eq(status,completed):eq(job_type,code_generate)")
Request = Callable[[httpx.Client], httpx.Response]


@dataclass(frozen=True)
class Sizes:
    requests: int = 6000
    warmup: int = 300


def run(sizes: Sizes) -> Figure:
    figure = Figure(6, "soak of the mock")
    port = free_port()
    with (
        started(mock_command(port, "--step-seconds", "0.005"), port) as child,
        httpx.Client(base_url=base_url(port), headers=authorization_header(DEFAULT_TOKEN), timeout=10) as client,
    ):
        traffic = itertools.cycle(_mix())
        for request in itertools.islice(traffic, sizes.warmup):
            request(client)
        before = resident_bytes(child.pid)
        tenths = _timed_tenths(client, traffic, sizes.requests)
        after = resident_bytes(child.pid)
    speed, memory = tenths[-1] / tenths[0], after / before
    figure.row(
        f"req/s, last tenth vs first, {sizes.requests:,} mixed requests",
        f"{tenths[-1]:,.0f}",
        f"{tenths[0]:,.0f}",
        ratio=times(speed),
        judged=at_least(speed, SPEED_GOAL),
    )
    figure.row(
        "mock resident memory, after vs before",
        f"{after / 2**20:,.0f} MiB",
        f"{before / 2**20:,.0f} MiB",
        ratio=times(memory),
        judged=at_most(memory, MEMORY_GOAL),
    )
    figure.notes.append("one client, sequential requests; a tenth of the requests issue tokens, a tenth create jobs")
    figure.data = {"requests_per_second_by_tenth": tenths, "rss_before": before, "rss_after": after}
    return figure


def _timed_tenths(client: httpx.Client, traffic: itertools.cycle[Request], requests: int) -> list[float]:
    """Requests per second of each tenth of the run."""
    tenth = max(requests // 10, 1)
    rates = []
    for _ in range(10):
        started_at = time.perf_counter()
        for request in itertools.islice(traffic, tenth):
            request(client)
        rates.append(tenth / (time.perf_counter() - started_at))
    return rates


def _mix() -> list[Request]:
    """Twenty requests in the proportions of the soak; every answer must be one the mock documents."""
    jobs = f"/v2/promotions/{PAGED_PROMOTION_ID}/jobs"
    busy = f"/v2/promotions/{EMPTY_PROMOTION}/jobs"
    token_form = {
        "grant_type": "client_credentials",
        "client_id": DEFAULT_CLIENT_ID,
        "client_secret": DEFAULT_CLIENT_SECRET,
    }
    generate = {"data": {"type": "promotion_job", "job_type": "code_generate", "parameters": {"number_of_codes": 5}}}
    export = {"data": {"type": "promotion_job", "job_type": "code_export"}}
    pages = [_page(jobs, text, offset) for text, offset in itertools.product(FILTERS, (0, 10, 50))]
    return [
        *pages,  # 9
        lambda c: _ok(c.get(jobs)),
        lambda c: _ok(c.get(jobs, params={"filter": "ne(status,x)"}), 400),
        lambda c: _ok(c.post("/oauth/access_token", data=token_form, headers={"Authorization": ""})),
        lambda c: _ok(c.post("/oauth/access_token", data=token_form, headers={"Authorization": ""})),
        lambda c: _ok(c.post(busy, json=generate), 201, 400),
        lambda c: _ok(c.post(busy, json=export), 201, 400),
        lambda c: _ok(c.get(busy, params={"filter": "eq(status,completed)", "page[limit]": 5})),
        lambda c: _ok(c.get(busy, params={"filter": "eq(status,pending)"})),
        lambda c: _ok(c.get("/v2/settings")),
        lambda c: _ok(c.get(jobs, params={"page[limit]": 100})),
        lambda c: _ok(c.get(busy, params={"page[offset]": 10000})),
    ]


def _page(path: str, filter_text: str, offset: int) -> Request:
    return lambda client: _ok(client.get(path, params={"filter": filter_text, "page[offset]": offset}))


def _ok(response: httpx.Response, *expected: int) -> httpx.Response:
    """The response, when its status is one the soak expects (200 unless said); a figure fails otherwise."""
    if response.status_code not in (expected or (200,)):
        request = response.request
        raise RuntimeError(f"{request.method} {request.url}: {response.status_code} {response.text[:200]}")
    return response
