from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.list_meta import ListMeta
    from ..models.promotion_job import PromotionJob


T = TypeVar("T", bound="PromotionJobList")


@_attrs_define
class PromotionJobList:
    """
    Attributes:
        data (list[PromotionJob]):
        links (Links): Absolute URLs of pages of the same list, each of which may be null or left out: Elastic
            Path marks none of them required. The reference page's example fills all five with the
            current page's URL on page 1 of 1; this toolkit's mock sets `current` and `first`, leaves
            `prev` null on the first page, and `next` and `last` null when no page follows.
        meta (ListMeta):
    """

    data: list[PromotionJob]
    links: Links
    meta: ListMeta
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        links = self.links.to_dict()

        meta = self.meta.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
                "links": links,
                "meta": meta,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        data = [PromotionJob.from_dict(data_item_data) for data_item_data in d["data"]]

        links = Links.from_dict(d["links"])

        meta = ListMeta.from_dict(d["meta"])

        if cls is PromotionJobList:
            promotion_job_list = _new_instance(cls)
            promotion_job_list.data = data
            promotion_job_list.links = links
            promotion_job_list.meta = meta
        else:  # a subclass, whose __init__ may set fields of its own
            promotion_job_list = cls(
                data=data,
                links=links,
                meta=meta,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 3
        if len(d) == fields_found:
            promotion_job_list.additional_properties = {}
        else:
            promotion_job_list.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "data",
                    "links",
                    "meta",
                }
            }
        return promotion_job_list

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
from ..models.links import Links  # noqa: E402
from ..models.list_meta import ListMeta  # noqa: E402
from ..models.promotion_job import PromotionJob  # noqa: E402
