from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.promotion_job import PromotionJob


T = TypeVar("T", bound="PromotionJobResponse")


@_attrs_define
class PromotionJobResponse:
    """One job, wrapped in `data`.

    Attributes:
        data (PromotionJob): A code generation or export job of a promotion. `parameters` and `result` appear only on
            `code_generate` jobs; `error` appears when processing failed.
    """

    data: PromotionJob
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        data = PromotionJob.from_dict(d["data"])

        if cls is PromotionJobResponse:
            promotion_job_response = _new_instance(cls)
            promotion_job_response.data = data
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_response = cls(
                data=data,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1
        if len(d) == fields_found:
            promotion_job_response.additional_properties = {}
        else:
            promotion_job_response.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "data",
                }
            }
        return promotion_job_response

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
from ..models.promotion_job import PromotionJob  # noqa: E402
