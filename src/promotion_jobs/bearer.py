"""Bearer tokens: how a request carries one, in one place for the mock, the checks and the helpers."""

from __future__ import annotations

BEARER = "Bearer"


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header, or None when absent or malformed."""
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    token = token.strip()
    if scheme.lower() != BEARER.lower() or not token or " " in token:
        return None
    return token


def authorization_header(token: str) -> dict[str, str]:
    return {"Authorization": f"{BEARER} {token}"}
