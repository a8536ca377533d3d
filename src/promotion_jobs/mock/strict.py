"""What strict mode checks a reply with: the document's response schema, each stored job once.

Stored jobs are never mutated (`store.Store`), and a page hands out the stored objects
themselves, so a job object found valid stays valid for as long as it lives. A page is checked
against its schema with the items of `data` left to one side (`items: true`), then each job it
holds against the items' own schema, unless that very object has passed before. The verdict is
the one the whole schema gives, since `items` checks each element on its own; it only costs less
for a page of jobs already seen. Only the last `REMEMBERED_JOBS` objects that passed are kept.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from promotion_jobs.contract import Contract, Operation, SchemaValidator

REMEMBERED_JOBS = 2048  # twenty pages of the largest size
ITEMS_FIELD = "data"
# Keywords that judge an array's elements by where they are, or by what other keywords did, rather
# than each on its own: with one of them the items cannot be set aside. (`contains`, `uniqueItems`
# and the counts stay in the page's half, which still gets the real items to look at.)
_POSITIONAL_KEYWORDS = frozenset({"prefixItems", "unevaluatedItems", "$ref", "$dynamicRef"})
_NOT_SEEN = object()


@dataclass(frozen=True)
class PageSchema:
    """A page's schema split in two: the page with its items unchecked, and one item."""

    page: SchemaValidator
    item: SchemaValidator


class StrictCheck:
    """The problems of replies against the contract, remembering the stored jobs that passed."""

    def __init__(self, contract: Contract, *, remembered: int = REMEMBERED_JOBS) -> None:
        self._contract = contract
        self._remembered = remembered
        # (id of the item schema, id of the item) -> the item, which keeps its id from being reused
        self._passed: dict[tuple[int, int], object] = {}
        self._pages: dict[tuple[str, int], PageSchema | None] = {}

    def problems(self, operation: Operation, status: int, body: object) -> list[str]:
        """Why `body` is not a valid `status` reply of `operation` (empty when it is)."""
        items = body.get(ITEMS_FIELD) if isinstance(body, dict) else None
        schema = self._page_schema(operation, status) if isinstance(items, list) else None
        if schema is None or items is None:
            return self._contract.validate_response(operation.operation_id, status, body)
        problems = schema.page.errors(body)
        for index, item in enumerate(items):
            key = (id(schema.item), id(item))
            if self._passed.get(key, _NOT_SEEN) is item:
                continue
            item_problems = schema.item.errors(item, at=f"/{ITEMS_FIELD}/{index}")
            if item_problems:
                problems.extend(item_problems)
            else:
                self._remember(key, item)
        return problems

    @property
    def remembered(self) -> int:
        """How many job objects that passed are remembered now."""
        return len(self._passed)

    def _remember(self, key: tuple[int, int], item: object) -> None:
        if len(self._passed) >= self._remembered:
            del self._passed[next(iter(self._passed))]  # the oldest first: dicts keep insertion order
        self._passed[key] = item

    def _page_schema(self, operation: Operation, status: int) -> PageSchema | None:
        key = (operation.operation_id, status)
        if key not in self._pages:
            try:
                validator = operation.response_validator(status)
            except KeyError:  # an undeclared status: `validate_response` says so
                validator = None
            self._pages[key] = None if validator is None else _split(self._contract, validator.schema)
        return self._pages[key]


def _split(contract: Contract, schema: Mapping[str, Any]) -> PageSchema | None:
    """The two halves of a page's schema, or None when its `data` is not an array checked item by
    item, or when the page's schema is not one object schema (a `$ref` with keywords beside it)."""
    while "$ref" in schema:
        if len(schema) > 1:  # the keywords beside a `$ref` apply too, and `resolve` drops them
            return None
        schema = contract.referenced(schema["$ref"])
    page = dict(schema)
    properties = dict(page.get("properties", {}))
    field = properties.get(ITEMS_FIELD)
    if not isinstance(field, Mapping) or not isinstance(field.get("items"), Mapping):
        return None
    if _POSITIONAL_KEYWORDS & field.keys():
        return None
    properties[ITEMS_FIELD] = {**field, "items": True}
    page["properties"] = properties
    components = contract.document.get("components", {})
    return PageSchema(SchemaValidator(page, components), SchemaValidator(field["items"], components))
