"""Pinning the promotion: positive cases list the jobs of a promotion that exists.

A random UUID only ever reaches a 404, which tests nothing of the list itself; a path parameter
generated deliberately invalid (negative mode) is kept, so the server's 4xx for it is still tested.
"""

from __future__ import annotations

from typing import Any

from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation

from promotion_jobs.conformance.page import PROMOTION_ID


def pin_promotion(case: Case[Any], promotion_id: str) -> Case[Any]:
    meta = case.meta
    if PROMOTION_ID in (case.path_parameters or {}) and not (meta and meta.is_negative_at(ParameterLocation.PATH)):
        case.path_parameters[PROMOTION_ID] = promotion_id
    return case
