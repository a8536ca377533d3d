"""The mock's token authority: static test tokens, and expiring tokens issued for credentials.

`client_credentials` tokens (and the static ones) may read and write; `implicit` tokens, issued
for the client id alone, may only read. Time comes from an injectable clock, so tests move past
an expiry without sleeping.
"""

from __future__ import annotations

import enum
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


class Access(enum.Enum):
    READ = "read"
    WRITE = "write"


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

    def accept(self, client_id: str, client_secret: str | None) -> bool:
        """Whether the id (and, unless None, the secret) are this client's."""
        same_id = hmac.compare_digest(client_id.encode(), self.client_id.encode())
        if client_secret is None:
            return same_id
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
        self._issued: dict[str, tuple[float, Access]] = {}
        self._lock = threading.Lock()

    def issue(
        self, client_id: str, client_secret: str | None, *, grant_type: str = "client_credentials"
    ) -> IssuedToken | None:
        """A new token for the configured client, or None for any other credentials.

        `client_credentials` needs the secret and may write; `implicit` needs only the id and
        may only read.
        """
        implicit = grant_type == "implicit"
        if not self.credentials.accept(client_id, None if implicit else (client_secret or "")):
            return None
        token = secrets.token_hex(20)
        now = self.clock()
        with self._lock:
            self._issued = {t: issued for t, issued in self._issued.items() if issued[0] > now}
            self._issued[token] = (now + self.lifetime, Access.READ if implicit else Access.WRITE)
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime,
            "expires": int(now + self.lifetime),
            "identifier": grant_type,
        }

    def access(self, token: str | None) -> Access | None:
        """What a bearer token may do now; None when it is missing, unknown or expired."""
        if token is None:
            return None
        if any(hmac.compare_digest(token.encode(), static.encode()) for static in self._static):
            return Access.WRITE
        with self._lock:
            issued = self._issued.get(token)
        if issued is None or self.clock() >= issued[0]:
            return None
        return issued[1]
