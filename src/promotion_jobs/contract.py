"""The contract, `openapi/promotion-jobs.yaml`, loaded once and compiled into validators.

Everything hand-written asks this module for the rules of the API (bounds, enums, patterns,
parameters, response shapes) instead of restating them, so the code cannot drift from the document.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import jsonschema_rs
import yaml

DOCUMENT_NAME = "promotion-jobs.yaml"
_INTEGER = re.compile(r"-?[0-9]+")
_HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
JSON_MEDIA_TYPE = "application/json"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


def _coerce_text(raw: str, json_type: object) -> object:
    """Turn text from a URL or a form into the JSON type a schema declares.

    Text that does not fit the declared type is returned unchanged, so that validation reports it
    instead of this function guessing.
    """
    if json_type == "integer" and _INTEGER.fullmatch(raw):
        try:
            return int(raw)
        except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
            return raw
    if json_type == "boolean" and raw in ("true", "false"):
        return raw == "true"
    return raw


def _refuse_constant(name: str) -> object:
    """`NaN` and `Infinity` are not JSON (RFC 8259), though Python's json module reads them."""
    raise ValueError(f"{name} is not a JSON value")


def openapi_file(name: str) -> Path:
    """A file of `openapi/`: the copy shipped inside the package, or the checkout's own."""
    packaged = Path(__file__).with_name(name)
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "openapi" / name


def document_path() -> Path:
    return openapi_file(DOCUMENT_NAME)


@functools.cache
def load_document(path: Path | None = None) -> dict[str, Any]:
    """Parse the document once per process."""
    with (path or document_path()).open(encoding="utf-8") as stream:
        document: dict[str, Any] = yaml.safe_load(stream)
    return document


class SchemaValidator:
    """One schema of the document compiled with JSON Schema 2020-12 semantics, formats included.

    `#/components/...` references resolve because the compiled root carries the components.
    """

    def __init__(self, schema: Mapping[str, Any], components: Mapping[str, Any]) -> None:
        self.schema = schema
        root = {"$schema": "https://json-schema.org/draft/2020-12/schema", "components": components}
        root.update(schema)
        self._validator = jsonschema_rs.Draft202012Validator(root, validate_formats=True)

    def is_valid(self, instance: object) -> bool:
        try:
            return bool(self._validator.is_valid(instance))
        except ValueError:  # too deep for jsonschema_rs to read, so not valid (see `errors`)
            return False

    def errors(self, instance: object, at: str = "") -> list[str]:
        """Readable messages, each prefixed with the JSON path of the offending value.

        `at` is the path of `instance` itself inside a larger document ("/data/3"), so that the
        messages read as they would had the whole document been checked.
        A value jsonschema_rs cannot even read (nested deeper than its recursion limit) is
        reported as an error of the value, not raised: it is not valid either way.
        """
        if self.is_valid(instance):  # the common case, and several times cheaper than collecting
            return []
        messages = []
        try:
            for error in self._validator.iter_errors(instance):
                where = at + "".join(f"/{part}" for part in error.instance_path)
                messages.append(f"{where}: {error.message}" if where else error.message)
        except ValueError as error:
            unreadable = f"the value cannot be validated: {error}"
            return [f"{at}: {unreadable}" if at else unreadable]
        return messages


@dataclass(frozen=True)
class Parameter:
    """A declared parameter and the compiled schema of its value."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    validator: SchemaValidator

    @property
    def default(self) -> object:
        return self.schema.get("default")

    def coerce(self, raw: str) -> object:
        """Turn the text of a path or query value into the JSON type the schema declares.

        Text that does not fit the declared type is returned unchanged, so that validation
        reports it instead of this function guessing.
        """
        return _coerce_text(raw, self.schema.get("type"))

    def problem(self, raw: str) -> str | None:
        """The first reason `raw` is not a valid value of this parameter, or None."""
        errors = self.validator.errors(self.coerce(raw))
        return errors[0] if errors else None


class BodyError(ValueError):
    """A request body that cannot be read at all: wrong media type, broken JSON or form data."""


@dataclass(frozen=True)
class BodyMedia:
    """One declared media type of a request body: its compiled schema and, for form bodies, the
    JSON type of each top-level field, used to read the field's text."""

    media_type: str
    validator: SchemaValidator
    field_types: Mapping[str, str]

    def decode(self, raw: bytes) -> object:
        """The body as the JSON value its schema is written for; BodyError when unreadable.

        A form body becomes an object of its fields, each coerced to its declared type, the way
        a server reads it. A field given twice is refused rather than one value silently winning.
        """
        try:
            text = raw.decode("utf-8")
            if self.media_type == FORM_MEDIA_TYPE:
                fields: dict[str, object] = {}
                for name, value in parse_qsl(text, keep_blank_values=True, strict_parsing=bool(text)):
                    if name in fields:
                        raise BodyError(f"form field {name!r} is given more than once")
                    fields[name] = _coerce_text(value, self.field_types.get(name))
                return fields
            decoded: object = json.loads(text, parse_constant=_refuse_constant)
        except BodyError:
            raise
        except ValueError as error:
            raise BodyError(f"the body is not valid {self.media_type}: {error}") from error
        except RecursionError as error:
            raise BodyError(f"the body is nested too deeply to read as {self.media_type}") from error
        return decoded


@dataclass(frozen=True)
class RequestBody:
    """The declared request body of an operation, compiled for validation.

    JSON and form-encoded (`application/x-www-form-urlencoded`) bodies are decoded as a server
    reads them, so the mock and the tests check the bytes a client really sends, not a
    dictionary that was never encoded.
    """

    required: bool
    media: Mapping[str, BodyMedia]

    def media_for(self, content_type: str | None) -> BodyMedia:
        """The declared media type matching a `Content-Type` header (parameters such as
        `charset` ignored); BodyError when the header is missing or not declared."""
        media_type = (content_type or "").split(";", 1)[0].strip().lower()
        if media_type not in self.media:
            declared = ", ".join(sorted(self.media))
            raise BodyError(f"Content-Type {media_type or '(none)'!r} is not one of: {declared}")
        return self.media[media_type]

    def read(self, content_type: str | None, raw: bytes) -> object:
        """The body, decoded once and valid by its schema (None when absent and optional);
        BodyError naming the first problem otherwise."""
        if not raw:
            if self.required:
                raise BodyError("the request body is required")
            return None
        media = self.media_for(content_type)
        instance = media.decode(raw)
        problems = media.validator.errors(instance)
        if problems:
            raise BodyError(problems[0])
        return instance


@dataclass(frozen=True)
class Operation:
    """One operation of the document: its parameters, its request body and the schema of each
    declared response."""

    operation_id: str
    method: str
    path: str
    parameters: tuple[Parameter, ...]
    responses: Mapping[str, SchemaValidator | None]
    security: tuple[str, ...]
    request_body: RequestBody | None = None

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        raise KeyError(name)

    def response_validator(self, status: int) -> SchemaValidator | None:
        """The body schema declared for `status`; KeyError when the status is not declared."""
        return self.responses[str(status)]


class Contract:
    """The compiled document: operations by id and component schemas by name."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        self._components: Mapping[str, Any] = document.get("components", {})
        self.operations: dict[str, Operation] = {}
        for path, item in document.get("paths", {}).items():
            shared = item.get("parameters", [])
            for method in _HTTP_METHODS:
                if method in item:
                    operation = self._compile_operation(path, method, item[method], shared)
                    self.operations[operation.operation_id] = operation

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """Follow a local `$ref` (repeatedly) to the object it names."""
        while "$ref" in node:
            node = self.referenced(node["$ref"])
        return node

    def referenced(self, reference: str) -> Mapping[str, Any]:
        """The object a local reference (`#/components/...`) names, itself perhaps a `$ref`."""
        target: Any = self.document
        for part in reference.removeprefix("#/").split("/"):
            target = target[part.replace("~1", "/").replace("~0", "~")]
        result: Mapping[str, Any] = target
        return result

    def schema(self, name: str) -> SchemaValidator:
        """A validator for `#/components/schemas/<name>`."""
        return SchemaValidator({"$ref": f"#/components/schemas/{name}"}, self._components)

    def operation(self, operation_id: str) -> Operation:
        return self.operations[operation_id]

    def validate_response(self, operation_id: str, status: int, body: object) -> list[str]:
        """Why `body` is not a valid `status` response of the operation (empty when it is)."""
        operation = self.operation(operation_id)
        try:
            validator = operation.response_validator(status)
        except KeyError:
            return [f"status {status} is not declared for {operation_id}"]
        return validator.errors(body) if validator else []

    def validate_request_body(self, operation_id: str, content_type: str | None, raw: bytes) -> list[str]:
        """Why `raw`, sent with `content_type`, is not a valid request body of the operation.

        The mock reads bodies with `RequestBody.read`; this judges a body someone else sent (the
        suites' recorded client requests today, recorded traffic in a conformance check later).
        """
        request_body = self.operation(operation_id).request_body
        if request_body is None:
            return [f"{operation_id} takes no request body"] if raw else []
        try:
            request_body.read(content_type, raw)
        except BodyError as error:
            return [str(error)]
        return []

    def _compile_operation(
        self, path: str, method: str, spec: Mapping[str, Any], shared: list[Mapping[str, Any]]
    ) -> Operation:
        declared = {}
        for node in [*shared, *spec.get("parameters", [])]:
            parameter = self.resolve(node)
            declared[(parameter["name"], parameter["in"])] = parameter
        parameters = tuple(
            Parameter(
                name=p["name"],
                location=p["in"],
                required=bool(p.get("required", False)),
                schema=p["schema"],
                validator=SchemaValidator(p["schema"], self._components),
            )
            for p in declared.values()
        )
        responses: dict[str, SchemaValidator | None] = {}
        for status, node in spec.get("responses", {}).items():
            media = self.resolve(node).get("content", {}).get(JSON_MEDIA_TYPE)
            responses[str(status)] = SchemaValidator(media["schema"], self._components) if media else None
        security = spec.get("security", self.document.get("security", []))
        return Operation(
            operation_id=spec["operationId"],
            method=method.upper(),
            path=path,
            parameters=parameters,
            responses=responses,
            security=tuple(name for requirement in security for name in requirement),
            request_body=self._compile_request_body(spec["requestBody"]) if "requestBody" in spec else None,
        )

    def _compile_request_body(self, node: Mapping[str, Any]) -> RequestBody:
        body = self.resolve(node)
        media: dict[str, BodyMedia] = {}
        for media_type, content in body.get("content", {}).items():
            properties = self.resolve(content["schema"]).get("properties", {})
            field_types = {
                name: json_type
                for name, field in properties.items()
                if isinstance(json_type := self.resolve(field).get("type"), str)
            }
            media[media_type.lower()] = BodyMedia(
                media_type=media_type.lower(),
                validator=SchemaValidator(content["schema"], self._components),
                field_types=field_types,
            )
        return RequestBody(required=bool(body.get("required", False)), media=media)


@functools.cache
def load_contract() -> Contract:
    """The compiled contract of this installation, built once per process."""
    return Contract(load_document())
