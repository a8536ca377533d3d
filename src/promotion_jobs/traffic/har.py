"""HAR 1.2 recordings (browser devtools, schemathesis' own HAR, mitmproxy) read as exchanges.

A response body is `content.text`, base64 when `content.encoding` says so; a request body is
`postData.text` (or its `params`, for a form). An entry without an answer (status 0) is kept with
status None, so it is counted but not judged.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from promotion_jobs.traffic.exchange import Exchange, Headers, headers_of


class HarError(ValueError):
    """The file is not a HAR document this reader understands."""


def read_har(path: Path) -> list[Exchange]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise HarError(f"{path}: cannot be read as HAR: {error}") from error
    return list(exchanges(document, str(path)))


def exchanges(document: object, where: str = "HAR") -> Iterator[Exchange]:
    log = document.get("log") if isinstance(document, Mapping) else None
    entries = log.get("entries") if isinstance(log, Mapping) else None
    if not isinstance(entries, list):
        raise HarError(f"{where}: not a HAR document (no log.entries)")
    for index, entry in enumerate(entries):
        try:
            yield _exchange(entry)
        except (KeyError, TypeError, ValueError, binascii.Error) as error:
            raise HarError(f"{where}: entry {index} cannot be read: {error!r}") from error


def _exchange(entry: Mapping[str, Any]) -> Exchange:
    request, response = entry["request"], entry.get("response") or {}
    status = response.get("status")
    content = response.get("content") or {}
    return Exchange(
        method=str(request["method"]).upper(),
        url=str(request["url"]),
        request_headers=_headers(request.get("headers")),
        request_body=_request_body(request.get("postData")),
        status=int(status) if isinstance(status, int | str) and str(status).isdigit() and int(status) > 0 else None,
        response_headers=_headers(response.get("headers")),
        response_body=_text(content.get("text"), content.get("encoding")),
    )


def _headers(pairs: object) -> Headers:
    if not isinstance(pairs, list):
        return ()
    return headers_of((pair["name"], pair["value"]) for pair in pairs if isinstance(pair, Mapping))


def _request_body(post_data: object) -> bytes:
    if not isinstance(post_data, Mapping):
        return b""
    if isinstance(post_data.get("text"), str):
        return _text(post_data["text"], post_data.get("encoding"))
    params = post_data.get("params")
    if isinstance(params, list):
        return urlencode([(param["name"], param.get("value", "")) for param in params]).encode()
    return b""


def _text(text: object, encoding: object) -> bytes:
    if not isinstance(text, str):
        return b""
    if encoding == "base64":
        return base64.b64decode(text, validate=False)
    return text.encode("utf-8")
