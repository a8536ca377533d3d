"""An independent, standard-library-only server for Elastic Path's promotion-jobs READ calls.

It restates the API's documented rules on purpose instead of reusing the toolkit's mock: a
conformance run that passes here passes against a correct server the mock did not shape. Each
`Variant` field is a way Elastic Path's documentation lets a correct store differ (link style,
how an error writes `status`, the store's settings, extra or null fields).
"""

from __future__ import annotations

import json
import re
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from urllib.parse import quote, unquote_to_bytes, urlsplit

LINK_STYLES = frozenset({"seed", "filter", "no_filter", "omit_null"})
ERROR_STATUS_STYLES = frozenset({"string", "number", "absent"})
MAX_PAGE_LIMIT = 100  # page_length itself may be at most 100 (pagination guide)


@dataclass(frozen=True)
class Variant:
    """One correct server; every field is a documented way stores differ, so runs must accept each."""

    name: str
    links: str = "filter"
    error_status: str = "string"
    page_length: int = 25
    page_offset_limit: int = 10000
    promotion_codes_limit: int = 1000
    filter_limit: int = 10
    total_method: bool = False
    extra_job_field: bool = False
    deleted_null: bool = False

    def __post_init__(self) -> None:
        """Refuse settings no Elastic Path store can have, so a test never proves something about nonsense."""
        problems = []
        if self.links not in LINK_STYLES:
            problems.append(f"links must be one of {sorted(LINK_STYLES)}, got {self.links!r}")
        if self.error_status not in ERROR_STATUS_STYLES:
            problems.append(f"error_status must be one of {sorted(ERROR_STATUS_STYLES)}, got {self.error_status!r}")
        if not 1 <= self.page_length <= MAX_PAGE_LIMIT:
            problems.append(f"page_length must be from 1 to {MAX_PAGE_LIMIT}, got {self.page_length}")
        if self.page_offset_limit < 0:
            problems.append(f"page_offset_limit must not be negative, got {self.page_offset_limit}")
        if self.promotion_codes_limit < 1 or self.filter_limit < 1:
            problems.append("promotion_codes_limit and filter_limit must be at least 1")
        if problems:
            raise ValueError("; ".join(problems))


_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://example.invalid/independent-promotion-jobs-store")
PROMOTION_ID = str(uuid.uuid5(_NAMESPACE, "promotion/with-jobs"))
EMPTY_PROMOTION_ID = str(uuid.uuid5(_NAMESPACE, "promotion/without-jobs"))
TOKEN = "independent-store-token"

UNAUTHORIZED = "Unable to validate access token"
FILTER_ERROR = "Could not parse the supplied filter"
FILTER = "filter"
PAGE_OFFSET = "page[offset]"
PAGE_LIMIT = "page[limit]"

_JOB_COUNT = 60
_FIRST_CREATED = datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=UTC)
_LONG_NAME = "Spring newsletter codes for the loyal shoppers, 50"  # exactly the 50-character maximum
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
# One filter term: only `eq`, only these attributes, spaces allowed after the comma (the seed writes them).
_TERM = re.compile(r"eq\((job_type|status), *([A-Za-z0-9$*._-][A-Za-z0-9$*._ -]*)\)")
_INTEGER = re.compile(r"-?[0-9]{1,20}")  # longer numbers are out of any range; int() is never asked
_BAD_ESCAPE = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_HOST = re.compile(r"(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?")
_LIST_ROUTE = re.compile(r"/v2/promotions/([^/]*)/jobs")
_FILE_ROUTE = re.compile(r"/v2/promotions/([^/]*)/jobs/([^/]*)/file")
_SETTINGS_ROUTE = "/v2/settings"
_MAX_DRAINED_BODY = 1 << 20

Json = dict[str, object]
Parameters = dict[str, list[str | None]]  # query values by name; None for one that cannot be decoded


# --- the data: one promotion with jobs of both types and all six statuses, one without jobs ---


def _plan() -> list[tuple[str, str]]:
    """(job_type, status), oldest first: mostly finished jobs, the newest three still on the move."""
    plan = []
    for index in range(_JOB_COUNT - 3):
        turn = index // 2
        if index % 2 == 0:
            status = "failed" if turn % 7 == 3 else "cancelled" if turn % 7 == 5 else "completed"
            plan.append(("code_generate", status))
        else:
            status = "failed" if turn % 9 == 4 else "cancelled" if turn % 9 == 7 else "completed"
            plan.append(("code_export", status))
    return [*plan, ("code_generate", "cancelling"), ("code_export", "processing"), ("code_generate", "pending")]


def _timestamp(instant: datetime) -> str:
    """RFC 3339 with milliseconds and `Z`, as the seed writes them."""
    return instant.strftime("%Y-%m-%dT%H:%M:%S.") + f"{instant.microsecond // 1000:03d}Z"


def _generate_fields(index: int, status: str, variant: Variant) -> tuple[Json, Json | None]:
    """`parameters` and `result` of a generate job, sized so finished jobs stay within the codes limit.

    A failed job asks for the whole limit, which a promotion that already has codes cannot take:
    that is how Elastic Path's `codes limit exceeded` arises.
    """
    limit = variant.promotion_codes_limit
    size = min(limit, max(1, limit // 50) * (1 + index % 3))
    requested = limit if status == "failed" else size
    parameters: Json = {"number_of_codes": requested, "consume_unit": "per_cart" if index % 4 < 2 else "per_item"}
    if index % 4 != 0:  # absent means unlimited uses
        parameters["max_uses_per_code"] = (1, 0, 5)[index % 4 - 1]
    parameters["code_length"] = 8 + index % 9
    if index % 3 != 2:
        parameters["code_prefix"] = ("promo-", "SPRING-")[index % 3]
    result: Json | None
    if status == "completed":
        result = {"generated": requested, "deleted": 0} if index % 4 == 0 else {"generated": requested}
    elif status == "cancelled":
        result = {"generated": requested // 2, "deleted": requested // 2}
    elif status == "cancelling":
        result = {"generated": requested, "deleted": requested // 2}
    else:  # pending, processing and failed jobs show no result (the seed's examples)
        result = None
    if result is not None and variant.deleted_null:
        result["deleted"] = None
    return parameters, result


def _job(promotion_id: str, index: int, job_type: str, status: str, variant: Variant) -> Json:
    """One job as the list call returns it, keys in the seed's order."""
    created = _FIRST_CREATED + timedelta(hours=5 * index, seconds=13 * index, milliseconds=37 * index)
    took = {"pending": 0.0, "processing": 20.5, "cancelling": 12.25}.get(status, 7.155 + index % 5)
    job: Json = {
        "type": "promotion_job",
        "id": str(uuid.uuid5(_NAMESPACE, f"{promotion_id}/job/{index}")),
        "promotion_id": promotion_id,
        "job_type": job_type,
    }
    if index == 0:
        job["name"] = _LONG_NAME
    elif index != 1:  # a name is optional when a job is created
        job["name"] = f"{'generate' if job_type == 'code_generate' else 'export'} batch {index // 2}"
    result = None
    if job_type == "code_generate":
        job["parameters"], result = _generate_fields(index, status, variant)
    job["status"] = status
    if status == "failed" and job_type == "code_generate":
        job["error"] = "codes limit exceeded"
    job["meta"] = {
        "timestamps": {"created_at": _timestamp(created), "updated_at": _timestamp(created + timedelta(seconds=took))}
    }
    if result is not None:
        job["result"] = result
    if variant.extra_job_field:
        job["origin"] = "api"
    return job


def _jobs_by_promotion(variant: Variant) -> dict[str, list[Json]]:
    """Every promotion's jobs, newest first (the order the seed's example suggests)."""
    jobs = [_job(PROMOTION_ID, index, *kind, variant) for index, kind in enumerate(_plan())]
    return {PROMOTION_ID: jobs[::-1], EMPTY_PROMOTION_ID: []}


# --- reading requests ---


class _Refusal(Exception):
    """A request the API answers with an error; raised anywhere, rendered in one place."""

    def __init__(
        self, status: int, detail: str | None = None, *, title: str | None = None, source: str | None = None
    ) -> None:
        super().__init__(detail or title)
        self.status = status
        self.title = title or HTTPStatus(status).phrase
        self.detail = detail
        self.source = source


def _decode(component: bytes) -> str | None:
    """One query key or value, form-decoded strictly; None when its escapes or UTF-8 are broken."""
    if _BAD_ESCAPE.search(component):
        return None
    try:
        return unquote_to_bytes(component.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return None


def _query_parameters(query: str) -> Parameters:
    """Values by name; a value that cannot be decoded is None, so only parameters that are read can fail."""
    parameters: Parameters = {}
    # http.server reads the request line as ISO-8859-1, so this restores the bytes that were sent.
    for piece in query.encode("latin-1").split(b"&"):
        if not piece:
            continue
        raw_key, _, raw_value = piece.partition(b"=")
        key = _decode(raw_key)
        if key is not None:
            parameters.setdefault(key, []).append(_decode(raw_value))
    return parameters


def _filter_terms(parameters: Parameters, filter_limit: int) -> tuple[str | None, list[tuple[str, str]]]:
    """The filter as sent and its (attribute, value) terms; 400 for anything outside the grammar."""
    values = parameters.get(FILTER)
    if not values:
        return None, []
    text = values[0]
    if len(values) > 1 or text is None:
        raise _Refusal(400, FILTER_ERROR)
    terms = []
    for part in text.split(":"):
        match = _TERM.fullmatch(part)
        if match is None:
            raise _Refusal(400, FILTER_ERROR)
        terms.append((match[1], match[2].rstrip(" ")))
    if len(terms) > filter_limit:
        raise _Refusal(400, FILTER_ERROR)
    return text, terms


def _integer(parameters: Parameters, name: str, default: int, low: int, high: int) -> int:
    """A page parameter: absent means the default; anything but one integer in range is a 400 naming it."""
    values = parameters.get(name)
    if not values:
        return default
    if len(values) > 1:
        raise _Refusal(400, f"{name} must be given only once", source=name)
    text = values[0]
    number = int(text) if text is not None and _INTEGER.fullmatch(text) else None
    if number is None or not low <= number <= high:
        raise _Refusal(400, f"{name} must be an integer from {low} to {high}", source=name)
    return number


def _split_target(target: str) -> tuple[str, str]:
    """(path, query) of an origin-form target, or of an absolute-form one as proxies send it."""
    if target.startswith("/"):
        path, _, query = target.partition("?")
        return path, query.partition("#")[0]
    parts = urlsplit(target)
    if parts.scheme not in {"http", "https"}:
        return "", ""
    return parts.path, parts.query


# --- writing answers ---


def _links(style: str, collection: str, filter_text: str | None, offset: int, limit: int, total: int) -> Json:
    """Page links in the variant's style; "first page" means offset 0, the last page is (pages - 1) * limit."""
    carried = f"{FILTER}={quote(filter_text, safe='(),:')}&" if filter_text is not None else ""

    def url(page_offset: int | None, *, with_filter: bool = True) -> str | None:
        if page_offset is None:
            return None
        prefix = carried if with_filter else ""
        return f"{collection}?{prefix}{PAGE_OFFSET}={page_offset}&{PAGE_LIMIT}={limit}"

    if style == "seed":
        current = url(offset)
        return dict.fromkeys(("current", "first", "last", "prev", "next"), current)
    pages = (total + limit - 1) // limit
    with_filter = style != "no_filter"
    next_offset = offset + limit if offset + limit < total else None
    if style == "no_filter":
        last_offset: int | None = max(pages - 1, 0) * limit  # the real last page, wherever this page lies
    else:
        last_offset = (pages - 1) * limit if next_offset is not None else None
    links: Json = {
        "current": url(offset, with_filter=with_filter),
        "first": url(0, with_filter=with_filter),
        "last": url(last_offset, with_filter=with_filter),
        "prev": url(None if offset == 0 else max(0, offset - limit), with_filter=with_filter),
        "next": url(next_offset, with_filter=with_filter),
    }
    if style == "omit_null":
        return {name: link for name, link in links.items() if link is not None}
    return links


@dataclass(frozen=True)
class _Store:
    """What one server serves: the variant and the jobs it implies (never changed: reads only)."""

    variant: Variant
    jobs: dict[str, list[Json]]

    def error(self, refusal: _Refusal) -> Json:
        """The Elastic Path error shape, with `status` written as this store writes it."""
        entry: Json = {}
        if self.variant.error_status == "string":
            entry["status"] = str(refusal.status)
        elif self.variant.error_status == "number":
            entry["status"] = refusal.status
        entry["title"] = refusal.title
        if refusal.detail is not None:
            entry["detail"] = refusal.detail
        if refusal.source is not None:
            entry["source"] = refusal.source
        return {"errors": [entry]}

    def promotion_jobs(self, raw_id: str) -> list[Json]:
        """The jobs of the promotion a path names; a malformed or unknown id is a 404."""
        jobs = self.jobs.get(raw_id.lower()) if _UUID.fullmatch(raw_id) else None
        if jobs is None:
            raise _Refusal(404, "promotion not found")
        return jobs

    def settings(self) -> Json:
        """`GET /v2/settings`: the limits this store honours, in the settings API's shape."""
        variant = self.variant
        return {
            "data": {
                "type": "settings",
                "page_length": variant.page_length,
                "page_offset_limit": variant.page_offset_limit,
                "promotion_codes_limit": variant.promotion_codes_limit,
                "filter_limit": variant.filter_limit,
                "list_child_products": False,
                "additional_languages": [],
                "calculation_method": "line",
            },
            "meta": {"owner": "store"},
        }

    def page(self, base_url: str, raw_id: str, query: str) -> Json:
        """One page of a promotion's jobs: the query is judged before the promotion is looked up."""
        variant = self.variant
        parameters = _query_parameters(query)
        filter_text, terms = _filter_terms(parameters, variant.filter_limit)
        offset = _integer(parameters, PAGE_OFFSET, 0, 0, variant.page_offset_limit)
        limit = _integer(parameters, PAGE_LIMIT, variant.page_length, 1, MAX_PAGE_LIMIT)
        matching = [job for job in self.promotion_jobs(raw_id) if all(job[key] == value for key, value in terms)]
        total = len(matching)
        results: Json = {"total": total}
        if variant.total_method:
            results["total_method"] = "exact"
        collection = f"{base_url}/v2/promotions/{raw_id}/jobs"
        return {
            "data": matching[offset : offset + limit],
            "links": _links(variant.links, collection, filter_text, offset, limit, total),
            "meta": {
                "page": {"limit": limit, "offset": offset, "current": offset // limit + 1, "total": -(-total // limit)},
                "results": results,
            },
        }

    def file(self, base_url: str, raw_promotion: str, raw_job: str) -> Json:
        """A signed, expiring link to a completed export's CSV; every other job has no file (422)."""
        jobs = self.promotion_jobs(raw_promotion)
        wanted = raw_job.lower() if _UUID.fullmatch(raw_job) else None
        job = next((job for job in jobs if job["id"] == wanted), None)
        if job is None:
            raise _Refusal(404, "job not found")
        if job["job_type"] != "code_export" or job["status"] != "completed":
            raise _Refusal(422, f"Job has no file to download. Job status: {job['status']}")
        expires = int(datetime.now(UTC).timestamp()) + 600
        signature = uuid.uuid5(_NAMESPACE, f"{job['id']}/{expires}").hex
        return {"href": f"{base_url}/files/{job['id']}.csv?expires={expires}&signature={signature}"}


# --- HTTP ---


class _Server(ThreadingHTTPServer):
    """A threading server bound to a free loopback port that knows its store."""

    daemon_threads = True

    def __init__(self, store: _Store) -> None:
        self.store = store
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        """Skip HTTPServer's reverse DNS lookup of the address: slow on some hosts, and never needed here."""
        super(HTTPServer, self).server_bind()
        self.server_name = "127.0.0.1"
        self.server_port = self.socket.getsockname()[1]

    def handle_error(self, request: object, client_address: object) -> None:
        """Quiet: a client hanging up mid-answer is not worth a traceback on stderr."""


class _Handler(BaseHTTPRequestHandler):
    """Every request, whatever its method, is answered by `_answer` in the error shape or with JSON."""

    protocol_version = "HTTP/1.1"
    server_version = "independent-promotion-jobs-store"
    sys_version = ""
    timeout = 10
    # Status line, headers and body leave in one segment: split writes meet delayed ACKs (40 ms each).
    wbufsize = 1 << 16
    disable_nagle_algorithm = True

    def __getattr__(self, name: str) -> Callable[[], None]:
        # http.server looks up `do_<METHOD>`; answering every name keeps unknown methods away from its 501.
        if name.startswith("do_"):
            return self._answer
        raise AttributeError(name)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: conformance runs and tests read their own output, not an access log."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """http.server's own refusals (broken request line, huge headers) in the error shape and never a 5xx."""
        self.close_connection = True
        status = code if 400 <= code < 500 else 400
        self._write(status, self._store().error(_Refusal(status, message)), {})
        self.wfile.flush()  # http.server returns without flushing after its own refusals

    def _store(self) -> _Store:
        server = self.server
        if not isinstance(server, _Server):
            raise TypeError("the handler runs only inside _Server")
        return server.store

    def _answer(self) -> None:
        headers: dict[str, str] = {}
        try:
            self._drain_body()
            status, body = 200, self._route(headers)
        except _Refusal as refusal:
            status, body = refusal.status, self._store().error(refusal)
        except Exception:  # whatever the input, a client gets a 400 in the error shape, never a 5xx
            headers = {}
            status, body = 400, self._store().error(_Refusal(400, "Could not parse the request"))
        self._write(status, body, headers)

    def _route(self, headers: dict[str, str]) -> Json:
        """Authentication first (every call needs the token), then the path, then the method."""
        store = self._store()
        if not self._authorized():
            headers["WWW-Authenticate"] = "Bearer"
            raise _Refusal(401, title=UNAUTHORIZED)
        path, query = _split_target(self.path)
        file_route, list_route = _FILE_ROUTE.fullmatch(path), _LIST_ROUTE.fullmatch(path)
        if file_route is None and list_route is None and path != _SETTINGS_ROUTE:
            raise _Refusal(404, "no resource at this path")
        if self.command not in {"GET", "HEAD"}:
            headers["Allow"] = "GET"
            raise _Refusal(405, f"{self.command} is not allowed here; the allowed method is GET")
        if list_route is not None:
            return store.page(self._base_url(), list_route[1], query)
        if file_route is not None:
            return store.file(self._base_url(), file_route[1], file_route[2])
        return store.settings()

    def _authorized(self) -> bool:
        values = self.headers.get_all("Authorization") or []
        if len(values) != 1:
            return False
        scheme, _, token = values[0].partition(" ")
        return scheme.lower() == "bearer" and token.strip() == TOKEN

    def _base_url(self) -> str:
        """Links name the host the client used; a missing or odd Host header falls back to the bound address."""
        host = self.headers.get("Host", "")
        if not _HOST.fullmatch(host):
            server = self.server
            host = f"127.0.0.1:{server.server_port}" if isinstance(server, _Server) else "127.0.0.1"
        return f"http://{host}"

    def _drain_body(self) -> None:
        """Read any body sent, so the next request on a kept-alive connection starts where it should."""
        if self.headers.get("Transfer-Encoding") is not None:
            self.close_connection = True
            return
        length = (self.headers.get("Content-Length") or "").strip()
        if not length:
            return
        if re.fullmatch(r"[0-9]{1,8}", length) and int(length) <= _MAX_DRAINED_BODY:
            self.rfile.read(int(length))
        else:
            self.close_connection = True

    def _write(self, status: int, body: Json, headers: dict[str, str]) -> None:
        if self.request_version == "HTTP/0.9":
            # http.server would send a bare body; no client of this API speaks 0.9, so answer with a status line.
            self.request_version = "HTTP/1.0"
            self.close_connection = True
        payload = json.dumps(body, separators=(",", ":")).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if getattr(self, "command", None) != "HEAD":
            self.wfile.write(payload)


@contextmanager
def serving(variant: Variant) -> Iterator[str]:
    """Serve on 127.0.0.1 on a free port (bind port 0) in a daemon thread; yield the base URL; shut down on exit."""
    server = _Server(_Store(variant, _jobs_by_promotion(variant)))
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, name=f"independent-store-{variant.name}"
    )
    thread.daemon = True
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
