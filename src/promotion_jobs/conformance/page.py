"""What a list request asked for and what its 200 answer said, read once for every semantic check.

The request side comes from the URL that was actually sent, so a check judges the server by what
it received; missing page parameters take the defaults the contract declares. The contract is the
one the run judges by: the document adjusted to the store's settings (its `page_length` is the
default limit, its `filter_limit` the most terms a filter may have).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from promotion_jobs.contract import Contract, load_contract
from promotion_jobs.filter_grammar import FILTER_PARAMETER, Filter
from promotion_jobs.operations import PROMOTION_ID_PARAMETER, Family
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET, Window
from promotion_jobs.parameters import decode_parameters


@dataclass(frozen=True)
class ListRequest:
    """The parameters of one list request, typed; a value the document refuses is None."""

    path: str
    promotion_id: str
    filter_text: str | None
    offset: int | None
    limit: int | None
    filter: Filter | None  # None when none was sent or the grammar refuses it
    family: Family = Family.STANDARD  # whose list call: its jobs name the promotion in `family.promotion_field`

    @property
    def window(self) -> tuple[int, int] | None:
        """(offset, limit) when both are valid values of the document."""
        if self.offset is None or self.limit is None:
            return None
        return self.offset, self.limit


@dataclass(frozen=True)
class ListPage:
    """A 200 answer to a list request, with the parts the checks read."""

    request: ListRequest
    body: Mapping[str, Any]

    @property
    def jobs(self) -> list[Mapping[str, Any]]:
        data = self.body.get("data")
        return [job for job in data if isinstance(job, Mapping)] if isinstance(data, list) else []

    def meta(self, *keys: str) -> Any:
        """The value at meta.<keys...>, or None where the body lacks it."""
        node: Any = self.body.get("meta")
        for key in keys:
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    def window(self) -> Window | None:
        """The page the server says it returned, when meta carries integers for it."""
        limit, offset, results = self.meta("page", "limit"), self.meta("page", "offset"), self.meta("results", "total")
        if not all(isinstance(value, int) and not isinstance(value, bool) for value in (limit, offset, results)):
            return None
        if limit < 1:
            return None
        return Window(offset=offset, limit=limit, results=results)


def read_request(
    url: str,
    path_parameters: Mapping[str, Any] | None,
    contract: Contract | None = None,
    family: Family = Family.STANDARD,
) -> ListRequest:
    """The list request that `url` expresses, as `contract` (default: the document) reads it."""
    contract = contract or load_contract()
    operation = contract.operation(family.list_operation)
    parts = urlsplit(url)
    values = decode_parameters(operation, parts.query)  # as the mock reads them
    filter_text = values[FILTER_PARAMETER].text
    readable = values[FILTER_PARAMETER].problem is None  # checked once, by the document's pattern
    promotion = (path_parameters or {}).get(PROMOTION_ID_PARAMETER)
    return ListRequest(
        path=parts.path,
        promotion_id=str(promotion) if promotion is not None else "",
        filter_text=filter_text,
        offset=_integer(values[PAGE_OFFSET].accepted),
        limit=_integer(values[PAGE_LIMIT].accepted),
        filter=Filter.parse(filter_text, contract) if filter_text and readable else None,
        family=family,
    )


def read_page(
    url: str,
    path_parameters: Mapping[str, Any] | None,
    status: int,
    body: object,
    contract: Contract | None = None,
    *,
    family: Family = Family.STANDARD,
) -> ListPage | None:
    """The page, for a 200 whose body is a JSON object; None for anything the checks do not judge."""
    if status != 200 or not isinstance(body, Mapping):
        return None
    return ListPage(read_request(url, path_parameters, contract, family), body)


def _integer(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None
