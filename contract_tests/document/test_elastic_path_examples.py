"""Every example Elastic Path publishes for these calls, kept in openapi/elastic-path-examples.yaml,
is accepted by the document and read by the generated client, unless the file says why not."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import datetime
from typing import Any

import pytest
import yaml
from elasticpath_promotion_jobs_client.models import (
    AccessToken,
    ErrorResponse,
    PromotionJobFile,
    PromotionJobList,
    PromotionJobResponse,
    RulePromotionJobList,
    RulePromotionJobResponse,
    SettingsResponse,
)

from contract_tests.support import ROOT
from promotion_jobs.contract import FORM_MEDIA_TYPE, JSON_MEDIA_TYPE, Contract
from promotion_jobs.ledger import load_ledger

EXAMPLES_PATH = ROOT / "openapi" / "elastic-path-examples.yaml"

Model = type[
    PromotionJobList
    | PromotionJobResponse
    | RulePromotionJobList
    | RulePromotionJobResponse
    | PromotionJobFile
    | AccessToken
    | SettingsResponse
    | ErrorResponse
]

# The model the generated client reads a 2xx answer of each operation into; others are errors.
SUCCESS_MODELS: dict[str, Model] = {
    "getPromotionJobs": PromotionJobList,
    "createPromotionJob": PromotionJobResponse,
    "cancelPromotionJob": PromotionJobResponse,
    "getPromotionJobFile": PromotionJobFile,
    "getRulePromotionJobs": RulePromotionJobList,
    "createRulePromotionJob": RulePromotionJobResponse,
    "cancelRulePromotionJob": RulePromotionJobResponse,
    "getRulePromotionJobFile": PromotionJobFile,
    "createAccessToken": AccessToken,
    "getSettings": SettingsResponse,
}


def load_examples() -> list[dict[str, Any]]:
    with EXAMPLES_PATH.open(encoding="utf-8") as stream:
        examples: list[dict[str, Any]] = yaml.safe_load(stream)["examples"]
    return examples


EXAMPLES = load_examples()
ACCEPTED = [example for example in EXAMPLES if "refused" not in example]
REFUSED = [example for example in EXAMPLES if "refused" in example]
ACCEPTED_RESPONSES = [example for example in ACCEPTED if "status" in example]


def names(examples: list[dict[str, Any]]) -> list[str]:
    return [str(example["name"]) for example in examples]


def problems(contract: Contract, example: dict[str, Any]) -> list[str]:
    """Why the document does not accept the example (empty when it does)."""
    operation_id: str = example["operation"]
    kind = example.get("request")
    if kind is None:
        return contract.validate_response(operation_id, int(example["status"]), example["body"])
    if kind == "body":
        raw = json.dumps(example["body"]).encode()
        return contract.validate_request_body(operation_id, JSON_MEDIA_TYPE, raw)
    if kind == "form":
        return contract.validate_request_body(operation_id, FORM_MEDIA_TYPE, str(example["form"]).encode())
    if kind == "filter":
        problem = contract.operation(operation_id).parameter("filter").problem(str(example["value"]))
        return [] if problem is None else [problem]
    raise AssertionError(f"{example['name']}: unknown request kind {kind!r}")


def model_for(operation_id: str, status: int) -> Model:
    return SUCCESS_MODELS[operation_id] if 200 <= status < 300 else ErrorResponse


def test_the_file_holds_examples_of_every_kind() -> None:
    kinds = {example.get("request", "response") for example in EXAMPLES}
    assert kinds == {"response", "body", "form", "filter"}
    assert ACCEPTED
    assert REFUSED


def test_every_example_has_a_unique_name() -> None:
    repeated = [name for name, count in Counter(names(EXAMPLES)).items() if count > 1]
    assert not repeated, f"names used more than once: {repeated}"


def test_every_example_names_an_operation_of_the_document(contract: Contract) -> None:
    unknown = [example["name"] for example in EXAMPLES if example["operation"] not in contract.operations]
    assert not unknown, f"examples of unknown operations: {unknown}"


def test_every_operation_has_a_model_for_its_success_answer(contract: Contract) -> None:
    assert set(SUCCESS_MODELS) == set(contract.operations)


def test_every_source_is_a_source_of_the_ledger() -> None:
    sources = load_ledger().sources
    unknown = [(example["name"], example["source"]) for example in EXAMPLES if example["source"] not in sources]
    assert not unknown, f"sources missing from openapi/ledger.yaml: {unknown}"


def test_every_refusal_gives_a_reason() -> None:
    empty = [example["name"] for example in REFUSED if not str(example["refused"]).strip()]
    assert not empty


@pytest.mark.parametrize("example", ACCEPTED, ids=names(ACCEPTED))
def test_a_published_example_is_valid_by_the_document(contract: Contract, example: dict[str, Any]) -> None:
    assert problems(contract, example) == []


@pytest.mark.parametrize("example", REFUSED, ids=names(REFUSED))
def test_an_example_the_document_refuses_is_refused_indeed(contract: Contract, example: dict[str, Any]) -> None:
    assert problems(contract, example), f"the document accepts it, so `refused` is no longer true: {example['refused']}"


@pytest.mark.parametrize("example", ACCEPTED_RESPONSES, ids=names(ACCEPTED_RESPONSES))
def test_a_published_answer_is_read_by_the_generated_client(example: dict[str, Any]) -> None:
    model = model_for(example["operation"], int(example["status"]))
    parsed = model.from_dict(example["body"])
    assert parsed.to_dict() == _as_the_client_writes(example["body"])  # nothing dropped or changed


_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T")


def _as_the_client_writes(value: Any) -> Any:
    """`value` with its date-times written as `datetime.isoformat` writes them (`Z` as `+00:00`,
    fractions to the microsecond): the only change a decode and encode may make."""
    if isinstance(value, dict):
        return {key: _as_the_client_writes(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_the_client_writes(item) for item in value]
    if isinstance(value, str) and _DATE_TIME.match(value):
        return datetime.fromisoformat(value).isoformat()
    return value
