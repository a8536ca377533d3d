from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="SettingsMeta")


@_attrs_define
class SettingsMeta:
    """Whose settings these are.

    Attributes:
        owner (str | Unset): `store` for a store's own settings.
    """

    owner: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        owner = self.owner

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if owner is not UNSET:
            field_dict["owner"] = owner

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        owner = d.get("owner", UNSET)

        if cls is SettingsMeta:
            settings_meta = _new_instance(cls)
            settings_meta.owner = owner
        else:  # a subclass, whose __init__ may set fields of its own
            settings_meta = cls(
                owner=owner,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = owner is not UNSET
        if len(d) == fields_found:
            settings_meta.additional_properties = {}
        else:
            settings_meta.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "owner",
                }
            }
        return settings_meta

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
