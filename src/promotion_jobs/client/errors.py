"""One exception for every way a call can fail, for callers who prefer exceptions to unions.

The generated client returns `PromotionJobList | ErrorResponse | None`; `expect` turns that into
the success type or a `PromotionJobsError` carrying the HTTP status and Elastic Path's error list.
Failures without an HTTP answer (timeouts, refused connections) have `status` None.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from http import HTTPStatus
from typing import TypeVar

import httpx
from elasticpath_promotion_jobs_client.models import Error, ErrorResponse
from elasticpath_promotion_jobs_client.types import Response

T = TypeVar("T")


class PromotionJobsError(Exception):
    """An Elastic Path call that did not succeed: `status` (None without a response) and `errors`."""

    def __init__(self, status: int | None, errors: Sequence[Error]) -> None:
        self.status = status
        self.errors: tuple[Error, ...] = tuple(errors)
        super().__init__(self._describe())

    @classmethod
    def from_body(cls, status: int, content: bytes) -> PromotionJobsError:
        """From an error response body; a body not in the error shape keeps only the status."""
        try:
            return cls(status, ErrorResponse.from_dict(json.loads(content)).errors)
        except (ValueError, TypeError, KeyError, AttributeError):
            detail = "the response body is not in the Elastic Path error shape"
            return cls(status, [Error(status=status, title=_phrase(status), detail=detail)])

    @classmethod
    def from_response(cls, response: httpx.Response) -> PromotionJobsError:
        return cls.from_body(response.status_code, response.content)

    @classmethod
    def single(cls, status: int | None, title: str, detail: str) -> PromotionJobsError:
        """One error written here: a timeout (status None), a runaway server, a malformed answer."""
        return cls(status, [Error(status="" if status is None else status, title=title, detail=detail)])

    def _describe(self) -> str:
        messages = "; ".join(_message(error) for error in self.errors) or "no error details"
        return messages if self.status is None else f"HTTP {self.status}: {messages}"


def expect(response: Response[ErrorResponse | T]) -> T:
    """The parsed success of a generated `*_detailed` call, or raise PromotionJobsError."""
    parsed = response.parsed
    if parsed is None or isinstance(parsed, ErrorResponse) or int(response.status_code) >= 300:
        raise PromotionJobsError.from_body(int(response.status_code), response.content)
    return parsed


def checked(call: Callable[[], Response[ErrorResponse | T]]) -> T:
    """Make a generated `*_detailed` call and `expect` its success; a call that gets no answer
    (timeout, refused connection) or an unreadable one raises PromotionJobsError as well."""
    try:
        return expect(call())
    except httpx.TransportError as error:
        raise no_answer(error) from error
    except (ValueError, KeyError, TypeError) as error:
        raise _unreadable(error) from error


async def achecked(call: Callable[[], Awaitable[Response[ErrorResponse | T]]]) -> T:
    """The asynchronous twin of checked."""
    try:
        return expect(await call())
    except httpx.TransportError as error:
        raise no_answer(error) from error
    except (ValueError, KeyError, TypeError) as error:
        raise _unreadable(error) from error


def no_answer(error: httpx.TransportError) -> PromotionJobsError:
    """A request that got no HTTP answer, named by its URL without the query string."""
    try:
        where = f" from {error.request.url.copy_with(query=None)}"
    except RuntimeError:  # an error raised without its request
        where = ""
    return PromotionJobsError.single(None, f"No response{where}", f"{type(error).__name__}: {error}")


def _unreadable(error: Exception) -> PromotionJobsError:
    return PromotionJobsError.single(None, "Unreadable response", f"{type(error).__name__}: {error}")


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
    return text
