"""The pipeline's last stage: a reply is checked against the document, faulted, and encoded.

In strict mode (the default) a reply the document does not allow (`strict.StrictCheck`) is
logged and answered 500, never sent as if it were fine. Reply-side faults rewrite it after that
check; while a request-side fault is active the check is off, since its drift is in the reply
(see `faults`).
"""

from __future__ import annotations

import logging

from starlette.responses import Response

from promotion_jobs.contract import Contract, Operation
from promotion_jobs.error_document import error_document
from promotion_jobs.mock.exchange import Reply, json_response
from promotion_jobs.mock.faults import FaultSet
from promotion_jobs.mock.limits import clip_detail
from promotion_jobs.mock.strict import StrictCheck

logger = logging.getLogger("promotion_jobs.mock")


class Responder:
    """Turns replies into the responses a mock with these faults sends."""

    def __init__(self, contract: Contract, faults: FaultSet, *, strict: bool) -> None:
        self._faults = faults
        self._check = StrictCheck(contract) if strict and not faults.any_request_side else None

    def respond(self, operation: Operation | None, reply: Reply) -> Response:
        """The response to send; `operation` None for a reply no operation declares (a 405)."""
        body, status = reply.body, reply.status
        if self._check is not None and operation is not None:
            problems = self._check.problems(operation, status, body)
            if problems:
                logger.error("contract violation in %s %s: %s", operation.operation_id, status, problems)
                body = error_document(500, clip_detail(f"mock response violates the contract: {problems[0]}"))
                status = 500
        body = self._faults.rewrite(status, body)
        return json_response(status, body, reply.headers, self._faults.content_type(status))
