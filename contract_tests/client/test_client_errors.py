"""The one exception: from the generated union return, and from bodies that are not error documents."""

from __future__ import annotations

from uuid import UUID

import pytest
from elasticpath_promotion_jobs_client.api.promotion_jobs import get_promotion_jobs
from elasticpath_promotion_jobs_client.models import PromotionJobList

from contract_tests.support import SEED_PROMOTION, TOKEN, UNKNOWN_PROMOTION, serve_mock
from promotion_jobs.client import PromotionJobsError, connect, expect


def test_expect_returns_the_success_or_raises_with_status_and_errors() -> None:
    with serve_mock() as base_url, connect(base_url, token=TOKEN) as client:
        page = expect(get_promotion_jobs.sync_detailed(UUID(SEED_PROMOTION), client=client))
        with pytest.raises(PromotionJobsError) as raised:
            expect(get_promotion_jobs.sync_detailed(UUID(UNKNOWN_PROMOTION), client=client, filter_="eq(status,done"))
    assert isinstance(page, PromotionJobList)
    assert len(page.data) == 3
    assert raised.value.status == 400
    assert str(raised.value) == "HTTP 400: Bad Request: Could not parse the supplied filter (source: filter)"


@pytest.mark.parametrize("body", [b"<html>Bad Gateway</html>", b"{}", b'{"errors": "no"}', b""])
def test_a_body_outside_the_error_shape_keeps_the_status(body: bytes) -> None:
    error = PromotionJobsError.from_body(502, body)
    assert error.status == 502
    assert [(e.status, e.title) for e in error.errors] == [(502, "Bad Gateway")]
    assert str(error).startswith("HTTP 502: Bad Gateway: the response body is not in the Elastic Path error shape")


def test_every_error_of_the_list_is_kept_and_shown() -> None:
    body = b'{"errors":[{"status":"400","title":"Bad Request","detail":"one"},{"status":"400","title":"Bad Request"}]}'
    error = PromotionJobsError.from_body(400, body)
    assert len(error.errors) == 2
    assert str(error) == "HTTP 400: Bad Request: one; Bad Request"
