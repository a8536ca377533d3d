from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.results_meta_total_method import ResultsMetaTotalMethod
from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="ResultsMeta")


@_attrs_define
class ResultsMeta:
    """How many jobs match the filter, over all pages.

    Attributes:
        total (int):
        total_method (ResultsMetaTotalMethod | Unset):
    """

    total: int
    total_method: ResultsMetaTotalMethod | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        total = self.total

        total_method: str | Unset = UNSET
        if not isinstance(self.total_method, Unset):
            total_method = self.total_method.value

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "total": total,
            }
        )
        if total_method is not UNSET:
            field_dict["total_method"] = total_method

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        total = d["total"]

        _total_method = d.get("total_method", UNSET)
        total_method: ResultsMetaTotalMethod | Unset
        if _total_method is UNSET:
            total_method = UNSET
        else:
            total_method = ResultsMetaTotalMethod._by_value.get(_total_method) or ResultsMetaTotalMethod(_total_method)

        if cls is ResultsMeta:
            results_meta = _new_instance(cls)
            results_meta.total = total
            results_meta.total_method = total_method
        else:  # a subclass, whose __init__ may set fields of its own
            results_meta = cls(
                total=total,
                total_method=total_method,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1 + (total_method is not UNSET)
        if len(d) == fields_found:
            results_meta.additional_properties = {}
        else:
            results_meta.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "total",
                    "total_method",
                }
            }
        return results_meta

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
