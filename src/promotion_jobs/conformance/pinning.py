"""Pinning what random data cannot find: a promotion that exists, and the embedded mock's client.

A random UUID only ever reaches a 404, and random client credentials only a 401, which test
nothing of the list or of the token call; a part generated deliberately invalid (negative mode)
is kept, so the server's 4xx for it is still tested.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation

from promotion_jobs.mock.token_authority import RegisteredClient
from promotion_jobs.operations import PROMOTION_ID_PARAMETER, TOKEN_OPERATION, Family, family_of

CLIENT_ID, CLIENT_SECRET = "client_id", "client_secret"  # the form fields of a token request


def _negative_at(case: Case[Any], location: ParameterLocation) -> bool:
    return case.meta is not None and case.meta.is_negative_at(location)


def pin_promotion(case: Case[Any], promotion_id: str | Mapping[Family, str | None] | None) -> Case[Any]:
    """Name the promotion of the case's family: `promotion_id` is one id, or one per family."""
    if isinstance(promotion_id, Mapping):
        definition = case.operation.definition.raw
        operation_id = definition.get("operationId") if isinstance(definition, dict) else None
        family = family_of(str(operation_id))
        promotion_id = promotion_id.get(family) if family is not None else None
    if promotion_id is None:
        return case
    if PROMOTION_ID_PARAMETER in (case.path_parameters or {}) and not _negative_at(case, ParameterLocation.PATH):
        case.path_parameters[PROMOTION_ID_PARAMETER] = promotion_id
    return case


def pin_client(case: Case[Any], client: RegisteredClient) -> Case[Any]:
    """Positive token requests name `client`, keeping the generated grant type.

    Only ever for the embedded mock, whose client is public: a live store's secret would be
    written, with the request, to the HAR report.
    """
    definition = case.operation.definition.raw
    is_token_call = isinstance(definition, dict) and definition.get("operationId") == TOKEN_OPERATION
    if is_token_call and isinstance(case.body, dict) and not _negative_at(case, ParameterLocation.BODY):
        case.body[CLIENT_ID] = client.client_id
        if CLIENT_SECRET in case.body:
            case.body[CLIENT_SECRET] = client.client_secret
    return case
