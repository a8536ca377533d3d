"""The document is valid OpenAPI 3.1, and every example in it satisfies its own schema."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from openapi_spec_validator import validate

from contract_tests.conftest import list_example
from promotion_jobs.contract import Contract, SchemaValidator, load_contract


def test_document_is_valid_openapi_31(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    validate(document)


def _examples_of(node: Mapping[str, Any]) -> Iterator[tuple[str, object]]:
    if "example" in node:
        yield "example", node["example"]
    for name, example in node.get("examples", {}).items():
        yield name, example["value"]


def all_examples(contract: Contract) -> Iterator[tuple[str, Mapping[str, Any], object]]:
    """(where, schema, value) for every example of a parameter, a media type or a schema."""
    document = contract.document
    components = document["components"]
    for name, parameter in components.get("parameters", {}).items():
        for example_name, value in _examples_of(parameter):
            yield f"parameters/{name}/{example_name}", parameter["schema"], value
    responses = dict(components.get("responses", {}))
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            for status, response in operation["responses"].items():
                responses[f"{path} {method} {status}"] = contract.resolve(response)
    for where, response in responses.items():
        for media_type, media in response.get("content", {}).items():
            for example_name, value in _examples_of(media):
                yield f"{where} {media_type} {example_name}", media["schema"], value
    for name, schema in components["schemas"].items():
        for index, value in enumerate(schema.get("examples", [])):
            yield f"schemas/{name}/{index}", {"$ref": f"#/components/schemas/{name}"}, value


def test_every_example_is_found(contract: Contract) -> None:
    names = {where.split()[-1].split("/")[-1] for where, _, _ in all_examples(contract)}
    expected = {"generateJobs", "failedJob", "emptyPage", "badFilter", "invalidToken", "forbidden"}
    expected |= {"promotionNotFound", "rateLimited", "internalError", "unavailable", "exportJobs"}
    assert expected <= names


@pytest.mark.parametrize(
    ("where", "schema", "value"),
    [pytest.param(w, s, v, id=w) for w, s, v in all_examples(load_contract())],
)
def test_example_satisfies_its_schema(contract: Contract, where: str, schema: Any, value: object) -> None:
    validator = SchemaValidator(schema, contract.document["components"])
    assert validator.errors(value) == []


def test_a_broken_example_would_be_caught(contract: Contract, document: dict[str, Any]) -> None:
    """The example check is not vacuous: a job without `status` fails it."""
    broken = list_example(document, "generateJobs")
    broken = {**broken, "data": [{k: v for k, v in broken["data"][0].items() if k != "status"}]}
    assert contract.validate_response("getPromotionJobs", 200, broken) != []
