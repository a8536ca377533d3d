from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.promotion_job_create_request import PromotionJobCreateRequest
from ...models.promotion_job_response import PromotionJobResponse
from ...types import Response


def _get_kwargs(
    promotion_id: UUID,
    *,
    body: PromotionJobCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/promotions/{promotion_id}/jobs".format(
            promotion_id=quote(str(promotion_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | PromotionJobResponse | None:
    if response.status_code == 201:
        response_201 = PromotionJobResponse.from_dict(response.json())

        return response_201

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
) -> Response[ErrorResponse | PromotionJobResponse]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PromotionJobCreateRequest,
) -> Response[ErrorResponse | PromotionJobResponse]:
    """Start a job on a promotion

     Queues a job that generates coupon codes for the promotion (`code_generate`) or exports its
    codes to a CSV file (`code_export`). The job starts `pending`; follow it by listing the
    jobs of the promotion.

    A promotion runs one job at a time: while one of its jobs is `pending` or `processing`,
    another create is refused with 400 `Too many jobs`. Jobs of other promotions are not
    affected. A generate job that would exceed the promotion's code limit is still accepted
    and later ends `failed` with the error `codes limit exceeded`.

    Args:
        promotion_id (UUID):
        body (PromotionJobCreateRequest): The body of a create call; the job is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromotionJobResponse]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PromotionJobCreateRequest,
) -> ErrorResponse | PromotionJobResponse | None:
    """Start a job on a promotion

     Queues a job that generates coupon codes for the promotion (`code_generate`) or exports its
    codes to a CSV file (`code_export`). The job starts `pending`; follow it by listing the
    jobs of the promotion.

    A promotion runs one job at a time: while one of its jobs is `pending` or `processing`,
    another create is refused with 400 `Too many jobs`. Jobs of other promotions are not
    affected. A generate job that would exceed the promotion's code limit is still accepted
    and later ends `failed` with the error `codes limit exceeded`.

    Args:
        promotion_id (UUID):
        body (PromotionJobCreateRequest): The body of a create call; the job is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromotionJobResponse
    """

    return sync_detailed(
        promotion_id=promotion_id,
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PromotionJobCreateRequest,
) -> Response[ErrorResponse | PromotionJobResponse]:
    """Start a job on a promotion

     Queues a job that generates coupon codes for the promotion (`code_generate`) or exports its
    codes to a CSV file (`code_export`). The job starts `pending`; follow it by listing the
    jobs of the promotion.

    A promotion runs one job at a time: while one of its jobs is `pending` or `processing`,
    another create is refused with 400 `Too many jobs`. Jobs of other promotions are not
    affected. A generate job that would exceed the promotion's code limit is still accepted
    and later ends `failed` with the error `codes limit exceeded`.

    Args:
        promotion_id (UUID):
        body (PromotionJobCreateRequest): The body of a create call; the job is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | PromotionJobResponse]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    body: PromotionJobCreateRequest,
) -> ErrorResponse | PromotionJobResponse | None:
    """Start a job on a promotion

     Queues a job that generates coupon codes for the promotion (`code_generate`) or exports its
    codes to a CSV file (`code_export`). The job starts `pending`; follow it by listing the
    jobs of the promotion.

    A promotion runs one job at a time: while one of its jobs is `pending` or `processing`,
    another create is refused with 400 `Too many jobs`. Jobs of other promotions are not
    affected. A generate job that would exceed the promotion's code limit is still accepted
    and later ends `failed` with the error `codes limit exceeded`.

    Args:
        promotion_id (UUID):
        body (PromotionJobCreateRequest): The body of a create call; the job is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | PromotionJobResponse
    """

    return (
        await asyncio_detailed(
            promotion_id=promotion_id,
            client=client,
            body=body,
        )
    ).parsed
