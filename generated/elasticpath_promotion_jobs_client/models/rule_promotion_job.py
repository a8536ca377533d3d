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
    from ..models.promotion_job_result import PromotionJobResult
    from ..models.rule_promotion_job_parameters import RulePromotionJobParameters


T = TypeVar("T", bound="RulePromotionJob")


@_attrs_define
class RulePromotionJob:
    """A code generation or export job of a rule promotion (Promotions Builder). It is the job of
    a standard promotion with `rule_promotion_id` for `promotion_id` and its own
    `consume_unit` values. Elastic Path's sources call the generate result `result` or
    `generate_result`; both are accepted. `parameters` and the result appear only on
    `code_generate` jobs.

        Attributes:
            type_ (Literal['promotion_job']): The resource type of a job; always `promotion_job`.
            id (UUID): The unique identifier of the job.
            rule_promotion_id (UUID): The rule promotion the job belongs to.
            job_type (JobType): What a job does. `code_generate` makes coupon codes; `code_export` writes them to a CSV
                file.
            status (JobStatus): Where a job is in its life. `pending`: accepted and queued. `processing`: running.
                `completed` and `failed`: finished. `cancelling`: cancellation requested, generated codes
                being deleted. `cancelled`: cancellation done.
            meta (PromotionJobMeta):
            name (str | Unset): A name given to the job by its creator.
            parameters (RulePromotionJobParameters | Unset): What a code generation job of a rule promotion was asked to
                make.
            result (PromotionJobResult | Unset): What a code generation job did.
            generate_result (PromotionJobResult | Unset): What a code generation job did.
            error (str | Unset): Why processing failed, for example `codes limit exceeded`.
    """

    type_: Literal["promotion_job"]
    id: UUID
    rule_promotion_id: UUID
    job_type: JobType
    status: JobStatus
    meta: PromotionJobMeta
    name: str | Unset = UNSET
    parameters: RulePromotionJobParameters | Unset = UNSET
    result: PromotionJobResult | Unset = UNSET
    generate_result: PromotionJobResult | Unset = UNSET
    error: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        id = str(self.id)

        rule_promotion_id = str(self.rule_promotion_id)

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

        generate_result: dict[str, Any] | Unset = UNSET
        if not isinstance(self.generate_result, Unset):
            generate_result = self.generate_result.to_dict()

        error = self.error

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "id": id,
                "rule_promotion_id": rule_promotion_id,
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
        if generate_result is not UNSET:
            field_dict["generate_result"] = generate_result
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

        rule_promotion_id = _parse_uuid(d["rule_promotion_id"])

        _job_type = d["job_type"]
        job_type = JobType._by_value.get(_job_type) or JobType(_job_type)

        _status = d["status"]
        status = JobStatus._by_value.get(_status) or JobStatus(_status)

        meta = PromotionJobMeta.from_dict(d["meta"])

        name = d.get("name", UNSET)

        _parameters = d.get("parameters", UNSET)
        parameters: RulePromotionJobParameters | Unset
        if _parameters is UNSET:
            parameters = UNSET
        else:
            parameters = RulePromotionJobParameters.from_dict(_parameters)

        _result = d.get("result", UNSET)
        result: PromotionJobResult | Unset
        if _result is UNSET:
            result = UNSET
        else:
            result = PromotionJobResult.from_dict(_result)

        _generate_result = d.get("generate_result", UNSET)
        generate_result: PromotionJobResult | Unset
        if _generate_result is UNSET:
            generate_result = UNSET
        else:
            generate_result = PromotionJobResult.from_dict(_generate_result)

        error = d.get("error", UNSET)

        if cls is RulePromotionJob:
            rule_promotion_job = _new_instance(cls)
            rule_promotion_job.type_ = type_
            rule_promotion_job.id = id
            rule_promotion_job.rule_promotion_id = rule_promotion_id
            rule_promotion_job.job_type = job_type
            rule_promotion_job.status = status
            rule_promotion_job.meta = meta
            rule_promotion_job.name = name
            rule_promotion_job.parameters = parameters
            rule_promotion_job.result = result
            rule_promotion_job.generate_result = generate_result
            rule_promotion_job.error = error
        else:  # a subclass, whose __init__ may set fields of its own
            rule_promotion_job = cls(
                type_=type_,
                id=id,
                rule_promotion_id=rule_promotion_id,
                job_type=job_type,
                status=status,
                meta=meta,
                name=name,
                parameters=parameters,
                result=result,
                generate_result=generate_result,
                error=error,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            6
            + (name is not UNSET)
            + (parameters is not UNSET)
            + (result is not UNSET)
            + (generate_result is not UNSET)
            + (error is not UNSET)
        )
        if len(d) == fields_found:
            rule_promotion_job.additional_properties = {}
        else:
            rule_promotion_job.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "type",
                    "id",
                    "rule_promotion_id",
                    "job_type",
                    "status",
                    "meta",
                    "name",
                    "parameters",
                    "result",
                    "generate_result",
                    "error",
                }
            }
        return rule_promotion_job

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
from ..models.promotion_job_result import PromotionJobResult  # noqa: E402
from ..models.rule_promotion_job_parameters import RulePromotionJobParameters  # noqa: E402
