"""Jobs made up by the thousand, valid against the document, for stores and pages of any size.

Types and statuses come from the document's enumerations, so every combination occurs; jobs are
yielded oldest first, as `Store.add_jobs` wants them, one at a time so that a big store does
not also hold a second copy of its jobs while it is built.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

from promotion_jobs.contract import load_contract
from promotion_jobs.mock.store import Job, Store
from promotion_jobs.pagination import Window

EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
GENERATE, EXPORT = "code_generate", "code_export"


def enumeration(schema_name: str) -> list[str]:
    values: list[str] = load_contract().resolve({"$ref": f"#/components/schemas/{schema_name}"})["enum"]
    return values


def promotion_id(number: int) -> str:
    return str(uuid.UUID(int=(0xBE7C << 112) | number))


def jobs(promotion: str, count: int) -> Iterator[Job]:
    """`count` jobs of `promotion`, oldest first; even ones generate codes, odd ones export them."""
    statuses = enumeration("JobStatus")
    base = uuid.UUID(promotion).int
    for number in range(count):
        created = EPOCH + timedelta(seconds=number)
        status = statuses[(number // 2) % len(statuses)]
        job: dict[str, Any] = {
            "type": "promotion_job",
            "id": str(uuid.UUID(int=base ^ ((number + 1) << 16))),
            "promotion_id": promotion,
            "job_type": EXPORT if number % 2 else GENERATE,
            "name": f"job {number}",
            "status": status,
            "meta": {"timestamps": {"created_at": _iso(created), "updated_at": _iso(created + timedelta(seconds=7))}},
        }
        if job["job_type"] == GENERATE:
            job["parameters"] = {"number_of_codes": 100, "consume_unit": "per_cart", "code_length": 8}
            if status == "completed":
                job["result"] = {"generated": 100}
        if status == "failed":
            job["error"] = "codes limit exceeded"
        yield job


def store_with(promotion: str, count: int) -> Store:
    store = Store()
    store.add_promotion(promotion)
    store.add_jobs(jobs(promotion, count))
    return store


def pages(size: int, count: int) -> list[dict[str, Any]]:
    """The `count` list responses of `size` jobs each that a walk through one promotion's
    `size * count` jobs reads, as the mock would send them: every job a different one."""
    total = size * count
    promotion = promotion_id(total)
    data = list(jobs(promotion, total))[::-1]
    collection = f"http://127.0.0.1/v2/promotions/{promotion}/jobs"
    walk = []
    for offset in range(0, total, size):
        window = Window(offset=offset, limit=size, results=total)
        walk.append(
            {
                "data": data[offset : offset + size],
                "links": window.links(collection),
                "meta": {"page": window.meta(), "results": {"total": total}},
            }
        )
    return walk


def _iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")
