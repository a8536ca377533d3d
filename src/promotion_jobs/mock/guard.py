"""The pipeline's first stage: what is answered before anything of the request is read.

A simulated error the request asks for (`X-Mock-Error`, see `simulation`) comes first, so a
consumer's retry test gets it whatever else is wrong; then a secured operation called without a
valid `client_credentials` token is refused, 401 or 403, unless the `no-auth` fault is active.
"""

from __future__ import annotations

from starlette.requests import Request

from promotion_jobs.bearer import bearer_token
from promotion_jobs.contract import Operation
from promotion_jobs.error_document import error_document
from promotion_jobs.mock.exchange import Reply
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.simulation import SimulatedErrors
from promotion_jobs.mock.state import MockState
from promotion_jobs.mock.token_authority import Access

UNAUTHORIZED = "Unable to validate access token"
# The jobs-api overview: "The jobs endpoints work using client_credentials token".
CLIENT_CREDENTIALS_ONLY = "The jobs endpoints work using client_credentials token"


class Guard:
    """Refuses requests before they are decoded; remembers which simulated errors were served."""

    def __init__(self, state: MockState) -> None:
        self._state = state
        self._simulated = SimulatedErrors()

    def refusal(self, operation: Operation, request: Request) -> Reply | None:
        """The reply that ends the request here, or None to go on to decoding."""
        simulated = self._simulated.reply_for(request.headers)
        if simulated is not None:
            return simulated
        return self._unauthorised(operation, request)

    def _unauthorised(self, operation: Operation, request: Request) -> Reply | None:
        """The 401 or 403 of a secured operation called without a client_credentials token."""
        if not operation.security or Fault.NO_AUTH in self._state.faults:
            return None
        token = bearer_token(request.headers.get("authorization"))
        access = self._state.tokens.access(token, now=self._state.clock())
        if access is None:
            return Reply(401, error_document(401, title=UNAUTHORIZED))
        if access is not Access.CLIENT_CREDENTIALS:
            return Reply(403, error_document(403, CLIENT_CREDENTIALS_ONLY))
        return None
