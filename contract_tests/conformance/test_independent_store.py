"""The independent store over real HTTP: it behaves as Elastic Path documents in every variant, and stays independent.

A conformance run is only proven tolerant if the store it passes is itself right, so these tests pin
the store's behaviour, exactly, without any help from the toolkit it is meant to be independent of.
"""

from __future__ import annotations

import ast
import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from contract_tests.conformance.independent_store import EMPTY_PROMOTION_ID, PROMOTION_ID, TOKEN, Variant, serving

MODULE = Path(__file__).with_name("independent_store.py")
AUTH = {"Authorization": f"Bearer {TOKEN}"}
JOBS = f"/v2/promotions/{PROMOTION_ID}/jobs"
ALL_JOBS = 60
EXPORT_JOBS = 29
UNKNOWN_ID = "0e6a1c3d-1111-4222-8333-944455556666"
BAD_FILTER = {"errors": [{"status": "400", "title": "Bad Request", "detail": "Could not parse the supplied filter"}]}
DEFAULT = Variant("default")
LINK_NAMES = ("current", "first", "last", "prev", "next")

Serve = Callable[[Variant], str]


@pytest.fixture(scope="module")
def serve() -> Iterator[Serve]:
    """Each variant's server starts once per module, on first use, and all stop at the end."""
    with ExitStack() as stack:
        urls: dict[Variant, str] = {}

        def url(variant: Variant) -> str:
            if variant not in urls:
                urls[variant] = stack.enter_context(serving(variant))
            return urls[variant]

        yield url


@pytest.fixture(scope="module")
def http() -> Iterator[httpx.Client]:
    with httpx.Client(headers=AUTH, timeout=5) as client:
        yield client


@pytest.fixture
def base(serve: Serve) -> str:
    return serve(DEFAULT)


def get(http: httpx.Client, url: str, **params: str | int) -> httpx.Response:
    response = http.get(url, params=params)
    assert response.headers["content-type"] == "application/json"
    return response


def page(http: httpx.Client, base: str, **params: str | int) -> dict[str, Any]:
    response = get(http, base + JOBS, **params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def page_url(base: str, offset: int | None, limit: int) -> str | None:
    return None if offset is None else f"{base}{JOBS}?page[offset]={offset}&page[limit]={limit}"


def raw_request(base: str, request_line: bytes, headers: bytes = b"") -> tuple[int, bytes, bytes]:
    """Bytes a well-behaved client library would never send (broken escapes, raw non-UTF-8, odd versions)."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname or "", parts.port or 80), timeout=2) as connection:
        connection.sendall(
            request_line + b"\r\nHost: test\r\nAuthorization: Bearer " + TOKEN.encode() + b"\r\n"
            b"Connection: close\r\n" + headers + b"\r\n"
        )
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    head, _, body = received.partition(b"\r\n\r\n")
    return int(head.split(b" ")[1]), head, body


def test_module_imports_only_the_standard_library() -> None:
    imported: set[str] = set()
    for node in ast.walk(ast.parse(MODULE.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            assert node.level == 0, "a relative import would reach into the project"
            imported.add((node.module or "").split(".")[0])
    assert not imported & {"promotion_jobs", "elasticpath_promotion_jobs_client", "contract_tests"}
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}, imported - set(sys.stdlib_module_names)


def test_variant_refuses_settings_no_store_can_have() -> None:
    for bad in ({"links": "sometimes"}, {"error_status": "maybe"}, {"page_length": 101}, {"filter_limit": 0}):
        with pytest.raises(ValueError, match="must"):
            Variant("bad", **bad)


# Expected link offsets (current, first, last, prev, next) for 60 jobs at page[limit]=10.
FILTER_STYLE: dict[int, tuple[int | None, ...]] = {
    0: (0, 0, 50, None, 10),
    20: (20, 0, 50, 10, 30),
    1000: (1000, 0, None, 990, None),
}
LINK_OFFSETS: dict[str, dict[int, tuple[int | None, ...]]] = {
    "filter": FILTER_STYLE,
    "omit_null": FILTER_STYLE,
    "no_filter": {0: (0, 0, 50, None, 10), 20: (20, 0, 50, 10, 30), 1000: (1000, 0, 50, 990, None)},
    "seed": {offset: (offset,) * 5 for offset in (0, 20, 1000)},
}


@pytest.mark.parametrize("style", sorted(LINK_OFFSETS))
@pytest.mark.parametrize(("offset", "current", "items"), [(0, 1, 10), (20, 3, 10), (1000, 101, 0)])
def test_each_links_style_names_the_documented_pages(
    http: httpx.Client, serve: Serve, style: str, offset: int, current: int, items: int
) -> None:
    base = serve(Variant(style, links=style))
    body = page(http, base, **{"page[offset]": offset, "page[limit]": 10})
    assert len(body["data"]) == items
    assert body["meta"] == {
        "page": {"limit": 10, "offset": offset, "current": current, "total": 6},
        "results": {"total": ALL_JOBS},
    }
    expected = {
        name: page_url(base, link_offset, 10)
        for name, link_offset in zip(LINK_NAMES, LINK_OFFSETS[style][offset], strict=True)
    }
    if style == "omit_null":
        expected = {name: url for name, url in expected.items() if url is not None}
    assert body["links"] == expected


@pytest.mark.parametrize(
    ("style", "carries"), [("filter", True), ("omit_null", True), ("seed", True), ("no_filter", False)]
)
def test_links_repeat_the_filter_exactly_unless_the_style_drops_it(
    http: httpx.Client, serve: Serve, style: str, carries: bool
) -> None:
    text = "eq(job_type, code_export)"
    base = serve(Variant(style, links=style))
    body = page(http, base, filter=text, **{"page[limit]": 10})
    assert body["meta"]["results"]["total"] == EXPORT_JOBS
    for name in ("current", "first", "next"):
        query = parse_qs(urlsplit(body["links"][name]).query)
        assert query.get("filter") == ([text] if carries else None)
        assert query["page[limit]"] == ["10"]
    assert body["links"]["current"].startswith(f"{base}{JOBS}?" + ("filter=" if carries else "page[offset]=0"))


def test_links_are_built_from_the_host_the_client_used(http: httpx.Client, base: str) -> None:
    body = http.get(base + JOBS, headers={"Host": "store.example.test:8443"}).json()
    assert body["links"]["current"] == f"http://store.example.test:8443{JOBS}?page[offset]=0&page[limit]=25"


@pytest.mark.parametrize("style", ["string", "number", "absent"])
def test_error_status_is_written_as_the_variant_says(http: httpx.Client, serve: Serve, style: str) -> None:
    def errors(status: int, **fields: str) -> dict[str, object]:
        written: dict[str, dict[str, object]] = {
            "string": {"status": str(status)},
            "number": {"status": status},
            "absent": {},
        }
        return {"errors": [{**written[style], **fields}]}

    base = serve(Variant(style, error_status=style))
    bad_filter = get(http, base + JOBS, filter="eq(status,completed")
    assert bad_filter.json() == errors(400, title="Bad Request", detail="Could not parse the supplied filter")
    assert httpx.get(base + JOBS).json() == errors(401, title="Unable to validate access token")
    unknown = get(http, f"{base}/v2/promotions/{UNKNOWN_ID}/jobs")
    assert unknown.json() == errors(404, title="Not Found", detail="promotion not found")


def test_settings_are_served_and_honoured(http: httpx.Client, serve: Serve) -> None:
    variant = Variant("settings", page_length=7, page_offset_limit=30, promotion_codes_limit=200, filter_limit=2)
    base = serve(variant)
    settings = get(http, base + "/v2/settings")
    assert settings.status_code == 200
    assert settings.json() == {
        "data": {
            "type": "settings",
            "page_length": 7,
            "page_offset_limit": 30,
            "promotion_codes_limit": 200,
            "filter_limit": 2,
            "list_child_products": False,
            "additional_languages": [],
            "calculation_method": "line",
        },
        "meta": {"owner": "store"},
    }
    first = page(http, base)
    assert len(first["data"]) == 7
    assert first["meta"]["page"] == {"limit": 7, "offset": 0, "current": 1, "total": 9}
    assert first["links"]["next"] == f"{base}{JOBS}?page[offset]=7&page[limit]=7"
    assert page(http, base, **{"page[offset]": 30})["meta"]["page"]["current"] == 5
    too_far = get(http, base + JOBS, **{"page[offset]": 31})
    assert too_far.status_code == 400
    assert too_far.json()["errors"][0]["source"] == "page[offset]"
    assert too_far.json()["errors"][0]["detail"] == "page[offset] must be an integer from 0 to 30"
    assert page(http, base, filter="eq(status,completed):eq(job_type,code_export)")["meta"]["results"]["total"] == 22
    three_terms = get(http, base + JOBS, filter="eq(status,completed):eq(job_type,code_export):eq(status,completed)")
    assert (three_terms.status_code, three_terms.json()) == (400, BAD_FILTER)
    generate = page(http, base, filter="eq(job_type,code_generate)", **{"page[limit]": 100})["data"]
    assert max(job["parameters"]["number_of_codes"] for job in generate) == 200


def test_default_settings_are_the_documented_ones(http: httpx.Client, base: str) -> None:
    data = get(http, base + "/v2/settings").json()["data"]
    assert (data["page_length"], data["page_offset_limit"], data["promotion_codes_limit"], data["filter_limit"]) == (
        25,
        10000,
        1000,
        10,
    )
    assert page(http, base)["meta"]["page"] == {"limit": 25, "offset": 0, "current": 1, "total": 3}
    assert page(http, base, **{"page[offset]": 10000})["data"] == []
    assert get(http, base + JOBS, **{"page[offset]": 10001}).status_code == 400


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {TOKEN}"}, {"Authorization": TOKEN}]
)
@pytest.mark.parametrize("path", [JOBS, "/v2/settings", "/nowhere"])
def test_every_call_without_the_token_is_401(base: str, headers: dict[str, str], path: str) -> None:
    response = httpx.get(base + path, headers=headers)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/json"
    assert response.json() == {"errors": [{"status": "401", "title": "Unable to validate access token"}]}


@pytest.mark.parametrize(
    ("method", "path"),
    [("POST", JOBS), ("DELETE", "/v2/settings"), ("PUT", f"{JOBS}/{UNKNOWN_ID}/file"), ("PURGE", JOBS)],
)
def test_other_methods_on_known_paths_are_405_with_allow(http: httpx.Client, base: str, method: str, path: str) -> None:
    response = http.request(method, base + path, json={"data": {"type": "promotion_job"}})
    assert response.status_code == 405
    assert response.headers["allow"] == "GET"
    assert response.headers["content-type"] == "application/json"
    assert response.json()["errors"][0]["status"] == "405"
    assert http.get(base + JOBS).status_code == 200  # the body was read: the kept-alive connection still works


def test_unknown_paths_are_404_for_any_method(http: httpx.Client, base: str) -> None:
    for method, path in [("GET", "/v2/promotions"), ("POST", "/oauth/access_token"), ("GET", f"{JOBS}/")]:
        response = http.request(method, base + path)
        assert response.status_code == 404
        assert response.json()["errors"][0]["title"] == "Not Found"


def test_head_answers_like_get_without_a_body(http: httpx.Client, base: str) -> None:
    got, head = http.get(base + JOBS), http.head(base + JOBS)
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(got.content))


@pytest.mark.parametrize(
    "text",
    [
        "eq(status,completed",
        "ne(status,completed)",
        "eq(name,job)",
        "EQ(status,completed)",
        "eq(status ,completed)",
        "eq( status,completed)",
        "eq(status,)",
        "eq(status,   )",
        "eq(status,comp%leted)",
        "eq(status,completed):",
        "eq(status,completed) ",
        "eq(status,completed)eq(job_type,code_export)",
        "",
        ":".join(["eq(status,completed)"] * 11),
    ],
)
def test_filters_outside_the_grammar_get_the_exact_400(http: httpx.Client, base: str, text: str) -> None:
    response = get(http, base + JOBS, filter=text)
    assert (response.status_code, response.json()) == (400, BAD_FILTER)


def test_filter_given_twice_is_refused(http: httpx.Client, base: str) -> None:
    response = http.get(base + JOBS, params=[("filter", "eq(status,failed)"), ("filter", "eq(status,completed)")])
    assert (response.status_code, response.json()) == (400, BAD_FILTER)


@pytest.mark.parametrize(
    ("text", "total"),
    [
        ("eq(job_type, code_export)", EXPORT_JOBS),
        ("eq(status,completed):eq(job_type,code_export)", 22),
        ("eq(status,failed):eq(job_type,code_generate)", 4),
        ("eq(status,  completed  )", 43),
        (":".join(["eq(status,completed)"] * 10), 43),
        ("eq(status,complete)", 0),
        ("eq(status,completed):eq(status,failed)", 0),
    ],
)
def test_well_formed_filters_select_what_they_name(http: httpx.Client, base: str, text: str, total: int) -> None:
    body = page(http, base, filter=text, **{"page[limit]": 100})
    terms = [term[3:-1].split(",") for term in text.strip().split(":")]
    assert all(job[key] == value.strip() for job in body["data"] for key, value in terms)
    assert len(body["data"]) == body["meta"]["results"]["total"] == total
    assert body["meta"]["page"]["current"] == 1
    assert body["meta"]["page"]["total"] == (1 if total else 0)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page[limit]", "0"),
        ("page[limit]", "101"),
        ("page[limit]", "ten"),
        ("page[limit]", "1.5"),
        ("page[limit]", ""),
        ("page[limit]", " 5"),
        ("page[offset]", "-1"),
        ("page[offset]", "1e3"),
        ("page[offset]", "9" * 5000),
    ],
)
def test_page_parameters_outside_their_range_are_400_naming_the_parameter(
    http: httpx.Client, base: str, name: str, value: str
) -> None:
    response = get(http, base + JOBS, **{name: value})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert (error["status"], error["title"], error["source"]) == ("400", "Bad Request", name)
    assert error["detail"].startswith(name)


def test_page_parameter_given_twice_is_400_naming_it(http: httpx.Client, base: str) -> None:
    response = http.get(base + JOBS, params=[("page[limit]", "5"), ("page[limit]", "5")])
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == "page[limit]"


@pytest.mark.parametrize(
    ("target", "status"),
    [
        (b"?filter=%zz", 400),
        (b"?filter=eq(status,%ff)", 400),
        (b"?filter=eq(status,\xff)", 400),
        (b"?page%5Blimit%5D=%e2%82", 400),
        (b"?page[limit]=5&page[offset]=99999999999999999999999999", 400),
        (b"?page%5Blimit%5D=5&unknown=%zz", 200),
        (b"?filter=eq(status,+completed)&page[limit]=5", 200),
    ],
)
def test_unparseable_queries_are_400_never_a_server_error(base: str, target: bytes, status: int) -> None:
    answered, head, body = raw_request(base, b"GET " + JOBS.encode() + target + b" HTTP/1.1")
    assert answered == status, body
    assert b"content-type: application/json" in head.lower()


@pytest.mark.parametrize(
    "request_line",
    [b"GET /v2/settings HTTP/2.0", b"BREW /v2/settings HTTP/1.1", b"GET /v2/settings HTTP/9", b"GET  HTTP/1.1"],
)
def test_broken_request_lines_get_a_4xx_in_the_error_shape(base: str, request_line: bytes) -> None:
    status, _, body = raw_request(base, request_line)
    assert 400 <= status < 500
    assert b'"errors"' in body


def test_a_promotion_that_is_unknown_or_not_a_uuid_is_404(http: httpx.Client, base: str) -> None:
    not_found = {"errors": [{"status": "404", "title": "Not Found", "detail": "promotion not found"}]}
    for promotion in (UNKNOWN_ID, "not-a-uuid", PROMOTION_ID.replace("-", ""), ""):
        response = get(http, f"{base}/v2/promotions/{promotion}/jobs")
        assert (response.status_code, response.json()) == (404, not_found)


def test_an_uppercase_promotion_id_is_the_same_promotion(http: httpx.Client, base: str) -> None:
    body = get(http, f"{base}/v2/promotions/{PROMOTION_ID.upper()}/jobs").json()
    assert body["meta"]["results"]["total"] == ALL_JOBS
    assert body["links"]["first"].startswith(f"{base}/v2/promotions/{PROMOTION_ID.upper()}/jobs?")


def test_a_promotion_without_jobs_is_an_empty_first_page(http: httpx.Client, base: str) -> None:
    body = get(http, f"{base}/v2/promotions/{EMPTY_PROMOTION_ID}/jobs").json()
    assert body["data"] == []
    assert body["meta"] == {"page": {"limit": 25, "offset": 0, "current": 1, "total": 0}, "results": {"total": 0}}
    assert body["links"]["prev"] is body["links"]["next"] is body["links"]["last"] is None


def test_jobs_are_newest_first_and_shaped_as_documented(http: httpx.Client, base: str) -> None:
    jobs = page(http, base, **{"page[limit]": 100})["data"]
    assert len(jobs) == ALL_JOBS
    assert len({job["id"] for job in jobs}) == ALL_JOBS
    created = [job["meta"]["timestamps"]["created_at"] for job in jobs]
    assert created == sorted(created, reverse=True)
    assert {job["job_type"] for job in jobs} == {"code_generate", "code_export"}
    assert {job["status"] for job in jobs} == {
        "pending",
        "processing",
        "completed",
        "failed",
        "cancelling",
        "cancelled",
    }
    for job in jobs:
        assert job["type"] == "promotion_job"
        assert job["promotion_id"] == PROMOTION_ID
        assert len(job.get("name", "")) <= 50
        timestamps = job["meta"]["timestamps"]
        assert timestamps["updated_at"] >= timestamps["created_at"]
        assert timestamps["created_at"].endswith("Z")
        if job["job_type"] == "code_export":
            assert "parameters" not in job
            assert "result" not in job
        else:
            parameters = job["parameters"]
            assert 1 <= parameters["number_of_codes"] <= 1000
            assert 8 <= parameters["code_length"] <= 16
            assert parameters["consume_unit"] in {"per_cart", "per_item"}
        assert ("error" in job) == (job["status"] == "failed" and job["job_type"] == "code_generate")
    assert any(len(job.get("name", "")) == 50 for job in jobs)


def test_variants_add_the_fields_elastic_path_allows(http: httpx.Client, serve: Serve) -> None:
    base = serve(Variant("extras", total_method=True, extra_job_field=True, deleted_null=True))
    body = page(http, base, **{"page[limit]": 100})
    assert body["meta"]["results"] == {"total": ALL_JOBS, "total_method": "exact"}
    assert all(job["origin"] == "api" for job in body["data"])
    results = [job["result"] for job in body["data"] if "result" in job]
    assert results
    assert all(result["deleted"] is None for result in results)


def test_only_a_completed_export_has_a_file(http: httpx.Client, base: str) -> None:
    def job_id(text: str) -> str:
        found: str = page(http, base, filter=text)["data"][0]["id"]
        return found

    export = job_id("eq(status,completed):eq(job_type,code_export)")
    response = get(http, f"{base}{JOBS}/{export}/file")
    assert response.status_code == 200
    assert list(response.json()) == ["href"]
    assert response.json()["href"].startswith(f"{base}/files/{export}.csv?expires=")
    assert "&signature=" in response.json()["href"]
    for text, status in [
        ("eq(status,processing)", "processing"),
        ("eq(status,failed):eq(job_type,code_export)", "failed"),
        ("eq(status,completed):eq(job_type,code_generate)", "completed"),
    ]:
        refused = get(http, f"{base}{JOBS}/{job_id(text)}/file")
        assert (refused.status_code, refused.json()) == (
            422,
            {
                "errors": [
                    {
                        "status": "422",
                        "title": "Unprocessable Entity",
                        "detail": f"Job has no file to download. Job status: {status}",
                    }
                ]
            },
        )


def test_the_file_of_an_unknown_job_or_promotion_is_404(http: httpx.Client, base: str) -> None:
    export = page(http, base, filter="eq(job_type,code_export)")["data"][0]["id"]
    for path, detail in [
        (f"{JOBS}/{UNKNOWN_ID}/file", "job not found"),
        (f"{JOBS}/not-a-job/file", "job not found"),
        (f"/v2/promotions/{EMPTY_PROMOTION_ID}/jobs/{export}/file", "job not found"),
        (f"/v2/promotions/{UNKNOWN_ID}/jobs/{export}/file", "promotion not found"),
    ]:
        response = get(http, base + path)
        assert response.status_code == 404
        assert response.json()["errors"][0]["detail"] == detail
