"""Figure 4: reading 10,000 jobs page by page through the client helpers, against plain httpx + json.

"Ours" is `promotion_jobs.client`: `connect(base, token=...)` and `iter_jobs`, with its auth and
retry transport; the generated client's bare `get_promotion_jobs.sync` in an offset loop is shown
too, so the helpers' own share is visible. The alternative is httpx and `json.loads` fetching
the same pages (the document's largest page) over one keep-alive connection. Both read the mock, served as
`promotion-jobs mock` serves it from a fixtures file, in a child process. Peak memory is
tracemalloc's peak while reading 10 pages and while reading 100, each after a warm-up read of the
same pages (which fills bounded caches such as urllib's URL cache); a reader that keeps nothing
between pages peaks the same.
"""

from __future__ import annotations

import functools
import json
import tempfile
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.models import PromotionJobList

from bench import synthetic
from bench.harness import interleaved, wall_time
from bench.processes import free_port, mock_command, serving
from bench.report import Figure, at_most, show, times
from promotion_jobs.bearer import authorization_header
from promotion_jobs.client import connect, iter_jobs
from promotion_jobs.client.paging import largest
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET

TIME_GOAL = 1.3
MEMORY_GOAL = 1.2
KIBIBYTE = 1024
Reader = Callable[[str, str], int]  # (base URL, promotion id) -> jobs read


@dataclass(frozen=True)
class Sizes:
    jobs: int = 10_000
    few_pages: int = 10
    repetitions: int = 5


def run(sizes: Sizes) -> Figure:
    figure = Figure(4, "client end to end")
    limit = largest(PAGE_LIMIT)
    many, few = synthetic.promotion_id(sizes.jobs), synthetic.promotion_id(sizes.few_pages * limit)
    with tempfile.TemporaryDirectory() as scratch:
        fixtures = Path(scratch) / "fixtures.json"
        _write_fixtures(fixtures, {many: sizes.jobs, few: sizes.few_pages * limit})
        port = free_port()
        with serving(mock_command(port, "--fixtures", str(fixtures)), port) as base:
            for reader in READERS:
                if reader(base, many) != sizes.jobs:
                    raise RuntimeError(f"{reader.__name__} did not read {sizes.jobs} jobs")
            seconds = interleaved(
                {reader.__name__: wall_time(functools.partial(reader, base, many)) for reader in READERS},
                warmups=1,
                repetitions=sizes.repetitions,
            )
            peaks = {
                (reader.__name__, promotion): _peak(reader, base, promotion)
                for reader in READERS
                for promotion in (few, many)
            }

    pages = -(-sizes.jobs // limit)
    ours, bare, theirs = seconds["helpers"], seconds["generated_client"], seconds["plain_httpx"]
    ratio = ours.median / theirs.median
    figure.row(
        f"wall time, s, {sizes.jobs:,} jobs in {pages} pages of {limit}: helpers (iter_jobs) vs httpx + json",
        show(ours, 2),
        show(theirs, 2),
        ratio=times(ratio),
        judged=at_most(ratio, TIME_GOAL),
    )
    figure.row(
        "wall time, s, same pages: generated client's sync in a loop vs httpx + json",
        show(bare, 2),
        show(theirs, 2),
        ratio=times(bare.median / theirs.median),
    )
    growth = peaks["helpers", many] / peaks["helpers", few]
    figure.row(
        f"peak KiB, {pages} pages vs {sizes.few_pages} pages, helpers",
        f"{peaks['helpers', many] / KIBIBYTE:,.0f}",
        f"{peaks['helpers', few] / KIBIBYTE:,.0f}",
        ratio=times(growth),
        judged=at_most(growth, MEMORY_GOAL),
    )
    figure.row(
        f"peak KiB, {pages} pages vs {sizes.few_pages} pages, httpx + json",
        f"{peaks['plain_httpx', many] / KIBIBYTE:,.0f}",
        f"{peaks['plain_httpx', few] / KIBIBYTE:,.0f}",
        ratio=times(peaks["plain_httpx", many] / peaks["plain_httpx", few]),
    )
    figure.notes.append(
        "peak memory is traced after a warm-up read; part of it is httpx responses awaiting the cyclic garbage "
        "collector, which every reader leaves behind alike"
    )
    figure.notes.append(
        f"repetitions: {sizes.repetitions} each, taking turns, after a warm-up; the mock serves the pages "
        "from a fixtures file in a child process"
    )
    figure.data = {
        "jobs": sizes.jobs,
        "page_limit": limit,
        "seconds": {name: stats.as_json() for name, stats in seconds.items()},
        "peak_bytes": {
            f"{reader}/{'many' if promotion == many else 'few'}": peak for (reader, promotion), peak in peaks.items()
        },
        "goal": {"time_ratio_at_most": TIME_GOAL, "time_ratio": ratio, "peak_growth_at_most": MEMORY_GOAL},
    }
    return figure


def helpers(base: str, promotion: str) -> int:
    """Every job of `promotion` through the consumer helpers; returns how many."""
    with connect(base, token=DEFAULT_TOKEN) as client:
        return sum(1 for _ in iter_jobs(client, promotion))


def generated_client(base: str, promotion: str) -> int:
    """Every job of `promotion`, page by page, through the generated client; returns how many."""
    read, offset, limit = 0, 0, largest(PAGE_LIMIT)
    with AuthenticatedClient(base_url=base, token=DEFAULT_TOKEN) as client:
        while True:
            page = get_promotion_jobs.sync(UUID(promotion), client=client, pageoffset=offset, pagelimit=limit)
            if not isinstance(page, PromotionJobList):
                raise RuntimeError(f"page at offset {offset} failed: {page!r}")
            read += len(page.data)
            if page.links.next_ is None:
                return read
            offset += limit


def plain_httpx(base: str, promotion: str) -> int:
    """The same pages with httpx and json.loads and nothing else."""
    read, offset, limit = 0, 0, largest(PAGE_LIMIT)
    path = f"/v2/promotions/{promotion}/jobs"
    with httpx.Client(base_url=base, headers=authorization_header(DEFAULT_TOKEN)) as client:
        while True:
            response = client.get(path, params={PAGE_OFFSET: offset, PAGE_LIMIT: limit})
            response.raise_for_status()
            page = json.loads(response.content)
            read += len(page["data"])
            if page["links"]["next"] is None:
                return read
            offset += limit


READERS: tuple[Reader, ...] = (helpers, generated_client, plain_httpx)


def _peak(reader: Reader, base: str, promotion: str) -> int:
    """Peak traced bytes of one read, after a warm-up read has filled the libraries' bounded caches."""
    reader(base, promotion)
    tracemalloc.start()
    try:
        reader(base, promotion)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _write_fixtures(path: Path, promotions: dict[str, int]) -> None:
    document = {
        "promotions": [{"id": pid, "jobs": list(synthetic.jobs(pid, count))} for pid, count in promotions.items()]
    }
    path.write_text(json.dumps(document), encoding="utf-8")
