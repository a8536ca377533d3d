"""What the suites share: the fixture promotions by role, paths, examples, and mocks on loopback.

The default fixtures' promotions are named here once; a suite needing a promotion names its role.
Fixtures (the pytest kind) stay in `conftest.py`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx
from elasticpath_promotion_jobs_client import AuthenticatedClient
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID, PAGED_RULE_PROMOTION_ID, fixture_store
from promotion_jobs.mock.store import Job, Store

ROOT = Path(__file__).resolve().parents[1]

# Promotions of the default fixtures, by the role tests give them (docs/mock.md lists them all).
SEED_PROMOTION = "ad386702-e780-42c6-b190-0527ad768917"  # the reference page's jobs
MIXED_PROMOTION = "c0a80101-7d2f-4e8a-9b3c-5d6e7f8a9b01"
PAGED_PROMOTION = PAGED_PROMOTION_ID
EMPTY_PROMOTION = "c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04"
AUTOMATIC_PROMOTION = "c0a80105-3e8b-4a4c-9d0e-1f2a3b4c5d05"  # no codes: job creation is a 422
UNKNOWN_PROMOTION = "c0a80199-0000-4000-8000-000000000000"  # in no fixtures: a 404
# Rule promotions (Promotions Builder) of the default fixtures.
GUIDE_RULE_PROMOTION = "8c150382-b258-4c88-a2d4-b9ea0be74a07"  # the rule guide's completed job
PAGED_RULE_PROMOTION = PAGED_RULE_PROMOTION_ID  # 40 finished jobs of both types
EMPTY_RULE_PROMOTION = "c0a80204-4f9c-4b5d-8e0f-2a3b4c5d6e14"
TOKEN = "mock-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CLIENT_ID = "mock-client-id"
CLIENT_SECRET = "mock-client-secret"


COMMAND = Path(sys.executable).with_name("promotion-jobs")


def run_jobs_command(*args: str, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    """`promotion-jobs jobs ARGS` through its real entry point, with only the given EP_ variables."""
    clean = {key: value for key, value in os.environ.items() if not key.startswith("EP_")}
    return subprocess.run(
        [str(COMMAND), "jobs", *args], env={**clean, **env}, capture_output=True, text=True, timeout=60, check=False
    )


def answered_client(handler: Callable[[httpx.Request], httpx.Response], *, strict: bool = False) -> AuthenticatedClient:
    """A generated client whose sync and async calls are both answered by `handler`, in process;
    `strict` makes the generated code raise UnexpectedStatus on a status it does not know."""
    client = AuthenticatedClient(base_url="http://fake.test", token=TOKEN, raise_on_unexpected_status=strict)
    client.set_async_httpx_client(
        httpx.AsyncClient(base_url="http://fake.test", transport=httpx.MockTransport(handler))
    )
    return client.set_httpx_client(httpx.Client(base_url="http://fake.test", transport=httpx.MockTransport(handler)))


def free_loopback_port() -> int:
    """A port of 127.0.0.1 that was free a moment ago, for a server a test starts itself."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def list_example(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A named example of the list call's 200 response, as embedded in the document."""
    media = document["paths"]["/v2/promotions/{promotionID}/jobs"]["get"]["responses"]["200"]["content"]
    example: dict[str, Any] = media["application/json"]["examples"][name]["value"]
    return example


def jobs_path(promotion_id: str) -> str:
    return f"/v2/promotions/{promotion_id}/jobs"


def rule_jobs_path(promotion_id: str) -> str:
    return f"/v2/rule-promotions/{promotion_id}/jobs"


def stored_jobs(store: Store, promotion_id: str) -> list[Job]:
    """Every job of a promotion, newest first by its own `created_at`: ordered here, not by the
    store's index that the mock pages with, so that tests of the order do not check it against itself."""
    jobs = store.page(promotion_id, {}, 0, sys.maxsize).jobs
    return sorted(jobs, key=lambda job: datetime.fromisoformat(job["meta"]["timestamps"]["created_at"]), reverse=True)


@contextmanager
def serve_mock(store: Store | None = None) -> Iterator[str]:
    """The mock with `store` (default: the packaged fixtures) on a free loopback port."""
    with running_server(create_app(MockConfig(store or fixture_store()))) as base_url:
        yield base_url


@dataclass
class Received:
    """One request as the server saw it; `body` holds what the app has read of it."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytearray


class RecordingApp:
    """Records every request (headers and body) and counts requests and statuses per path, around
    any ASGI app, so tests see exactly what reached the server."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.requests: Counter[str] = Counter()
        self.statuses: Counter[tuple[str, int]] = Counter()
        self.received: list[Received] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        self.requests[path] += 1
        headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        received = Received(scope["method"], path, headers, bytearray())
        self.received.append(received)

        async def recording_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                received.body.extend(message.get("body", b""))
            return message

        async def counting_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                self.statuses[path, message["status"]] += 1
            await send(message)

        await self.app(scope, recording_receive, counting_send)

    def to(self, path: str) -> list[Received]:
        return [request for request in self.received if request.path == path]

    def forms(self, path: str) -> list[dict[str, str]]:
        """The form bodies posted to `path`, in order."""
        return [dict(parse_qsl(request.body.decode(), keep_blank_values=True)) for request in self.to(path)]


@contextmanager
def serve_recorded(config: MockConfig) -> Iterator[tuple[str, RecordingApp]]:
    """The mock made of `config`, recorded, on a free loopback port."""
    app = RecordingApp(create_app(config))
    with running_server(app) as base_url:
        yield base_url, app


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
