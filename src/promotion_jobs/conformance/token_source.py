"""Bearer tokens for a conformance run: a given token, or one fetched with client credentials.

The fetching and renewal are the client helpers' (`ClientCredentialsAuth`): one place for how a
token is asked for and when it is renewed. This module only adapts it to schemathesis, which
wants the token itself, and turns failures into messages that never carry the secret or the
token endpoint's body (it may hold a token).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

import httpx

from promotion_jobs.client.auth import ClientCredentialsAuth, token_path
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.environment import Credentials, StaticToken, redact


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
        report: Callable[[str], None] | None = None,
    ) -> None:
        """`report` is told each token fetched, so that the runner can keep it out of every report."""
        self.credentials = credentials
        self.issued: list[str] = []
        self._report = report
        self.token_url = base_url.rstrip("/") + token_path()
        self.timeout = timeout
        self.transport = transport
        self._auth = (
            None
            if isinstance(credentials, StaticToken)
            else ClientCredentialsAuth(self.token_url, credentials.client_id, credentials.client_secret, clock=clock)
        )
        self._lock = threading.Lock()

    def token(self) -> str:
        if isinstance(self.credentials, StaticToken):
            return self.credentials.token
        assert self._auth is not None
        current = self._auth.current()
        if current is not None:  # every case asks; only a renewal needs a connection
            return current
        with self._lock, httpx.Client(timeout=self.timeout, transport=self.transport) as client:
            try:
                token = self._auth.token(client)
            except httpx.HTTPError as error:
                raise TokenError(f"could not reach {redact(self.token_url)}: {type(error).__name__}") from None
            except PromotionJobsError as error:
                answered = "an unusable token" if error.status == httpx.codes.OK else error.status
                raise TokenError(f"{redact(self.token_url)} answered {answered} to the client credentials") from None
            if token not in self.issued:
                self.issued.append(token)
                if self._report is not None:
                    self._report(token)
            return token


def report_to(fd: str | None) -> Callable[[str], None] | None:
    """A reporter that writes each token, one a line, to the inherited pipe `fd` (None: no pipe)."""
    if not fd:
        return None
    pipe = int(fd)

    def report(token: str) -> None:
        os.write(pipe, token.encode() + b"\n")

    return report
