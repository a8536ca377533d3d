"""Recording ordinary list and job traffic from the mock, clean or in a fault mode, as exchanges and HAR."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from contract_tests.support import (
    AUTH,
    CLIENT_ID,
    CLIENT_SECRET,
    PAGED_PROMOTION,
    PAGED_RULE_PROMOTION,
    UNKNOWN_PROMOTION,
    jobs_path,
    rule_jobs_path,
)
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.traffic.exchange import Exchange, headers_of

# The faults ordinary list and job traffic shows, and the fail-severity checks that must catch each.
CATCHERS: dict[Fault, set[str]] = {
    Fault.UNKNOWN_STATUS: {"response_schema_conformance"},
    Fault.MISSING_FIELD: {"response_schema_conformance"},
    Fault.RESULT_ON_EXPORT: {"response_schema_conformance", "generate_fields_only_on_generate_jobs"},
    Fault.WRONG_CONTENT_TYPE: {"content_type_conformance"},
    Fault.FILTER_IGNORED: {"items_match_filter"},
    Fault.FOREIGN_JOBS: {"jobs_belong_to_promotion"},
    Fault.PAGE_OVERFLOW: {"page_size_within_limit", "page_totals_consistent"},
    Fault.TOTAL_MISMATCH: {"page_totals_consistent"},
    Fault.ERROR_SHAPE: {"response_schema_conformance"},
    Fault.LIMIT_UNBOUNDED: {"negative_data_rejection", "response_schema_conformance"},
}
NOT_DESCRIBED_PATH = "/v2/flows"


def send_ordinary_requests(client: httpx.Client) -> None:
    """A fixed set of ordinary requests: list pages of both families, a filter, an oversized limit,
    an unknown promotion, a token request and a call the document does not describe."""
    client.post(
        "/oauth/access_token",
        data={"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
    )
    client.get(jobs_path(PAGED_PROMOTION), headers=AUTH)
    client.get(jobs_path(PAGED_PROMOTION), params={"page[limit]": 5, "page[offset]": 10}, headers=AUTH)
    client.get(jobs_path(PAGED_PROMOTION), params={"filter": "eq(job_type,code_export)"}, headers=AUTH)
    client.get(jobs_path(PAGED_PROMOTION), params={"page[limit]": 200}, headers=AUTH)
    client.get(rule_jobs_path(PAGED_RULE_PROMOTION), params={"page[limit]": 5}, headers=AUTH)
    client.get(jobs_path(UNKNOWN_PROMOTION), headers=AUTH)
    client.get(NOT_DESCRIBED_PATH, headers=AUTH)


@contextmanager
def faulted_mock(faults: tuple[Fault, ...] = ()) -> Iterator[str]:
    with running_server(create_app(MockConfig(store=fixture_store(), faults=faults))) as url:
        yield url


def record(faults: tuple[Fault, ...] = ()) -> list[Exchange]:
    """The ordinary requests against a fresh mock with `faults`, as exchanges."""
    recorded: list[Exchange] = []

    def keep(response: httpx.Response) -> None:
        response.read()
        request = response.request
        recorded.append(
            Exchange(
                method=request.method,
                url=str(request.url),
                request_headers=headers_of(request.headers.multi_items()),
                request_body=request.content,
                status=response.status_code,
                response_headers=headers_of(response.headers.multi_items()),
                response_body=response.content,
            )
        )

    with faulted_mock(faults) as url, httpx.Client(base_url=url, timeout=10, event_hooks={"response": [keep]}) as c:
        send_ordinary_requests(c)
    return recorded


def write_har(path: Path, exchanges: list[Exchange]) -> Path:
    """A HAR 1.2 file of `exchanges`; every other response body base64, as browsers write binary ones."""
    entries = [har_entry(exchange, base64_body=index % 2 == 1) for index, exchange in enumerate(exchanges)]
    path.write_text(json.dumps(har_document(entries)), encoding="utf-8")
    return path


def har_document(entries: list[dict[str, Any]], creator: str = "promotion-jobs") -> dict[str, Any]:
    """A HAR 1.2 document around `entries` (as `har_entry` builds them)."""
    return {"log": {"version": "1.2", "creator": {"name": creator, "version": "1"}, "entries": entries}}


def har_entry(exchange: Exchange, *, base64_body: bool = False) -> dict[str, Any]:
    """An exchange as a HAR 1.2 entry (the response body base64 when asked)."""
    content: dict[str, Any] = {
        "size": len(exchange.response_body),
        "mimeType": exchange.response_content_type or "",
    }
    if base64_body:
        content |= {"text": base64.b64encode(exchange.response_body).decode("ascii"), "encoding": "base64"}
    else:
        content["text"] = exchange.response_body.decode("utf-8", "replace")
    request: dict[str, Any] = {
        "method": exchange.method,
        "url": exchange.url,
        "httpVersion": "HTTP/1.1",
        "headers": [{"name": name, "value": value} for name, value in exchange.request_headers],
        "queryString": [],
        "cookies": [],
        "headersSize": -1,
        "bodySize": len(exchange.request_body),
    }
    if exchange.request_body:
        request["postData"] = {
            "mimeType": exchange.request_content_type or "",
            "text": exchange.request_body.decode("utf-8", "replace"),
        }
    return {
        "startedDateTime": "1970-01-01T00:00:00.000Z",
        "time": 0,
        "request": request,
        "response": {
            "status": exchange.status or 0,
            "statusText": "",
            "httpVersion": "HTTP/1.1",
            "headers": [{"name": name, "value": value} for name, value in exchange.response_headers],
            "cookies": [],
            "content": content,
            "redirectURL": "",
            "headersSize": -1,
            "bodySize": len(exchange.response_body),
        },
        "cache": {},
        "timings": {"send": 0, "wait": 0, "receive": 0},
    }
