from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.rule_consume_unit import RuleConsumeUnit
from ..types import UNSET, Unset
from ..types import new_instance as _new_instance

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
        d = src_dict if type(src_dict) is dict else dict(src_dict)
        number_of_codes = d["number_of_codes"]

        max_uses_per_code = d.get("max_uses_per_code", UNSET)

        _consume_unit = d.get("consume_unit", UNSET)
        consume_unit: RuleConsumeUnit | Unset
        if _consume_unit is UNSET:
            consume_unit = UNSET
        else:
            consume_unit = RuleConsumeUnit._by_value.get(_consume_unit) or RuleConsumeUnit(_consume_unit)

        code_length = d.get("code_length", UNSET)

        code_prefix = d.get("code_prefix", UNSET)

        if cls is RulePromotionJobParameters:
            rule_promotion_job_parameters = _new_instance(cls)
            rule_promotion_job_parameters.number_of_codes = number_of_codes
            rule_promotion_job_parameters.max_uses_per_code = max_uses_per_code
            rule_promotion_job_parameters.consume_unit = consume_unit
            rule_promotion_job_parameters.code_length = code_length
            rule_promotion_job_parameters.code_prefix = code_prefix
        else:  # a subclass, whose __init__ may set fields of its own
            rule_promotion_job_parameters = cls(
                number_of_codes=number_of_codes,
                max_uses_per_code=max_uses_per_code,
                consume_unit=consume_unit,
                code_length=code_length,
                code_prefix=code_prefix,
            )

        # Each field found is one key of the dict: only a dict with more keys has others to keep.
        fields_found = (
            1
            + (max_uses_per_code is not UNSET)
            + (consume_unit is not UNSET)
            + (code_length is not UNSET)
            + (code_prefix is not UNSET)
        )
        if len(d) == fields_found:
            rule_promotion_job_parameters.additional_properties = {}
        else:
            rule_promotion_job_parameters.additional_properties = {
                key: value
                for key, value in d.items()
                if key
                not in {
                    "number_of_codes",
                    "max_uses_per_code",
                    "consume_unit",
                    "code_length",
                    "code_prefix",
                }
            }
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
