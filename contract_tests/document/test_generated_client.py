"""The generated client reads every payload the contract allows, and tolerates new enum values."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from elasticpath_promotion_jobs_client.models import (
    ErrorResponse,
    JobStatus,
    JobType,
    PromotionJob,
    PromotionJobList,
    PromotionJobParameters,
)
from elasticpath_promotion_jobs_client.types import Unset

from contract_tests.support import list_example
from promotion_jobs.contract import Contract

TIMESTAMP_KEYS = {"created_at", "updated_at"}


def as_instants(value: Any) -> Any:
    """The payload with every timestamp replaced by the instant it names."""
    if isinstance(value, dict):
        return {
            key: datetime.fromisoformat(item) if key in TIMESTAMP_KEYS else as_instants(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [as_instants(item) for item in value]
    return value


@pytest.mark.parametrize("name", ["generateJobs", "failedJob", "emptyPage"])
def test_seed_payload_round_trips(document: dict[str, Any], name: str) -> None:
    payload = list_example(document, name)
    page = PromotionJobList.from_dict(payload)
    assert as_instants(page.to_dict()) == as_instants(payload)


def test_seed_payload_is_typed(document: dict[str, Any]) -> None:
    page = PromotionJobList.from_dict(list_example(document, "generateJobs"))
    running, completed = page.data
    assert running.status is JobStatus.PROCESSING
    assert running.job_type is JobType.CODE_GENERATE
    assert isinstance(running.parameters, PromotionJobParameters)
    assert running.parameters.code_prefix == "promo-"
    assert isinstance(running.result, Unset)
    assert not isinstance(completed.result, Unset)
    assert (completed.result.generated, completed.result.deleted) == (1000, 1000)
    assert page.meta.results.total == 2


def test_failed_job_keeps_its_error(document: dict[str, Any]) -> None:
    page = PromotionJobList.from_dict(list_example(document, "failedJob"))
    assert page.data[0].status is JobStatus.FAILED
    assert page.data[0].error == "codes limit exceeded"


def job_with(document: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """The seed's first job with `changes` applied; a change to None removes the field."""
    job: dict[str, Any] = copy.deepcopy(list_example(document, "generateJobs")["data"][0])
    job.update(changes)
    return {key: value for key, value in job.items() if value is not None}


@pytest.mark.parametrize(
    ("field", "raw", "enum"),
    [("status", "queued", JobStatus), ("job_type", "code_import", JobType)],
)
def test_unknown_enum_value_is_kept_raw(
    document: dict[str, Any], field: str, raw: str, enum: type[JobStatus | JobType]
) -> None:
    payload = job_with(document, **{field: raw})
    job = PromotionJob.from_dict(payload)
    value = getattr(job, field)
    assert isinstance(value, enum)
    assert value == raw
    assert value.value == raw
    assert not value.is_known
    assert value not in list(enum)
    assert job.to_dict()[field] == raw


def test_known_enum_values_stay_members() -> None:
    for member in JobStatus:
        assert JobStatus(member.value) is member
        assert member.is_known


def test_unknown_value_fails_the_strict_contract(document: dict[str, Any], contract: Contract) -> None:
    """The client tolerates a new status, the document does not: conformance runs report drift."""
    page = {**list_example(document, "generateJobs"), "data": [job_with(document, status="queued")]}
    PromotionJobList.from_dict(page)
    assert contract.validate_response("getPromotionJobs", 200, page) != []


def test_null_links_parse(document: dict[str, Any]) -> None:
    page = PromotionJobList.from_dict(list_example(document, "emptyPage"))
    assert page.links.prev is None
    assert page.links.next_ is None
    assert page.links.last is None
    assert isinstance(page.links.first, str) and page.links.first.startswith("https://")


def test_job_without_parameters_and_result_without_deleted(document: dict[str, Any]) -> None:
    export = job_with(document, job_type="code_export", parameters=None)
    assert "parameters" not in export
    job = PromotionJob.from_dict(export)
    assert isinstance(job.parameters, Unset)
    generated = PromotionJob.from_dict(job_with(document, status="completed", result={"generated": 7}))
    assert not isinstance(generated.result, Unset)
    assert generated.result.generated == 7
    assert isinstance(generated.result.deleted, Unset)


@pytest.mark.parametrize("status", ["400", 401])
def test_error_body_with_string_or_integer_status(status: str | int) -> None:
    body = {"errors": [{"status": status, "title": "Bad Request", "detail": "Could not parse the supplied filter"}]}
    parsed = ErrorResponse.from_dict(body)
    assert parsed.errors[0].status == status
    assert parsed.to_dict() == body


def test_error_body_with_request_id_and_source() -> None:
    body = {"errors": [{"status": 500, "title": "Internal Server Error", "request_id": "r-1", "source": "x"}]}
    error = ErrorResponse.from_dict(body).errors[0]
    assert (error.request_id, error.source) == ("r-1", "x")


class TestParametersAndResultOnlyOnGenerateJobs:
    """The document's `if`/`then` rule, enforced by a validator built from the document."""

    @pytest.mark.parametrize("extra", [{"result": {"generated": 1}}, {"parameters": {"number_of_codes": 5}}])
    def test_export_job_carrying_them_is_rejected(
        self, document: dict[str, Any], contract: Contract, extra: dict[str, Any]
    ) -> None:
        export = job_with(document, job_type="code_export", parameters=None)
        export.update(extra)
        assert contract.schema("PromotionJob").errors(export) != []

    def test_plain_export_job_is_accepted(self, document: dict[str, Any], contract: Contract) -> None:
        export = job_with(document, job_type="code_export", parameters=None)
        assert contract.schema("PromotionJob").errors(export) == []

    def test_generate_job_with_result_is_accepted(self, document: dict[str, Any], contract: Contract) -> None:
        job = job_with(document, status="completed", result={"generated": 3, "deleted": 1})
        assert contract.schema("PromotionJob").errors(job) == []
