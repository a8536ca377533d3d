from enum import StrEnum
from typing import Any, ClassVar


class ConsumeUnit(StrEnum):
    """Known values are members; an unknown value from a newer server parses to a pseudo-member
    that keeps the raw string (`.value`), so one new value never costs a whole page."""

    PER_CART = "per_cart"
    PER_ITEM = "per_item"

    @classmethod
    def _missing_(cls, value: Any) -> "ConsumeUnit | None":
        if not isinstance(value, str):
            return None
        unknown = str.__new__(cls, value)
        unknown._name_ = "UNKNOWN"
        unknown._value_ = value
        return unknown

    @property
    def is_known(self) -> bool:
        """False for a value this client was not generated with."""
        return self._name_ != "UNKNOWN"

    def __str__(self) -> str:
        return str(self.value)

    # Filled below: what the models decode with, `_by_value.get(value) or ConsumeUnit(value)`
    # (one dictionary look-up for a known value instead of the enum's call).
    _by_value: ClassVar[dict[Any, "ConsumeUnit"]]


ConsumeUnit._by_value = {member.value: member for member in ConsumeUnit}
