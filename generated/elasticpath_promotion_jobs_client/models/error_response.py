from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.error import Error


T = TypeVar("T", bound="ErrorResponse")


@_attrs_define
class ErrorResponse:
    """
    Attributes:
        errors (list[Error]):
    """

    errors: list[Error]
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        errors = []
        for errors_item_data in self.errors:
            errors_item = errors_item_data.to_dict()
            errors.append(errors_item)

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "errors": errors,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        errors = [Error.from_dict(errors_item_data) for errors_item_data in d["errors"]]

        if cls is ErrorResponse:
            error_response = _new_instance(cls)
            error_response.errors = errors
        else:  # a subclass, whose __init__ may set fields of its own
            error_response = cls(
                errors=errors,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1
        if len(d) == fields_found:
            error_response.additional_properties = {}
        else:
            error_response.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "errors",
                }
            }
        return error_response

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
from ..models.error import Error  # noqa: E402
