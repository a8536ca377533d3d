"""The job lifecycle: jobs created through the API advance on the mock's clock.

A job is `pending` for one step, `processing` for the next, then `completed` (or `failed`); a
cancelled job is `cancelling` for one step, then `cancelled`. A generate job makes its codes when
it starts processing (so cancelling it then deletes them), unless they would exceed the
promotion's code limit, in which case it ends `failed` with `codes limit exceeded`; an export job
takes a snapshot of the promotion's codes when it completes, shared with every other export taken
before the codes change, and its CSV is written from it only while it is being downloaded. The
step length is a setting and the clock is injectable, so tests move time forward instead of
sleeping. Nothing runs in the background: each request first brings the promotion it touches up
to the clock, under the store's lock, so what a client sees is always exactly the state at that
instant.

Jobs loaded from fixtures are snapshots and do not advance on their own; cancelling one starts
its cancellation like any other job's. A completed export job from the fixtures takes its snapshot
of the promotion's codes when its file is first asked for.

Download links live FILE_LIFETIME_SECONDS; each request for one forgets the links expired by then,
oldest first, so the work stays proportional to the links made.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
import string
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from elasticpath_promotion_jobs_client.models import JobStatus, JobType

from promotion_jobs.contract import load_contract
from promotion_jobs.mock.store import Job, Store
from promotion_jobs.settings import default_settings

# Statuses and types as the document's enums (through the generated client) spell them.
PENDING, PROCESSING = JobStatus.PENDING.value, JobStatus.PROCESSING.value
COMPLETED, FAILED = JobStatus.COMPLETED.value, JobStatus.FAILED.value
CANCELLING, CANCELLED = JobStatus.CANCELLING.value, JobStatus.CANCELLED.value
GENERATE, EXPORT = JobType.CODE_GENERATE.value, JobType.CODE_EXPORT.value
ACTIVE = frozenset({PENDING, PROCESSING})
DONE = "done"  # the schedule's own step: completed or failed, decided when it is taken
CODE_ALPHABET = string.ascii_uppercase + string.digits
DEFAULT_STEP_SECONDS = 2.0
FILE_LIFETIME_SECONDS = 300.0
CODES_LIMIT_EXCEEDED = "codes limit exceeded"
CSV_HEADER = ("code", "job_id")
CSV_CHUNK_ROWS = 500  # rows written per chunk of a download, so no download is held whole


class TooManyJobs(Exception):
    """The promotion already has a pending or processing job."""


class NotCancellable(Exception):
    """Only pending or processing jobs can be cancelled."""


class NoFile(Exception):
    """The job has no file to download (yet); carries the job's status."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


class UnknownJob(KeyError):
    """The promotion has no job with this id."""


@dataclass
class Schedule:
    """When a job moves on: `(at, status)` steps still to come, earliest first."""

    steps: list[tuple[float, str]]


Rows = tuple[tuple[str, str], ...]  # an export's (code, job_id) rows, sorted


@dataclass(frozen=True)
class DownloadLink:
    """A download link: the export's rows (shared, not copied) and when the link expires."""

    rows: Rows
    expires_at: float


@dataclass
class Codes:
    """The coupon codes of one promotion, each remembered with the job that made it."""

    by_code: dict[str, str] = field(default_factory=dict)
    _snapshot: Rows | None = field(default=None, init=False, repr=False)

    def count(self) -> int:
        return len(self.by_code)

    def of_job(self, job_id: str) -> list[str]:
        return [code for code, owner in self.by_code.items() if owner == job_id]

    def add(self, code: str, job_id: str) -> bool:
        """Remember a new code of a job; False when the promotion already has it."""
        if code in self.by_code:
            return False
        self.by_code[code] = job_id
        self._snapshot = None
        return True

    def delete_job(self, job_id: str) -> int:
        """Delete the codes a job made; how many there were."""
        mine = self.of_job(job_id)
        for code in mine:
            del self.by_code[code]
        if mine:
            self._snapshot = None
        return len(mine)

    def snapshot(self) -> Rows:
        """The codes as sorted rows; the same object until the codes change, so exports share it."""
        if self._snapshot is None:
            self._snapshot = tuple(sorted(self.by_code.items()))
        return self._snapshot


def _default_code_length() -> int:
    """The length of a code whose job gave none: the `default` the document gives a generate job's
    create body (kept off the shared parameters schema, which responses use too)."""
    contract = load_contract()
    generate = contract.resolve(contract.document["components"]["schemas"]["PromotionJobCreate"])["else"]
    default: int = generate["allOf"][0]["properties"]["parameters"]["properties"]["code_length"]["default"]
    return default


def timestamp(at: float) -> str:
    """RFC 3339 with milliseconds and `Z`, as Elastic Path writes its timestamps."""
    moment = datetime.fromtimestamp(at, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class JobLifecycle:
    """Creates, advances, cancels and exports jobs in a store, on a clock."""

    def __init__(
        self,
        store: Store,
        *,
        clock: Callable[[], float],
        step_seconds: float = DEFAULT_STEP_SECONDS,
        seed: int | None = None,
        promotion_codes_limit: int | None = None,
    ) -> None:
        """`promotion_codes_limit`: the store setting, for promotions without a limit of their own."""
        self.store = store
        self.promotion_codes_limit = promotion_codes_limit or default_settings().promotion_codes_limit
        self.clock = clock
        self.step_seconds = step_seconds
        self._random = random.Random(seed)  # noqa: S311 - codes of a mock, reproducible by seed
        self._schedules: dict[tuple[str, str], Schedule] = {}
        self._codes: dict[str, Codes] = {}
        self._exports: dict[tuple[str, str], Rows] = {}
        self._links: dict[str, DownloadLink] = {}
        self._links_by_expiry: deque[tuple[float, str]] = deque()  # made in this order, so expiring in it
        self._over_limit: set[str] = set()

    def create(self, promotion_id: str, request: Mapping[str, Any]) -> Job:
        """A new pending job from a validated create body's `data`; TooManyJobs if one is active."""
        with self.store.locked():
            self.advance(promotion_id)
            if any(self.store.page(promotion_id, {"status": status}, 0, 1).total for status in ACTIVE):
                raise TooManyJobs(promotion_id)
            job = self.unsaved(promotion_id, request)
            self.store.add_jobs([job])
            now, step = self.clock(), self.step_seconds
            self._schedules[(promotion_id, job["id"])] = Schedule([(now + step, PROCESSING), (now + 2 * step, DONE)])
            return job

    def unsaved(self, promotion_id: str, request: Mapping[str, Any]) -> Job:
        """The pending job a create body describes, not yet in the store."""
        now = timestamp(self.clock())
        job: Job = {
            "type": request["type"],
            "id": str(uuid.uuid4()),
            self.store.family(promotion_id).promotion_field: promotion_id,
            "job_type": request["job_type"],
            "status": PENDING,
            "meta": {"timestamps": {"created_at": now, "updated_at": now}},
        }
        for optional in ("name", "parameters"):
            if optional in request:
                job[optional] = request[optional]
        return job

    def cancel(self, promotion_id: str, job_id: str) -> Job:
        with self.store.locked():
            job = self._job(promotion_id, job_id)
            if job["status"] not in ACTIVE:
                raise NotCancellable(job_id)
            now = self.clock()
            self._schedules[(promotion_id, job_id)] = Schedule([(now + self.step_seconds, CANCELLED)])
            return self.store.update_job(promotion_id, job_id, self._changes(job, CANCELLING, now))

    def file_href(self, promotion_id: str, job_id: str) -> str:
        """The name of a fresh download of a completed export job's CSV; NoFile otherwise."""
        with self.store.locked():
            job = self._job(promotion_id, job_id)
            if job["job_type"] != EXPORT or job["status"] != COMPLETED:
                raise NoFile(job["status"])
            # An export completed here has its snapshot; one from the fixtures takes it now.
            rows = self._exports.setdefault((promotion_id, job_id), self._codes_of(promotion_id).snapshot())
            now = self.clock()
            self._forget_expired_links(now)
            name = secrets.token_urlsafe(18)
            link = DownloadLink(rows, now + FILE_LIFETIME_SECONDS)
            self._links[name] = link
            self._links_by_expiry.append((link.expires_at, name))
            return name

    def download(self, name: str) -> Iterator[bytes] | None:
        """The CSV behind a download name, written chunk by chunk, or None when unknown or expired."""
        with self.store.locked():
            now = self.clock()
            self._forget_expired_links(now)
            link = self._links.get(name)
        if link is None or now >= link.expires_at:
            return None
        return csv_chunks(link.rows)

    def _forget_expired_links(self, now: float) -> None:
        """Drop the links expired at `now`, oldest first: amortised O(1) per link made."""
        while self._links_by_expiry and self._links_by_expiry[0][0] <= now:
            self._links.pop(self._links_by_expiry.popleft()[1], None)

    def advance(self, promotion_id: str) -> None:
        """Apply every step that is due, in time order, for the jobs of one promotion."""
        with self.store.locked():
            now = self.clock()
            due = [
                (at, job_id, status)
                for (promotion, job_id), schedule in self._schedules.items()
                if promotion == promotion_id
                for at, status in schedule.steps
                if at <= now
            ]
            for at, job_id, status in sorted(due):
                schedule = self._schedules[(promotion_id, job_id)]
                schedule.steps.remove((at, status))
                if not schedule.steps:
                    del self._schedules[(promotion_id, job_id)]
                self._step(promotion_id, job_id, status, at)

    def _step(self, promotion_id: str, job_id: str, status: str, at: float) -> None:
        # The stored job as it is, not `_job`: advancing from inside `advance` would apply a later
        # due step of this job before this one, which would then overwrite it.
        job = self._stored(promotion_id, job_id)
        generates = job["job_type"] == GENERATE
        if status == PROCESSING:
            if generates:
                self._generate_codes(promotion_id, job)
            self.store.update_job(promotion_id, job_id, self._changes(job, PROCESSING, at))
        elif status == DONE and job_id in self._over_limit:
            self._over_limit.discard(job_id)
            self.store.update_job(
                promotion_id, job_id, {**self._changes(job, FAILED, at), "error": CODES_LIMIT_EXCEEDED}
            )
        elif status == DONE:
            changes = self._changes(job, COMPLETED, at)
            if generates:
                changes["result"] = {"generated": len(self._codes_of(promotion_id).of_job(job_id))}
            else:
                self._exports[(promotion_id, job_id)] = self._codes_of(promotion_id).snapshot()
            self.store.update_job(promotion_id, job_id, changes)
        elif status == CANCELLED:
            changes = self._changes(job, CANCELLED, at)
            if generates:
                self._over_limit.discard(job_id)
                deleted = self._codes_of(promotion_id).delete_job(job_id)
                changes["result"] = {"generated": deleted, "deleted": deleted}
            self.store.update_job(promotion_id, job_id, changes)

    def _generate_codes(self, promotion_id: str, job: Job) -> None:
        """Make the job's unique codes, honouring prefix and length, or mark it over the limit."""
        parameters = job["parameters"]
        wanted = int(parameters["number_of_codes"])
        codes = self._codes_of(promotion_id)
        if codes.count() + wanted > (self.store.code_limit(promotion_id) or self.promotion_codes_limit):
            self._over_limit.add(job["id"])
            return
        prefix = str(parameters.get("code_prefix", ""))
        length = int(parameters.get("code_length", _default_code_length()))
        made = 0
        while made < wanted:
            code = prefix + "".join(self._random.choices(CODE_ALPHABET, k=length))
            if codes.add(code, job["id"]):
                made += 1

    def _codes_of(self, promotion_id: str) -> Codes:
        return self._codes.setdefault(promotion_id, Codes())

    def _job(self, promotion_id: str, job_id: str) -> Job:
        self.advance(promotion_id)
        return self._stored(promotion_id, job_id)

    def _stored(self, promotion_id: str, job_id: str) -> Job:
        job = self.store.job(promotion_id, job_id)
        if job is None:
            raise UnknownJob(job_id)
        return job

    @staticmethod
    def _changes(job: Job, status: str, at: float) -> dict[str, Any]:
        timestamps = {**job["meta"]["timestamps"], "updated_at": timestamp(at)}
        return {"status": status, "meta": {**job["meta"], "timestamps": timestamps}}


def csv_chunks(rows: Rows, chunk_rows: int = CSV_CHUNK_ROWS) -> Iterator[bytes]:
    """An export's CSV, header first, `chunk_rows` rows at a time: memory per download stays small."""
    yield _csv_bytes([CSV_HEADER])
    for start in range(0, len(rows), chunk_rows):
        yield _csv_bytes(rows[start : start + chunk_rows])


def _csv_bytes(rows: Iterable[tuple[str, str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()
