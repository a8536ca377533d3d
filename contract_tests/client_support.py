"""What the client-helper suites share: mocks on loopback, a token endpoint, clocks, job factories."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from promotion_jobs.errors import error_document
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.tokens import TokenAuthority

SEED = "ad386702-e780-42c6-b190-0527ad768917"
MIXED = "c0a80101-7d2f-4e8a-9b3c-5d6e7f8a9b01"
PAGED = "c0a80103-5a0d-4c6e-9f1a-3b4c5d6e7f03"
EMPTY = "c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04"
UNKNOWN = "c0a80199-0000-4000-8000-000000000000"
TOKEN = "mock-token"
CLIENT_ID = "mock-client-id"
CLIENT_SECRET = "mock-client-secret"


class FakeClock:
    """A clock that moves only when told to, shared by the token authority and the client."""

    def __init__(self, now: float = 1_700_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@contextmanager
def serve_mock(store: Store | None = None) -> Iterator[str]:
    """The mock with `store` (default: the packaged fixtures) on a free loopback port."""
    with running_server(create_app(MockConfig(store or fixture_store()))) as base_url:
        yield base_url


class CountingApp:
    """Counts requests and response statuses per path, around any ASGI app."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: Counter[str] = Counter()
        self.statuses: Counter[tuple[str, int]] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        self.requests[path] += 1

        async def counting_send(message: Any) -> None:
            if message["type"] == "http.response.start":
                self.statuses[path, message["status"]] += 1
            await send(message)

        await self.app(scope, receive, counting_send)


class TokenEndpoint:
    """`POST /oauth/access_token` in front of the mock, issuing from the mock's own token authority.

    The mock serves this operation itself once the document declares it; until then the helpers'
    auth is tested against this small app on loopback. It records the forms it received.
    """

    def __init__(self, tokens: TokenAuthority) -> None:
        self.tokens = tokens
        self.forms: list[dict[str, str]] = []
        self.content_types: list[str] = []

    async def handle(self, request: Request) -> Response:
        form = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        self.forms.append(form)
        self.content_types.append(request.headers.get("content-type", ""))
        if form.get("grant_type") != "client_credentials":
            return JSONResponse(dict(error_document(400, "grant_type must be client_credentials")), status_code=400)
        issued = self.tokens.issue(form.get("client_id", ""), form.get("client_secret", ""))
        if issued is None:
            body = error_document(401, "invalid client credentials", title="Unauthorized")
            return JSONResponse(dict(body), status_code=401)
        return JSONResponse(dict(issued))


@contextmanager
def serve_with_token_endpoint(tokens: TokenAuthority) -> Iterator[tuple[str, TokenEndpoint, CountingApp]]:
    """The fixture mock plus a token endpoint sharing `tokens`, counted, on a free loopback port."""
    endpoint = TokenEndpoint(tokens)
    mock = create_app(MockConfig(fixture_store(), tokens=tokens))
    app = CountingApp(
        Starlette(routes=[Route("/oauth/access_token", endpoint.handle, methods=["POST"]), Mount("/", app=mock)])
    )
    with running_server(app) as base_url:
        yield base_url, endpoint, app


def make_jobs(promotion_id: str, count: int) -> list[dict[str, Any]]:
    """`count` valid jobs for a promotion, oldest first, alternating type and status."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    statuses = ["completed", "failed", "cancelled"]
    jobs = []
    for number in range(count):
        created = (start + timedelta(minutes=number)).isoformat().replace("+00:00", "Z")
        job: dict[str, Any] = {
            "type": "promotion_job",
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{promotion_id}/{number}")),
            "promotion_id": promotion_id,
            "job_type": "code_export",
            "name": f"export {number}",
            "status": statuses[number % len(statuses)],
            "meta": {"timestamps": {"created_at": created, "updated_at": created}},
        }
        jobs.append(job)
    return jobs


def store_with(promotion_id: str, count: int) -> Store:
    store = Store()
    store.add_promotion(promotion_id)
    store.add_jobs(make_jobs(promotion_id, count))
    return store
