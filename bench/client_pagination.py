"""Figure 4: reading 10,000 jobs page by page through the client helpers, against plain httpx + json.

"Ours" is `promotion_jobs.client`: `connect(base, token=...)` and `iter_jobs`, with its auth and
retry transport; the generated client's bare `get_promotion_jobs.sync` in an offset loop is shown
too, so the helpers' own share is visible. The alternative is httpx and `json.loads` fetching
the same pages (the document's largest page) over one keep-alive connection. All read the mock,
served as `promotion-jobs mock` serves it from a fixtures file, in a child process.

Time: each reader on its own (`harness.isolated`: a warm-up read, then repetitions with the
garbage collected before each and the collector off during it); the ratio compares the best
repetitions. Memory: what a reader still holds, the garbage collected, once it has walked 10 pages
and once it has walked 100 (the walk left open at that point, after a warm-up walk that fills the
libraries' bounded caches); a reader that keeps nothing from one page to the next holds the same
after 100 pages as after 10.
"""

from __future__ import annotations

import functools
import gc
import itertools
import json
import tempfile
import tracemalloc
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.models import PromotionJobList

from bench import synthetic
from bench.harness import isolated, wall_time
from bench.processes import free_port, mock_command, serving
from bench.report import Figure, at_most, show_best, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.client import connect, iter_jobs
from promotion_jobs.client.paging import largest
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET

TIME_GOAL = 1.5
MEMORY_GOAL = 1.1
KIBIBYTE = 1024
Reader = Callable[[str, str], Generator[Any, None, None]]  # (base URL, promotion id) -> its jobs, page by page


@dataclass(frozen=True)
class Sizes:
    jobs: int = 10_000
    few_pages: int = 10
    repetitions: int = 5
    warmups: int = 1


def run(sizes: Sizes) -> Figure:
    figure = Figure(4, "client end to end")
    limit = largest(PAGE_LIMIT)
    promotion = synthetic.promotion_id(sizes.jobs)
    pages = -(-sizes.jobs // limit)
    few = min(sizes.few_pages, pages)
    with tempfile.TemporaryDirectory() as scratch:
        fixtures = Path(scratch) / "fixtures.json"
        _write_fixtures(fixtures, {promotion: sizes.jobs})
        port = free_port()
        with serving(mock_command(port, "--fixtures", str(fixtures)), port) as base:
            for reader in READERS:
                if _count(reader(base, promotion)) != sizes.jobs:
                    raise RuntimeError(f"{reader.__name__} did not read {sizes.jobs} jobs")
            seconds = isolated(
                {
                    reader.__name__: wall_time(functools.partial(_count_read, reader, base, promotion))
                    for reader in READERS
                },
                warmups=sizes.warmups,
                repetitions=sizes.repetitions,
            )
            retained = {
                (reader.__name__, walked): _retained(reader, base, promotion, walked * limit)
                for reader in (helpers, plain_httpx)
                for walked in (few, pages)
            }

    ours, bare, theirs = seconds["helpers"], seconds["generated_client"], seconds["plain_httpx"]
    ratio = ours.best / theirs.best
    figure.row(
        f"wall time, s, {sizes.jobs:,} jobs in {pages} pages of {limit}: helpers (iter_jobs) vs httpx + json",
        show_best(ours, 3),
        show_best(theirs, 3),
        ratio=times(ratio),
        judged=at_most(ratio, TIME_GOAL),
    )
    figure.row(
        "wall time, s, same pages: generated client's sync in a loop vs httpx + json",
        show_best(bare, 3),
        show_best(theirs, 3),
        ratio=times(bare.best / theirs.best),
    )
    growth = {name: retained[name, pages] / retained[name, few] for name in ("helpers", "plain_httpx")}
    figure.row(
        f"KiB retained after {pages} pages vs after {few}, helpers",
        f"{retained['helpers', pages] / KIBIBYTE:,.0f}",
        f"{retained['helpers', few] / KIBIBYTE:,.0f}",
        ratio=times(growth["helpers"]),
        judged=at_most(growth["helpers"], MEMORY_GOAL),
    )
    figure.row(
        f"KiB retained after {pages} pages vs after {few}, httpx + json",
        f"{retained['plain_httpx', pages] / KIBIBYTE:,.0f}",
        f"{retained['plain_httpx', few] / KIBIBYTE:,.0f}",
        ratio=times(growth["plain_httpx"]),
    )
    figure.row(
        f"KiB retained after {pages} pages: helpers vs httpx + json",
        f"{retained['helpers', pages] / KIBIBYTE:,.0f}",
        f"{retained['plain_httpx', pages] / KIBIBYTE:,.0f}",
        ratio=times(retained["helpers", pages] / retained["plain_httpx", pages]),
    )
    figure.notes.append(
        f"time: each reader on its own, {sizes.warmups} warm-up read and {sizes.repetitions} repetitions, garbage "
        "collected before each repetition and the collector off during it; best repetition (median, max), ratios "
        "of the bests; the mock serves the pages from a fixtures file in a child process"
    )
    figure.notes.append(
        "retained: tracemalloc's traced bytes, the garbage collected, with the walk stopped (still open) after the "
        "last job of its last page, less those just before it began; traced from before a warm-up walk of the same "
        "pages; it counts the open client and the page in hand"
    )
    figure.data = {
        "jobs": sizes.jobs,
        "page_limit": limit,
        "protocol": {
            "isolated": True,
            "warmups": sizes.warmups,
            "repetitions": sizes.repetitions,
            "gc": "collected before each repetition, disabled during it",
            "ratio_of": "best",
        },
        "seconds": {name: stats.as_json() for name, stats in seconds.items()},
        "retained_bytes": {f"{reader}/{walked}_pages": size for (reader, walked), size in retained.items()},
        "goal": {
            "time_ratio_at_most": TIME_GOAL,
            "time_ratio": ratio,
            "retained_growth_at_most": MEMORY_GOAL,
            "retained_growth": growth["helpers"],
        },
    }
    return figure


def helpers(base: str, promotion: str) -> Generator[Any, None, None]:
    """Every job of `promotion` through the consumer helpers."""
    with connect(base, token=DEFAULT_TOKEN) as client:
        yield from iter_jobs(client, promotion)


def generated_client(base: str, promotion: str) -> Generator[Any, None, None]:
    """Every job of `promotion`, page by page, through the generated client."""
    offset, limit = 0, largest(PAGE_LIMIT)
    with AuthenticatedClient(base_url=base, token=DEFAULT_TOKEN) as client:
        while True:
            page = get_promotion_jobs.sync(UUID(promotion), client=client, pageoffset=offset, pagelimit=limit)
            if not isinstance(page, PromotionJobList):
                raise RuntimeError(f"page at offset {offset} failed: {page!r}")
            yield from page.data
            if page.links.next_ is None:
                return
            offset += limit


def plain_httpx(base: str, promotion: str) -> Generator[Any, None, None]:
    """The same pages with httpx and json.loads and nothing else."""
    offset, limit = 0, largest(PAGE_LIMIT)
    path = f"/v2/promotions/{promotion}/jobs"
    with httpx.Client(base_url=base, headers=authorization_header(DEFAULT_TOKEN)) as client:
        while True:
            response = client.get(path, params={PAGE_OFFSET: offset, PAGE_LIMIT: limit})
            response.raise_for_status()
            page = json.loads(response.content)
            yield from page["data"]
            if page["links"]["next"] is None:
                return
            offset += limit


READERS: tuple[Reader, ...] = (helpers, generated_client, plain_httpx)


def _count(jobs: Iterator[Any]) -> int:
    return sum(1 for _ in jobs)


def _count_read(reader: Reader, base: str, promotion: str) -> int:
    return _count(reader(base, promotion))


def _retained(reader: Reader, base: str, promotion: str, jobs: int) -> int:
    """Bytes `reader` holds, the garbage collected, once it has yielded `jobs` jobs (its walk left
    open there): traced memory then, less traced memory just before the walk began.

    Tracing starts before a warm-up walk of the same jobs, so a bounded cache the walk refreshes
    (such as `re`'s compiled patterns) is traced before and after alike and nets out, instead of
    counting as held when its new entries are traced and the ones they evict were not.
    """
    tracemalloc.start()
    try:
        _count(itertools.islice(reader(base, promotion), jobs))
        gc.collect()
        before = tracemalloc.get_traced_memory()[0]
        walk = reader(base, promotion)
        for _ in itertools.islice(walk, jobs):
            pass
        gc.collect()
        held = tracemalloc.get_traced_memory()[0] - before
        walk.close()
        return held
    finally:
        tracemalloc.stop()


def _write_fixtures(path: Path, promotions: dict[str, int]) -> None:
    document = {
        "promotions": [{"id": pid, "jobs": list(synthetic.jobs(pid, count))} for pid, count in promotions.items()]
    }
    path.write_text(json.dumps(document), encoding="utf-8")
