"""What one mock serves from: its store and job lifecycle, tokens, clock, settings, faults and URL.

The operation handlers and the guard are given this object, not the app, so they depend on the
mock's state alone. Every absolute URL the mock writes (page `links`, a file's `href`, the
redirect of a path with or without its trailing slash) starts with `public_url`: the configured
one, else the address the server is bound to, never the `Host` header a client sends.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.types import Scope

from promotion_jobs.contract import Contract
from promotion_jobs.mock.faults import FaultSet
from promotion_jobs.mock.lifecycle import JobLifecycle
from promotion_jobs.mock.store import Store
from promotion_jobs.mock.token_authority import TokenAuthority
from promotion_jobs.settings import StoreSettings

_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class MockState:
    """One mock's state; `configured_url` is a `checked_public_url`, or None for the bound address."""

    contract: Contract
    store: Store
    lifecycle: JobLifecycle
    tokens: TokenAuthority
    clock: Callable[[], float]
    settings: StoreSettings
    faults: FaultSet
    configured_url: str | None = None

    def public_url(self, request: Request) -> str:
        """The start of every absolute URL written in answer to `request`, without a trailing slash."""
        return self.configured_url or bound_url(request.scope)


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
