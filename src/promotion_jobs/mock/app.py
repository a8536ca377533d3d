"""The mock's ASGI application: the document's operations, served from the store.

Routes come from the document's paths. Every request passes the document's parameter and body
schemas before a handler runs; in strict mode every response is checked against the document
before it is sent, and a violation is logged and answered 500 rather than sent as if it were fine.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from promotion_jobs.auth import bearer_token
from promotion_jobs.contract import BodyError, Contract, Operation
from promotion_jobs.errors import error_document
from promotion_jobs.filters import FILTER_PARAMETER, PARSE_ERROR
from promotion_jobs.mock.exchange import BadRequest, Call, Reply, json_response
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.handlers import FILES_PATH, HANDLERS, download_file
from promotion_jobs.mock.lifecycle import DEFAULT_STEP_SECONDS, JobLifecycle, UnknownJob
from promotion_jobs.mock.simulation import SimulatedErrors
from promotion_jobs.mock.store import Store, UnknownPromotion
from promotion_jobs.mock.tokens import Access, TokenAuthority
from promotion_jobs.pagination import PAGE_LIMIT
from promotion_jobs.settings import StoreSettings, contract_for, default_settings

logger = logging.getLogger("promotion_jobs.mock")

UNAUTHORIZED = "Unable to validate access token"
# The jobs-api overview: "The jobs endpoints work using client_credentials token".
CLIENT_CREDENTIALS_ONLY = "The jobs endpoints work using client_credentials token"
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


@dataclass
class MockConfig:
    """Everything a mock instance is made of; the defaults are the documented ones.

    `clock` drives token expiry and the job lifecycle; `step_seconds` is how long a job stays
    in each of its transient statuses; `settings` are the store settings the mock serves at
    `GET /v2/settings` and honours (its contract is the document adjusted to them).
    """

    store: Store
    tokens: TokenAuthority = field(default_factory=TokenAuthority)
    strict: bool = True
    faults: Sequence[Fault] = ()
    clock: Callable[[], float] = time.time
    step_seconds: float = DEFAULT_STEP_SECONDS
    seed: int | None = None
    settings: StoreSettings = field(default_factory=default_settings)


class MockApp:
    """Routing, validation, auth, error simulation and faults around the operation handlers."""

    def __init__(self, config: MockConfig, contract: Contract) -> None:
        self.config = config
        self.store = config.store
        self.contract = contract
        self.faults = FaultSet.of(config.faults)
        self.simulated = SimulatedErrors()
        self.lifecycle = JobLifecycle(
            config.store,
            clock=config.clock,
            step_seconds=config.step_seconds,
            seed=config.seed,
            promotion_codes_limit=config.settings.promotion_codes_limit,
        )
        self._validate_responses = config.strict and not self.faults

    def routes(self) -> list[Route]:
        by_path: dict[str, dict[str, Operation]] = {}
        for operation in self.contract.operations.values():
            if operation.operation_id in HANDLERS:
                by_path.setdefault(operation.path, {})[operation.method] = operation
        # Every method reaches the endpoint, which answers the undeclared ones 405 with `Allow`.
        routes = [Route(path, self._endpoint(methods), methods=ANY_METHOD) for path, methods in by_path.items()]
        return [*routes, Route(FILES_PATH, self._download, methods=["GET"])]

    def _endpoint(self, methods: dict[str, Operation]) -> Callable[[Request], Awaitable[Response]]:
        allow = ", ".join(sorted(methods))

        async def endpoint(request: Request) -> Response:
            if b"%2f" in request.scope.get("raw_path", b"").lower():
                # Routing saw the decoded path; an encoded slash belongs inside one segment,
                # where no declared path has it, so this is no resource of the API.
                return json_response(404, error_document(404, f"no resource at {request.url.path}"))
            operation = methods.get(request.method)
            if operation is None:
                reply = Reply(405, error_document(405, f"Allowed methods: {allow}"), {"Allow": allow})
                return self.respond(None, reply)
            return self.respond(operation, await self.serve(operation, request))

        return endpoint

    async def _download(self, request: Request) -> Response:
        return download_file(self, request.path_params["name"])

    async def serve(self, operation: Operation, request: Request) -> Reply:
        simulated = self.simulated.reply_for(request.headers)
        if simulated is not None:
            return Reply(*simulated)
        if operation.security and Fault.NO_AUTH not in self.faults:
            access = self.config.tokens.access(
                bearer_token(request.headers.get("authorization")), now=self.config.clock()
            )
            if access is None:
                return Reply(401, error_document(401, title=UNAUTHORIZED))
            if access is not Access.CLIENT_CREDENTIALS:
                return Reply(403, error_document(403, CLIENT_CREDENTIALS_ONLY))
        try:
            call = Call(
                request,
                operation,
                self.decode_parameters(operation, request),
                await self.decode_body(operation, request),
            )
            return await HANDLERS[operation.operation_id](self, call)
        except BadRequest as bad:
            return self._bad_request(bad)
        except (UnknownPromotion, UnknownJob) as missing:
            thing = "promotion" if isinstance(missing, UnknownPromotion) else "job"
            return Reply(404, error_document(404, f"{thing} not found"))

    def _bad_request(self, bad: BadRequest) -> Reply:
        if bad.source == FILTER_PARAMETER and Fault.FILTER_500 in self.faults:
            return Reply(500, error_document(500, request_id=str(uuid.uuid4())))
        return Reply(400, error_document(400, bad.detail, source=bad.source))

    def decode_parameters(self, operation: Operation, request: Request) -> dict[str, Any]:
        """Path and query values, typed and validated by the document's parameter schemas."""
        values: dict[str, Any] = {}
        for parameter in operation.parameters:
            if parameter.location == "path":
                raw = request.path_params.get(parameter.name)
            else:
                given = request.query_params.getlist(parameter.name)
                if len(given) > 1:  # refused rather than one of them silently winning
                    raise BadRequest(f"{parameter.name} is given more than once", parameter.name)
                raw = given[0] if given else None
            if raw is None:
                if parameter.required:
                    raise BadRequest(f"{parameter.name} is required", parameter.name)
                values[parameter.name] = parameter.default
                continue
            value = parameter.coerce(raw)
            if self._tolerated(parameter.name, value):
                values[parameter.name] = value
                continue
            problem = parameter.problem(raw)
            if problem is not None:
                detail = (
                    PARSE_ERROR if parameter.name == FILTER_PARAMETER else f"{parameter.name} is invalid: {problem}"
                )
                raise BadRequest(detail, parameter.name)
            values[parameter.name] = value
        return values

    async def decode_body(self, operation: Operation, request: Request) -> Any:
        """The request body, read by its Content-Type and validated by the document's schema."""
        if operation.request_body is None:
            return None
        try:
            return operation.request_body.read(request.headers.get("content-type"), await request.body())
        except BodyError as error:
            raise BadRequest(f"the request body is invalid: {error}") from None

    def _tolerated(self, name: str, value: object) -> bool:
        # Any positive 64-bit limit: the drift is "above 100", not numbers JSON encoders refuse.
        limit = Fault.LIMIT_UNBOUNDED in self.faults and name == PAGE_LIMIT
        return limit and isinstance(value, int) and 0 < value < 2**63

    def respond(self, operation: Operation | None, reply: Reply) -> Response:
        body, status = reply.body, reply.status
        if self._validate_responses and operation is not None:
            problems = self.contract.validate_response(operation.operation_id, status, body)
            if problems:
                logger.error("contract violation in %s %s: %s", operation.operation_id, status, problems)
                body = error_document(500, f"mock response violates the contract: {problems[0]}")
                status = 500
        body = self.faults.rewrite(status, body)
        return json_response(status, body, reply.headers, self.faults.content_type(status))


def create_app(config: MockConfig, *, contract: Contract | None = None) -> Starlette:
    """The ASGI app of a mock; serve it with uvicorn or call it in-process."""
    mock = MockApp(config, contract or contract_for(config.settings))
    app = Starlette(routes=mock.routes())
    app.state.mock = mock
    app.add_exception_handler(HTTPException, _routing_error)
    return app


async def _routing_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no route: 404; the download route's other methods: 405) in the
    Elastic Path error shape, with the headers, such as `Allow`, that Starlette gives them."""
    assert isinstance(exc, HTTPException)
    detail = f"no resource at {request.url.path}" if exc.status_code == 404 else None
    return json_response(exc.status_code, error_document(exc.status_code, detail), exc.headers)
