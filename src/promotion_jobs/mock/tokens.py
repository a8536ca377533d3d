"""The mock's token authority: static test tokens, and expiring tokens issued for credentials.

Time comes from an injectable clock, so tests move past an expiry without sleeping.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypedDict

TOKEN_LIFETIME_SECONDS = 3600
DEFAULT_TOKEN = "mock-token"  # noqa: S105 - the mock's documented static test token
DEFAULT_CLIENT_ID = "mock-client-id"
DEFAULT_CLIENT_SECRET = "mock-client-secret"  # noqa: S105 - the mock's documented test secret


class IssuedToken(TypedDict):
    access_token: str
    token_type: str
    expires_in: int
    expires: int
    identifier: str


@dataclass(frozen=True)
class Credentials:
    client_id: str
    client_secret: str

    def accept(self, client_id: str, client_secret: str) -> bool:
        same_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        same_secret = hmac.compare_digest(client_secret.encode(), self.client_secret.encode())
        return same_id and same_secret


class TokenAuthority:
    """Knows which bearer tokens are valid now."""

    def __init__(
        self,
        *,
        static_tokens: Iterable[str] = (DEFAULT_TOKEN,),
        credentials: Credentials | None = None,
        lifetime: int = TOKEN_LIFETIME_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.credentials = credentials or Credentials(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        self.lifetime = lifetime
        self.clock = clock
        self._static = frozenset(static_tokens)
        self._expiry: dict[str, float] = {}
        self._lock = threading.Lock()

    def issue(self, client_id: str, client_secret: str) -> IssuedToken | None:
        """A new token for the configured credentials, or None for any others."""
        if not self.credentials.accept(client_id, client_secret):
            return None
        token = secrets.token_hex(20)
        now = self.clock()
        with self._lock:
            self._expiry = {t: at for t, at in self._expiry.items() if at > now}
            self._expiry[token] = now + self.lifetime
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime,
            "expires": int(now + self.lifetime),
            "identifier": "client_credentials",
        }

    def is_valid(self, token: str | None) -> bool:
        if token is None:
            return False
        if any(hmac.compare_digest(token.encode(), static.encode()) for static in self._static):
            return True
        with self._lock:
            expiry = self._expiry.get(token)
        return expiry is not None and self.clock() < expiry
