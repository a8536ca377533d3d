"""What flows between the stages of the mock's pipeline: a decoded Call in, a Reply out."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import Response

from promotion_jobs.contract import JSON_MEDIA_TYPE


@dataclass(frozen=True)
class Call:
    """A request that passed the guard, with its parameters typed and its body read and valid."""

    request: Request
    parameters: Mapping[str, Any]
    body: Any = None


@dataclass(frozen=True)
class Reply:
    """The answer of a stage (a refusal, or a handler's result), before strict validation and faults."""

    status: int
    body: Any
    headers: Mapping[str, str] = field(default_factory=dict)


class BadRequest(Exception):
    """A request the document refuses; becomes a 400 naming the parameter or field at fault."""

    def __init__(self, detail: str, source: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.source = source


def json_response(
    status: int, body: Any, headers: Mapping[str, str] | None = None, media_type: str = JSON_MEDIA_TYPE
) -> Response:
    """Compact JSON, the way the API writes it (orjson: encoding is most of a page's cost)."""
    return Response(encode_json(body), status_code=status, headers=dict(headers or {}), media_type=media_type)


def encode_json(body: Any) -> bytes:
    """orjson, or the standard library for what orjson refuses (integers beyond 64 bits that a
    client may send and the API echoes, such as `max_uses_per_code`)."""
    try:
        return orjson.dumps(body)
    except TypeError:
        return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
