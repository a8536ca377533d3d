"""Bearer tokens for a conformance run: a given token, or one fetched with client credentials.

A fetched token is renewed a little before it expires, so a long run against a live store never
sends an expired token; the renewal margin is a tenth of the lifetime, at most a minute.
Error messages never carry the secret or the token endpoint's body (it may hold a token).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import httpx

from promotion_jobs.conformance.target import ClientCredentials, Credentials, StaticToken

TOKEN_PATH = "/oauth/access_token"  # noqa: S105 - a path, not a token
MAX_RENEWAL_MARGIN = 60.0


class TokenError(RuntimeError):
    """No token could be obtained."""


class TokenSource:
    """Hands out a valid bearer token, fetching and renewing it when credentials require."""

    def __init__(
        self,
        credentials: Credentials,
        base_url: str,
        *,
        timeout: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.credentials = credentials
        self.token_url = base_url.rstrip("/") + TOKEN_PATH
        self.timeout = timeout
        self.clock = clock
        self.transport = transport
        self.fetches = 0
        self._token: str | None = None
        self._renew_at = 0.0
        self._lock = threading.Lock()

    def token(self) -> str:
        if isinstance(self.credentials, StaticToken):
            return self.credentials.token
        with self._lock:
            if self._token is None or self.clock() >= self._renew_at:
                self._fetch(self.credentials)
            assert self._token is not None
            return self._token

    def _fetch(self, credentials: ClientCredentials) -> None:
        form = {
            "grant_type": "client_credentials",
            "client_id": credentials.client_id,
            "client_secret": credentials.client_secret,
        }
        started = self.clock()
        try:
            with httpx.Client(timeout=self.timeout, transport=self.transport) as client:
                response = client.post(self.token_url, data=form)
        except httpx.HTTPError as error:
            raise TokenError(f"could not reach {self.token_url}: {type(error).__name__}") from None
        if response.status_code != 200:
            raise TokenError(f"{self.token_url} answered {response.status_code} to the client credentials")
        try:
            body = response.json()
            token = body["access_token"]
            lifetime = float(body["expires_in"])
        except (ValueError, KeyError, TypeError):
            raise TokenError(f"{self.token_url} answered without access_token and expires_in") from None
        if not isinstance(token, str) or not token or lifetime <= 0:
            raise TokenError(f"{self.token_url} answered an unusable token")
        self.fetches += 1
        self._token = token
        self._renew_at = started + lifetime - min(MAX_RENEWAL_MARGIN, lifetime / 10)
