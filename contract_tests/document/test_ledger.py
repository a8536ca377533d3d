"""The rule ledger lists every rule once, each with a source and a severity, and its page is current."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import schemathesis.specs.openapi.checks  # noqa: F401 - registers schemathesis' own checks
from schemathesis.checks import CHECKS

import promotion_jobs.conformance.checks  # noqa: F401 - registers the toolkit's checks
from contract_tests.support import ROOT
from promotion_jobs.ledger import DECISION, Severity, gaps, load_ledger, render

# A run that tested nothing is judged here, not a store; it fails even though EP is silent on it.
RUN_CHECKS = {"list_reached"}


def registered_checks() -> list[str]:
    return list(CHECKS.get_all_names())


def test_every_rule_has_one_entry_and_every_entry_a_rule(document: dict[str, Any]) -> None:
    found = gaps(load_ledger(), document, registered_checks())
    assert not found.unlisted, f"rules without a ledger entry: {found.unlisted}"
    assert not found.stale, f"ledger entries without a rule: {found.stale}"


def test_a_new_constraint_without_an_entry_is_caught(document: dict[str, Any]) -> None:
    changed = copy.deepcopy(document)
    changed["components"]["schemas"]["JobName"]["minLength"] = 1
    assert gaps(load_ledger(), changed, registered_checks()).unlisted == ["schemas/JobName/minLength"]


def test_a_removed_check_leaves_a_stale_entry(document: dict[str, Any]) -> None:
    names = [name for name in registered_checks() if name != "items_match_filter"]
    assert gaps(load_ledger(), document, names).stale == ["checks/items_match_filter"]


def test_every_cited_source_is_named() -> None:
    ledger = load_ledger()
    cited = {source for rule in ledger.rules.values() for source in rule.sources}
    assert cited <= set(ledger.sources), cited - set(ledger.sources)


def test_a_rule_only_this_project_decided_can_only_warn() -> None:
    """A store may fail a run only on what Elastic Path documents (docs/contract-ledger.md)."""
    for rule in load_ledger().rules.values():
        if rule.is_decision and rule.id.removeprefix("checks/") not in RUN_CHECKS:
            assert rule.severity is Severity.WARN, rule.id


def test_document_rules_cite_elastic_path_and_fail() -> None:
    """A schema breach fails `response_schema_conformance` as a whole, so each of its rules is documented."""
    for rule in load_ledger().rules.values():
        if not rule.id.startswith("checks/"):
            assert DECISION not in rule.sources and rule.severity is Severity.FAIL, rule.id


@pytest.mark.parametrize("check", ["links_agree_with_meta", "timestamps_ordered", "status_code_conformance"])
def test_decisions_warn(check: str) -> None:
    assert load_ledger().severity(check) is Severity.WARN


@pytest.mark.parametrize("check", ["items_match_filter", "response_schema_conformance", "links_name_the_collection"])
def test_documented_rules_fail(check: str) -> None:
    assert load_ledger().severity(check) is Severity.FAIL


def test_a_check_the_ledger_does_not_know_fails() -> None:
    assert load_ledger().severity("a_check_from_the_command_line") is Severity.FAIL


def test_the_ledger_page_is_rendered_from_the_ledger() -> None:
    page = (ROOT / "docs" / "contract-ledger.md").read_text(encoding="utf-8")
    assert page == render(load_ledger()), "run `make ledger` to render docs/contract-ledger.md"
