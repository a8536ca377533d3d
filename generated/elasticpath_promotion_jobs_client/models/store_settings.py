from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="StoreSettings")


@_attrs_define
class StoreSettings:
    """The settings of a store. The four limits are typed; any other setting is kept as it comes.

    Attributes:
        type_ (Literal['settings']): Always `settings`.
        page_length (int | Unset): The number of records on a page when `page[limit]` is not sent.
        page_offset_limit (int | Unset): The largest `page[offset]` a list accepts.
        promotion_codes_limit (int | Unset): The most codes a promotion may have, and so the most one job may generate.
        filter_limit (int | Unset): The most terms a `filter` may join.
    """

    type_: Literal["settings"]
    page_length: int | Unset = UNSET
    page_offset_limit: int | Unset = UNSET
    promotion_codes_limit: int | Unset = UNSET
    filter_limit: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        type_ = self.type_

        page_length = self.page_length

        page_offset_limit = self.page_offset_limit

        promotion_codes_limit = self.promotion_codes_limit

        filter_limit = self.filter_limit

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "type": type_,
            }
        )
        if page_length is not UNSET:
            field_dict["page_length"] = page_length
        if page_offset_limit is not UNSET:
            field_dict["page_offset_limit"] = page_offset_limit
        if promotion_codes_limit is not UNSET:
            field_dict["promotion_codes_limit"] = promotion_codes_limit
        if filter_limit is not UNSET:
            field_dict["filter_limit"] = filter_limit

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        type_: Literal["settings"] = d["type"]
        if type_ != "settings":
            raise ValueError(f"type must match const 'settings', got '{type_}'")

        page_length = d.get("page_length", UNSET)

        page_offset_limit = d.get("page_offset_limit", UNSET)

        promotion_codes_limit = d.get("promotion_codes_limit", UNSET)

        filter_limit = d.get("filter_limit", UNSET)

        if cls is StoreSettings:
            store_settings = _new_instance(cls)
            store_settings.type_ = type_
            store_settings.page_length = page_length
            store_settings.page_offset_limit = page_offset_limit
            store_settings.promotion_codes_limit = promotion_codes_limit
            store_settings.filter_limit = filter_limit
        else:  # a subclass, whose __init__ may set fields of its own
            store_settings = cls(
                type_=type_,
                page_length=page_length,
                page_offset_limit=page_offset_limit,
                promotion_codes_limit=promotion_codes_limit,
                filter_limit=filter_limit,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            1
            + (page_length is not UNSET)
            + (page_offset_limit is not UNSET)
            + (promotion_codes_limit is not UNSET)
            + (filter_limit is not UNSET)
        )
        if len(d) == fields_found:
            store_settings.additional_properties = {}
        else:
            store_settings.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "type",
                    "page_length",
                    "page_offset_limit",
                    "promotion_codes_limit",
                    "filter_limit",
                }
            }
        return store_settings

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
