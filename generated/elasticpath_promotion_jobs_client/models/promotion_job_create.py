from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_type import JobType
from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.promotion_job_parameters import PromotionJobParameters


T = TypeVar("T", bound="PromotionJobCreate")


@_attrs_define
class PromotionJobCreate:
    """A job to start. `parameters` is required for a `code_generate` job (and must give
    `number_of_codes`) and not allowed on a `code_export` job.

        Attributes:
            type_ (Literal['promotion_job']): The resource type of a job; always `promotion_job`.
            job_type (JobType): What a job does. `code_generate` makes coupon codes; `code_export` writes them to a CSV
                file.
            name (str | Unset): A name given to the job by its creator.
            parameters (PromotionJobParameters | Unset): What a code generation job was asked to make.
    """

    type_: Literal["promotion_job"]
    job_type: JobType
    name: str | Unset = UNSET
    parameters: PromotionJobParameters | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        job_type = self.job_type.value

        name = self.name

        parameters: dict[str, Any] | Unset = UNSET
        if not isinstance(self.parameters, Unset):
            parameters = self.parameters.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
                "job_type": job_type,
            }
        )
        if name is not UNSET:
            field_dict["name"] = name
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        type_: Literal["promotion_job"] = d["type"]
        if type_ != "promotion_job":
            raise ValueError(f"type must match const 'promotion_job', got '{type_}'")

        _job_type = d["job_type"]
        job_type = JobType._by_value.get(_job_type) or JobType(_job_type)

        name = d.get("name", UNSET)

        _parameters = d.get("parameters", UNSET)
        parameters: PromotionJobParameters | Unset
        if _parameters is UNSET:
            parameters = UNSET
        else:
            parameters = PromotionJobParameters.from_dict(_parameters)

        if cls is PromotionJobCreate:
            promotion_job_create = _new_instance(cls)
            promotion_job_create.type_ = type_
            promotion_job_create.job_type = job_type
            promotion_job_create.name = name
            promotion_job_create.parameters = parameters
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_create = cls(
                type_=type_,
                job_type=job_type,
                name=name,
                parameters=parameters,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 2 + (name is not UNSET) + (parameters is not UNSET)
        if len(d) == fields_found:
            promotion_job_create.additional_properties = {}
        else:
            promotion_job_create.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "type",
                    "job_type",
                    "name",
                    "parameters",
                }
            }
        return promotion_job_create

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
from ..models.promotion_job_parameters import PromotionJobParameters  # noqa: E402
