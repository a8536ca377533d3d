from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.rule_promotion_job_create_request import RulePromotionJobCreateRequest
from ...models.rule_promotion_job_response import RulePromotionJobResponse
from ...types import Response


def _get_kwargs(
    promotion_id: UUID,
    *,
    body: RulePromotionJobCreateRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v2/rule-promotions/{promotion_id}/jobs".format(
            promotion_id=quote(str(promotion_id), safe=""),
        ),
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RulePromotionJobResponse | None:
    if response.status_code == 201:
        response_201 = RulePromotionJobResponse.from_dict(response.json())

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
) -> Response[ErrorResponse | RulePromotionJobResponse]:
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
    body: RulePromotionJobCreateRequest,
) -> Response[ErrorResponse | RulePromotionJobResponse]:
    """Start a job on a rule promotion

     Queues a code generation or export job on a rule promotion, with the same lifecycle as a
    standard promotion's: one `pending` or `processing` job per promotion at a time (400
    `Too many jobs`), then follow it by listing the promotion's jobs. A code is consumed
    `per_checkout` (the default) or `per_application`.

    Args:
        promotion_id (UUID):
        body (RulePromotionJobCreateRequest): The body of a rule promotion's create call; the job
            is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RulePromotionJobResponse]
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
    body: RulePromotionJobCreateRequest,
) -> ErrorResponse | RulePromotionJobResponse | None:
    """Start a job on a rule promotion

     Queues a code generation or export job on a rule promotion, with the same lifecycle as a
    standard promotion's: one `pending` or `processing` job per promotion at a time (400
    `Too many jobs`), then follow it by listing the promotion's jobs. A code is consumed
    `per_checkout` (the default) or `per_application`.

    Args:
        promotion_id (UUID):
        body (RulePromotionJobCreateRequest): The body of a rule promotion's create call; the job
            is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RulePromotionJobResponse
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
    body: RulePromotionJobCreateRequest,
) -> Response[ErrorResponse | RulePromotionJobResponse]:
    """Start a job on a rule promotion

     Queues a code generation or export job on a rule promotion, with the same lifecycle as a
    standard promotion's: one `pending` or `processing` job per promotion at a time (400
    `Too many jobs`), then follow it by listing the promotion's jobs. A code is consumed
    `per_checkout` (the default) or `per_application`.

    Args:
        promotion_id (UUID):
        body (RulePromotionJobCreateRequest): The body of a rule promotion's create call; the job
            is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RulePromotionJobResponse]
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
    body: RulePromotionJobCreateRequest,
) -> ErrorResponse | RulePromotionJobResponse | None:
    """Start a job on a rule promotion

     Queues a code generation or export job on a rule promotion, with the same lifecycle as a
    standard promotion's: one `pending` or `processing` job per promotion at a time (400
    `Too many jobs`), then follow it by listing the promotion's jobs. A code is consumed
    `per_checkout` (the default) or `per_application`.

    Args:
        promotion_id (UUID):
        body (RulePromotionJobCreateRequest): The body of a rule promotion's create call; the job
            is wrapped in `data`.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RulePromotionJobResponse
    """

    return (
        await asyncio_detailed(
            promotion_id=promotion_id,
            client=client,
            body=body,
        )
    ).parsed
