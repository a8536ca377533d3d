"""The mock's list call over real HTTP: filtering, pages, links, meta, errors, auth, methods."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.models import ErrorResponse, JobStatus, JobType, PromotionJobList

from contract_tests.support import (
    EMPTY_PROMOTION,
    MIXED_PROMOTION,
    PAGED_PROMOTION,
    SEED_PROMOTION,
    TOKEN,
    jobs_path,
    list_example,
)
from promotion_jobs.contract import Contract


def test_seed_jobs_are_served_verbatim(api: httpx.Client, document: dict[str, Any], contract: Contract) -> None:
    response = api.get(jobs_path(SEED_PROMOTION))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    assert contract.validate_response("getPromotionJobs", 200, body) == []
    seed_jobs = list_example(document, "generateJobs")["data"]
    assert [job for job in body["data"] if job["id"] in {j["id"] for j in seed_jobs}] == seed_jobs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eq(job_type,code_export)", {("code_export", None)}),
        ("eq(job_type, code_export)", {("code_export", None)}),
        ("eq(status,completed)", {(None, "completed")}),
        ("eq(status,completed):eq(job_type,code_generate)", {("code_generate", "completed")}),
    ],
)
def test_filter_selects_matching_jobs(
    api: httpx.Client, text: str, expected: set[tuple[str | None, str | None]]
) -> None:
    everything = api.get(jobs_path(MIXED_PROMOTION)).json()["data"]
    body = api.get(jobs_path(MIXED_PROMOTION), params={"filter": text}).json()
    ((job_type, status),) = expected
    wanted = [
        job
        for job in everything
        if (job_type is None or job["job_type"] == job_type) and (status is None or job["status"] == status)
    ]
    assert body["data"] == wanted
    assert wanted
    assert body["meta"]["results"]["total"] == len(wanted)


@pytest.mark.parametrize(
    "text", ["eq(status,complete)", "eq(job_type,code_import)", "eq(status,failed):eq(status,completed)"]
)
def test_well_formed_filter_without_matches_is_an_empty_page(api: httpx.Client, text: str) -> None:
    response = api.get(jobs_path(MIXED_PROMOTION), params={"filter": text})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] == []
    assert body["meta"]["results"]["total"] == 0
    assert body["meta"]["page"] == {"limit": 25, "offset": 0, "current": 1, "total": 0}


@pytest.mark.parametrize(
    "text", ["eq(status,completed", "gt(status,completed)", "eq(name,x)", ":".join(["eq(status,x)"] * 11)]
)
def test_filter_outside_the_grammar_is_the_documented_400(api: httpx.Client, text: str) -> None:
    response = api.get(jobs_path(MIXED_PROMOTION), params={"filter": text})
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "status": "400",
                "title": "Bad Request",
                "detail": "Could not parse the supplied filter",
                "source": "filter",
            }
        ]
    }


def test_pages_cover_every_job_once_newest_first(api: httpx.Client) -> None:
    seen: list[dict[str, Any]] = []
    offset = 0
    while True:
        body = api.get(jobs_path(PAGED_PROMOTION), params={"page[offset]": offset, "page[limit]": 7}).json()
        seen.extend(body["data"])
        assert body["meta"]["page"]["current"] == offset // 7 + 1
        assert body["meta"]["page"]["total"] == 9
        if body["links"]["next"] is None:
            break
        offset += 7
    assert len(seen) == 60 == len({job["id"] for job in seen})
    created = [job["meta"]["timestamps"]["created_at"] for job in seen]
    assert created == sorted(created, reverse=True)


@pytest.mark.parametrize(
    ("offset", "limit", "count", "current", "pages"),
    [
        (0, 1, 1, 1, 60),
        (0, 100, 60, 1, 1),
        (0, 20, 20, 1, 3),
        (40, 20, 20, 3, 3),
        (60, 20, 0, 4, 3),
        (9999, 100, 0, 100, 1),
    ],
)
def test_page_edges(api: httpx.Client, offset: int, limit: int, count: int, current: int, pages: int) -> None:
    body = api.get(jobs_path(PAGED_PROMOTION), params={"page[offset]": offset, "page[limit]": limit}).json()
    assert len(body["data"]) == count
    assert body["meta"]["page"] == {"limit": limit, "offset": offset, "current": current, "total": pages}
    assert body["meta"]["results"]["total"] == 60


def test_empty_promotion(api: httpx.Client) -> None:
    body = api.get(jobs_path(EMPTY_PROMOTION)).json()
    assert body["data"] == []
    assert body["meta"] == {"page": {"limit": 25, "offset": 0, "current": 1, "total": 0}, "results": {"total": 0}}
    assert body["links"]["prev"] is None and body["links"]["next"] is None and body["links"]["last"] is None


def test_links_first_middle_last(api: httpx.Client, mock_url: str) -> None:
    collection = f"{mock_url}{jobs_path(PAGED_PROMOTION)}"
    first = api.get(jobs_path(PAGED_PROMOTION), params={"page[limit]": 25}).json()["links"]
    assert first == {
        "current": f"{collection}?page[offset]=0&page[limit]=25",
        "first": f"{collection}?page[offset]=0&page[limit]=25",
        "prev": None,
        "next": f"{collection}?page[offset]=25&page[limit]=25",
        "last": f"{collection}?page[offset]=50&page[limit]=25",
    }
    middle = api.get(first["next"]).json()["links"]
    assert middle["prev"] == first["current"]
    assert middle["next"] == first["last"]
    last = api.get(middle["next"]).json()
    assert len(last["data"]) == 10
    assert (last["links"]["next"], last["links"]["last"]) == (None, None)
    assert last["links"]["prev"] == middle["current"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("page[limit]", "0"),
        ("page[limit]", "101"),
        ("page[limit]", "ten"),
        ("page[offset]", "-1"),
        ("page[offset]", "10001"),
        ("page[offset]", "1.5"),
    ],
)
def test_bad_page_values_name_the_parameter(api: httpx.Client, name: str, value: str) -> None:
    response = api.get(jobs_path(PAGED_PROMOTION), params={name: value})
    assert response.status_code == 400
    (error,) = response.json()["errors"]
    assert error["source"] == name
    assert error["title"] == "Bad Request"
    assert name in error["detail"]


def test_unknown_promotion_is_404(api: httpx.Client) -> None:
    response = api.get(jobs_path("11111111-1111-4111-8111-111111111111"))
    assert response.status_code == 404
    assert response.json() == {"errors": [{"status": "404", "title": "Not Found", "detail": "promotion not found"}]}


def test_malformed_promotion_id_is_400(api: httpx.Client) -> None:
    response = api.get(jobs_path("not-a-uuid"))
    assert response.status_code == 400
    assert response.json()["errors"][0]["source"] == "promotionID"


@pytest.mark.parametrize(
    "authorization", [None, "", "Bearer", "Bearer wrong-token", "Basic bW9jazp0b2tlbg==", f"Token {TOKEN}"]
)
def test_missing_malformed_or_unknown_token_is_401(mock_url: str, authorization: str | None) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    response = httpx.get(f"{mock_url}{jobs_path(SEED_PROMOTION)}", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"errors": [{"status": 401, "title": "Unable to validate access token"}]}


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
def test_undeclared_method_is_405_with_allow(api: httpx.Client, method: str) -> None:
    response = api.request(method, jobs_path(SEED_PROMOTION))
    assert response.status_code == 405
    assert response.headers["allow"] == "GET, POST"
    if method != "HEAD":
        assert response.json()["errors"][0]["status"] == "405"


def test_unknown_path_is_404_in_the_error_shape(api: httpx.Client) -> None:
    response = api.get("/v2/promotions")
    assert response.status_code == 404
    assert response.json()["errors"][0]["title"] == "Not Found"


def test_generated_client_against_the_running_mock(mock_url: str) -> None:
    client = AuthenticatedClient(base_url=mock_url, token=TOKEN)
    page = get_promotion_jobs.sync(
        UUID(MIXED_PROMOTION), client=client, filter_="eq(job_type,code_export)", pagelimit=1
    )
    assert isinstance(page, PromotionJobList)
    assert len(page.data) == 1
    assert page.data[0].job_type is JobType.CODE_EXPORT
    assert page.meta.results.total == 2
    assert page.links.next_ is not None
    everything = get_promotion_jobs.sync(UUID(MIXED_PROMOTION), client=client)
    assert isinstance(everything, PromotionJobList)
    statuses = {job.status for job in everything.data}
    assert statuses == set(JobStatus) - {JobStatus.PROCESSING}
    error = get_promotion_jobs.sync(UUID(MIXED_PROMOTION), client=client, filter_="eq(")
    assert isinstance(error, ErrorResponse)
    assert error.errors[0].detail == "Could not parse the supplied filter"
