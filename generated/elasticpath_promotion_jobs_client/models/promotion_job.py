from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar
from uuid import UUID

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..models.job_type import JobType
from ..types import UNSET, Unset
from ..types import new_instance as _new_instance
from ..types import parse_uuid as _parse_uuid

if TYPE_CHECKING:
    from ..models.promotion_job_meta import PromotionJobMeta
    from ..models.promotion_job_parameters import PromotionJobParameters
    from ..models.promotion_job_result import PromotionJobResult


T = TypeVar("T", bound="PromotionJob")


@_attrs_define
class PromotionJob:
    """A code generation or export job of a promotion. `parameters` and `result` appear only on
    `code_generate` jobs; `error` appears when processing failed.

        Attributes:
            type_ (Literal['promotion_job']): The resource type of a job; always `promotion_job`.
            id (UUID): The unique identifier of the job.
            promotion_id (UUID): The promotion the job belongs to.
            job_type (JobType): What a job does. `code_generate` makes coupon codes; `code_export` writes them to a CSV
                file.
            status (JobStatus): Where a job is in its life. `pending`: accepted and queued. `processing`: running.
                `completed` and `failed`: finished. `cancelling`: cancellation requested, generated codes
                being deleted. `cancelled`: cancellation done.
            meta (PromotionJobMeta):
            name (str | Unset): A name given to the job by its creator.
            parameters (PromotionJobParameters | Unset): What a code generation job was asked to make.
            result (PromotionJobResult | Unset): What a code generation job did.
            error (str | Unset): Why processing failed, for example `codes limit exceeded`.
    """

    type_: Literal["promotion_job"]
    id: UUID
    promotion_id: UUID
    job_type: JobType
    status: JobStatus
    meta: PromotionJobMeta
    name: str | Unset = UNSET
    parameters: PromotionJobParameters | Unset = UNSET
    result: PromotionJobResult | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        id = str(self.id)

        promotion_id = str(self.promotion_id)

        job_type = self.job_type.value

        status = self.status.value

        meta = self.meta.to_dict()

        name = self.name

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.result, Unset):
            result = self.result.to_dict()

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
                "promotion_id": promotion_id,
                "job_type": job_type,
                "status": status,
                "meta": meta,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if parameters is not UNSET:
            field_dict["parameters"] = parameters
        if result is not UNSET:
            field_dict["result"] = result
        if error is not UNSET:
            field_dict["error"] = error

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        type_: Literal["promotion_job"] = d["type"]
        if type_ != "promotion_job":
            raise ValueError(f"type must match const 'promotion_job', got '{type_}'")

        id = _parse_uuid(d["id"])

        promotion_id = _parse_uuid(d["promotion_id"])

        _job_type = d["job_type"]
        job_type = JobType._by_value.get(_job_type) or JobType(_job_type)

        _status = d["status"]
        status = JobStatus._by_value.get(_status) or JobStatus(_status)

        meta = PromotionJobMeta.from_dict(d["meta"])

        name = d.get("name", UNSET)

        _parameters = d.get("parameters", UNSET)
        parameters: PromotionJobParameters | Unset
        if _parameters is UNSET:
            parameters = UNSET
        else:
            parameters = PromotionJobParameters.from_dict(_parameters)

        _result = d.get("result", UNSET)
        result: PromotionJobResult | Unset
        if _result is UNSET:
            result = UNSET
        else:
            result = PromotionJobResult.from_dict(_result)

        error = d.get("error", UNSET)

        if cls is PromotionJob:
            promotion_job = _new_instance(cls)
            promotion_job.type_ = type_
            promotion_job.id = id
            promotion_job.promotion_id = promotion_id
            promotion_job.job_type = job_type
            promotion_job.status = status
            promotion_job.meta = meta
            promotion_job.name = name
            promotion_job.parameters = parameters
            promotion_job.result = result
            promotion_job.error = error
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job = cls(
                type_=type_,
                id=id,
                promotion_id=promotion_id,
                job_type=job_type,
                status=status,
                meta=meta,
                name=name,
                parameters=parameters,
                result=result,
                error=error,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            6 + (name is not UNSET) + (parameters is not UNSET) + (result is not UNSET) + (error is not UNSET)
        )
        if len(d) == fields_found:
            promotion_job.additional_properties = {}
        else:
            promotion_job.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "type",
                    "id",
                    "promotion_id",
                    "job_type",
                    "status",
                    "meta",
                    "name",
                    "parameters",
                    "result",
                    "error",
                }
            }
        return promotion_job

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties


# Imported once, after the class exists, rather than inside every to_dict/from_dict call (the
# generator's default): a cycle between models still resolves, and parsing a page is cheaper.
from ..models.promotion_job_meta import PromotionJobMeta  # noqa: E402
from ..models.promotion_job_parameters import PromotionJobParameters  # noqa: E402
from ..models.promotion_job_result import PromotionJobResult  # noqa: E402
