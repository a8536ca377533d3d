"""One exception for every way a call can fail, for callers who prefer exceptions to unions.

The generated client returns `PromotionJobList | ErrorResponse | None`; `expect` turns that into
the success type or a `PromotionJobsError` carrying the HTTP status and Elastic Path's error list.
Failures without an HTTP answer (timeouts, refused connections) have `status` None.

Error bodies are read leniently, because services differ: `status` may be a string, a number or
absent, `detail` and `source` may be absent, and a proxy in front of the API answers in HTML. What
cannot be read as Elastic Path errors becomes one error titled by the status phrase, and `body`
keeps the start of the raw text for whoever has to find out what answered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any, TypeVar

import httpx
from elasticpath_promotion_jobs_client.models import Error, ErrorResponse
from elasticpath_promotion_jobs_client.types import Response

from promotion_jobs.environment import redact

T = TypeVar("T")

BODY_LIMIT = 2000  # characters of a raw body kept on the exception
NOT_THE_ERROR_SHAPE = "the response body is not in the Elastic Path error shape"
_FIELDS = ("title", "status", "detail", "source", "request_id")


class PromotionJobsError(Exception):
    """An Elastic Path call that did not succeed: `status` (None without a response), `errors`, and
    `body`, the start of the raw response text ("" without one)."""

    def __init__(self, status: int | None, errors: Sequence[Error], *, body: str = "") -> None:
        self.status = status
        self.errors: tuple[Error, ...] = tuple(errors)
        self.body = body[:BODY_LIMIT]
        super().__init__(self._describe())

    @classmethod
    def from_body(cls, status: int, content: bytes) -> PromotionJobsError:
        """From an error response body: its errors in any documented variant of Elastic Path's
        shape, or else one error titled by the status phrase; the status is always kept."""
        errors = _elastic_path_errors(status, content) or [
            Error(status=status, title=_phrase(status), detail=NOT_THE_ERROR_SHAPE)
        ]
        return cls(status, errors, body=body_text(content))

    @classmethod
    def from_response(cls, response: httpx.Response) -> PromotionJobsError:
        return cls.from_body(response.status_code, response.content)

    @classmethod
    def single(cls, status: int | None, title: str, detail: str, *, body: str = "") -> PromotionJobsError:
        """One error written here: a timeout (status None), a malformed answer, a bound reached."""
        return cls(status, [Error(status="" if status is None else status, title=title, detail=detail)], body=body)

    @classmethod
    def unreadable(cls, status: int, content: bytes, detail: str) -> PromotionJobsError:
        """A success answer whose body the client cannot use; `detail` says what is wrong with it."""
        return cls.single(status, "Unreadable response", detail, body=body_text(content))

    def _describe(self) -> str:
        messages = "; ".join(_message(error) for error in self.errors) or "no error details"
        return messages if self.status is None else f"HTTP {self.status}: {messages}"


def expect(response: Response[ErrorResponse | T]) -> T:
    """The parsed success of a generated `*_detailed` call, or raise PromotionJobsError."""
    parsed = response.parsed
    if parsed is None or isinstance(parsed, ErrorResponse) or int(response.status_code) >= 300:
        raise PromotionJobsError.from_body(int(response.status_code), response.content)
    return parsed


def no_answer(error: httpx.RequestError) -> PromotionJobsError:
    """A request that got no HTTP answer, named by its URL without the query string or a password."""
    try:
        where = f" from {error.request.url.copy_with(query=None)}"
    except RuntimeError:  # an error raised without its request
        where = ""
    return PromotionJobsError.single(None, redact(f"No response{where}"), redact(f"{type(error).__name__}: {error}"))


def body_text(content: bytes) -> str:
    """The first BODY_LIMIT characters of a body; only their bytes are decoded, however large it is."""
    return content[: BODY_LIMIT * 4].decode("utf-8", errors="replace")[:BODY_LIMIT]


def _elastic_path_errors(status: int, content: bytes) -> list[Error]:
    """The errors of `{"errors": [...]}`, each field taken only if it has a usable type."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, or nested past the parser's depth
        return []
    items = document.get("errors") if isinstance(document, dict) else None
    if not isinstance(items, list):
        return []
    return [_error(status, item) for item in items if isinstance(item, dict)]


def _error(status: int, item: Mapping[str, Any]) -> Error:
    """One error; a field of an unexpected type stays among the additional properties, not lost."""
    used = {name: item[name] for name in _FIELDS if name in item and _usable(name, item[name])}
    error = Error(**{"title": _phrase(status), **used})
    error.additional_properties = {key: value for key, value in item.items() if key not in used}
    return error


def _usable(name: str, value: object) -> bool:
    if name == "status":
        return isinstance(value, int | str) and not isinstance(value, bool)
    return isinstance(value, str) and (name != "title" or bool(value))


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def _message(error: Error) -> str:
    text = error.title
    if isinstance(error.detail, str) and error.detail:
        text += f": {error.detail}"
    if isinstance(error.source, str) and error.source:
        text += f" (source: {error.source})"
    if isinstance(error.request_id, str) and error.request_id:
        text += f" (request_id: {error.request_id})"
    return text
