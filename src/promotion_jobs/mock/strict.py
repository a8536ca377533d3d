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
# Keywords through which an array's schema looks at its elements other than one by one with `items`.
_WHOLE_ARRAY_KEYWORDS = frozenset({"prefixItems", "unevaluatedItems", "$ref", "$dynamicRef"})


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
        self._passed: dict[int, object] = {}  # id(item) -> item, which keeps the id from being reused
        self._pages: dict[tuple[str, int], PageSchema | None] = {}

    def problems(self, operation: Operation, status: int, body: object) -> list[str]:
        """Why `body` is not a valid `status` reply of `operation` (empty when it is)."""
        items = body.get(ITEMS_FIELD) if isinstance(body, dict) else None
        schema = self._page_schema(operation, status) if isinstance(items, list) else None
        if schema is None or items is None:
            return self._contract.validate_response(operation.operation_id, status, body)
        problems = schema.page.errors(body)
        for index, item in enumerate(items):
            if self._passed.get(id(item)) is item:
                continue
            item_problems = schema.item.errors(item, at=f"/{ITEMS_FIELD}/{index}")
            if item_problems:
                problems.extend(item_problems)
            else:
                self._remember(item)
        return problems

    @property
    def remembered(self) -> int:
        """How many job objects that passed are remembered now."""
        return len(self._passed)

    def _remember(self, item: object) -> None:
        if len(self._passed) >= self._remembered:
            del self._passed[next(iter(self._passed))]  # the oldest first: dicts keep insertion order
        self._passed[id(item)] = item

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
    """The two halves of a page's schema, or None when its `data` is not an array checked item by item."""
    page = dict(contract.resolve(schema))
    properties = dict(page.get("properties", {}))
    field = properties.get(ITEMS_FIELD)
    if not isinstance(field, Mapping) or "items" not in field or _WHOLE_ARRAY_KEYWORDS & field.keys():
        return None
    properties[ITEMS_FIELD] = {**field, "items": True}
    page["properties"] = properties
    components = contract.document.get("components", {})
    return PageSchema(SchemaValidator(page, components), SchemaValidator(field["items"], components))
