"""The `filter` grammar of the list call, in one place for the mock and for clients.

What is a valid filter (operators, attributes, value characters, number of terms) is decided by
the pattern that the document puts on the `filter` parameter; this module asks the contract and
only knows the general Elastic Path shape `op(attribute,value)` joined by `:`. The number of
terms is a store setting, so callers that judge a particular store pass its contract
(`promotion_jobs.settings.contract_for`); the default is the document as committed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from promotion_jobs.contract import Contract, load_contract
from promotion_jobs.operations import LIST_OPERATION

FILTER_PARAMETER = "filter"
PARSE_ERROR = "Could not parse the supplied filter"
_TERM = re.compile(r"(?P<operator>\w+)\((?P<attribute>\w+),(?P<value>[^)]*)\)")


class FilterError(ValueError):
    """The text is not a filter the document's grammar accepts."""

    def __init__(self, text: str) -> None:
        super().__init__(f"{PARSE_ERROR}: {text!r}")
        self.text = text


@dataclass(frozen=True)
class Term:
    """One `operator(attribute,value)` condition; spaces around the value are not part of it."""

    operator: str
    attribute: str
    value: str

    def render(self) -> str:
        return f"{self.operator}({self.attribute},{self.value})"

    def matches(self, record: Mapping[str, object]) -> bool:
        # `eq` is the only operator the grammar admits on this endpoint.
        return record.get(self.attribute) == self.value


@dataclass(frozen=True)
class Filter:
    """A conjunction of terms: a record matches when every term holds."""

    terms: tuple[Term, ...]

    @classmethod
    def parse(cls, text: str, contract: Contract | None = None) -> Filter:
        if not is_valid(text, contract):
            raise FilterError(text)
        terms = []
        for part in text.split(":"):
            match = _TERM.fullmatch(part)
            if match is None:  # the document's pattern admitted what this shape cannot read
                raise FilterError(text)
            terms.append(Term(match["operator"], match["attribute"], match["value"].strip()))
        return cls(tuple(terms))

    def render(self) -> str:
        """The filter as query text; raises FilterError if the grammar refuses it."""
        text = ":".join(term.render() for term in self.terms)
        if not is_valid(text):
            raise FilterError(text)
        return text

    def matches(self, record: Mapping[str, object]) -> bool:
        return all(term.matches(record) for term in self.terms)

    def required_values(self) -> dict[str, str] | None:
        """attribute -> value that a matching record must have; None when no record can match."""
        required: dict[str, str] = {}
        for term in self.terms:
            if required.setdefault(term.attribute, term.value) != term.value:
                return None
        return required


def is_valid(text: str, contract: Contract | None = None) -> bool:
    """Whether the document's `filter` parameter accepts `text`."""
    parameter = (contract or load_contract()).operation(LIST_OPERATION).parameter(FILTER_PARAMETER)
    return parameter.validator.is_valid(text)
