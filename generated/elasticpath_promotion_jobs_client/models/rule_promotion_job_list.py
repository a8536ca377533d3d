from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.links import Links
    from ..models.list_meta import ListMeta
    from ..models.rule_promotion_job import RulePromotionJob


T = TypeVar("T", bound="RulePromotionJobList")


@_attrs_define
class RulePromotionJobList:
    """One page of a rule promotion's jobs. `links` and `meta` are as on a standard promotion's
    list, but optional: Elastic Path's own example of this call has only `data`.

        Attributes:
            data (list[RulePromotionJob]):
            links (Links | Unset): Absolute URLs of pages of the same list, each of which may be null or left out: Elastic
                Path marks none of them required. The reference page's example fills all five with the
                current page's URL on page 1 of 1; this toolkit's mock sets `current` and `first`, leaves
                `prev` null on the first page, and `next` and `last` null when no page follows.
            meta (ListMeta | Unset):
    """

    data: list[RulePromotionJob]
    links: Links | Unset = UNSET
    meta: ListMeta | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = []
        for data_item_data in self.data:
            data_item = data_item_data.to_dict()
            data.append(data_item)

        links: dict[str, Any] | Unset = UNSET
        if not isinstance(self.links, Unset):
            links = self.links.to_dict()

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
        if links is not UNSET:
            field_dict["links"] = links
        if meta is not UNSET:
            field_dict["meta"] = meta

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        data = [RulePromotionJob.from_dict(data_item_data) for data_item_data in d["data"]]

        _links = d.get("links", UNSET)
        links: Links | Unset
        if _links is UNSET:
            links = UNSET
        else:
            links = Links.from_dict(_links)

        _meta = d.get("meta", UNSET)
        meta: ListMeta | Unset
        if _meta is UNSET:
            meta = UNSET
        else:
            meta = ListMeta.from_dict(_meta)

        if cls is RulePromotionJobList:
            rule_promotion_job_list = _new_instance(cls)
            rule_promotion_job_list.data = data
            rule_promotion_job_list.links = links
            rule_promotion_job_list.meta = meta
        else:  # a subclass, whose __init__ may set fields of its own
            rule_promotion_job_list = cls(
                data=data,
                links=links,
                meta=meta,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1 + (links is not UNSET) + (meta is not UNSET)
        if len(d) == fields_found:
            rule_promotion_job_list.additional_properties = {}
        else:
            rule_promotion_job_list.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "data",
                    "links",
                    "meta",
                }
            }
        return rule_promotion_job_list

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
from ..models.rule_promotion_job import RulePromotionJob  # noqa: E402
