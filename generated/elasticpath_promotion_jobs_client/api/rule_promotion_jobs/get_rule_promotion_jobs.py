from http import HTTPStatus
from typing import Any
from urllib.parse import quote
from uuid import UUID

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_response import ErrorResponse
from ...models.rule_promotion_job_list import RulePromotionJobList
from ...types import UNSET, Response, Unset


def _get_kwargs(
    promotion_id: UUID,
    *,
    filter_: str | Unset = UNSET,
    pageoffset: int | Unset = 0,
    pagelimit: int | Unset = 25,
) -> dict[str, Any]:

    params: dict[str, Any] = {}

    params["filter"] = filter_

    params["page[offset]"] = pageoffset

    params["page[limit]"] = pagelimit

    params = {k: v for k, v in params.items() if v is not UNSET and v is not None}

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/v2/rule-promotions/{promotion_id}/jobs".format(
            promotion_id=quote(str(promotion_id), safe=""),
        ),
        "params": params,
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> ErrorResponse | RulePromotionJobList | None:
    if response.status_code == 200:
        response_200 = RulePromotionJobList.from_dict(response.json())

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
) -> Response[ErrorResponse | RulePromotionJobList]:
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
    filter_: str | Unset = UNSET,
    pageoffset: int | Unset = 0,
    pagelimit: int | Unset = 25,
) -> Response[ErrorResponse | RulePromotionJobList]:
    """List the jobs of a rule promotion

     Returns the code generation and export jobs of a rule promotion (Promotions Builder),
    newest first, with the same `filter` and `page[...]` parameters as the jobs of a standard
    promotion. Elastic Path names the path parameter `uuid`; a job names its promotion in
    `rule_promotion_id`. The answer may carry `links` and `meta` but need not: Elastic Path's
    own example of this call has only `data`.

    Args:
        promotion_id (UUID):
        filter_ (str | Unset):
        pageoffset (int | Unset):  Default: 0.
        pagelimit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RulePromotionJobList]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        filter_=filter_,
        pageoffset=pageoffset,
        pagelimit=pagelimit,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
    pageoffset: int | Unset = 0,
    pagelimit: int | Unset = 25,
) -> ErrorResponse | RulePromotionJobList | None:
    """List the jobs of a rule promotion

     Returns the code generation and export jobs of a rule promotion (Promotions Builder),
    newest first, with the same `filter` and `page[...]` parameters as the jobs of a standard
    promotion. Elastic Path names the path parameter `uuid`; a job names its promotion in
    `rule_promotion_id`. The answer may carry `links` and `meta` but need not: Elastic Path's
    own example of this call has only `data`.

    Args:
        promotion_id (UUID):
        filter_ (str | Unset):
        pageoffset (int | Unset):  Default: 0.
        pagelimit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RulePromotionJobList
    """

    return sync_detailed(
        promotion_id=promotion_id,
        client=client,
        filter_=filter_,
        pageoffset=pageoffset,
        pagelimit=pagelimit,
    ).parsed


async def asyncio_detailed(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
    pageoffset: int | Unset = 0,
    pagelimit: int | Unset = 25,
) -> Response[ErrorResponse | RulePromotionJobList]:
    """List the jobs of a rule promotion

     Returns the code generation and export jobs of a rule promotion (Promotions Builder),
    newest first, with the same `filter` and `page[...]` parameters as the jobs of a standard
    promotion. Elastic Path names the path parameter `uuid`; a job names its promotion in
    `rule_promotion_id`. The answer may carry `links` and `meta` but need not: Elastic Path's
    own example of this call has only `data`.

    Args:
        promotion_id (UUID):
        filter_ (str | Unset):
        pageoffset (int | Unset):  Default: 0.
        pagelimit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorResponse | RulePromotionJobList]
    """

    kwargs = _get_kwargs(
        promotion_id=promotion_id,
        filter_=filter_,
        pageoffset=pageoffset,
        pagelimit=pagelimit,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    promotion_id: UUID,
    *,
    client: AuthenticatedClient,
    filter_: str | Unset = UNSET,
    pageoffset: int | Unset = 0,
    pagelimit: int | Unset = 25,
) -> ErrorResponse | RulePromotionJobList | None:
    """List the jobs of a rule promotion

     Returns the code generation and export jobs of a rule promotion (Promotions Builder),
    newest first, with the same `filter` and `page[...]` parameters as the jobs of a standard
    promotion. Elastic Path names the path parameter `uuid`; a job names its promotion in
    `rule_promotion_id`. The answer may carry `links` and `meta` but need not: Elastic Path's
    own example of this call has only `data`.

    Args:
        promotion_id (UUID):
        filter_ (str | Unset):
        pageoffset (int | Unset):  Default: 0.
        pagelimit (int | Unset):  Default: 25.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorResponse | RulePromotionJobList
    """

    return (
        await asyncio_detailed(
            promotion_id=promotion_id,
            client=client,
            filter_=filter_,
            pageoffset=pageoffset,
            pagelimit=pagelimit,
        )
    ).parsed
