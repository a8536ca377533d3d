"""One request's way through the mock, after routing has found its operation: four stages in a line.

    guard (guard.py)      a simulated error, or a 401/403 without a client_credentials token
    decode (decode.py)    parameters and body, typed and valid by the document, or a 400
    handle (handlers.py)  the operation, on the mock's state
    respond (respond.py)  strict validation, then reply-side faults, then the bytes sent

A stage that refuses the request ends it with a Reply, which still goes through `respond`.
"""

from __future__ import annotations

import logging
import uuid

from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from promotion_jobs.contract import Operation
from promotion_jobs.error_document import error_document
from promotion_jobs.filter_grammar import FILTER_PARAMETER
from promotion_jobs.mock.decode import Decoder
from promotion_jobs.mock.exchange import BadRequest, Reply
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.guard import Guard
from promotion_jobs.mock.handlers import HANDLERS
from promotion_jobs.mock.lifecycle import UnknownJob
from promotion_jobs.mock.limits import clip, clip_detail
from promotion_jobs.mock.respond import Responder
from promotion_jobs.mock.state import MockState
from promotion_jobs.mock.store import UnknownPromotion

logger = logging.getLogger("promotion_jobs.mock")

DISCONNECTED = "the client disconnected before sending the whole request body"


class Pipeline:
    """The stages of one mock, in the order a request meets them."""

    def __init__(self, state: MockState, *, strict: bool) -> None:
        self._state = state
        self._guard = Guard(state)
        self._decoder = Decoder(state.contract, state.faults)
        self._responder = Responder(state.contract, state.faults, strict=strict)

    async def serve(self, operation: Operation, request: Request) -> Response:
        reply = self._guard.refusal(operation, request)
        if reply is None:
            reply = await self._handled(operation, request)
        return self.respond(operation, reply)

    def respond(self, operation: Operation | None, reply: Reply) -> Response:
        """The last stage alone, for a reply routing gives itself (`operation` None: a 405)."""
        return self._responder.respond(operation, reply)

    async def _handled(self, operation: Operation, request: Request) -> Reply:
        """Decode, then handle; a problem either stage raises becomes its documented answer."""
        try:
            call = await self._decoder.call(operation, request)
            return await HANDLERS[operation.operation_id](self._state, call)
        except BadRequest as bad:
            return self._bad_request(bad)
        except ClientDisconnect:
            # Nobody is left to answer; a traceback would only bury the logs.
            logger.debug("client disconnected mid-body: %s %s", request.method, clip(request.url.path))
            return Reply(400, error_document(400, DISCONNECTED))
        except (UnknownPromotion, UnknownJob) as missing:
            thing = "promotion" if isinstance(missing, UnknownPromotion) else "job"
            return Reply(404, error_document(404, f"{thing} not found"))

    def _bad_request(self, bad: BadRequest) -> Reply:
        if bad.source == FILTER_PARAMETER and Fault.FILTER_500 in self._state.faults:
            return Reply(500, error_document(500, request_id=str(uuid.uuid4())))
        return Reply(400, error_document(400, clip_detail(bad.detail), source=bad.source))
