"""Figure 1: our mock (strict, served as `promotion-jobs mock` serves it) against Prism 5, under load.

Both serve openapi/promotion-jobs.yaml on loopback and get the same request, a 25-job page of the
60-job fixture promotion with a bearer token, from autocannon at 10 connections. Both servers
stay up through the figure and the runs take turns, so background load weighs on both alike.
Prism answers with the document's example page whatever the request, so its responses are
smaller; a second mock line with a page of the same number of jobs shows what that is worth.

The mock remembers the job objects strict mode has passed and the last request targets it has
decoded (see `promotion_jobs.mock.strict` and `.decode`), as a mock polled for one page does; a
last line sends a new query string in every request, to both, so that the decoder remembers none.
What strict mode's memory is worth is measured apart, in-process: checking a page whose jobs it
has checked before, pages of jobs it has not seen (more of them than it remembers), and the same
pages by the whole schema alone.
"""

from __future__ import annotations

import functools
from contextlib import AbstractContextManager
from dataclasses import dataclass
from urllib.parse import urlencode

import httpx

from bench import synthetic
from bench.harness import Stats, each_in_turn, interleaved, isolated, per_call
from bench.load import CONNECTIONS, UNIQUE_ID, Load, hammer, installed, tool
from bench.processes import free_port, mock_command, serving
from bench.report import NOT_RUN, Figure, at_least, show, show_best, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.contract import load_contract
from promotion_jobs.mock.decode import REMEMBERED_TARGETS
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID
from promotion_jobs.mock.server import LOOPBACK
from promotion_jobs.mock.strict import REMEMBERED_JOBS, StrictCheck
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.operations import LIST_OPERATION
from promotion_jobs.pagination import PAGE_LIMIT

GOAL = 2.0
MICROSECONDS = 1e6
PAGED_PROMOTION = PAGED_PROMOTION_ID  # 60 jobs
SEED_PROMOTION = "ad386702-e780-42c6-b190-0527ad768917"  # the default fixtures' reference page: 3 jobs
PAGE_JOBS = 25
PRISM, AUTOCANNON = "@stoplight/prism-cli", "autocannon"


@dataclass(frozen=True)
class Sizes:
    seconds: int = 5
    warmup_seconds: int = 3
    repetitions: int = 3
    checks: int = 1000  # strict checks of a page per repetition, in-process


@dataclass(frozen=True)
class Served:
    """A server's answer to the measured request, and its throughput and latency under load."""

    jobs: int
    response_bytes: int
    requests_per_second: Stats
    p50_ms: Stats
    p99_ms: Stats

    def as_json(self) -> dict[str, object]:
        return {
            "jobs_per_response": self.jobs,
            "response_bytes": self.response_bytes,
            "requests_per_second": self.requests_per_second.as_json(),
            "p50_ms": self.p50_ms.as_json(),
            "p99_ms": self.p99_ms.as_json(),
        }


def run(sizes: Sizes) -> Figure:
    figure = Figure(1, "mock vs Prism")
    prism, autocannon = installed(PRISM), installed(AUTOCANNON)
    if prism is None or autocannon is None:
        figure.row("req/s, 25-job page", NOT_RUN, NOT_RUN, judged=("", NOT_RUN))
        figure.notes.append("Prism and autocannon are not installed: `make bench` installs them into bench/")
        return figure
    strict_check = strict_check_cost(sizes)

    mock_port, prism_port = free_port(), free_port()
    with serving(mock_command(mock_port), mock_port) as mock, _prism(prism_port) as prism_base:
        targets = {
            "mock": Target(_list_url(mock, PAGED_PROMOTION, PAGE_JOBS)),
            "prism": Target(_list_url(prism_base, PAGED_PROMOTION, PAGE_JOBS)),
        }
        targets["mock_same_size_as_prism"] = Target(_list_url(mock, SEED_PROMOTION, targets["prism"].jobs))
        targets["mock_new_query_each_request"] = Target(_list_url(mock, PAGED_PROMOTION, PAGE_JOBS), unique=True)
        targets["prism_new_query_each_request"] = Target(_list_url(prism_base, PAGED_PROMOTION, PAGE_JOBS), unique=True)
        for target in targets.values():
            hammer(target.url, target.headers, sizes.warmup_seconds, unique=target.unique)
        measures = {
            name: functools.partial(target.requests_per_second, sizes.seconds) for name, target in targets.items()
        }
        interleaved(measures, warmups=0, repetitions=sizes.repetitions)
    ours, theirs, same_size = (targets[name].served() for name in ("mock", "prism", "mock_same_size_as_prism"))
    unique, theirs_unique = (targets[f"{name}_new_query_each_request"].served() for name in ("mock", "prism"))

    ratio = ours.requests_per_second.median / theirs.requests_per_second.median
    figure.row(
        f"req/s, {PAGE_JOBS}-job page, {CONNECTIONS} connections: mock vs Prism",
        show(ours.requests_per_second),
        show(theirs.requests_per_second),
        ratio=times(ratio),
        judged=at_least(ratio, GOAL),
    )
    figure.row("p50 latency, ms", show(ours.p50_ms), show(theirs.p50_ms))
    figure.row("p99 latency, ms", show(ours.p99_ms), show(theirs.p99_ms))
    figure.row(
        f"req/s, mock sending {theirs.jobs} jobs (the size of Prism's answer) vs Prism",
        show(same_size.requests_per_second),
        show(theirs.requests_per_second),
        ratio=times(same_size.requests_per_second.median / theirs.requests_per_second.median),
    )
    figure.row(
        f"req/s, {PAGE_JOBS}-job page, a new query string in every request: mock vs Prism",
        show(unique.requests_per_second),
        show(theirs_unique.requests_per_second),
        ratio=times(unique.requests_per_second.median / theirs_unique.requests_per_second.median),
    )
    figure.notes.append(
        f"Prism {prism} answers the document's example ({theirs.jobs} jobs, {theirs.response_bytes:,} bytes) "
        f"where the mock sends {ours.jobs} jobs ({ours.response_bytes:,} bytes); autocannon {autocannon}, "
        f"repetitions: {sizes.repetitions} runs of {sizes.seconds} s each, taking turns, "
        f"after a {sizes.warmup_seconds} s warm-up each; "
        "autocannon's latencies have 1 ms resolution; ratios of the medians"
    )
    seen, unseen = strict_check["jobs_checked_before"], strict_check["jobs_not_seen_before"]
    figure.row(
        f"µs to check a {PAGE_JOBS}-job page in strict mode, in-process: jobs checked before vs jobs not seen",
        show_best(seen, 1),
        show_best(unseen, 1),
        ratio=times(seen.best / unseen.best),
    )
    whole = strict_check["whole_schema"]
    figure.row(
        f"µs to check a {PAGE_JOBS}-job page, in-process: strict mode, jobs not seen vs the whole schema alone",
        show_best(unseen, 1),
        show_best(whole, 1),
        ratio=times(unseen.best / whole.best),
    )
    figure.notes.append(
        "the mock checks every answer (strict), remembering the stored job objects that passed and the last "
        f"{REMEMBERED_TARGETS:,} request targets it decoded; the new-query line adds an unknown parameter "
        "with autocannon's per-request id, which the mock ignores"
    )
    figure.data = {
        "versions": {PRISM: prism, AUTOCANNON: autocannon},
        "connections": CONNECTIONS,
        "mock": ours.as_json(),
        "prism": theirs.as_json(),
        "mock_same_size_as_prism": same_size.as_json(),
        "mock_new_query_each_request": unique.as_json(),
        "prism_new_query_each_request": theirs_unique.as_json(),
        "strict_check_microseconds": {name: stats.as_json() for name, stats in strict_check.items()},
        "goal": {"mock_over_prism_requests_per_second_at_least": GOAL, "ratio": ratio},
    }
    return figure


def strict_check_cost(sizes: Sizes) -> dict[str, Stats]:
    """Microseconds strict mode takes to check one page: of jobs it has checked before (the page
    the load polls), and of jobs it has not seen, from a walk through more jobs than it remembers;
    and the whole schema's check of the same walk, which remembers nothing."""
    contract = load_contract()
    operation = contract.operation(LIST_OPERATION)
    walk = synthetic.pages(PAGE_JOBS, -(-REMEMBERED_JOBS * 2 // PAGE_JOBS))
    polled, walking = StrictCheck(contract), StrictCheck(contract)
    if polled.problems(operation, 200, walk[0]) or any(walking.problems(operation, 200, page) for page in walk):
        raise RuntimeError("the synthetic pages do not pass strict mode")
    measured = isolated(
        {
            "jobs_checked_before": per_call(lambda: polled.problems(operation, 200, walk[0]), sizes.checks),
            "jobs_not_seen_before": per_call(
                each_in_turn(lambda page: walking.problems(operation, 200, page), walk), sizes.checks
            ),
            "whole_schema": per_call(
                each_in_turn(lambda page: contract.validate_response(LIST_OPERATION, 200, page), walk), sizes.checks
            ),
        },
        warmups=1,
        repetitions=sizes.repetitions,
    )
    return {name: stats.scaled(MICROSECONDS) for name, stats in measured.items()}


def _prism(port: int) -> AbstractContextManager[str]:
    command = [str(tool("prism")), "mock", "openapi/promotion-jobs.yaml", "-p", str(port), "-h", LOOPBACK]
    return serving([*command, "-v", "error"], port)


def _list_url(base: str, promotion: str, jobs: int) -> str:
    return f"{base}/v2/promotions/{promotion}/jobs?{urlencode({PAGE_LIMIT: jobs})}"


class Target:
    """One URL under load: checked to answer a 200 page first, then every run's numbers kept."""

    def __init__(self, url: str, *, unique: bool = False) -> None:
        self.unique = unique
        # First in the query: autocannon's argument parser takes an argument ending in "]" for the
        # end of a group of its own options.
        self.url = url.replace("?", f"?nonce={UNIQUE_ID}&", 1) if unique else url
        self.headers = authorization_header(DEFAULT_TOKEN)
        self.jobs, self.response_bytes = _checked(url, self.headers)
        self.loads: list[Load] = []

    def requests_per_second(self, seconds: int) -> float:
        load = hammer(self.url, self.headers, seconds, unique=self.unique)
        self.loads.append(load)
        return load.requests_per_second

    def served(self) -> Served:
        return Served(
            jobs=self.jobs,
            response_bytes=self.response_bytes,
            requests_per_second=Stats(tuple(load.requests_per_second for load in self.loads)),
            p50_ms=Stats(tuple(load.p50_ms for load in self.loads)),
            p99_ms=Stats(tuple(load.p99_ms for load in self.loads)),
        )


def _checked(url: str, headers: dict[str, str]) -> tuple[int, int]:
    """(jobs, bytes) of the server's answer, which must be a 200 list page, before any load is measured."""
    response = httpx.get(url, headers=headers, timeout=30)
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code}: {response.text[:300]}")
    data = response.json().get("data")
    if not isinstance(data, list):
        raise RuntimeError(f"{url} answered no list page: {response.text[:300]}")
    return len(data), len(response.content)
