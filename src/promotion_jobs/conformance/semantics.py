"""Rules of the list call that a schema cannot express, each a function from a page to its problems.

They lean on the toolkit's single sources of truth: `Filter` decides what a filter matches and
`Window` does all page arithmetic, so a check never restates a rule the mock also follows.
An empty list means the page keeps the rule; a rule that cannot judge a page returns no problems.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

from elasticpath_promotion_jobs_client.models import JobType

from promotion_jobs.conformance.page import ListPage
from promotion_jobs.contract import load_contract
from promotion_jobs.filter_grammar import FILTER_PARAMETER
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET

Rule = Callable[[ListPage], list[str]]


def jobs_belong_to_promotion(page: ListPage) -> list[str]:
    """Every job's `promotion_id` (`rule_promotion_id` on a rule promotion) is the promotion of the path."""
    wanted = page.request.promotion_id.lower()
    field = page.request.family.promotion_field
    return [
        f"data[{index}].{field} is {job.get(field)!r}, but the path asks for promotion {wanted}"
        for index, job in enumerate(page.jobs)
        if str(job.get(field, "")).lower() != wanted
    ]


def items_match_filter(page: ListPage) -> list[str]:
    """Every job satisfies the filter that was sent."""
    parsed = page.request.filter
    if parsed is None:
        return []
    return [
        f"data[{index}] (job_type={job.get('job_type')!r}, status={job.get('status')!r}) "
        f"does not satisfy filter {page.request.filter_text!r}"
        for index, job in enumerate(page.jobs)
        if not parsed.matches(job)
    ]


def page_size_within_limit(page: ListPage) -> list[str]:
    """No more items than `page[limit]` asked for."""
    limit = page.request.limit
    if limit is None or len(page.jobs) <= limit:
        return []
    return [f"{len(page.jobs)} items on a page requested with {PAGE_LIMIT}={limit}"]


def page_meta_echoes_request(page: ListPage) -> list[str]:
    """`meta.page.limit` and `meta.page.offset` repeat the request (or its documented defaults)."""
    requested = page.request.window
    if requested is None:
        return []
    problems = []
    for key, value in zip(("offset", "limit"), requested, strict=True):
        answered = page.meta("page", key)
        if answered != value:
            problems.append(f"meta.page.{key} is {answered!r}, but the request asked for {value}")
    return problems


def page_totals_consistent(page: ListPage) -> list[str]:
    """`meta.page.total`/`current` follow from `meta.results.total` and the limit; item count agrees."""
    window = page.window()
    if window is None:
        return []
    problems = []
    for key, expected in (("total", window.pages), ("current", window.current)):
        answered = page.meta("page", key)
        if answered != expected:
            problems.append(
                f"meta.page.{key} is {answered!r}; with meta.results.total={window.results}, "
                f"offset {window.offset} and limit {window.limit} it must be {expected}"
            )
    expected_items = window.end - window.offset
    if len(page.jobs) != expected_items:
        problems.append(
            f"{len(page.jobs)} items, but meta.results.total={window.results} at offset {window.offset} "
            f"with limit {window.limit} means {expected_items}"
        )
    return problems


def links_name_the_collection(page: ListPage) -> list[str]:
    """Every link given points at the listed collection, as every link of the seed's example does."""
    return [
        f"links.{name} points at {urlsplit(url).path!r}, not the listed collection {page.request.path!r}"
        for name, url in _links(page).items()
        if isinstance(url, str) and urlsplit(url).path != page.request.path
    ]


def links_agree_with_meta(page: ListPage) -> list[str]:
    """Links name the pages meta implies, repeat the filter, and are null only where no such page exists.

    Elastic Path documents none of this (a decision, so a warning): `prev`, `next` and `last` may
    also repeat the current page, as the seed's example fills all five links with one URL; a link
    left out is not judged.
    """
    links = _links(page)
    window = page.window()
    if not links or window is None:
        return []
    expected: dict[str, int | None] = {
        "current": window.offset,
        "first": 0,
        "prev": window.prev_offset,
        "next": window.next_offset,
        "last": window.last_offset,
    }
    problems = []
    for name, wanted in expected.items():
        if name not in links:
            continue
        url = links[name]
        if url is None:
            if name in ("current", "first") or wanted is not None:
                problems.append(f"links.{name} is null, but page offset {wanted} exists")
            continue
        if not isinstance(url, str):
            continue
        problems.extend(_link_problems(page, name, url, window.offset if wanted is None else wanted, window.limit))
    return problems


def _link_problems(page: ListPage, name: str, url: str, offset: int, limit: int) -> list[str]:
    query = parse_qs(urlsplit(url).query, keep_blank_values=True)
    problems = []
    sent_filter = [page.request.filter_text] if page.request.filter_text is not None else None
    carried = query.get(FILTER_PARAMETER)
    if carried != sent_filter:
        problems.append(f"links.{name} carries filter {carried!r}, the request sent {sent_filter!r}")
    if _single(query, PAGE_LIMIT) != str(limit):
        problems.append(f"links.{name} has {PAGE_LIMIT}={_single(query, PAGE_LIMIT)!r}, meta.page.limit is {limit}")
    if _single(query, PAGE_OFFSET) != str(offset):
        problems.append(f"links.{name} has {PAGE_OFFSET}={_single(query, PAGE_OFFSET)!r}, meta implies {offset}")
    return problems


def generate_fields_only_on_generate_jobs(page: ListPage) -> list[str]:
    """`parameters` and `result` appear only on `code_generate` jobs: the fields the family's job
    schema refuses on an export job (a rule job's result also under `generate_result`)."""
    fields = _generate_only_fields(page.request.family.job_schema)
    return [
        f"data[{index}] is a {job.get('job_type')!r} job but carries {field!r}"
        for index, job in enumerate(page.jobs)
        if job.get("job_type") != JobType.CODE_GENERATE.value
        for field in fields
        if field in job
    ]


@functools.cache
def _generate_only_fields(schema: str) -> tuple[str, ...]:
    """The fields the job schema's `if`/`then` refuses on an export job, as the document lists them."""
    contract = load_contract()
    fields: list[str] = contract.resolve(contract.document["components"]["schemas"][schema])["then"]["propertyNames"][
        "not"
    ]["enum"]
    return tuple(fields)


def _links(page: ListPage) -> Mapping[str, Any]:
    links = page.body.get("links")
    return links if isinstance(links, Mapping) else {}


def jobs_newest_first(page: ListPage) -> list[str]:
    """Jobs are listed newest first by `created_at`, as the seed's example suggests (not documented)."""
    created = [_instant(job, "created_at") for job in page.jobs]
    return [
        f"data[{index + 1}] was created at {later}, after data[{index}] ({earlier}): not newest first"
        for index, (earlier, later) in enumerate(itertools.pairwise(created))
        if earlier is not None and later is not None and later > earlier
    ]


def job_fields_known(page: ListPage) -> list[str]:
    """Additive drift: a job field the document does not know, named so the document can learn it."""
    known = _known_job_fields(page.request.family.job_schema)
    unknown = sorted({field for job in page.jobs for field in job if field not in known})
    return [f"jobs carry {field!r}, a field the document does not know" for field in unknown]


@functools.cache
def _known_job_fields(schema: str) -> frozenset[str]:
    contract = load_contract()
    return frozenset(contract.resolve(contract.document["components"]["schemas"][schema])["properties"])


def timestamps_ordered(page: ListPage) -> list[str]:
    """`updated_at` is never before `created_at`."""
    problems = []
    for index, job in enumerate(page.jobs):
        created, updated = _instant(job, "created_at"), _instant(job, "updated_at")
        if created is not None and updated is not None and updated < created:
            problems.append(f"data[{index}].meta.timestamps.updated_at {updated} is before created_at {created}")
    return problems


RULES: dict[str, Rule] = {
    "jobs_belong_to_promotion": jobs_belong_to_promotion,
    "items_match_filter": items_match_filter,
    "page_size_within_limit": page_size_within_limit,
    "page_meta_echoes_request": page_meta_echoes_request,
    "page_totals_consistent": page_totals_consistent,
    "links_name_the_collection": links_name_the_collection,
    "links_agree_with_meta": links_agree_with_meta,
    "generate_fields_only_on_generate_jobs": generate_fields_only_on_generate_jobs,
    "timestamps_ordered": timestamps_ordered,
    "jobs_newest_first": jobs_newest_first,
    "job_fields_known": job_fields_known,
}


def _single(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[0] if values and len(values) == 1 else None


def _instant(job: Mapping[str, Any], key: str) -> datetime | None:
    meta = job.get("meta")
    timestamps = meta.get("timestamps") if isinstance(meta, Mapping) else None
    text = timestamps.get(key) if isinstance(timestamps, Mapping) else None
    if not isinstance(text, str):
        return None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        return None
    return instant if instant.tzinfo is not None else None
