"""Fault modes: deliberate, realistic drifts from the contract that a conformance run must catch.

Each fault changes one thing, and a faulted mock shows exactly that drift. A reply-side fault
rewrites a finished reply after strict validation has passed it, so validation still guards
everything else. A request-side fault bites where the request is served (`no-auth` in the
guard, `limit-unbounded` in decoding, `filter-500` where a bad filter is answered, the rest in
the handlers), so its drift is in the reply itself; while one is active, replies are
not validated, since strict validation would answer the drift 500 instead of showing it.
"""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from elasticpath_promotion_jobs_client.models import JobType

from promotion_jobs.contract import JSON_MEDIA_TYPE


class Fault(enum.Enum):
    """`value` is the command-line name; `description` says which drift it causes."""

    UNKNOWN_STATUS = "unknown-status"
    MISSING_FIELD = "missing-field"
    RESULT_ON_EXPORT = "result-on-export"
    FILTER_500 = "filter-500"
    NO_AUTH = "no-auth"
    WRONG_CONTENT_TYPE = "wrong-content-type"
    LIMIT_UNBOUNDED = "limit-unbounded"
    FILTER_IGNORED = "filter-ignored"
    FOREIGN_JOBS = "foreign-jobs"
    PAGE_OVERFLOW = "page-overflow"
    TOTAL_MISMATCH = "total-mismatch"
    ERROR_SHAPE = "error-shape"
    LOST_JOBS = "lost-jobs"

    @property
    def description(self) -> str:
        return _DESCRIPTIONS[self]


_DESCRIPTIONS = {
    Fault.UNKNOWN_STATUS: 'jobs report the undocumented status "queued"',
    Fault.MISSING_FIELD: "jobs lack the required field `status`",
    Fault.RESULT_ON_EXPORT: "code_export jobs carry a `result`",
    Fault.FILTER_500: "a malformed filter gets a 500 instead of a 400",
    Fault.NO_AUTH: "requests without a valid token are served",
    Fault.WRONG_CONTENT_TYPE: "successful responses say Content-Type: text/plain",
    Fault.LIMIT_UNBOUNDED: "page[limit] above 100 is accepted and honoured",
    Fault.FILTER_IGNORED: "the filter is parsed but not applied",
    Fault.FOREIGN_JOBS: "pages include a job of another promotion",
    Fault.PAGE_OVERFLOW: "pages hold one item more than page[limit]",
    Fault.TOTAL_MISMATCH: "meta.results.total disagrees with the items",
    Fault.ERROR_SHAPE: 'error bodies are {"message": ...}, not the Elastic Path shape',
    Fault.LOST_JOBS: "a created job is answered 201 but never stored",
}

# Faults that rewrite a finished reply; every other fault is request-side.
_REPLY_SIDE = frozenset(
    {
        Fault.UNKNOWN_STATUS,
        Fault.MISSING_FIELD,
        Fault.RESULT_ON_EXPORT,
        Fault.WRONG_CONTENT_TYPE,
        Fault.FOREIGN_JOBS,
        Fault.TOTAL_MISMATCH,
        Fault.ERROR_SHAPE,
    }
)

FOREIGN_PROMOTION_ID = "00000000-0000-4000-8000-00000000f00d"


def parse_fault(name: str) -> Fault:
    try:
        return Fault(name)
    except ValueError:
        known = ", ".join(fault.value for fault in Fault)
        raise ValueError(f"unknown fault {name!r}; known faults: {known}") from None


@dataclass(frozen=True)
class FaultSet:
    """The active faults, and the reply rewriting they imply."""

    active: frozenset[Fault] = field(default_factory=frozenset)

    @classmethod
    def of(cls, faults: Iterable[Fault]) -> FaultSet:
        return cls(frozenset(faults))

    def __contains__(self, fault: Fault) -> bool:
        return fault in self.active

    @property
    def any_request_side(self) -> bool:
        """Whether a request-side fault is active, whose drift is in the handlers' replies themselves."""
        return bool(self.active - _REPLY_SIDE)

    def content_type(self, status: int) -> str:
        if Fault.WRONG_CONTENT_TYPE in self.active and status < 400:
            return "text/plain"
        return JSON_MEDIA_TYPE

    def rewrite(self, status: int, body: Any) -> Any:
        """The body the faulted mock sends instead of the conformant `body`."""
        if not self.active:
            return body
        body = copy.deepcopy(body)
        if status >= 400:
            if Fault.ERROR_SHAPE in self.active:
                return {"message": body["errors"][0]["title"]}
            return body
        if not isinstance(body, dict) or not isinstance(body.get("data"), list):
            return body
        jobs: list[dict[str, Any]] = body["data"]
        for job in jobs:
            if Fault.UNKNOWN_STATUS in self.active:
                job["status"] = "queued"
            if Fault.MISSING_FIELD in self.active:
                job.pop("status", None)
            if Fault.RESULT_ON_EXPORT in self.active and job["job_type"] == JobType.CODE_EXPORT.value:
                job["result"] = {"generated": 0}
        if Fault.FOREIGN_JOBS in self.active and jobs:
            field = "rule_promotion_id" if "rule_promotion_id" in jobs[-1] else "promotion_id"
            jobs[-1][field] = FOREIGN_PROMOTION_ID
        if Fault.TOTAL_MISMATCH in self.active:
            body["meta"]["results"]["total"] += 7
        return body
