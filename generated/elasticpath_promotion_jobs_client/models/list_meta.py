from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.page_meta import PageMeta
    from ..models.results_meta import ResultsMeta


T = TypeVar("T", bound="ListMeta")


@_attrs_define
class ListMeta:
    """
    Attributes:
        page (PageMeta): The page that was returned; `current` is one-based and `total` counts pages.
        results (ResultsMeta): How many jobs match the filter, over all pages.
    """

    page: PageMeta
    results: ResultsMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        page = self.page.to_dict()

        results = self.results.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "page": page,
                "results": results,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        page = PageMeta.from_dict(d["page"])

        results = ResultsMeta.from_dict(d["results"])

        if cls is ListMeta:
            list_meta = _new_instance(cls)
            list_meta.page = page
            list_meta.results = results
        else:  # a subclass, whose __init__ may set fields of its own
            list_meta = cls(
                page=page,
                results=results,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 2
        if len(d) == fields_found:
            list_meta.additional_properties = {}
        else:
            list_meta.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "page",
                    "results",
                }
            }
        return list_meta

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
from ..models.page_meta import PageMeta  # noqa: E402
from ..models.results_meta import ResultsMeta  # noqa: E402
