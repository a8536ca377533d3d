"""The mock's ASGI application: the document's operations, served from the store.

Routes come from the document's paths. Every request passes the document's parameter and body
schemas before a handler runs; in strict mode every response is checked against the document
before it is sent, and a violation is logged and answered 500 rather than sent as if it were fine.
Every absolute URL the mock writes (page `links`, a file's `href`, the redirect of a path with or
without its trailing slash) starts with `MockConfig.public_url`, by default the address the server
is bound to, never the `Host` header a client sends.

Limits of the mock's own (Elastic Path documents none, so they stay out of the document's
schemas; a breach is a 400 in the Elastic Path error shape), in `limits` unless named otherwise:
a request body of at most 64 KiB (`MAX_BODY_BYTES`; a larger declared Content-Length is refused
unread, a larger streamed body as soon as it passes the limit) and a `code_prefix` of at most 64
characters (`MAX_CODE_PREFIX_LENGTH`). An error detail quotes at most 200 characters of any value a
client sent, then an ellipsis (`MAX_ECHOED_CHARS`), and loses its middle past 1,000 characters
(`MAX_DETAIL_CHARS`). A download link is forgotten once expired, after 300 seconds
(`lifecycle.FILE_LIFETIME_SECONDS`), and an export's CSV is streamed 500 rows at a time
(`lifecycle.CSV_CHUNK_ROWS`) from a snapshot of the codes, never held whole.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlsplit

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import Scope

from promotion_jobs.auth import bearer_token
from promotion_jobs.contract import BodyError, Contract, Operation
from promotion_jobs.errors import error_document
from promotion_jobs.filters import FILTER_PARAMETER, PARSE_ERROR
from promotion_jobs.mock.exchange import BadRequest, Call, Reply, json_response
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.handlers import FILES_PATH, HANDLERS, download_file
from promotion_jobs.mock.lifecycle import DEFAULT_STEP_SECONDS, JobLifecycle, UnknownJob
from promotion_jobs.mock.limits import BodyTooLarge, clip, clip_detail, read_body
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
DISCONNECTED = "the client disconnected before sending the whole request body"
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass
class MockConfig:
    """Everything a mock instance is made of; the defaults are the documented ones.

    `clock` drives token expiry and the job lifecycle; `step_seconds` is how long a job stays
    in each of its transient statuses; `settings` are the store settings the mock serves at
    `GET /v2/settings` and honours (its contract is the document adjusted to them); `public_url`
    starts every absolute URL the mock writes (None: the address the server is bound to).
    """

    store: Store
    tokens: TokenAuthority = field(default_factory=TokenAuthority)
    strict: bool = True
    faults: Sequence[Fault] = ()
    clock: Callable[[], float] = time.time
    step_seconds: float = DEFAULT_STEP_SECONDS
    seed: int | None = None
    settings: StoreSettings = field(default_factory=default_settings)
    public_url: str | None = None


def checked_public_url(url: str) -> str:
    """`url` without its trailing slash, if it can start the mock's URLs; ValueError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in _DEFAULT_PORTS or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"the public URL must be an absolute http(s) URL without query or fragment: {url!r}")
    if any(character.isspace() for character in url):
        raise ValueError(f"the public URL must not contain whitespace: {url!r}")
    return url.rstrip("/")


def bound_url(scope: Scope) -> str:
    """The URL of the socket a request arrived on (ASGI's `server`), whatever its Host header says."""
    scheme = str(scope.get("scheme", "http"))
    server = scope.get("server")
    if not server or server[1] is None:  # a Unix socket: no address a client could use
        return f"{scheme}://localhost"
    host, port = str(server[0]), int(server[1])
    host = f"[{host}]" if ":" in host else host
    return f"{scheme}://{host}" if _DEFAULT_PORTS.get(scheme) == port else f"{scheme}://{host}:{port}"


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
        self._public_url = None if config.public_url is None else checked_public_url(config.public_url)

    def public_url(self, request: Request) -> str:
        """The start of every absolute URL written in answer to `request`, without a trailing slash."""
        return self._public_url or bound_url(request.scope)

    def slash_redirect(self, request: Request, routes: Sequence[BaseRoute]) -> Response | None:
        """Starlette's redirect of `/jobs/` to `/jobs` (and back), but to the public URL: Starlette
        would build it from the request's Host header."""
        path: str = request.scope["path"]
        scope = {**request.scope, "path": _toggle_slash(path)}
        if path == "/" or all(route.matches(scope)[0] is Match.NONE for route in routes):
            return None
        raw: bytes | None = request.scope.get("raw_path")  # the path as the client encoded it
        target = _toggle_slash(quote(path) if raw is None else raw.decode("latin-1"))
        query = request.scope.get("query_string", b"").decode("latin-1")
        return RedirectResponse(self.public_url(request) + target + (f"?{query}" if query else ""))

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
                return json_response(404, error_document(404, clip_detail(f"no resource at {request.url.path}")))
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
        refused = self._refused(operation, request)
        if refused is not None:
            return refused
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
        except ClientDisconnect:
            # Nobody is left to answer; a traceback would only bury the logs.
            logger.debug("client disconnected mid-body: %s %s", request.method, clip(request.url.path))
            return Reply(400, error_document(400, DISCONNECTED))
        except (UnknownPromotion, UnknownJob) as missing:
            thing = "promotion" if isinstance(missing, UnknownPromotion) else "job"
            return Reply(404, error_document(404, f"{thing} not found"))

    def _refused(self, operation: Operation, request: Request) -> Reply | None:
        """The 401 or 403 of a secured operation called without a client_credentials token."""
        if not operation.security or Fault.NO_AUTH in self.faults:
            return None
        access = self.config.tokens.access(bearer_token(request.headers.get("authorization")), now=self.config.clock())
        if access is None:
            return Reply(401, error_document(401, title=UNAUTHORIZED))
        if access is not Access.CLIENT_CREDENTIALS:
            return Reply(403, error_document(403, CLIENT_CREDENTIALS_ONLY))
        return None

    def _bad_request(self, bad: BadRequest) -> Reply:
        if bad.source == FILTER_PARAMETER and Fault.FILTER_500 in self.faults:
            return Reply(500, error_document(500, request_id=str(uuid.uuid4())))
        return Reply(400, error_document(400, clip_detail(bad.detail), source=bad.source))

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
        """The request body, read by its Content-Type and validated by the document's schema.

        Read in chunks and refused once past the mock's limit, before it is ever held whole.
        """
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
                body = error_document(500, clip_detail(f"mock response violates the contract: {problems[0]}"))
                status = 500
        body = self.faults.rewrite(status, body)
        return json_response(status, body, reply.headers, self.faults.content_type(status))


def _toggle_slash(path: str) -> str:
    return path.rstrip("/") if path.endswith("/") else path + "/"


def create_app(config: MockConfig, *, contract: Contract | None = None) -> Starlette:
    """The ASGI app of a mock; serve it with uvicorn or call it in-process."""
    mock = MockApp(config, contract or contract_for(config.settings))
    app = Starlette(routes=mock.routes())
    app.router.redirect_slashes = False  # done by `_routing_error`, to the public URL
    app.state.mock = mock
    app.add_exception_handler(HTTPException, _routing_error)
    return app


async def _routing_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no route: 404; the download route's other methods: 405) in the
    Elastic Path error shape, with the headers, such as `Allow`, that Starlette gives them; a path
    that matches once its trailing slash is added or removed is redirected there instead."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        mock: MockApp = request.app.state.mock
        redirect = mock.slash_redirect(request, request.app.router.routes)
        if redirect is not None:
            return redirect
    detail = clip_detail(f"no resource at {request.url.path}") if exc.status_code == 404 else None
    return json_response(exc.status_code, error_document(exc.status_code, detail), exc.headers)
