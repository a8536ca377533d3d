"""Schemathesis hooks of a conformance run, loaded by the runner through `SCHEMATHESIS_HOOKS`.

Importing it registers the semantic checks, an auth provider that sends the target's bearer token
(renewing a fetched one before it expires), and a hook that pins `promotionID` to the target's
promotion of the operation's family (standard or rule) in every case whose path is not
deliberately invalid, since random ids only reach 404s.
Against the embedded mock it also pins valid token requests to the mock's public client, so
the token call is tested with credentials it accepts; never against a live store, whose secret
would reach the reports. The target, and the store settings it is judged by, come from the
`EP_*` variables the runner passes.
"""

from __future__ import annotations

import os
from typing import Any

import schemathesis
from schemathesis import AuthContext, Case, HookContext

from promotion_jobs import environment
from promotion_jobs.bearer import authorization_header
from promotion_jobs.conformance import checks  # importing registers the semantic checks
from promotion_jobs.conformance.pinning import pin_client, pin_promotion
from promotion_jobs.conformance.store_settings import settings_from_json
from promotion_jobs.conformance.target import EMBEDDED_MOCK, target_from_environment
from promotion_jobs.conformance.token_source import TokenSource, report_to
from promotion_jobs.mock.token_authority import TokenAuthority
from promotion_jobs.operations import Family

TARGET = target_from_environment(os.environ, mock_token="")
assert TARGET.base_url is not None, "the runner always passes EP_BASE_URL to schemathesis"
TOKENS = TokenSource(TARGET.credentials, TARGET.base_url, report=report_to(os.environ.get(environment.EP_TOKEN_PIPE)))
checks.judge_by(settings_from_json(os.environ.get(environment.EP_STORE_SETTINGS)))
# The promotion each family's job calls name (None for a family the run does not test).
PROMOTIONS = {family: TARGET.promotion_for(family) for family in Family}
# The client the runner's embedded mock accepts (its default authority's); None for any other server.
MOCK_CLIENT = TokenAuthority().client if os.environ.get(EMBEDDED_MOCK) == "1" else None


def _pinned(case: Case[Any]) -> Case[Any]:
    pin_promotion(case, PROMOTIONS)
    return pin_client(case, MOCK_CLIENT) if MOCK_CLIENT is not None else case


@schemathesis.auth(refresh_interval=None)
class TargetToken:
    """The target's bearer token; `TokenSource` caches it and renews it before expiry."""

    def get(self, case: Case[Any], ctx: AuthContext) -> str:
        return TOKENS.token()

    def set(self, case: Case[Any], data: str, ctx: AuthContext) -> None:
        case.headers.update(authorization_header(data))


@schemathesis.hook
def map_case(ctx: HookContext, case: Case[Any]) -> Case[Any]:
    """Valid parts name the pinned promotion (and mock client); deliberately invalid ones stay as generated."""
    return _pinned(case)


@schemathesis.hook
def before_add_examples(ctx: HookContext, examples: list[Case[Any]]) -> None:
    """The document's examples name the seed's promotion and a made-up client; the target has its own."""
    for example in examples:
        _pinned(example)
