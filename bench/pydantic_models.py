"""The list response as pydantic v2 models: the alternative the generated attrs models are measured against.

Equivalent to the generated models field for field: the same types (UUID, datetime, the
generated enums that tolerate unknown values), the same optional fields, unknown keys kept.
Neither checks the document's bounds. They differ in one way, which costs pydantic time: pydantic
checks the type of every plain field (a name is a string, a count an integer), where the
generated models convert and check UUIDs, date-times, enums, the `type` constant and required
keys, and take plain values as they come.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

from elasticpath_promotion_jobs_client.models import ConsumeUnit, JobStatus, JobType, ResultsMetaTotalMethod
from pydantic import BaseModel, ConfigDict


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow")


class Parameters(_Model):
    number_of_codes: int
    max_uses_per_code: int | None = None
    consume_unit: ConsumeUnit | None = None
    code_length: int | None = None
    code_prefix: str | None = None


class Result(_Model):
    generated: int
    deleted: int | None = None


class Timestamps(_Model):
    created_at: datetime
    updated_at: datetime


class JobMeta(_Model):
    timestamps: Timestamps


class Job(_Model):
    type: Literal["promotion_job"]
    id: UUID
    promotion_id: UUID
    job_type: JobType
    name: str | None = None
    parameters: Parameters | None = None
    status: JobStatus
    result: Result | None = None
    error: str | None = None
    meta: JobMeta


class Links(_Model):
    current: str
    first: str
    last: str | None
    prev: str | None
    next: str | None


class PageMeta(_Model):
    limit: int
    offset: int
    current: int
    total: int


class ResultsMeta(_Model):
    total: int
    total_method: ResultsMetaTotalMethod | None = None


class ListMeta(_Model):
    page: PageMeta
    results: ResultsMeta


class JobList(_Model):
    data: list[Job]
    links: Links
    meta: ListMeta
