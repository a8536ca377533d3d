from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import new_instance as _new_instance

if TYPE_CHECKING:
    from ..models.rule_promotion_job import RulePromotionJob


T = TypeVar("T", bound="RulePromotionJobResponse")


@_attrs_define
class RulePromotionJobResponse:
    """One job of a rule promotion, wrapped in `data`.

    Attributes:
        data (RulePromotionJob): A code generation or export job of a rule promotion (Promotions Builder). It is the job
            of
            a standard promotion with `rule_promotion_id` for `promotion_id` and its own
            `consume_unit` values. Elastic Path's sources call the generate result `result` or
            `generate_result`; both are accepted. `parameters` and the result appear only on
            `code_generate` jobs.
    """

    data: RulePromotionJob
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = self.data.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "data": data,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = src_dict
        data = RulePromotionJob.from_dict(d["data"])

        if cls is RulePromotionJobResponse:
            rule_promotion_job_response = _new_instance(cls)
            rule_promotion_job_response.data = data
        else:  # a subclass, whose __init__ may set fields of its own
            rule_promotion_job_response = cls(
                data=data,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = 1
        if len(d) == fields_found:
            rule_promotion_job_response.additional_properties = {}
        else:
            rule_promotion_job_response.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "data",
                }
            }
        return rule_promotion_job_response

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
from ..models.rule_promotion_job import RulePromotionJob  # noqa: E402
