from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.promotion_job_file import PromotionJobFile
from ...types import Response


def _get_kwargs(
    promotion_id: UUID,
    job_id: UUID,
) -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/rule-promotions/{promotion_id}/jobs/{job_id}/file".format(
            promotion_id=quote(str(promotion_id), safe=""),
            job_id=quote(str(job_id), safe=""),
        ),
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PromotionJobFile | None:
    if response.status_code == 200:
        response_200 = PromotionJobFile.from_dict(response.json())

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

    if response.status_code == 404:
        response_404 = ErrorResponse.from_dict(response.json())

        return response_404

    if response.status_code == 422:
        response_422 = ErrorResponse.from_dict(response.json())

        return response_422

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
) -> Response[ErrorResponse | PromotionJobFile]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    promotion_id: UUID,
    job_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | PromotionJobFile]:
    """Get the file of a rule promotion's export job

     Returns a signed, expiring link to the CSV file of a `completed` `code_export` job of a
    rule promotion. Any other job, or an export that has not completed, has no file (422).

    Args:
        promotion_id (UUID):
        job_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromotionJobFile]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        job_id=job_id,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    promotion_id: UUID,
    job_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | PromotionJobFile | None:
    """Get the file of a rule promotion's export job

     Returns a signed, expiring link to the CSV file of a `completed` `code_export` job of a
    rule promotion. Any other job, or an export that has not completed, has no file (422).

    Args:
        promotion_id (UUID):
        job_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromotionJobFile
    """

    return sync_detailed(
        promotion_id=promotion_id,
        job_id=job_id,
        client=client,
    ).parsed


async def asyncio_detailed(
    promotion_id: UUID,
    job_id: UUID,
    *,
    client: AuthenticatedClient,
) -> Response[ErrorResponse | PromotionJobFile]:
    """Get the file of a rule promotion's export job

     Returns a signed, expiring link to the CSV file of a `completed` `code_export` job of a
    rule promotion. Any other job, or an export that has not completed, has no file (422).

    Args:
        promotion_id (UUID):
        job_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromotionJobFile]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        job_id=job_id,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    promotion_id: UUID,
    job_id: UUID,
    *,
    client: AuthenticatedClient,
) -> ErrorResponse | PromotionJobFile | None:
    """Get the file of a rule promotion's export job

     Returns a signed, expiring link to the CSV file of a `completed` `code_export` job of a
    rule promotion. Any other job, or an export that has not completed, has no file (422).

    Args:
        promotion_id (UUID):
        job_id (UUID):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromotionJobFile
    """

    return (
        await asyncio_detailed(
            promotion_id=promotion_id,
            job_id=job_id,
            client=client,
        )
    ).parsed
