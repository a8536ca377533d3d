"""The one entry point: a generated `AuthenticatedClient` wired with auth, retries and timeouts.

`connect` returns a `ConnectedClient`, a subclass that builds its sync and async httpx clients
with the auth and the retry transports, so every generated call (`sync*` and `asyncio*`) behaves
the same, and so do the copies that `with_headers`, `with_cookies` and `with_timeout` make. Use it
as a context manager to close its connections.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import httpx
from attrs import define, field
from elasticpath_promotion_jobs_client import AuthenticatedClient

from promotion_jobs import environment
from promotion_jobs.client.auth import BearerAuth, ClientCredentialsAuth, token_path
from promotion_jobs.client.retry import AsyncRetryTransport, RetryPolicy, RetryTransport

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)


@define
class ConnectedClient(AuthenticatedClient):
    """An AuthenticatedClient whose httpx clients send `auth` and retry by `retry`.

    The generated `token` stays empty: `auth` writes the Authorization header, and keeps the
    secret out of this object's repr.
    """

    auth: httpx.Auth = field(kw_only=True)
    retry: RetryPolicy = field(kw_only=True, factory=RetryPolicy)

    def get_httpx_client(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                auth=self.auth,
                transport=RetryTransport(self.retry, httpx.HTTPTransport(verify=self._verify_ssl)),
                **self._httpx_args,
            )
        return self._client

    def get_async_httpx_client(self) -> httpx.AsyncClient:
        if self._async_client is None:
            self._async_client = httpx.AsyncClient(
                base_url=self._base_url,
                cookies=self._cookies,
                headers=self._headers,
                timeout=self._timeout,
                follow_redirects=self._follow_redirects,
                auth=self.auth,
                transport=AsyncRetryTransport(self.retry, httpx.AsyncHTTPTransport(verify=self._verify_ssl)),
                **self._httpx_args,
            )
        return self._async_client


def connect(
    base_url: str,
    *,
    token: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    auth: httpx.Auth | None = None,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
) -> ConnectedClient:
    """A client for `base_url` authenticated by exactly one of: `token`; `client_id` with
    `client_secret` (client_credentials from the document's token path, `/oauth/access_token`); or any httpx `auth`.

    `retry` defaults to RetryPolicy(); pass RetryPolicy(attempts=1) to never retry.
    """
    url = _absolute_url(base_url)
    chosen = _auth(str(url).rstrip("/"), token, client_id, client_secret, auth)
    return ConnectedClient(
        base_url=base_url, token="", prefix="", timeout=_timeout(timeout), auth=chosen, retry=retry or RetryPolicy()
    )


def connect_from_env(
    environ: Mapping[str, str] | None = None,
    *,
    timeout: httpx.Timeout | float = DEFAULT_TIMEOUT,
    retry: RetryPolicy | None = None,
) -> ConnectedClient:
    """`connect` configured by EP_BASE_URL plus EP_ACCESS_TOKEN, or EP_CLIENT_ID and EP_CLIENT_SECRET."""
    env = os.environ if environ is None else environ
    url = environment.base_url(env)
    if url is None:
        raise environment.ConfigurationError(
            f"set {environment.EP_BASE_URL} to the API's base URL, such as https://useast.api.elasticpath.com"
        )
    given = environment.credentials(env)
    if isinstance(given, environment.StaticToken):
        return connect(url, token=given.token, timeout=timeout, retry=retry)
    return connect(url, client_id=given.client_id, client_secret=given.client_secret, timeout=timeout, retry=retry)


def _auth(
    base_url: str, token: str | None, client_id: str | None, client_secret: str | None, auth: httpx.Auth | None
) -> httpx.Auth:
    credentials = client_id is not None or client_secret is not None
    if sum((token is not None, credentials, auth is not None)) != 1:
        raise ValueError("give exactly one of token, client_id with client_secret, or auth")
    if auth is not None:
        return auth
    if token is not None:
        return BearerAuth(token)
    if client_id is None or client_secret is None:
        raise ValueError("client_id and client_secret go together")
    return ClientCredentialsAuth(base_url + token_path(), client_id, client_secret)


def _absolute_url(base_url: str) -> httpx.URL:
    """`base_url` parsed, or a ValueError that names it without its password."""
    shown = repr(environment.redact(base_url))
    try:
        url = httpx.URL(base_url)
    except httpx.InvalidURL as error:  # not a ValueError, and its message may quote part of the URL
        raise ValueError(f"base_url {shown} is not a valid URL: {environment.redact(str(error))}") from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(f"base_url must be an absolute http(s) URL, not {shown}")
    return url


def _timeout(timeout: httpx.Timeout | float) -> httpx.Timeout:
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)
