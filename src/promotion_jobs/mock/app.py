"""The mock's ASGI application: the document's operations, served from the store.

Routes come from the document's paths. Every request passes the document's parameter schemas
before a handler runs; in strict mode every response is checked against the document before it
is sent, and a violation is logged and answered 500 rather than sent as if it were fine.
"""

from __future__ import annotations

import json
import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from promotion_jobs.auth import bearer_token
from promotion_jobs.contract import Contract, Operation, load_contract
from promotion_jobs.errors import error_document
from promotion_jobs.filters import FILTER_PARAMETER, PARSE_ERROR, Filter
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.simulation import SimulatedErrors
from promotion_jobs.mock.store import Store, UnknownPromotion
from promotion_jobs.mock.tokens import TokenAuthority
from promotion_jobs.pagination import Window

logger = logging.getLogger("promotion_jobs.mock")

UNAUTHORIZED = "Unable to validate access token"
PAGE_OFFSET, PAGE_LIMIT = "page[offset]", "page[limit]"
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


@dataclass
class MockConfig:
    """Everything a mock instance is made of; the defaults are the documented ones."""

    store: Store
    tokens: TokenAuthority = field(default_factory=TokenAuthority)
    strict: bool = True
    faults: Sequence[Fault] = ()
    clock: Callable[[], float] = time.time


@dataclass(frozen=True)
class Reply:
    """A handler's answer, before strict validation and faults."""

    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)


class BadRequest(Exception):
    """A request the document refuses; becomes a 400 naming the parameter."""

    def __init__(self, detail: str, source: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.source = source


class ContractViolation(RuntimeError):
    """The mock was about to send a response the document does not allow."""


@dataclass(frozen=True)
class Call:
    """A request that passed auth and parameter validation, with its parameters decoded."""

    request: Request
    operation: Operation
    parameters: Mapping[str, Any]


Handler = Callable[["MockApp", Call], Awaitable[Reply]]


class MockApp:
    """Routing, validation, auth, error simulation and faults around the operation handlers."""

    def __init__(self, config: MockConfig, handlers: Mapping[str, Handler], contract: Contract) -> None:
        self.config = config
        self.store = config.store
        self.contract = contract
        self.faults = FaultSet.of(config.faults)
        self.simulated = SimulatedErrors()
        self.handlers = handlers
        self._validate_responses = config.strict and not self.faults

    def routes(self) -> list[Route]:
        by_path: dict[str, dict[str, Operation]] = {}
        for operation in self.contract.operations.values():
            if operation.operation_id in self.handlers:
                by_path.setdefault(operation.path, {})[operation.method] = operation
        # Every method reaches the endpoint, which answers the undeclared ones 405 with `Allow`.
        return [Route(path, self._endpoint(methods), methods=ANY_METHOD) for path, methods in by_path.items()]

    def _endpoint(self, methods: dict[str, Operation]) -> Callable[[Request], Awaitable[Response]]:
        allow = ", ".join(sorted(methods))

        async def endpoint(request: Request) -> Response:
            operation = methods.get(request.method)
            if operation is None:
                reply = Reply(405, error_document(405, f"Allowed methods: {allow}"), {"Allow": allow})
                return self.respond(None, reply)
            return self.respond(operation, await self.serve(operation, request))

        return endpoint

    async def serve(self, operation: Operation, request: Request) -> Reply:
        simulated = self.simulated.reply_for(request.headers)
        if simulated is not None:
            return Reply(*simulated)
        if operation.security and Fault.NO_AUTH not in self.faults:
            token = bearer_token(request.headers.get("authorization"))
            if not self.config.tokens.is_valid(token):
                return Reply(401, error_document(401, title=UNAUTHORIZED))
        try:
            parameters = self.decode_parameters(operation, request)
            return await self.handlers[operation.operation_id](self, Call(request, operation, parameters))
        except BadRequest as bad:
            if bad.source == FILTER_PARAMETER and Fault.FILTER_500 in self.faults:
                return Reply(500, error_document(500, request_id=str(uuid.uuid4())))
            return Reply(400, error_document(400, bad.detail, source=bad.source))
        except UnknownPromotion:
            return Reply(404, error_document(404, "promotion not found"))

    def decode_parameters(self, operation: Operation, request: Request) -> dict[str, Any]:
        """Path and query values, typed and validated by the document's parameter schemas."""
        values: dict[str, Any] = {}
        for parameter in operation.parameters:
            source = request.path_params if parameter.location == "path" else request.query_params
            raw = source.get(parameter.name)
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
                detail = PARSE_ERROR if parameter.name == FILTER_PARAMETER else _describe(parameter.name, problem)
                raise BadRequest(detail, parameter.name)
            values[parameter.name] = value
        return values

    def _tolerated(self, name: str, value: object) -> bool:
        return Fault.LIMIT_UNBOUNDED in self.faults and name == PAGE_LIMIT and isinstance(value, int) and value > 0

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


def _describe(name: str, problem: str) -> str:
    return f"{name} is invalid: {problem}"


async def list_jobs(app: MockApp, call: Call) -> Reply:
    """GET /v2/promotions/{promotionID}/jobs: filter, then one page, newest first."""
    promotion_id = str(call.parameters["promotionID"]).lower()
    filter_text: str | None = call.parameters[FILTER_PARAMETER]
    try:
        parsed = Filter.parse(filter_text) if filter_text is not None else Filter(())
    except ValueError:
        raise BadRequest(PARSE_ERROR, FILTER_PARAMETER) from None
    required = {} if Fault.FILTER_IGNORED in app.faults else parsed.required_values()
    offset, limit = call.parameters[PAGE_OFFSET], call.parameters[PAGE_LIMIT]
    taken = limit + 1 if Fault.PAGE_OVERFLOW in app.faults else limit
    found = app.store.page(promotion_id, required, offset, taken)
    window = Window(offset=offset, limit=limit, results=found.total)
    collection = str(call.request.base_url).rstrip("/") + call.request.url.path
    body = {
        "data": found.jobs,
        "links": window.links(collection, filter_text),
        "meta": {"page": window.meta(), "results": {"total": found.total}},
    }
    return Reply(200, body)


async def issue_token(app: MockApp, call: Call) -> Reply:
    """POST /oauth/access_token with a form body: client_credentials for the configured client."""
    form = dict(parse_qsl((await call.request.body()).decode("utf-8", "replace"), keep_blank_values=True))
    grant = form.get("grant_type")
    if grant != "client_credentials":
        return Reply(400, error_document(400, "grant_type must be client_credentials", source="grant_type"))
    issued = app.config.tokens.issue(form.get("client_id", ""), form.get("client_secret", ""))
    if issued is None:
        return Reply(401, error_document(401, "invalid client credentials", title="Unauthorized"))
    return Reply(200, issued)


HANDLERS: dict[str, Handler] = {"getPromotionJobs": list_jobs, "createAccessToken": issue_token}


def create_app(config: MockConfig, *, contract: Contract | None = None) -> Starlette:
    """The ASGI app of a mock; serve it with uvicorn or call it in-process."""
    mock = MockApp(config, HANDLERS, contract or load_contract())
    app = Starlette(routes=mock.routes())
    app.state.mock = mock
    app.add_exception_handler(404, _not_found)
    return app


def json_response(
    status: int, body: Any, headers: Mapping[str, str] | None = None, media_type: str = "application/json"
) -> Response:
    return Response(
        json.dumps(body, separators=(",", ":")), status_code=status, headers=dict(headers or {}), media_type=media_type
    )


async def _not_found(request: Request, exc: Exception) -> Response:
    return json_response(404, error_document(404, f"no resource at {request.url.path}"))
