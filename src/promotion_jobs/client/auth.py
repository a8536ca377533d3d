"""`httpx.Auth` for Elastic Path: a fixed bearer token, or client credentials renewed on time.

Secrets stay private: neither class puts the token or the client secret in its repr, in a log
line or in an exception message.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

import httpx
from elasticpath_promotion_jobs_client.models import GrantType

from promotion_jobs.bearer import authorization_header
from promotion_jobs.client.errors import PromotionJobsError
from promotion_jobs.contract import JSON_MEDIA_TYPE, load_contract
from promotion_jobs.environment import redact
from promotion_jobs.operations import TOKEN_OPERATION

RENEW_BEFORE_SECONDS = 60.0


def token_path() -> str:
    """Where tokens are issued, relative to the API's base URL, as the document declares it."""
    return load_contract().operation(TOKEN_OPERATION).path


class BearerAuth(httpx.Auth):
    """Send one fixed access token, such as the mock's `mock-token` or one issued elsewhere."""

    def __init__(self, token: str) -> None:
        self._token = token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers.update(authorization_header(self._token))
        yield request

    def __repr__(self) -> str:
        return "BearerAuth(token=<hidden>)"


@dataclass(frozen=True)
class _Token:
    value: str
    renew_at: float


class ClientCredentialsAuth(httpx.Auth):
    """Get a token with `client_credentials` from `token_url`, reuse it, renew it before it expires.

    A token is renewed `renew_before` seconds ahead of its `expires_in` (at most half its life),
    and once more if the API still answers 401. Time comes from `clock`, so tests need no sleeps.
    Concurrent requests may both renew an expiring token; each still sends a valid one.
    """

    requires_response_body = True  # the token response is read inside the flow, sync or async

    def __init__(
        self,
        token_url: str,
        client_id: str,
        client_secret: str,
        *,
        renew_before: float = RENEW_BEFORE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token_url = token_url
        self.client_id = client_id
        self._client_secret = client_secret
        self.renew_before = renew_before
        self.clock = clock
        self._token: _Token | None = None

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.current() is None:
            asked_at = self.clock()
            self._accept((yield self._token_request()), asked_at)
        response = yield self._authorised(request)
        if response.status_code == httpx.codes.UNAUTHORIZED:
            asked_at = self.clock()
            self._accept((yield self._token_request()), asked_at)
            yield self._authorised(request)

    def current(self) -> str | None:
        """The token while it is not due for renewal, else None."""
        if self._token is None or self.clock() >= self._token.renew_at:
            return None
        return self._token.value

    def token(self, client: httpx.Client) -> str:
        """The current token, renewed through `client` when due: for callers that set the header
        themselves (conformance runs hand it to schemathesis) instead of using this as `auth=`."""
        current = self.current()
        if current is not None:
            return current
        asked_at = self.clock()
        return self._accept(client.send(self._token_request()), asked_at)

    def _authorised(self, request: httpx.Request) -> httpx.Request:
        assert self._token is not None
        request.headers.update(authorization_header(self._token.value))
        return request

    def _token_request(self) -> httpx.Request:
        form = {
            "grant_type": GrantType.CLIENT_CREDENTIALS.value,
            "client_id": self.client_id,
            "client_secret": self._client_secret,
        }
        return httpx.Request("POST", self.token_url, data=form, headers={"Accept": JSON_MEDIA_TYPE})

    def _accept(self, response: httpx.Response, asked_at: float) -> str:
        """Keep the token of a token response (asked for at `asked_at`); PromotionJobsError if none."""
        if response.status_code != httpx.codes.OK:
            raise PromotionJobsError.from_response(response)
        self._token = self._parse(response, asked_at)
        return self._token.value

    def _parse(self, response: httpx.Response, asked_at: float) -> _Token:
        try:
            body = response.json()
            value = body["access_token"]
            lifetime = body.get("expires_in")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            value = None
        if not isinstance(value, str) or not value:
            detail = f"{redact(self.token_url)} did not return an access_token"
            raise PromotionJobsError.single(response.status_code, "Invalid token response", detail)
        if not isinstance(lifetime, int | float) or isinstance(lifetime, bool):
            return _Token(value, math.inf)  # no stated lifetime: renew only when answered 401
        return _Token(value, asked_at + lifetime - min(self.renew_before, lifetime / 2))

    def __repr__(self) -> str:
        return f"ClientCredentialsAuth(token_url={redact(self.token_url)!r}, client_id={self.client_id!r})"
