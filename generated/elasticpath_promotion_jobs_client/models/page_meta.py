from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

T = TypeVar("T", bound="PageMeta")


@_attrs_define
class PageMeta:
    """The page that was returned; `current` is one-based and `total` counts pages.

    Attributes:
        limit (int):
        offset (int):
        current (int):
        total (int):
    """

    limit: int
    offset: int
    current: int
    total: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        limit = self.limit

        offset = self.offset

        current = self.current

        total = self.total

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "limit": limit,
                "offset": offset,
                "current": current,
                "total": total,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        limit = d["limit"]

        offset = d["offset"]

        current = d["current"]

        total = d["total"]

        if cls is PageMeta:
            page_meta = _new_instance(cls)
            page_meta.limit = limit
            page_meta.offset = offset
            page_meta.current = current
            page_meta.total = total
        else:  # a subclass, whose __init__ may set fields of its own
            page_meta = cls(
                limit=limit,
                offset=offset,
                current=current,
                total=total,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 4
        if len(d) == fields_found:
            page_meta.additional_properties = {}
        else:
            page_meta.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "limit",
                    "offset",
                    "current",
                    "total",
                }
            }
        return page_meta

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
