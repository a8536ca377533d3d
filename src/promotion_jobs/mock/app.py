"""The mock's ASGI application: its configuration, and the routing in front of its pipeline.

Routes come from the document's paths, one per path, taking every method: a declared method goes
through the pipeline (`pipeline`), any other is answered 405 with `Allow`. Starlette's own
refusals are put in the Elastic Path error shape, and a path that matches once its trailing slash
is added or removed is redirected there, to the public URL (`state.MockState.public_url`), not
the one a client's Host header names. Download links (`handlers.FILES_PATH`) have a route of
their own: they stand in for the real API's signed file URLs, outside the document.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Match, Route

from promotion_jobs.contract import Contract, Operation
from promotion_jobs.error_document import error_document
from promotion_jobs.mock.exchange import Reply, json_response
from promotion_jobs.mock.faults import Fault, FaultSet
from promotion_jobs.mock.handlers import FILES_PATH, HANDLERS, download_file
from promotion_jobs.mock.lifecycle import DEFAULT_STEP_SECONDS, JobLifecycle
from promotion_jobs.mock.limits import clip_detail
from promotion_jobs.mock.pipeline import Pipeline
from promotion_jobs.mock.state import MockState, checked_public_url
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.token_authority import TokenAuthority
from promotion_jobs.settings import StoreSettings, contract_for, default_settings

ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


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


def create_app(config: MockConfig, *, contract: Contract | None = None) -> Starlette:
    """The ASGI app of a mock; serve it with uvicorn or call it in-process.

    Its `state.mock` is the `MockState` it serves from.
    """
    state = _mock_state(config, contract or contract_for(config.settings))
    app = Starlette(routes=_routes(state, Pipeline(state, strict=config.strict)))
    app.router.redirect_slashes = False  # done by `_routing_error`, to the public URL
    app.state.mock = state
    app.add_exception_handler(HTTPException, _routing_error)
    return app


def _mock_state(config: MockConfig, contract: Contract) -> MockState:
    """The state a configuration describes, with a new job lifecycle on its store."""
    lifecycle = JobLifecycle(
        config.store,
        clock=config.clock,
        step_seconds=config.step_seconds,
        seed=config.seed,
        promotion_codes_limit=config.settings.promotion_codes_limit,
    )
    return MockState(
        contract=contract,
        store=config.store,
        lifecycle=lifecycle,
        tokens=config.tokens,
        clock=config.clock,
        settings=config.settings,
        faults=FaultSet.of(config.faults),
        configured_url=None if config.public_url is None else checked_public_url(config.public_url),
    )


def _routes(state: MockState, pipeline: Pipeline) -> list[Route]:
    """A route per path of the document that has a handler, and the download route."""
    by_path: dict[str, dict[str, Operation]] = {}
    for operation in state.contract.operations.values():
        if operation.operation_id in HANDLERS:
            by_path.setdefault(operation.path, {})[operation.method] = operation
    # Every method reaches the endpoint, which answers the undeclared ones 405 with `Allow`.
    operations = [Route(path, _endpoint(pipeline, methods), methods=ANY_METHOD) for path, methods in by_path.items()]

    async def download(request: Request) -> Response:
        return download_file(state, request.path_params["name"])

    return [*operations, Route(FILES_PATH, download, methods=["GET"])]


def _endpoint(pipeline: Pipeline, methods: dict[str, Operation]) -> Callable[[Request], Awaitable[Response]]:
    allow = ", ".join(sorted(methods))

    async def endpoint(request: Request) -> Response:
        if b"%2f" in request.scope.get("raw_path", b"").lower():
            # Routing saw the decoded path; an encoded slash belongs inside one segment,
            # where no declared path has it, so this is no resource of the API.
            return json_response(404, error_document(404, clip_detail(f"no resource at {request.url.path}")))
        operation = methods.get(request.method)
        if operation is None:
            refusal = Reply(405, error_document(405, f"Allowed methods: {allow}"), {"Allow": allow})
            return pipeline.respond(None, refusal)
        return await pipeline.serve(operation, request)

    return endpoint


async def _routing_error(request: Request, exc: Exception) -> Response:
    """Starlette's own refusals (no route: 404; the download route's other methods: 405) in the
    Elastic Path error shape, with the headers, such as `Allow`, that Starlette gives them; a path
    that matches once its trailing slash is added or removed is redirected there instead."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == 404:
        state: MockState = request.app.state.mock
        redirect = _slash_redirect(request, request.app.router.routes, state.public_url(request))
        if redirect is not None:
            return redirect
    detail = clip_detail(f"no resource at {request.url.path}") if exc.status_code == 404 else None
    return json_response(exc.status_code, error_document(exc.status_code, detail), exc.headers)


def _slash_redirect(request: Request, routes: Sequence[BaseRoute], public_url: str) -> Response | None:
    """Starlette's redirect of `/jobs/` to `/jobs` (and back), but to the public URL: Starlette
    would build it from the request's Host header."""
    path: str = request.scope["path"]
    scope = {**request.scope, "path": _toggle_slash(path)}
    if path == "/" or all(route.matches(scope)[0] is Match.NONE for route in routes):
        return None
    raw: bytes | None = request.scope.get("raw_path")  # the path as the client encoded it
    target = _toggle_slash(quote(path) if raw is None else raw.decode("latin-1"))
    query = request.scope.get("query_string", b"").decode("latin-1")
    return RedirectResponse(public_url + target + (f"?{query}" if query else ""))


def _toggle_slash(path: str) -> str:
    return path.rstrip("/") if path.endswith("/") else path + "/"
