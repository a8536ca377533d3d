"""Calls to generated endpoints that keep the HTTP status of every answer, however malformed.

A generated `sync_detailed` requests and parses in one step, so a body that fails to parse raises
from inside it and the response, with its status, is lost. `call` makes the request with the
endpoint module's own `_get_kwargs` and parses with its own `_build_response`, so the generated
code still decides what each status means, while every failure, including a malformed success,
becomes a PromotionJobsError with the status of the answer. The generated parser takes numbers
and strings as they come, so each helper passes a `check` for the fields it relies on. When the
parser fails, the document's schema for the answer says where the answer is wrong: its messages
name the field, the parser's exceptions do not.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient, Client
from elasticpath_promotion_jobs_client.errors import UnexpectedStatus
from elasticpath_promotion_jobs_client.models import ErrorResponse
from elasticpath_promotion_jobs_client.types import Response

from promotion_jobs.client.errors import PromotionJobsError, no_answer
from promotion_jobs.contract import load_contract

T = TypeVar("T")

Check = Callable[[T, httpx.Response], None]
"""Raises Malformed when a parsed success (given with its response) is unusable."""

# What the generated parsers raise on a body they cannot read: ValueError includes invalid JSON
# and text that is not UTF-8; RecursionError is JSON nested deeper than the parser can follow.
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, RecursionError, UnexpectedStatus)
_DETAIL_LIMIT = 300  # characters of one reason: enough for a field's path and a short value
_SCHEMA_PROBLEMS_SHOWN = 3


class Endpoint(Protocol[T]):
    """A generated endpoint module, such as `get_promotion_jobs`: the two steps `call` takes of it."""

    def _get_kwargs(self, *args: Any, **kwargs: Any) -> dict[str, Any]: ...

    def _build_response(
        self, *, client: AuthenticatedClient | Client, response: httpx.Response
    ) -> Response[ErrorResponse | T]: ...


class Malformed(ValueError):
    """A success body the helpers cannot use; the message says what is wrong with it."""


def call(
    client: AuthenticatedClient,
    endpoint: Endpoint[T],
    operation: str,
    *,
    check: Check[T] | None = None,
    **arguments: Any,
) -> T:
    """The parsed success of `endpoint` (the document's `operation`) called with `arguments`, or
    raise PromotionJobsError."""
    http = client.get_httpx_client()
    response = fetch(http, http.build_request(**endpoint._get_kwargs(**arguments)))
    return answer(client, endpoint, operation, response, check)


async def acall(
    client: AuthenticatedClient,
    endpoint: Endpoint[T],
    operation: str,
    *,
    check: Check[T] | None = None,
    **arguments: Any,
) -> T:
    """The asynchronous twin of call."""
    http = client.get_async_httpx_client()
    response = await afetch(http, http.build_request(**endpoint._get_kwargs(**arguments)))
    return answer(client, endpoint, operation, response, check)


def fetch(http: httpx.Client, request: httpx.Request) -> httpx.Response:
    """Send `request` and read its body. The body is read apart from the sending so that a body
    that breaks off or cannot be decoded still reports the status of the answer it belonged to."""
    try:
        response = http.send(request, stream=True)
    except httpx.RequestError as error:
        raise no_answer(error) from error
    try:
        response.read()
    except httpx.RequestError as error:
        raise _cut_short(response, error) from error
    finally:
        response.close()
    return response


async def afetch(http: httpx.AsyncClient, request: httpx.Request) -> httpx.Response:
    """The asynchronous twin of fetch."""
    try:
        response = await http.send(request, stream=True)
    except httpx.RequestError as error:
        raise no_answer(error) from error
    try:
        await response.aread()
    except httpx.RequestError as error:
        raise _cut_short(response, error) from error
    finally:
        await response.aclose()
    return response


def answer(
    client: AuthenticatedClient,
    endpoint: Endpoint[T],
    operation: str,
    response: httpx.Response,
    check: Check[T] | None = None,
) -> T:
    """The parsed success of a read `response`, or raise PromotionJobsError with its status.

    Only a 2xx the document declares reaches the generated parser: an error answer is read
    leniently by PromotionJobsError.from_response, whatever its status or body (even one
    HTTPStatus lacks), and another 2xx is an answer this client cannot read.
    """
    status = response.status_code
    if not httpx.codes.is_success(status):
        raise PromotionJobsError.from_response(response)
    if str(status) not in load_contract().operation(operation).responses:
        raise PromotionJobsError.unreadable(status, response.content, _undocumented(status))
    try:
        parsed = endpoint._build_response(client=client, response=response).parsed
        if parsed is None or isinstance(parsed, ErrorResponse):
            raise Malformed(_undocumented(status))
        if check is not None:
            check(parsed, response)
    except Malformed as error:
        raise PromotionJobsError.unreadable(status, response.content, str(error)) from error
    except _PARSE_ERRORS as error:
        detail = explain(error, operation, response)
        raise PromotionJobsError.unreadable(status, response.content, detail) from error
    return parsed


def explain(error: BaseException, operation: str, response: httpx.Response) -> str:
    """What is wrong with a body the generated parser failed on, in words rather than a traceback."""
    if isinstance(error, json.JSONDecodeError):
        return f"the body is not valid JSON ({error.msg} at line {error.lineno} column {error.colno})"
    if isinstance(error, UnicodeDecodeError):
        return "the body is not UTF-8 text"
    if isinstance(error, RecursionError):
        return "the body is nested too deeply to read"
    problems = schema_problems(operation, response)
    if problems:
        return "the answer does not match the document: " + "; ".join(problems[:_SCHEMA_PROBLEMS_SHOWN])
    if isinstance(error, KeyError):
        return f"the body lacks the required field {error.args[0]!r}"
    return f"the body is not in the documented shape: {type(error).__name__}: {error}"[:_DETAIL_LIMIT]


def schema_problems(operation: str, response: httpx.Response) -> list[str]:
    """Where the body departs from the document's schema for this answer (empty if it cannot say)."""
    try:
        body = response.json()
    except (ValueError, RecursionError):
        return []
    return [
        problem[:_DETAIL_LIMIT] for problem in load_contract().validate_response(operation, response.status_code, body)
    ]


def whole_number(value: object, where: str) -> None:
    """Raise Malformed unless `value`, found at `where`, is an integer of at least 0."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise Malformed(f"{where} is {value!r:.{_DETAIL_LIMIT}}, not a whole number")


def _undocumented(status: int) -> str:
    return f"HTTP {status} is not the success this call documents"


def _cut_short(response: httpx.Response, error: httpx.RequestError) -> PromotionJobsError:
    detail = f"the body could not be read: {type(error).__name__}: {error}"
    return PromotionJobsError.single(response.status_code, "Incomplete response", detail)
