"""The generated client reads every payload the contract allows, and tolerates new enum values."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from elasticpath_promotion_jobs_client import types as elasticpath_types
from elasticpath_promotion_jobs_client.models import (
    ErrorResponse,
    JobStatus,
    JobType,
    PromotionJob,
    PromotionJobList,
    PromotionJobParameters,
)
from elasticpath_promotion_jobs_client.types import Unset, parse_uuid

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


class TestDecodingWithoutTheClassesInit:
    """from_dict reads fields in place and sets them on an instance it makes (not through the
    class's __init__): the keys it does not know are still kept, and a bad value still fails."""

    def test_unknown_keys_of_a_job_with_optional_fields_are_kept(self, document: dict[str, Any]) -> None:
        payload = job_with(document, color="red", priority=None)
        payload["meta"]["timestamps"]["deleted_at"] = "2024-01-02T00:00:00Z"
        job = PromotionJob.from_dict(payload)
        assert job.additional_properties == {"color": "red"}
        assert job.meta.timestamps.additional_properties == {"deleted_at": "2024-01-02T00:00:00Z"}
        assert isinstance(job.parameters, PromotionJobParameters)
        assert "color" in job.to_dict()

    def test_an_unknown_key_in_place_of_an_absent_optional_field_is_kept(self, document: dict[str, Any]) -> None:
        """As many keys as a job's fields, one of them unknown: the count alone must not decide."""
        payload = job_with(document, parameters=None, extra=1)
        assert len(payload) == len(job_with(document))
        job = PromotionJob.from_dict(payload)
        assert isinstance(job.parameters, Unset)
        assert job.additional_properties == {"extra": 1}

    def test_every_instance_has_its_own_additional_properties(self, document: dict[str, Any]) -> None:
        payload = job_with(document)
        first, second = PromotionJob.from_dict(payload), PromotionJob.from_dict(payload)
        assert first.additional_properties == {} == second.additional_properties
        first["note"] = "mine"
        assert "note" in first and "note" not in second
        assert "note" not in payload

    def test_a_decoded_job_equals_the_one_its_class_makes(self, document: dict[str, Any]) -> None:
        job = PromotionJob.from_dict(job_with(document))
        made = PromotionJob(
            job.type_, job.id, job.promotion_id, job.job_type, job.status, job.meta, job.name, job.parameters
        )
        assert job == made
        assert repr(job) == repr(made)

    @pytest.mark.parametrize(
        ("changes", "error"),
        [
            ({"id": "not-a-uuid"}, ValueError),
            ({"id": "84d86114-a92d-4c34-92f1-3e36ef6cabez"}, ValueError),
            ({"promotion_id": 7}, AttributeError),
            ({"promotion_id": ["ad386702-e780-42c6-b190-0527ad768917"]}, AttributeError),
            ({"type": "promotion"}, ValueError),
            ({"meta": {"timestamps": {"created_at": "yesterday", "updated_at": "2024-01-01T00:00:00Z"}}}, ValueError),
            ({"meta": {"timestamps": {"created_at": "2024-01-01T00:00:00Z"}}}, KeyError),
            ({"parameters": {"code_length": 8}}, KeyError),
            ({"status": ["completed"]}, TypeError),
        ],
    )
    def test_a_malformed_value_fails_when_decoded(
        self, document: dict[str, Any], changes: dict[str, Any], error: type[Exception]
    ) -> None:
        with pytest.raises(error):
            PromotionJob.from_dict(job_with(document, **changes))

    @pytest.mark.parametrize(
        ("value", "error"), [("job", ValueError), ([], KeyError), (None, TypeError), (7, TypeError)]
    )
    def test_a_job_that_is_not_an_object_fails_as_upstreams_copy_of_it_does(
        self, value: Any, error: type[Exception]
    ) -> None:
        """A value that is not a dict is copied into one first, as the generator's own template does."""
        with pytest.raises(error):
            PromotionJob.from_dict(value)

    def test_a_job_without_a_required_field_fails(self, document: dict[str, Any]) -> None:
        payload = job_with(document)
        del payload["status"]
        with pytest.raises(KeyError):
            PromotionJob.from_dict(payload)


@pytest.mark.parametrize(
    "text",
    [
        "84d86114-a92d-4c34-92f1-3e36ef6cabeb",
        "84D86114-A92D-4C34-92F1-3E36EF6CABEB",
        "84d86114a92d4c3492f13e36ef6cabeb",
        "{84d86114-a92d-4c34-92f1-3e36ef6cabeb}",
        "urn:uuid:84d86114-a92d-4c34-92f1-3e36ef6cabeb",
        "84d8-6114a92d4c3492f13e36ef6cab-eb",
        "84d86114-a92d-4c34-92f1-3e36ef6cabe",
        "84d86114-a92d-4c34-92f1-3e36ef6cabeg",
        "+4d86114-a92d-4c34-92f1-3e36ef6cabeb",
        "",
    ],
)
def test_parse_uuid_accepts_and_refuses_what_uuid_does(text: str) -> None:
    for _ in range(2):  # the second time, a text read before is remembered
        _parse_uuid_as_uuid_does(text)


def _parse_uuid_as_uuid_does(text: str) -> None:
    try:
        expected = UUID(text)
    except ValueError:
        with pytest.raises(ValueError):
            parse_uuid(text)
        return
    parsed = parse_uuid(text)
    assert type(parsed) is UUID
    assert (parsed, parsed.is_safe, str(parsed), hash(parsed)) == (
        expected,
        expected.is_safe,
        str(expected),
        hash(expected),
    )


@pytest.mark.parametrize("value", [None, 7, b"84d86114a92d4c3492f13e36ef6cabeb", ["84d86114a92d4c3492f13e36ef6cabeb"]])
def test_parse_uuid_of_a_value_not_text_raises_what_uuid_does(value: Any) -> None:
    with pytest.raises(Exception) as expected:
        UUID(value)
    with pytest.raises(type(expected.value)):
        parse_uuid(value)


def test_parse_uuid_remembers_a_bounded_number_of_texts() -> None:
    texts = [str(uuid4()) for _ in range(3000)]
    assert [parse_uuid(text) for text in texts] == [UUID(text) for text in texts]
    remembered: dict[str, UUID] = elasticpath_types._remembered_uuids
    assert 0 < len(remembered) <= elasticpath_types._REMEMBERED_UUIDS < len(texts)
    assert parse_uuid(texts[-1]) is parse_uuid(texts[-1])  # one object for a text read lately
