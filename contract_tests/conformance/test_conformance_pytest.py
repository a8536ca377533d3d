"""The conformance checks through schemathesis' pytest integration, against the in-process mock.

The same `schemathesis.toml`, the same semantic checks and the same pinned promotions (one per
family) as `promotion-jobs conformance`, but driven by pytest over ASGI: no port, no subprocess.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import settings
from schemathesis import AuthContext, Case, HookContext
from schemathesis.config import ReportFormat, SchemathesisConfig

from promotion_jobs.bearer import authorization_header
from promotion_jobs.conformance import checks
from promotion_jobs.conformance.pinning import pin_client, pin_promotion
from promotion_jobs.conformance.runner import config_path
from promotion_jobs.conformance.target import MOCK_PROMOTION_ID, MOCK_RATE_LIMIT, MOCK_RULE_PROMOTION_ID
from promotion_jobs.contract import load_document
from promotion_jobs.mock import MockConfig, create_app
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN, TokenAuthority
from promotion_jobs.operations import Family


def _config() -> SchemathesisConfig:
    config = SchemathesisConfig.from_path(config_path())
    # In-process over ASGI: the live store's request budget does not apply.
    config.projects.override.update(rate_limit=MOCK_RATE_LIMIT)
    # pytest reports on its own; schemathesis 4.32.5's pytest plugin also imports the optional
    # `allure_commons` whenever any report is on, so the file reports stay with the command.
    for report in ReportFormat:
        config.reports.get(report).enabled = False
    return config


schema = schemathesis.openapi.from_dict(load_document(), config=_config())
AUTHORITY = TokenAuthority()
schema.app = create_app(MockConfig(store=fixture_store(), tokens=AUTHORITY))


@schema.auth(refresh_interval=None)
class MockToken:
    """Through schemathesis' auth, so cases generated without a token stay without one."""

    def get(self, case: Case[Any], ctx: AuthContext) -> str:
        return DEFAULT_TOKEN

    def set(self, case: Case[Any], data: str, ctx: AuthContext) -> None:
        case.headers.update(authorization_header(data))


@schema.hook
def map_case(ctx: HookContext, case: Case[Any]) -> Case[Any]:
    promotions = {Family.STANDARD: MOCK_PROMOTION_ID, Family.RULE: MOCK_RULE_PROMOTION_ID}
    return pin_client(pin_promotion(case, promotions), AUTHORITY.client)


def test_semantic_checks_are_registered() -> None:
    names = set(schemathesis.checks.CHECKS.get_all_names())
    assert set(checks.SEMANTIC_CHECKS) <= names
    assert "list_reached" in names


@schema.parametrize()
@settings(max_examples=25, deadline=None, derandomize=True)
def test_mock_conforms(case: Case[Any]) -> None:
    case.call_and_validate()
