from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

T = TypeVar("T", bound="PromotionJobFile")


@_attrs_define
class PromotionJobFile:
    """Where to download the CSV file of a completed export job; not wrapped in `data`.

    Attributes:
        href (str): An absolute http(s) URL. Not `format: uri`: Elastic Path writes page parameters with raw
            brackets (`page[offset]=0`), which RFC 3986 does not allow.
    """

    href: str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        href = self.href

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "href": href,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        href = d["href"]

        if cls is PromotionJobFile:
            promotion_job_file = _new_instance(cls)
            promotion_job_file.href = href
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_file = cls(
                href=href,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1
        if len(d) == fields_found:
            promotion_job_file.additional_properties = {}
        else:
            promotion_job_file.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "href",
                }
            }
        return promotion_job_file

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
