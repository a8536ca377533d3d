"""The document is valid OpenAPI 3.1, and every example in it satisfies its own schema."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from openapi_spec_validator import validate

from contract_tests.support import list_example
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
    """(where, schema, value) for every example of a parameter, a request body, a response or a schema.

    Request and response examples are found both in components and in the operations, so an
    example written inline in an operation is checked as well as a shared one.
    """
    document = contract.document
    components = document["components"]
    for name, parameter in components.get("parameters", {}).items():
        for example_name, value in _examples_of(parameter):
            yield f"parameters/{name}/{example_name}", parameter["schema"], value
    bodies = {f"requestBodies/{name}": body for name, body in components.get("requestBodies", {}).items()}
    bodies |= {f"responses/{name}": response for name, response in components.get("responses", {}).items()}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method == "parameters":
                continue
            if "requestBody" in operation:
                bodies[f"{path} {method} requestBody"] = contract.resolve(operation["requestBody"])
            for status, response in operation["responses"].items():
                bodies[f"{path} {method} {status}"] = contract.resolve(response)
    for where, body in bodies.items():
        for media_type, media in body.get("content", {}).items():
            for example_name, value in _examples_of(media):
                yield f"{where} {media_type} {example_name}", media["schema"], value
    for name, schema in components["schemas"].items():
        for index, value in enumerate(schema.get("examples", [])):
            yield f"schemas/{name}/{index}", {"$ref": f"#/components/schemas/{name}"}, value


def test_every_example_is_found(contract: Contract) -> None:
    names = {where.split()[-1].split("/")[-1] for where, _, _ in all_examples(contract)}
    expected = {"generateJobs", "failedJob", "emptyPage", "badFilter", "invalidToken", "forbidden"}
    expected |= {"promotionNotFound", "rateLimited", "internalError", "unavailable", "exportJobs"}
    expected |= {"generateJobCreated", "exportJobCreated", "cancelling", "signedLink", "jobNotFound"}
    expected |= {"missingNumberOfCodes", "tooManyJobs", "jobNotCancellable", "fileNotReady"}
    expected |= {"clientCredentialsToken", "implicitToken", "unsupportedGrantType", "invalidCredentials"}
    assert expected <= names


def test_request_body_examples_are_found(contract: Contract) -> None:
    """Both request bodies' examples are walked, each with its own media type."""
    found = {
        (where.split()[-2], where.split()[-1]) for where, _, _ in all_examples(contract) if " requestBody " in where
    }
    assert found == {
        ("application/json", "generateCodes"),
        ("application/json", "exportCodes"),
        ("application/x-www-form-urlencoded", "clientCredentials"),
        ("application/x-www-form-urlencoded", "implicit"),
    }


def test_every_request_body_and_response_has_a_named_example(contract: Contract) -> None:
    """No operation declares a body (request or response) without at least one named example."""
    missing = []
    for operation in contract.operations.values():
        spec = contract.document["paths"][operation.path][operation.method.lower()]
        bodies = {str(status): contract.resolve(node) for status, node in spec["responses"].items()}
        if "requestBody" in spec:
            bodies["requestBody"] = contract.resolve(spec["requestBody"])
        for where, body in bodies.items():
            for media_type, media in body.get("content", {}).items():
                if not media.get("examples"):
                    missing.append(f"{operation.operation_id} {where} {media_type}")
    assert missing == []


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


def test_a_broken_request_example_would_be_caught(contract: Contract, document: dict[str, Any]) -> None:
    """The walker hands request examples to a validator that can fail them."""
    _, schema, value = next(
        (w, s, v) for w, s, v in all_examples(contract) if w.endswith("requestBody application/json generateCodes")
    )
    assert isinstance(value, dict)
    broken = {"data": {**value["data"], "parameters": {"code_length": 8}}}
    assert SchemaValidator(schema, document["components"]).errors(broken) != []


def test_every_operation_declares_its_own_path_parameters(document: dict[str, Any]) -> None:
    """Swagger UI 5 renders path-level `$ref` parameters as nameless rows, so "Try it out" cannot fill them."""
    for path, item in document["paths"].items():
        assert "parameters" not in item, f"{path} declares parameters for all its operations"
        for method, operation in item.items():
            names = {parameter["$ref"].rsplit("/", 1)[-1] for parameter in operation.get("parameters", [])}
            placeholders = {"promotionID": "PromotionID", "jobID": "JobID"}
            wanted = {ref for name, ref in placeholders.items() if "{" + name + "}" in path}
            assert wanted <= names, f"{method.upper()} {path} lacks {wanted - names}"


def _request_schemas(document: dict[str, Any], node: object, seen: set[str]) -> Iterator[Mapping[str, Any]]:
    """Every schema a generator reads for a request body, following `$ref` (not into if/then/else)."""
    if not isinstance(node, Mapping):
        return
    ref = node.get("$ref")
    if isinstance(ref, str):
        if ref not in seen:
            seen.add(ref)
            yield from _request_schemas(document, load_contract().resolve(node), seen)
        return
    yield node
    for key, child in node.items():
        if key not in {"if", "then", "else", "examples", "example"}:
            yield from _request_schemas(document, child, seen)


def test_no_request_field_has_a_default_that_generators_would_make_required(document: dict[str, Any]) -> None:
    """openapi-typescript types a property with a `default` as required, so a TypeScript caller could
    not send `{number_of_codes: 100}`; defaults of request fields live where generators do not look."""
    for path, item in document["paths"].items():
        for method, operation in item.items():
            body = operation.get("requestBody", {}).get("content", {})
            for schema in _request_schemas(document, body, set()):
                for name, field in (schema.get("properties") or {}).items():
                    assert "default" not in load_contract().resolve(field), f"{method.upper()} {path}: {name}"
