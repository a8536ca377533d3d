from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """One error in the Elastic Path (JSON:API style) shape. Services differ in whether `status`
    is a string or a number, and some leave it out (the Filtering guide's answer to a bad
    filter has none); the HTTP status of the response is authoritative.

        Attributes:
            title (str): A short summary of the problem.
            status (int | str | Unset): The HTTP status code, as a string or as a number.
            detail (str | Unset): What went wrong in this request.
            source (str | Unset): The request field or parameter at fault.
            request_id (str | Unset): The identifier of the failed request, to quote when reporting it.
    """

    title: str
    status: int | str | Unset = UNSET
    detail: str | Unset = UNSET
    source: str | Unset = UNSET
    request_id: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        title = self.title

        status: int | str | Unset
        if isinstance(self.status, Unset):
            status = UNSET
        else:
            status = self.status

        detail = self.detail

        source = self.source

        request_id = self.request_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "title": title,
            }
        )
        if status is not UNSET:
            field_dict["status"] = status
        if detail is not UNSET:
            field_dict["detail"] = detail
        if source is not UNSET:
            field_dict["source"] = source
        if request_id is not UNSET:
            field_dict["request_id"] = request_id

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        title = d["title"]

        def _parse_status(data: object) -> int | str | Unset:
            if isinstance(data, Unset):
                return data
            return cast(int | str | Unset, data)

        status = _parse_status(d.get("status", UNSET))

        detail = d.get("detail", UNSET)

        source = d.get("source", UNSET)

        request_id = d.get("request_id", UNSET)

        if cls is Error:
            error = _new_instance(cls)
            error.title = title
            error.status = status
            error.detail = detail
            error.source = source
            error.request_id = request_id
        else:  # a subclass, whose __init__ may set fields of its own
            error = cls(
                title=title,
                status=status,
                detail=detail,
                source=source,
                request_id=request_id,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            1 + (status is not UNSET) + (detail is not UNSET) + (source is not UNSET) + (request_id is not UNSET)
        )
        if len(d) == fields_found:
            error.additional_properties = {}
        else:
            error.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "title",
                    "status",
                    "detail",
                    "source",
                    "request_id",
                }
            }
        return error

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
