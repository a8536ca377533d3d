from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_consume_unit import RuleConsumeUnit
from ..types import UNSET, Unset

T = TypeVar("T", bound="RulePromotionJobParameters")


@_attrs_define
class RulePromotionJobParameters:
    """What a code generation job of a rule promotion was asked to make.

    Attributes:
        number_of_codes (int): How many codes to generate; at most the store's `promotion_codes_limit` setting (1000 by
            default; `GET /v2/settings`).
        max_uses_per_code (int | Unset): How often each code may be used; 0 makes the codes unusable, absent means
            unlimited.
        consume_unit (RuleConsumeUnit | Unset): Whether one use of a rule promotion's code is counted per application of
            the promotion or
            once per checkout.
        code_length (int | Unset): The number of characters of each code after its prefix; 8 when a job does not say.
        code_prefix (str | Unset): Text put before every generated code.
    """

    number_of_codes: int
    max_uses_per_code: int | Unset = UNSET
    consume_unit: RuleConsumeUnit | Unset = UNSET
    code_length: int | Unset = UNSET
    code_prefix: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        number_of_codes = self.number_of_codes

        max_uses_per_code = self.max_uses_per_code

        consume_unit: str | Unset = UNSET
        if not isinstance(self.consume_unit, Unset):
            consume_unit = self.consume_unit.value

        code_length = self.code_length

        code_prefix = self.code_prefix

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "number_of_codes": number_of_codes,
            }
        )
        if max_uses_per_code is not UNSET:
            field_dict["max_uses_per_code"] = max_uses_per_code
        if consume_unit is not UNSET:
            field_dict["consume_unit"] = consume_unit
        if code_length is not UNSET:
            field_dict["code_length"] = code_length
        if code_prefix is not UNSET:
            field_dict["code_prefix"] = code_prefix

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        number_of_codes = d.pop("number_of_codes")

        max_uses_per_code = d.pop("max_uses_per_code", UNSET)

        _consume_unit = d.pop("consume_unit", UNSET)
        consume_unit: RuleConsumeUnit | Unset
        if _consume_unit is UNSET:
            consume_unit = UNSET
        else:
            consume_unit = RuleConsumeUnit._by_value.get(_consume_unit) or RuleConsumeUnit(_consume_unit)

        code_length = d.pop("code_length", UNSET)

        code_prefix = d.pop("code_prefix", UNSET)

        rule_promotion_job_parameters = cls(
            number_of_codes,
            max_uses_per_code,
            consume_unit,
            code_length,
            code_prefix,
        )

        rule_promotion_job_parameters.additional_properties = d
        return rule_promotion_job_parameters

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
