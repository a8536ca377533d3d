from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="Links")


@_attrs_define
class Links:
    """Absolute URLs of pages of the same list. `current` and `first` are always set; `prev` is
    null on the first page; `next` and `last` are null when there is no further page.

        Attributes:
            current (str): An absolute http(s) URL. Not `format: uri`: Elastic Path writes page parameters with raw
                brackets (`page[offset]=0`), which RFC 3986 does not allow.
            first (str): An absolute http(s) URL. Not `format: uri`: Elastic Path writes page parameters with raw
                brackets (`page[offset]=0`), which RFC 3986 does not allow.
            last (None | str):
            prev (None | str):
            next_ (None | str):
    """

    current: str
    first: str
    last: None | str
    prev: None | str
    next_: None | str
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current = self.current

        first = self.first

        last: None | str
        last = self.last

        prev: None | str
        prev = self.prev

        next_: None | str
        next_ = self.next_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "current": current,
                "first": first,
                "last": last,
                "prev": prev,
                "next": next_,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        current = d.pop("current")

        first = d.pop("first")

        def _parse_last(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        last = _parse_last(d.pop("last"))

        def _parse_prev(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        prev = _parse_prev(d.pop("prev"))

        def _parse_next_(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        next_ = _parse_next_(d.pop("next"))

        links = cls(
            current=current,
            first=first,
            last=last,
            prev=prev,
            next_=next_,
        )

        links.additional_properties = d
        return links

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
