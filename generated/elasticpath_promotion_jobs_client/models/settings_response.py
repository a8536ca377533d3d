from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.settings_meta import SettingsMeta
    from ..models.store_settings import StoreSettings


T = TypeVar("T", bound="SettingsResponse")


@_attrs_define
class SettingsResponse:
    """The store's settings, wrapped in `data`.

    Attributes:
        data (StoreSettings): The settings of a store. The four limits are typed; any other setting is kept as it comes.
        meta (SettingsMeta | Unset): Whose settings these are.
    """

    data: StoreSettings
    meta: SettingsMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        meta: dict[str, Any] | Unset = UNSET
        if not isinstance(self.meta, Unset):
            meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        data = StoreSettings.from_dict(d["data"])

        _meta = d.get("meta", UNSET)
        meta: SettingsMeta | Unset
        if _meta is UNSET:
            meta = UNSET
        else:
            meta = SettingsMeta.from_dict(_meta)

        if cls is SettingsResponse:
            settings_response = _new_instance(cls)
            settings_response.data = data
            settings_response.meta = meta
        else:  # a subclass, whose __init__ may set fields of its own
            settings_response = cls(
                data=data,
                meta=meta,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1 + (meta is not UNSET)
        if len(d) == fields_found:
            settings_response.additional_properties = {}
        else:
            settings_response.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "data",
                    "meta",
                }
            }
        return settings_response

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
from ..models.settings_meta import SettingsMeta  # noqa: E402
from ..models.store_settings import StoreSettings  # noqa: E402
