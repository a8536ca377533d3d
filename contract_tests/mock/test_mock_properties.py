"""Property: any valid filter and page gives a 200 whose items satisfy the filter and agree with meta."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from contract_tests.support import AUTH, MIXED_PROMOTION, PAGED_PROMOTION, jobs_path, stored_jobs
from promotion_jobs.contract import load_contract
from promotion_jobs.mock import MockConfig, create_app
from promotion_jobs.mock.fixtures import fixture_store

SCHEMAS = load_contract().document["components"]["schemas"]
VALUES = {"job_type": SCHEMAS["JobType"]["enum"], "status": SCHEMAS["JobStatus"]["enum"]}
STORE = fixture_store()
CLIENT = TestClient(create_app(MockConfig(store=STORE)), base_url="http://mock.test", headers=AUTH)

terms = st.sampled_from(sorted(VALUES)).flatmap(
    lambda attribute: st.tuples(
        st.just(attribute),
        st.sampled_from(VALUES[attribute]) | st.from_regex(r"[a-z_]{1,12}", fullmatch=True),
        st.sampled_from(["", " ", "  "]),
    )
)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    promotion=st.sampled_from([MIXED_PROMOTION, PAGED_PROMOTION]),
    chosen=st.lists(terms, max_size=4),
    offset=st.integers(0, 70) | st.integers(0, 10_000),
    limit=st.integers(1, 100),
)
def test_valid_filter_and_page_always_agree(
    promotion: str, chosen: list[tuple[str, str, str]], offset: int, limit: int
) -> None:
    params: dict[str, Any] = {"page[offset]": offset, "page[limit]": limit}
    if chosen:
        params["filter"] = ":".join(f"eq({attribute},{space}{value})" for attribute, value, space in chosen)
    response = CLIENT.get(jobs_path(promotion), params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    matching = [job for job in stored_jobs(STORE, promotion) if all(job[a] == v for a, v, _ in chosen)]
    assert body["data"] == matching[offset : offset + limit]
    assert all(job[a] == v for job in body["data"] for a, v, _ in chosen)
    assert len(body["data"]) <= limit
    assert body["meta"]["results"]["total"] == len(matching)
    assert body["meta"]["page"] == {
        "limit": limit,
        "offset": offset,
        "current": offset // limit + 1,
        "total": math.ceil(len(matching) / limit),
    }
