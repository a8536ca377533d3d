from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="PromotionJobResult")


@_attrs_define
class PromotionJobResult:
    """What a code generation job did.

    Attributes:
        generated (int): The number of codes the job generated.
        deleted (int | None | Unset): The number of generated codes deleted, for example by a cancellation; Elastic Path
            allows null.
    """

    generated: int
    deleted: int | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        generated = self.generated

        deleted: int | None | Unset
        if isinstance(self.deleted, Unset):
            deleted = UNSET
        else:
            deleted = self.deleted

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "generated": generated,
            }
        )
        if deleted is not UNSET:
            field_dict["deleted"] = deleted

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        generated = d["generated"]

        def _parse_deleted(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        deleted = _parse_deleted(d.get("deleted", UNSET))

        if cls is PromotionJobResult:
            promotion_job_result = _new_instance(cls)
            promotion_job_result.generated = generated
            promotion_job_result.deleted = deleted
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_result = cls(
                generated=generated,
                deleted=deleted,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1 + (deleted is not UNSET)
        if len(d) == fields_found:
            promotion_job_result.additional_properties = {}
        else:
            promotion_job_result.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "generated",
                    "deleted",
                }
            }
        return promotion_job_result

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
