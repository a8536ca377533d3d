"""Schemathesis hooks of a conformance run, loaded by the runner through `SCHEMATHESIS_HOOKS`.

Importing it registers the semantic checks, an auth provider that sends the target's bearer token
(renewing a fetched one before it expires), and a hook that pins `promotionID` to the target's
promotion in every case whose path is not deliberately invalid, since random ids only reach 404s.
The target comes from the `EP_*` variables the runner passes to the schemathesis process.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis import AuthContext, Case, HookContext

from promotion_jobs.auth import authorization_header
from promotion_jobs.conformance import checks  # noqa: F401 - registers the semantic checks
from promotion_jobs.conformance.pinning import pin_promotion
from promotion_jobs.conformance.target import target_from_environment
from promotion_jobs.conformance.tokens import TokenSource

TARGET = target_from_environment(os.environ, mock_token="")
assert TARGET.base_url is not None, "the runner always passes EP_BASE_URL to schemathesis"
TOKENS = TokenSource(TARGET.credentials, TARGET.base_url)


@schemathesis.auth(refresh_interval=None)
class TargetToken:
    """The target's bearer token; `TokenSource` caches it and renews it before expiry."""

    def get(self, case: Case[Any], ctx: AuthContext) -> str:
        return TOKENS.token()

    def set(self, case: Case[Any], data: str, ctx: AuthContext) -> None:
        case.headers.update(authorization_header(data))


@schemathesis.hook
def map_case(ctx: HookContext, case: Case[Any]) -> Case[Any]:
    """Positive path parameters name the pinned promotion; deliberately invalid ones stay as generated."""
    return pin_promotion(case, TARGET.promotion_id)


@schemathesis.hook
def before_add_examples(ctx: HookContext, examples: list[Case[Any]]) -> None:
    """The document's examples name the seed's promotion; a live store has its own."""
    for example in examples:
        pin_promotion(example, TARGET.promotion_id)
