from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance
from ..types import parse_datetime as _parse_datetime

T = TypeVar("T", bound="Timestamps")


@_attrs_define
class Timestamps:
    """
    Attributes:
        created_at (datetime.datetime): When the job was created.
        updated_at (datetime.datetime): When the job last changed.
    """

    created_at: datetime.datetime
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        created_at = self.created_at.isoformat()

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "created_at": created_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        created_at = _parse_datetime(d["created_at"])

        updated_at = _parse_datetime(d["updated_at"])

        if cls is Timestamps:
            timestamps = _new_instance(cls)
            timestamps.created_at = created_at
            timestamps.updated_at = updated_at
        else:  # a subclass, whose __init__ may set fields of its own
            timestamps = cls(
                created_at=created_at,
                updated_at=updated_at,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 2
        if len(d) == fields_found:
            timestamps.additional_properties = {}
        else:
            timestamps.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "created_at",
                    "updated_at",
                }
            }
        return timestamps

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
