"""The `EP_*` variables: how every command-line run is pointed at a store.

`promotion-jobs jobs`, `connect_from_env` and conformance runs read the same names in the same
way, here: the store's base URL, and either an access token or client credentials.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

EP_BASE_URL = "EP_BASE_URL"
EP_ACCESS_TOKEN = "EP_ACCESS_TOKEN"  # noqa: S105 - the name of a variable, not a token
EP_CLIENT_ID = "EP_CLIENT_ID"
EP_CLIENT_SECRET = "EP_CLIENT_SECRET"  # noqa: S105 - the name of a variable, not a secret
EP_PROMOTION_ID = "EP_PROMOTION_ID"
EP_RULE_PROMOTION_ID = "EP_RULE_PROMOTION_ID"
EP_ALLOW_WRITES = "EP_ALLOW_WRITES"
EP_RATE_LIMIT = "EP_RATE_LIMIT"
EP_STRICT = "EP_STRICT"
# Set by a conformance runner for its schemathesis process: the settings the store is judged by.
EP_STORE_SETTINGS = "EP_STORE_SETTINGS"
# Set by a conformance runner: the pipe its schemathesis process reports fetched tokens to.
EP_TOKEN_PIPE = "EP_TOKEN_PIPE"  # noqa: S105 - the name of a variable, not a token
PREFIX = "EP_"
HIDDEN = "***"
# The userinfo of a URL: everything between `//` and the authority's last `@`.
_USERINFO = re.compile(r"(?<=//)([^\s/?#]*)@")


class ConfigurationError(ValueError):
    """The `EP_*` variables do not describe a usable store."""


@dataclass(frozen=True)
class StaticToken:
    """A bearer token given as is."""

    token: str

    def __repr__(self) -> str:
        return f"StaticToken(token={HIDDEN!r})"


@dataclass(frozen=True)
class ClientCredentials:
    """Credentials exchanged for expiring tokens at the document's token path."""

    client_id: str
    client_secret: str

    def __repr__(self) -> str:
        return f"ClientCredentials(client_id={self.client_id!r}, client_secret=<hidden>)"


Credentials = StaticToken | ClientCredentials


def flag(env: Mapping[str, str], name: str) -> bool:
    """A yes/no variable: `1`, `true` or `yes` (any case) mean yes."""
    return env.get(name, "").strip().lower() in {"1", "true", "yes"}


def base_url(env: Mapping[str, str]) -> str | None:
    """`EP_BASE_URL` without a trailing slash; None when unset; an error when not http(s)."""
    url = env.get(EP_BASE_URL, "").strip().rstrip("/") or None
    if url is not None and not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"{EP_BASE_URL} must be an http(s) URL, got {redact(url)!r}")
    return url


def credentials(env: Mapping[str, str]) -> Credentials:
    """`EP_ACCESS_TOKEN`, or else `EP_CLIENT_ID` with `EP_CLIENT_SECRET`."""
    token = env.get(EP_ACCESS_TOKEN, "").strip()
    if token:
        return StaticToken(token)
    client_id, client_secret = env.get(EP_CLIENT_ID, "").strip(), env.get(EP_CLIENT_SECRET, "").strip()
    if client_id and client_secret:
        return ClientCredentials(client_id, client_secret)
    raise ConfigurationError(f"set {EP_ACCESS_TOKEN}, or both {EP_CLIENT_ID} and {EP_CLIENT_SECRET}")


def redact(text: str) -> str:
    """`text` with the password of every URL in it hidden, as `http://user:***@host`.

    A base URL may carry credentials, and every message that names a URL may be printed or
    logged. A userinfo without a password is hidden whole, since it is often a token.
    """
    return _USERINFO.sub(_hidden_userinfo, text)


def url_secrets(text: str) -> tuple[str, ...]:
    """What `redact` hides in `text`: the password of every URL, or its whole userinfo when it
    has no password; for scrubbing text that `redact` did not see, such as a report."""
    found = []
    for match in _USERINFO.finditer(text):
        user, colon, password = match[1].partition(":")
        found.append(password if colon else user)
    return tuple(secret for secret in found if secret)


def _hidden_userinfo(match: re.Match[str]) -> str:
    user, colon, _ = match[1].partition(":")
    return f"{user}:{HIDDEN}@" if colon else f"{HIDDEN}@"
