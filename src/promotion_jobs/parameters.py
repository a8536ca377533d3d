"""Path and query parameters read as the document reads them, one rule for the mock and the checks.

A raw query string is split as Starlette and `urllib` split it (`parse_qsl`, blank values kept,
`page%5Blimit%5D` read as `page[limit]`). Each declared parameter then gets its typed value or the
one reason the document refuses what was sent: given more than once, missing while required, or
outside its schema. The mock answers such a problem 400; a conformance check treats the value as
unknown. What a problem means for the API (the `filter` parse error, a fault that tolerates it)
is the caller's to decide.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl

from promotion_jobs.contract import Operation, Parameter


@dataclass(frozen=True)
class ParameterValue:
    """One declared parameter of a request: the texts sent, the typed value, and any problem.

    `value` is the schema's default when nothing was sent; when the text was refused, it is the
    text typed as far as it goes (`"500"` becomes 500 even though the maximum is 100), and None when
    there is no single text.
    """

    name: str
    sent: tuple[str, ...]
    value: object
    problem: str | None

    @property
    def text(self) -> str | None:
        """The one text sent, or None when none or several were."""
        return self.sent[0] if len(self.sent) == 1 else None

    @property
    def accepted(self) -> object:
        """The value when the document accepts it, else None."""
        return self.value if self.problem is None else None


def decode_parameters(
    operation: Operation, query: str, path: Mapping[str, str] | None = None
) -> dict[str, ParameterValue]:
    """Every path and query parameter of `operation` by name, in the order the document declares them.

    `query` is the raw query string, without `?`; `path` the path's values by name, already
    percent-decoded (None: path parameters are not read, for callers that judge only the query).
    """
    given: dict[str, list[str]] = {}
    for name, text in parse_qsl(query, keep_blank_values=True):
        given.setdefault(name, []).append(text)
    values = {}
    for parameter in operation.parameters:
        sent: tuple[str, ...]
        if parameter.location == "path" and path is not None:
            sent = (path[parameter.name],) if parameter.name in path else ()
        elif parameter.location == "query":
            sent = tuple(given.get(parameter.name, ()))
        else:
            continue
        values[parameter.name] = _decode(parameter, sent)
    return values


def _decode(parameter: Parameter, sent: tuple[str, ...]) -> ParameterValue:
    name = parameter.name
    if len(sent) > 1:  # refused rather than one of them silently winning
        return ParameterValue(name, sent, None, f"{name} is given more than once")
    if not sent:
        problem = f"{name} is required" if parameter.required else None
        return ParameterValue(name, (), None if parameter.required else parameter.default, problem)
    value = parameter.coerce(sent[0])
    errors = parameter.validator.errors(value)
    return ParameterValue(name, sent, value, f"{name} is invalid: {errors[0]}" if errors else None)
