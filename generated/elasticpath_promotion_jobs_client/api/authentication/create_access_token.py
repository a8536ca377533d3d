from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.access_token import AccessToken
from ...models.access_token_request import AccessTokenRequest
from ...models.error_response import ErrorResponse
from ...types import Response


def _get_kwargs(
    *,
    body: AccessTokenRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/oauth/access_token",
    }

    _kwargs["data"] = body.to_dict()
    headers["Content-Type"] = "application/x-www-form-urlencoded"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> AccessToken | ErrorResponse | None:
    if response.status_code == 200:
        response_200 = AccessToken.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[AccessToken | ErrorResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AccessTokenRequest,
) -> Response[AccessToken | ErrorResponse]:
    """Get an access token

     Exchanges a client id (and, for `client_credentials`, its secret) for a bearer token that
    lasts one hour. `client_credentials` tokens may read and write; `implicit` tokens, which
    need no secret, are read-only. The body is form-encoded and the token is returned at the
    top level, not wrapped in `data`.

    Args:
        body (AccessTokenRequest): The form fields of a token request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient | Client,
    body: AccessTokenRequest,
) -> AccessToken | ErrorResponse | None:
    """Get an access token

     Exchanges a client id (and, for `client_credentials`, its secret) for a bearer token that
    lasts one hour. `client_credentials` tokens may read and write; `implicit` tokens, which
    need no secret, are read-only. The body is form-encoded and the token is returned at the
    top level, not wrapped in `data`.

    Args:
        body (AccessTokenRequest): The form fields of a token request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken | ErrorResponse
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient | Client,
    body: AccessTokenRequest,
) -> Response[AccessToken | ErrorResponse]:
    """Get an access token

     Exchanges a client id (and, for `client_credentials`, its secret) for a bearer token that
    lasts one hour. `client_credentials` tokens may read and write; `implicit` tokens, which
    need no secret, are read-only. The body is form-encoded and the token is returned at the
    top level, not wrapped in `data`.

    Args:
        body (AccessTokenRequest): The form fields of a token request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[AccessToken | ErrorResponse]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient | Client,
    body: AccessTokenRequest,
) -> AccessToken | ErrorResponse | None:
    """Get an access token

     Exchanges a client id (and, for `client_credentials`, its secret) for a bearer token that
    lasts one hour. `client_credentials` tokens may read and write; `implicit` tokens, which
    need no secret, are read-only. The body is form-encoded and the token is returned at the
    top level, not wrapped in `data`.

    Args:
        body (AccessTokenRequest): The form fields of a token request.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        AccessToken | ErrorResponse
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
