"""Figure 2: what a filtered page near the end costs as a promotion grows from 100 to 100,000 jobs.

The request goes through the whole strict mock app (auth, parameter validation, filter, store,
response validation, JSON) in this process, so the network does not hide the growth. "Near
the end" is the last full page before min(matching jobs, the document's maximum offset).
Memory is what tracemalloc sees the store and its filter index hold.
"""

from __future__ import annotations

import gc
import json
import statistics
import time
import tracemalloc
from dataclasses import dataclass

from bench import synthetic
from bench.asgi import InProcess
from bench.harness import Stats, repeat
from bench.report import Figure, at_most, show, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.client.paging import largest
from promotion_jobs.contract import load_contract
from promotion_jobs.filter_grammar import FILTER_PARAMETER, Filter, Term
from promotion_jobs.mock.app import MockConfig, create_app
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.operations import LIST_OPERATION
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET

GOAL = 2.0
MICROSECONDS = 1e6
MEMORY_UNIT = 100_000
FILTER = Filter((Term("eq", "job_type", synthetic.EXPORT),))


@dataclass(frozen=True)
class Sizes:
    promotions: tuple[int, ...] = (100, 10_000, 100_000)
    requests: int = 300
    repetitions: int = 5


def run(sizes: Sizes) -> Figure:
    figure = Figure(2, "cost growth of the mock")
    latencies: dict[int, Stats] = {}
    offsets: dict[int, int] = {}
    memory: dict[int, int] = {}
    for count in sizes.promotions:
        promotion = synthetic.promotion_id(count)
        store, memory[count] = _measured_store(promotion, count)
        offsets[count], latencies[count] = _page_latency(store, promotion, count, sizes)
        del store
        gc.collect()

    smallest, largest = sizes.promotions[0], sizes.promotions[-1]
    for count in sizes.promotions[1:]:
        figure.row(
            f"p50 µs, filtered page near the end (offset {offsets[count]:,} vs {offsets[smallest]:,}): "
            f"{count:,} jobs vs {smallest:,}",
            show(latencies[count], 0),
            show(latencies[smallest], 0),
            ratio=times(latencies[count].median / latencies[smallest].median),
            judged=at_most(latencies[count].median / latencies[smallest].median, GOAL)
            if count == largest
            else ("", ""),
        )
    per_unit = memory[largest] / largest * MEMORY_UNIT
    figure.row(f"memory per {MEMORY_UNIT:,} jobs (store + filter index)", f"{per_unit / 2**20:,.0f} MiB", "")
    figure.notes.append(
        f"filter `{FILTER.render()}`, page[limit] {_limit()}; each repetition is the p50 of {sizes.requests} "
        f"requests through the strict app in-process; repetitions: {sizes.repetitions}, after a warm-up"
    )
    figure.data = {
        "filter": FILTER.render(),
        "page_limit": _limit(),
        "p50_microseconds": {str(count): latencies[count].as_json() for count in sizes.promotions},
        "offsets": {str(count): offsets[count] for count in sizes.promotions},
        "traced_bytes": {str(count): memory[count] for count in sizes.promotions},
        "bytes_per_100000_jobs": per_unit,
        "goal": {"largest_over_smallest_at_most": GOAL},
    }
    return figure


def _measured_store(promotion: str, count: int) -> tuple[Store, int]:
    """The store, with its filter index built, and the bytes it holds."""
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        store = synthetic.store_with(promotion, count)
        store.page(promotion, FILTER.required_values(), 0, 1)
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    return store, held


def _page_latency(store: Store, promotion: str, count: int, sizes: Sizes) -> tuple[int, Stats]:
    limit = _limit()
    matching = count // 2
    offset = max(0, min(matching, largest(PAGE_OFFSET)) - limit)
    app = InProcess(create_app(MockConfig(store=store)))
    path = f"/v2/promotions/{promotion}/jobs"
    query: dict[str, str | int] = {FILTER_PARAMETER: FILTER.render(), PAGE_OFFSET: offset, PAGE_LIMIT: limit}
    headers = authorization_header(DEFAULT_TOKEN)
    try:
        status, body = app.get(path, query, headers)
        if status != 200 or len(json.loads(body)["data"]) != min(limit, matching - offset):
            raise RuntimeError(f"the mock answered {status} for {query}: {body[:300]!r}")

        def p50() -> float:
            samples = []
            for _ in range(sizes.requests):
                started = time.perf_counter()
                app.get(path, query, headers)
                samples.append(time.perf_counter() - started)
            return statistics.median(samples) * MICROSECONDS

        return offset, repeat(p50, warmups=1, repetitions=sizes.repetitions)
    finally:
        app.close()


def _limit() -> int:
    default = load_contract().operation(LIST_OPERATION).parameter(PAGE_LIMIT).default
    assert isinstance(default, int), "the document gives page[limit] an integer default"
    return default
