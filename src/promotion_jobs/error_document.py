"""The Elastic Path error shape, `{"errors": [{"status", "title", "detail", "source"}]}`.

Every 4xx and 5xx body the toolkit writes is built here, so the shape is defined once.
"""

from __future__ import annotations

from http import HTTPStatus
from typing import NotRequired, TypedDict

# Elastic Path writes these statuses as numbers and the others as strings (its Errors guide and the
# job pages; docs/elastic-path-sources.md).
_NUMERIC_STATUSES = frozenset({401, 429, 500, 503})


class ErrorObject(TypedDict):
    status: str | int
    title: str
    detail: NotRequired[str]
    source: NotRequired[str]
    request_id: NotRequired[str]


class ErrorDocument(TypedDict):
    errors: list[ErrorObject]


def error_document(
    status: int,
    detail: str | None = None,
    *,
    title: str | None = None,
    source: str | None = None,
    request_id: str | None = None,
) -> ErrorDocument:
    """One error; the title defaults to the status phrase (`Bad Request`)."""
    error: ErrorObject = {
        "status": status if status in _NUMERIC_STATUSES else str(status),
        "title": title or HTTPStatus(status).phrase,
    }
    if detail is not None:
        error["detail"] = detail
    if source is not None:
        error["source"] = source
    if request_id is not None:
        error["request_id"] = request_id
    return {"errors": [error]}
