"""The store settings that bound the job calls, and the document adjusted to one store's values.

Elastic Path's page size, largest offset, codes per promotion and filter terms are settings of
each store (`GET /v2/settings`), not constants. The document states their defaults where they
apply and marks each such place with `x-store-setting: {<keyword>: <setting>}`; this module reads
the defaults from those marks and writes a store's values back into them, so every bound keeps
one home, the document, and the mock, the checks and the generated requests all use the same
values. A `pattern` mark means the pattern's last `{0,N}` counts the filter terms after the first.
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from promotion_jobs.contract import Contract, load_contract, load_document

ANNOTATION = "x-store-setting"
SETTINGS_SCHEMA = "StoreSettings"
SETTINGS_TYPE = "settings"
_TERMS = re.compile(r"\{0,(\d+)\}\$$")


class SettingsError(ValueError):
    """Settings that are not what the document's `StoreSettings` allows."""


@dataclass(frozen=True)
class StoreSettings:
    """The four settings the job calls depend on."""

    page_length: int
    page_offset_limit: int
    promotion_codes_limit: int
    filter_limit: int

    @classmethod
    def names(cls) -> tuple[str, ...]:
        return tuple(field.name for field in dataclasses.fields(cls))

    def as_dict(self) -> dict[str, int]:
        return dataclasses.asdict(self)

    def with_values(self, values: Mapping[str, Any]) -> StoreSettings:
        """These settings with the known ones of `values` replaced (other keys are ignored);
        SettingsError when a value breaks the document's `StoreSettings` schema."""
        changes = {name: values[name] for name in self.names() if name in values}
        problems = load_contract().schema(SETTINGS_SCHEMA).errors({"type": SETTINGS_TYPE, **changes})
        if problems:
            raise SettingsError(f"invalid store settings: {problems[0]}")
        return dataclasses.replace(self, **changes)

    def describe(self) -> str:
        return ", ".join(f"{name} {value}" for name, value in self.as_dict().items())


@functools.cache
def default_settings() -> StoreSettings:
    """The documented defaults: the bounds the committed document states."""
    return defaults(load_document())


@functools.cache
def contract_for(settings: StoreSettings | None = None) -> Contract:
    """The contract as a store with `settings` applies it (the document as committed for None
    or the defaults), compiled once per distinct settings."""
    if settings is None or settings == default_settings():
        return load_contract()
    return Contract(adjusted(load_document(), settings))


def marks(document: Mapping[str, Any]) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(schema node, keyword, setting) for every `x-store-setting` mark of the document."""
    stack: list[Any] = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            for keyword, setting in (node.get(ANNOTATION) or {}).items():
                yield node, keyword, setting
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def defaults(document: Mapping[str, Any]) -> StoreSettings:
    """The settings the document states as its bounds, read from its marks."""
    found: dict[str, int] = {}
    for node, keyword, setting in marks(document):
        value = _read(node, keyword)
        if found.setdefault(setting, value) != value:
            raise SettingsError(f"the document gives {setting} both {found[setting]} and {value}")
    missing = set(StoreSettings.names()) - set(found)
    if missing:
        raise SettingsError(f"the document marks no place for {', '.join(sorted(missing))}")
    return StoreSettings(**found)


def adjusted(document: Mapping[str, Any], settings: StoreSettings) -> dict[str, Any]:
    """A copy of the document whose marked bounds are `settings`' values."""
    copied: dict[str, Any] = copy.deepcopy(dict(document))
    values = settings.as_dict()
    for node, keyword, setting in marks(copied):
        _write(node, keyword, values[setting])
    return copied


def _read(node: Mapping[str, Any], keyword: str) -> int:
    if keyword == "pattern":
        match = _TERMS.search(node["pattern"])
        if match is None:
            raise SettingsError(f"pattern {node['pattern']!r} does not end in a {{0,N}} count of terms")
        return int(match.group(1)) + 1
    value: int = node[keyword]
    return value


def _write(node: dict[str, Any], keyword: str, value: int) -> None:
    if keyword == "pattern":
        node["pattern"] = _TERMS.sub(f"{{0,{value - 1}}}$", node["pattern"])
    else:
        node[keyword] = value
