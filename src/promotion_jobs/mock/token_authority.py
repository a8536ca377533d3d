"""The mock's token authority: static test tokens, and expiring tokens issued to its registered client.

`client_credentials` tokens (and the static ones) may call the job endpoints; `implicit` tokens,
issued for the client id alone, are valid but refused there (the jobs-api overview: "The jobs
endpoints work using client_credentials token"). The authority has no clock of its own: the
mock passes the time of its one clock (`MockConfig.clock`) with each call, so tests move token
expiry and the job lifecycle together.
"""

from __future__ import annotations

import enum
import hmac
import secrets
import threading
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypedDict

TOKEN_LIFETIME_SECONDS = 3600
DEFAULT_TOKEN = "mock-token"  # noqa: S105 - the mock's documented static test token
DEFAULT_CLIENT_ID = "mock-client-id"
DEFAULT_CLIENT_SECRET = "mock-client-secret"  # noqa: S105 - the mock's documented test secret


class Access(enum.Enum):
    """Which grant a valid token came from."""

    IMPLICIT = "implicit"
    CLIENT_CREDENTIALS = "client_credentials"


class IssuedToken(TypedDict):
    access_token: str
    token_type: str
    expires_in: int
    expires: int
    identifier: str


@dataclass(frozen=True)
class RegisteredClient:
    """The one OAuth client the mock's token endpoint knows: its id and secret."""

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
        client: RegisteredClient | None = None,
        lifetime: int = TOKEN_LIFETIME_SECONDS,
    ) -> None:
        self.client = client or RegisteredClient(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET)
        self.lifetime = lifetime
        self._static = frozenset(static_tokens)
        self._issued: dict[str, tuple[float, Access]] = {}
        # Tokens in the order they were issued, which (one lifetime for all) is the order they
        # expire in: pruning pops from the front, so each token costs O(1) to forget.
        self._by_expiry: deque[tuple[float, str]] = deque()
        self._lock = threading.Lock()

    def issue(
        self, client_id: str, client_secret: str | None, *, now: float, grant_type: str = "client_credentials"
    ) -> IssuedToken | None:
        """A new token for the registered client, valid from `now`, or None for any other credentials.

        `client_credentials` needs the secret; `implicit` needs only the id.
        """
        implicit = grant_type == "implicit"
        if not self.client.accept(client_id, None if implicit else (client_secret or "")):
            return None
        token = secrets.token_hex(20)
        expires_at = now + self.lifetime
        with self._lock:
            self._forget_expired(now)
            self._issued[token] = (expires_at, Access.IMPLICIT if implicit else Access.CLIENT_CREDENTIALS)
            self._by_expiry.append((expires_at, token))
        return {
            "access_token": token,
            "token_type": "Bearer",
            "expires_in": self.lifetime,
            "expires": int(now + self.lifetime),
            "identifier": grant_type,
        }

    def _forget_expired(self, now: float) -> None:
        """Drop the tokens expired at `now`; amortised O(1) per issued token. Call under the lock.

        Should the clock step back, a token issued later may expire before those ahead of it; it
        is then forgotten a little late, and `access` refuses it meanwhile by its own expiry.
        """
        while self._by_expiry and self._by_expiry[0][0] <= now:
            self._issued.pop(self._by_expiry.popleft()[1], None)

    def access(self, token: str | None, *, now: float) -> Access | None:
        """What a bearer token may do at `now`; None when it is missing, unknown or expired."""
        if token is None:
            return None
        if any(hmac.compare_digest(token.encode(), static.encode()) for static in self._static):
            return Access.CLIENT_CREDENTIALS
        with self._lock:
            issued = self._issued.get(token)
        if issued is None or now >= issued[0]:
            return None
        return issued[1]
