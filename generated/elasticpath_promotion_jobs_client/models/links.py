from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

T = TypeVar("T", bound="Links")


@_attrs_define
class Links:
    """Absolute URLs of pages of the same list, each of which may be null or left out: Elastic
    Path marks none of them required. The reference page's example fills all five with the
    current page's URL on page 1 of 1; this toolkit's mock sets `current` and `first`, leaves
    `prev` null on the first page, and `next` and `last` null when no page follows.

        Attributes:
            current (None | str | Unset): An absolute URL of a page of the list, or null where there is no such page.
            first (None | str | Unset): An absolute URL of a page of the list, or null where there is no such page.
            last (None | str | Unset): An absolute URL of a page of the list, or null where there is no such page.
            prev (None | str | Unset): An absolute URL of a page of the list, or null where there is no such page.
            next_ (None | str | Unset): An absolute URL of a page of the list, or null where there is no such page.
    """

    current: None | str | Unset = UNSET
    first: None | str | Unset = UNSET
    last: None | str | Unset = UNSET
    prev: None | str | Unset = UNSET
    next_: None | str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        current: None | str | Unset
        if isinstance(self.current, Unset):
            current = UNSET
        else:
            current = self.current

        first: None | str | Unset
        if isinstance(self.first, Unset):
            first = UNSET
        else:
            first = self.first

        last: None | str | Unset
        if isinstance(self.last, Unset):
            last = UNSET
        else:
            last = self.last

        prev: None | str | Unset
        if isinstance(self.prev, Unset):
            prev = UNSET
        else:
            prev = self.prev

        next_: None | str | Unset
        if isinstance(self.next_, Unset):
            next_ = UNSET
        else:
            next_ = self.next_

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if current is not UNSET:
            field_dict["current"] = current
        if first is not UNSET:
            field_dict["first"] = first
        if last is not UNSET:
            field_dict["last"] = last
        if prev is not UNSET:
            field_dict["prev"] = prev
        if next_ is not UNSET:
            field_dict["next"] = next_

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)

        def _parse_current(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        current = _parse_current(d.get("current", UNSET))

        def _parse_first(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        first = _parse_first(d.get("first", UNSET))

        def _parse_last(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        last = _parse_last(d.get("last", UNSET))

        def _parse_prev(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prev = _parse_prev(d.get("prev", UNSET))

        def _parse_next_(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        next_ = _parse_next_(d.get("next", UNSET))

        if cls is Links:
            links = _new_instance(cls)
            links.current = current
            links.first = first
            links.last = last
            links.prev = prev
            links.next_ = next_
        else:  # a subclass, whose __init__ may set fields of its own
            links = cls(
                current=current,
                first=first,
                last=last,
                prev=prev,
                next_=next_,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            (current is not UNSET)
            + (first is not UNSET)
            + (last is not UNSET)
            + (prev is not UNSET)
            + (next_ is not UNSET)
        )
        if len(d) == fields_found:
            links.additional_properties = {}
        else:
            links.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "current",
                    "first",
                    "last",
                    "prev",
                    "next",
                }
            }
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
