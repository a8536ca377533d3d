"""The mock's in-memory state: promotions and their jobs, indexed for filtered pages.

Each promotion keeps its jobs newest first in sorted index lists, one per combination of filtered
attributes that has been asked for, so a page costs O(log n + limit) and a count O(1), however
many jobs the store holds. All access goes through one lock, so concurrent requests (and fixture
loading) always see a consistent promotion.
"""

from __future__ import annotations

import bisect
import copy
import threading
from collections.abc import Iterable, Mapping
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any

from promotion_jobs.operations import Family

Job = dict[str, Any]
IndexKey = tuple[str, ...]  # attribute names, sorted
IndexValue = tuple[str, ...]  # their values, in the same order


@dataclass
class Promotion:
    """One promotion: its jobs by id, and index lists of job sequence numbers (newest first).

    `code_limit` None means the store's `promotion_codes_limit` setting; an `automatic` promotion
    applies without codes, so no code job may run on it. `family` says whether it is a standard
    or a rule promotion (Promotions Builder): the same jobs and lifecycle, reached under its own
    paths, with the promotion named in `family.promotion_field` of each job.
    """

    id: str
    code_limit: int | None = None
    automatic: bool = False
    family: Family = Family.STANDARD
    jobs: dict[str, Job] = field(default_factory=dict)
    sequence: dict[str, int] = field(default_factory=dict)
    by_sequence: dict[int, str] = field(default_factory=dict)
    indexes: dict[IndexKey, dict[IndexValue, list[int]]] = field(default_factory=dict)

    def index(self, attributes: IndexKey) -> dict[IndexValue, list[int]]:
        """The index over `attributes`, built on first use and maintained from then on."""
        if attributes not in self.indexes:
            built: dict[IndexValue, list[int]] = {}
            for job_id, job in self.jobs.items():
                built.setdefault(_values(job, attributes), []).append(-self.sequence[job_id])
            for entries in built.values():
                entries.sort()
            self.indexes[attributes] = built
        return self.indexes[attributes]

    def insert(self, job: Job, sequence: int) -> None:
        self.jobs[job["id"]] = job
        self.sequence[job["id"]] = sequence
        self.by_sequence[sequence] = job["id"]
        self.add_to_indexes(job)

    def replace(self, job: Job) -> None:
        """Put a new version of a stored job in place, moving it between index lists."""
        self.remove_from_indexes(self.jobs[job["id"]])
        self.jobs[job["id"]] = job
        self.add_to_indexes(job)

    def add_to_indexes(self, job: Job) -> None:
        """Insert in every index, at the place the job's creation sequence gives it."""
        key = -self.sequence[job["id"]]
        for attributes, index in self.indexes.items():
            bisect.insort(index.setdefault(_values(job, attributes), []), key)

    def remove_from_indexes(self, job: Job) -> None:
        key = -self.sequence[job["id"]]
        for attributes, index in self.indexes.items():
            entries = index[_values(job, attributes)]
            del entries[bisect.bisect_left(entries, key)]


def _values(job: Job, attributes: IndexKey) -> IndexValue:
    return tuple(str(job.get(attribute)) for attribute in attributes)


@dataclass(frozen=True)
class Slice:
    """One page of matching jobs and how many match in all."""

    jobs: list[Job]
    total: int


class UnknownPromotion(KeyError):
    """No promotion has this id."""


class Store:
    """Thread-safe promotions and jobs, kept as the JSON objects the API returns.

    Stored jobs are never mutated: an update stores a new object. So a page can hand out the
    stored objects themselves without copying; callers must not mutate what they get.
    """

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._promotions: dict[str, Promotion] = {}
        self._next_sequence = 0

    def locked(self) -> AbstractContextManager[bool]:
        """Hold the store's lock across several calls that must be atomic together (`with
        store.locked():`); the lock is reentrant, so the calls inside take it again freely."""
        return self._lock

    def add_promotion(
        self,
        promotion_id: str,
        *,
        code_limit: int | None = None,
        automatic: bool = False,
        family: Family = Family.STANDARD,
    ) -> None:
        with self._lock:
            self._promotions.setdefault(promotion_id, Promotion(promotion_id, code_limit, automatic, family))

    def has_promotion(self, promotion_id: str, family: Family | None = None) -> bool:
        """Whether the promotion exists (and, when `family` is given, is of that family)."""
        with self._lock:
            promotion = self._promotions.get(promotion_id)
            return promotion is not None and (family is None or promotion.family is family)

    def family(self, promotion_id: str) -> Family:
        with self._lock:
            return self._promotion(promotion_id).family

    def is_automatic(self, promotion_id: str) -> bool:
        with self._lock:
            return self._promotion(promotion_id).automatic

    def add_jobs(self, jobs: Iterable[Job]) -> None:
        """Add jobs, oldest first: a job added later is listed before those added earlier."""
        with self._lock:
            for job in jobs:
                promotion = self._promotion(job.get("promotion_id") or job["rule_promotion_id"])
                if job["id"] in promotion.jobs:
                    raise ValueError(f"job {job['id']} is already in promotion {promotion.id}")
                self._next_sequence += 1
                promotion.insert(copy.deepcopy(job), self._next_sequence)

    def page(self, promotion_id: str, required: Mapping[str, str] | None, offset: int, limit: int) -> Slice:
        """Jobs whose attributes equal `required` (None: no job can match), newest first."""
        with self._lock:
            promotion = self._promotion(promotion_id)
            if required is None:
                return Slice([], 0)
            attributes = tuple(sorted(required))
            entries = promotion.index(attributes).get(tuple(required[a] for a in attributes), [])
            chosen = entries[offset : offset + limit]
            jobs = [promotion.jobs[promotion.by_sequence[-key]] for key in chosen]
            return Slice(jobs, len(entries))

    def job(self, promotion_id: str, job_id: str) -> Job | None:
        with self._lock:
            return self._promotion(promotion_id).jobs.get(job_id)

    def update_job(self, promotion_id: str, job_id: str, changes: Mapping[str, Any]) -> Job:
        """Apply `changes` (a None value removes the field) and keep every index true."""
        with self._lock:
            promotion = self._promotion(promotion_id)
            job = {**promotion.jobs[job_id], **copy.deepcopy(dict(changes))}
            job = {key: value for key, value in job.items() if value is not None}
            promotion.replace(job)
            return job

    def code_limit(self, promotion_id: str) -> int | None:
        with self._lock:
            return self._promotion(promotion_id).code_limit

    def _promotion(self, promotion_id: str) -> Promotion:
        try:
            return self._promotions[promotion_id]
        except KeyError:
            raise UnknownPromotion(promotion_id) from None
