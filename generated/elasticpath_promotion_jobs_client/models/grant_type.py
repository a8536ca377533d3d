from enum import StrEnum
from typing import Any


class GrantType(StrEnum):
    """Known values are members; an unknown value from a newer server parses to a pseudo-member
    that keeps the raw string (`.value`), so one new value never costs a whole page."""

    CLIENT_CREDENTIALS = "client_credentials"
    IMPLICIT = "implicit"

    @classmethod
    def _missing_(cls, value: Any) -> "GrantType | None":
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
