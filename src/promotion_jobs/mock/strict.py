"""What strict mode checks a reply with: the document's response schema, each stored job once.

Stored jobs are never mutated (`store.Store`), and a page hands out the stored objects
themselves, so a job object found valid stays valid for as long as it lives. A page whose jobs
have all passed before is checked against its schema with the items of `data` left to one side
(`items: true`); a page with jobs not seen before is checked whole, or, when only some are new,
as that half and the new jobs together against the items' schema (one call each: jsonschema_rs
checks many values in one call much faster than one by one). The verdict is the one the whole
schema gives, since `items` checks each element on its own. At most `REMEMBERED_JOBS` objects
that passed are kept for each list operation; the memory is emptied whenever it is full.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
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
    """A page's schema split in two: the page with its items unchecked, and its items (checked
    as one array, or one by one); and the items that passed."""

    page: SchemaValidator
    items: SchemaValidator
    item: SchemaValidator
    # id(item) -> the item that passed, which keeps its id from being reused
    passed: dict[int, object] = field(default_factory=dict)


class StrictCheck:
    """The problems of replies against the contract, remembering the stored jobs that passed."""

    def __init__(self, contract: Contract, *, remembered: int = REMEMBERED_JOBS) -> None:
        self._contract = contract
        self._remembered = remembered
        self._pages: dict[tuple[str, int], PageSchema | None] = {}

    def problems(self, operation: Operation, status: int, body: object) -> list[str]:
        """Why `body` is not a valid `status` reply of `operation` (empty when it is)."""
        items = body.get(ITEMS_FIELD) if isinstance(body, dict) else None
        schema = self._page_schema(operation, status) if isinstance(items, list) else None
        if schema is None or items is None:
            return self._contract.validate_response(operation.operation_id, status, body)
        passed = schema.passed
        new = [(index, item) for index, item in enumerate(items) if passed.get(id(item), _NOT_SEEN) is not item]
        if len(new) == len(items):
            problems = self._contract.validate_response(operation.operation_id, status, body)
            if not problems:
                self._remember(passed, items)
            return problems
        problems = schema.page.errors(body)
        if not new:
            return problems
        if schema.items.is_valid([item for _, item in new]):
            self._remember(passed, [item for _, item in new])
            return problems
        for index, item in new:  # the rare case: say which of the new jobs fail, and where
            item_problems = schema.item.errors(item, at=f"/{ITEMS_FIELD}/{index}")
            problems.extend(item_problems)
            if not item_problems:
                self._remember(passed, [item])
        return problems

    @property
    def remembered(self) -> int:
        """How many job objects that passed are remembered now."""
        return sum(len(schema.passed) for schema in self._pages.values() if schema is not None)

    def _remember(self, passed: dict[int, object], items: list[object]) -> None:
        if len(passed) + len(items) > self._remembered:
            passed.clear()
        for item in items[: self._remembered]:
            passed[id(item)] = item

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
    data = properties.get(ITEMS_FIELD)
    if not isinstance(data, Mapping) or not isinstance(data.get("items"), Mapping):
        return None
    if _POSITIONAL_KEYWORDS & data.keys():
        return None
    properties[ITEMS_FIELD] = {**data, "items": True}
    page["properties"] = properties
    components = contract.document.get("components", {})
    return PageSchema(
        page=SchemaValidator(page, components),
        items=SchemaValidator({"type": "array", "items": data["items"]}, components),
        item=SchemaValidator(data["items"], components),
    )
