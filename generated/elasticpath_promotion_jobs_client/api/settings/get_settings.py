from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.settings_response import SettingsResponse
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/settings",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | SettingsResponse | None:
    if response.status_code == 200:
        response_200 = SettingsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:
        response_400 = ErrorResponse.from_dict(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorResponse.from_dict(response.json())

        return response_401

    if response.status_code == 403:
        response_403 = ErrorResponse.from_dict(response.json())

        return response_403

    if response.status_code == 429:
        response_429 = ErrorResponse.from_dict(response.json())

        return response_429

    if response.status_code == 500:
        response_500 = ErrorResponse.from_dict(response.json())

        return response_500

    if response.status_code == 503:
        response_503 = ErrorResponse.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[ErrorResponse | SettingsResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | SettingsResponse]:
    """Get the store's settings

     Returns the store's settings. Four of them bound the job calls: `page_length` (the page
    size when `page[limit]` is not sent), `page_offset_limit` (the largest `page[offset]`),
    `promotion_codes_limit` (the most codes of a promotion) and `filter_limit` (the most terms
    of a `filter`). The values this document states as bounds are their defaults; a store may
    be configured otherwise. Only the fields the toolkit uses are typed; the others are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SettingsResponse]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | SettingsResponse | None:
    """Get the store's settings

     Returns the store's settings. Four of them bound the job calls: `page_length` (the page
    size when `page[limit]` is not sent), `page_offset_limit` (the largest `page[offset]`),
    `promotion_codes_limit` (the most codes of a promotion) and `filter_limit` (the most terms
    of a `filter`). The values this document states as bounds are their defaults; a store may
    be configured otherwise. Only the fields the toolkit uses are typed; the others are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SettingsResponse
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | SettingsResponse]:
    """Get the store's settings

     Returns the store's settings. Four of them bound the job calls: `page_length` (the page
    size when `page[limit]` is not sent), `page_offset_limit` (the largest `page[offset]`),
    `promotion_codes_limit` (the most codes of a promotion) and `filter_limit` (the most terms
    of a `filter`). The values this document states as bounds are their defaults; a store may
    be configured otherwise. Only the fields the toolkit uses are typed; the others are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | SettingsResponse]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | SettingsResponse | None:
    """Get the store's settings

     Returns the store's settings. Four of them bound the job calls: `page_length` (the page
    size when `page[limit]` is not sent), `page_offset_limit` (the largest `page[offset]`),
    `promotion_codes_limit` (the most codes of a promotion) and `filter_limit` (the most terms
    of a `filter`). The values this document states as bounds are their defaults; a store may
    be configured otherwise. Only the fields the toolkit uses are typed; the others are kept.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | SettingsResponse
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
