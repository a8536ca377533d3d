"""The pipeline's second stage: a request becomes a Call, or a BadRequest naming what the document refuses.

Path and query parameters are read by `promotion_jobs.parameters`, the same reader the
conformance checks use; the body is read in chunks, refused once past the mock's limit
(`limits.MAX_BODY_BYTES`) before it is ever held whole, then decoded by its Content-Type and
validated by the document's schema. The one request-side fault that bites here is
`limit-unbounded`, which lets any positive 64-bit `page[limit]` through.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from promotion_jobs.contract import BodyError, Operation
from promotion_jobs.filter_grammar import FILTER_PARAMETER, PARSE_ERROR
from promotion_jobs.mock.exchange import BadRequest, Call
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.limits import BodyTooLarge, read_body
from promotion_jobs.pagination import PAGE_LIMIT
from promotion_jobs.parameters import ParameterValue, decode_parameters


async def decode_call(operation: Operation, request: Request, faults: FaultSet) -> Call:
    """The request's parameters and body, typed and valid; BadRequest for the first problem."""
    return Call(request, _parameters(operation, request, faults), await _body(operation, request))


def _parameters(operation: Operation, request: Request, faults: FaultSet) -> dict[str, Any]:
    query = request.scope.get("query_string", b"").decode("latin-1")  # as Starlette reads it
    values: dict[str, Any] = {}
    for name, decoded in decode_parameters(operation, query, request.path_params).items():
        if decoded.problem is not None and not _tolerated(decoded, faults):
            # Elastic Path answers any filter it cannot use with one message.
            detail = PARSE_ERROR if name == FILTER_PARAMETER and decoded.text is not None else decoded.problem
            raise BadRequest(detail, name)
        values[name] = decoded.value
    return values


def _tolerated(decoded: ParameterValue, faults: FaultSet) -> bool:
    # Any positive 64-bit limit: the drift is "above 100", not numbers JSON encoders refuse.
    limit = Fault.LIMIT_UNBOUNDED in faults and decoded.name == PAGE_LIMIT
    return limit and isinstance(decoded.value, int) and 0 < decoded.value < 2**63


async def _body(operation: Operation, request: Request) -> Any:
    if operation.request_body is None:
        return None
    try:
        raw = await read_body(request)
    except BodyTooLarge as error:
        raise BadRequest(str(error)) from None
    try:
        return operation.request_body.read(request.headers.get("content-type"), raw)
    except BodyError as error:
        raise BadRequest(f"the request body is invalid: {error}") from None
