"""One exchange: a request that was sent and the answer it got, recorded or live."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from promotion_jobs.environment import HIDDEN, redact

Headers = tuple[tuple[str, str], ...]

# Header names and form or query fields whose values are secrets, never written to a report.
_SECRET_WORDS = ("authorization", "token", "secret", "password", "cookie", "api-key", "api_key", "apikey")


MIN_SECRET_LENGTH = 4  # shorter values ("", "x") would blank out ordinary words of a message


def is_secret(name: str) -> bool:
    lowered = name.lower()
    return any(word in lowered for word in _SECRET_WORDS)


def header(headers: Headers, name: str) -> str | None:
    """The first value of a header, case-insensitively; None when absent."""
    wanted = name.lower()
    return next((value for key, value in headers if key.lower() == wanted), None)


@dataclass(frozen=True)
class Exchange:
    """A request (method, absolute URL, headers, body) and its answer; `status` None: no answer."""

    method: str
    url: str
    request_headers: Headers = ()
    request_body: bytes = b""
    status: int | None = None
    response_headers: Headers = ()
    response_body: bytes = b""

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def query(self) -> str:
        return urlsplit(self.url).query

    @property
    def request_content_type(self) -> str | None:
        return header(self.request_headers, "content-type")

    @property
    def response_content_type(self) -> str | None:
        return header(self.response_headers, "content-type")

    def response_json(self) -> object:
        """The answer's JSON, or None when it has none."""
        try:
            decoded: object = json.loads(self.response_body.decode("utf-8"))
        except (ValueError, RecursionError):
            return None
        return decoded

    def safe_url(self) -> str:
        """The URL with the password of its userinfo and secret query values hidden."""
        parts = urlsplit(self.url)
        fields = parse_qsl(parts.query, keep_blank_values=True)
        if any(is_secret(name) for name, _ in fields):
            query = urlencode([(name, HIDDEN if is_secret(name) else value) for name, value in fields])
            parts = parts._replace(query=query)
        return redact(urlunsplit(parts))

    def safe_request_body(self) -> bytes:
        """The request body with secret form or JSON fields hidden."""
        if not self.request_body:
            return b""
        media = (self.request_content_type or "").split(";", 1)[0].strip().lower()
        try:
            text = self.request_body.decode("utf-8")
        except UnicodeDecodeError:
            return self.request_body
        if media == "application/x-www-form-urlencoded":
            fields = parse_qsl(text, keep_blank_values=True)
            return urlencode([(name, HIDDEN if is_secret(name) else value) for name, value in fields]).encode()
        if "json" in media:
            try:
                return json.dumps(_hide(json.loads(text))).encode()
            except ValueError:
                return self.request_body
        return self.request_body

    def secret_values(self) -> set[str]:
        """Every secret the exchange carries: secret headers (the bearer token too), and the values of
        secret-named fields of its query, form or JSON bodies (an issued `access_token`, say)."""
        found: set[str] = set()
        for name, value in (*self.request_headers, *self.response_headers):
            if is_secret(name):
                found |= {value, value.partition(" ")[2].strip()}
        found |= {value for name, value in parse_qsl(self.query, keep_blank_values=True) if is_secret(name)}
        for raw in (self.request_body, self.response_body):
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            try:
                found |= _secret_fields(json.loads(text))
            except ValueError:
                found |= {value for name, value in parse_qsl(text, keep_blank_values=True) if is_secret(name)}
        return {value for value in found if len(value) >= MIN_SECRET_LENGTH}

    def request_record(self) -> dict[str, Any]:
        """The request in the shape `conformance.summary.curl_line` reads, secrets hidden
        (the Authorization header is replaced by curl_line itself)."""
        headers: dict[str, list[str]] = {}
        for name, value in self.request_headers:
            shown = value if name.lower() == "authorization" or not is_secret(name) else HIDDEN
            headers.setdefault(name, []).append(shown)
        record: dict[str, Any] = {"method": self.method, "uri": self.safe_url(), "headers": headers}
        body = self.safe_request_body()
        if body:
            record["body"] = {"$base64": base64.b64encode(body).decode("ascii")}
        return record


def _secret_fields(node: object, *, under_secret: bool = False) -> set[str]:
    """Every text under a secret-named key, however deep (a token sent as a list is still a token)."""
    if isinstance(node, str):
        return {node} if under_secret else set()
    if isinstance(node, Mapping):
        children = [
            _secret_fields(value, under_secret=under_secret or is_secret(str(key))) for key, value in node.items()
        ]
        return set().union(*children)
    if isinstance(node, list):
        return set().union(*(_secret_fields(value, under_secret=under_secret) for value in node))
    return set()


def _hide(node: object) -> object:
    if isinstance(node, Mapping):
        return {key: HIDDEN if is_secret(str(key)) else _hide(value) for key, value in node.items()}
    if isinstance(node, list):
        return [_hide(value) for value in node]
    return node


def headers_of(pairs: Iterable[tuple[str, str]]) -> Headers:
    return tuple((str(name), str(value)) for name, value in pairs)
