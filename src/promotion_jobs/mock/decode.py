"""The pipeline's second stage: a request becomes a Call, or a BadRequest naming what the document refuses.

Path and query parameters are read by `promotion_jobs.parameters`, the same reader the
conformance checks use; the body is read in chunks, refused once past the mock's limit
(`limits.MAX_BODY_BYTES`) before it is ever held whole, then decoded by its Content-Type and
validated by the document's schema. The one request-side fault that bites here is
`limit-unbounded`, which lets any positive 64-bit `page[limit]` through.

Decoding parameters is a function of the operation, the query string and the path alone, and a
polling client sends the same ones again and again, so the `REMEMBERED_TARGETS` request targets
sent most lately that decoded cleanly are remembered (those up to `REMEMBERED_TARGET_BYTES` long).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from starlette.requests import Request

from promotion_jobs.contract import BodyError, Contract, Operation
from promotion_jobs.filter_grammar import FILTER_PARAMETER, PARSE_ERROR
from promotion_jobs.mock.exchange import BadRequest, Call
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.limits import BodyTooLarge, read_body
from promotion_jobs.pagination import PAGE_LIMIT
from promotion_jobs.parameters import ParameterValue, decode_parameters

REMEMBERED_TARGETS = 1024
REMEMBERED_TARGET_BYTES = 1024
PathValues = tuple[tuple[str, str], ...]


class Decoder:
    """The decode stage of one mock: the operations of its contract, read with what its faults tolerate."""

    def __init__(self, contract: Contract, faults: FaultSet) -> None:
        self._contract = contract
        self._faults = faults
        self._remembered = functools.lru_cache(maxsize=REMEMBERED_TARGETS)(self._parameters)

    async def call(self, operation: Operation, request: Request) -> Call:
        """The request's parameters and body, typed and valid; BadRequest for the first problem."""
        query: bytes = request.scope.get("query_string", b"")
        path = tuple(request.path_params.items())
        short = len(query) + sum(len(value) for _, value in path) <= REMEMBERED_TARGET_BYTES
        decode = self._remembered if short else self._parameters
        return Call(request, decode(operation.operation_id, query, path), await _body(operation, request))

    @property
    def remembered(self) -> int:
        """How many request targets' parameters are remembered now."""
        return self._remembered.cache_info().currsize

    def _parameters(self, operation_id: str, query: bytes, path: PathValues) -> Mapping[str, Any]:
        operation = self._contract.operation(operation_id)
        values: dict[str, Any] = {}
        # The query string read as Starlette reads it.
        for name, decoded in decode_parameters(operation, query.decode("latin-1"), dict(path)).items():
            if decoded.problem is not None and not _tolerated(decoded, self._faults):
                # Elastic Path answers any filter it cannot use with one message.
                detail = PARSE_ERROR if name == FILTER_PARAMETER and decoded.text is not None else decoded.problem
                raise BadRequest(detail, name)
            values[name] = decoded.value
        return MappingProxyType(values)  # shared by every request that sends the same target


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
