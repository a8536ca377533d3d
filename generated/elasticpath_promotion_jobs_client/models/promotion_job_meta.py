from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.timestamps import Timestamps


T = TypeVar("T", bound="PromotionJobMeta")


@_attrs_define
class PromotionJobMeta:
    """
    Attributes:
        timestamps (Timestamps):
    """

    timestamps: Timestamps
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        timestamps = self.timestamps.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "timestamps": timestamps,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        timestamps = Timestamps.from_dict(d["timestamps"])

        if cls is PromotionJobMeta:
            promotion_job_meta = _new_instance(cls)
            promotion_job_meta.timestamps = timestamps
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_meta = cls(
                timestamps=timestamps,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1
        if len(d) == fields_found:
            promotion_job_meta.additional_properties = {}
        else:
            promotion_job_meta.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "timestamps",
                }
            }
        return promotion_job_meta

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
from ..models.timestamps import Timestamps  # noqa: E402
