"""The mock's two memories, strict mode's remembered jobs and the decoder's remembered targets,
change no verdict: each answer is the one the document gives without them, and each is bounded."""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Mapping
from typing import Any

import httpx
import pytest
from starlette.requests import Request
from starlette.testclient import TestClient

from contract_tests.support import AUTH, PAGED_PROMOTION, jobs_path, make_jobs, rule_jobs_path, serve_mock, store_with
from promotion_jobs.contract import Contract
from promotion_jobs.mock import MockConfig, create_app
from promotion_jobs.mock.decode import REMEMBERED_TARGET_BYTES, Decoder
from promotion_jobs.mock.exchange import BadRequest, Call
from promotion_jobs.mock.faults import FaultSet
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.strict import StrictCheck
from promotion_jobs.operations import CREATE_OPERATION, LIST_OPERATION, RULE_LIST_OPERATION
from promotion_jobs.pagination import Window
from promotion_jobs.settings import default_settings

PROMOTION = "c0a80111-1111-4111-8111-111111111111"


def _page(jobs: list[Any]) -> dict[str, Any]:
    window = Window(offset=0, limit=100, results=len(jobs))
    return {
        "data": jobs,
        "links": window.links(f"http://127.0.0.1{jobs_path(PROMOTION)}"),
        "meta": {"page": window.meta(), "results": {"total": len(jobs)}},
    }


def _bodies() -> dict[str, tuple[str, int, object]]:
    """Replies of every kind strict mode meets: valid and broken pages, and replies that are no page."""
    jobs = make_jobs(PROMOTION, 3)
    missing_status = copy.deepcopy(jobs)
    del missing_status[1]["status"]
    bad_ids = copy.deepcopy(jobs)
    bad_ids[0]["id"] = "not-a-uuid"
    bad_ids[2]["promotion_id"] = 7
    not_an_object = [jobs[0], "a job", jobs[1]]
    null_item = [jobs[0], None]
    too_many = make_jobs(PROMOTION, 101)
    return {
        "valid page": (LIST_OPERATION, 200, _page(jobs)),
        "empty page": (LIST_OPERATION, 200, _page([])),
        "a job without status": (LIST_OPERATION, 200, _page(missing_status)),
        "two bad jobs": (LIST_OPERATION, 200, _page(bad_ids)),
        "an item that is no object": (LIST_OPERATION, 200, _page(not_an_object)),
        "a null item": (LIST_OPERATION, 200, _page(null_item)),
        "the same job twice": (LIST_OPERATION, 200, _page([jobs[0], jobs[0]])),
        "a job seen and one new": (LIST_OPERATION, 200, _page([jobs[0], make_jobs(PROMOTION, 4)[3]])),
        "a job seen and a new broken one": (LIST_OPERATION, 200, _page([jobs[0], missing_status[1]])),
        "more items than maxItems": (LIST_OPERATION, 200, _page(too_many)),
        "data not a list": (LIST_OPERATION, 200, {**_page(jobs), "data": {"0": jobs[0]}}),
        "no data": (LIST_OPERATION, 200, {key: value for key, value in _page(jobs).items() if key != "data"}),
        "page without meta": (LIST_OPERATION, 200, {"data": jobs}),
        "not an object": (LIST_OPERATION, 200, [jobs[0]]),
        "undeclared status": (LIST_OPERATION, 418, _page(jobs)),
        "an error reply": (LIST_OPERATION, 404, {"errors": [{"status": 404, "title": "Not Found"}]}),
        "a standard page on the rule list": (RULE_LIST_OPERATION, 200, _page(jobs)),
        "a created job": (CREATE_OPERATION, 201, {"data": jobs[0]}),
        "a created job with a list": (CREATE_OPERATION, 201, {"data": jobs}),
    }


@pytest.mark.parametrize("name", sorted(_bodies()))
def test_strict_check_gives_the_whole_schemas_verdict_first_and_every_later_time(contract: Contract, name: str) -> None:
    operation_id, status, body = _bodies()[name]
    expected = sorted(contract.validate_response(operation_id, status, body))
    check = StrictCheck(contract)
    operation = contract.operation(operation_id)
    assert sorted(check.problems(operation, status, body)) == expected
    assert sorted(check.problems(operation, status, body)) == expected  # now from what it remembers


def test_one_strict_check_gives_the_whole_schemas_verdict_on_every_reply_in_turn(contract: Contract) -> None:
    """What one reply's jobs left remembered never passes a job under another schema (the rule
    list's standard jobs), nor anything that is not the very object that passed (a null)."""
    check = StrictCheck(contract)
    bodies = _bodies()
    for name in [*sorted(bodies), *sorted(bodies, reverse=True)]:
        operation_id, status, body = bodies[name]
        expected = sorted(contract.validate_response(operation_id, status, body))
        assert sorted(check.problems(contract.operation(operation_id), status, body)) == expected, name


def test_the_compared_replies_include_valid_and_broken_ones(contract: Contract) -> None:
    """The comparison above is no agreement on nothing: the broken bodies do fail, the valid do not."""
    verdicts = {name: bool(contract.validate_response(*body)) for name, body in _bodies().items()}
    assert verdicts["valid page"] is False and verdicts["a created job"] is False
    broken = ("a job without status", "two bad jobs", "more items than maxItems", "a null item")
    assert all(verdicts[name] for name in (*broken, "a standard page on the rule list"))


def _one_list_contract(response_schema: dict[str, Any]) -> Contract:
    """A document of one list operation whose 200 answer has `response_schema`."""
    listed = {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}}
    page = {"type": "object", "properties": {"data": {"type": "array", "items": listed}, "meta": {"type": "object"}}}
    content = {"application/json": {"schema": response_schema}}
    return Contract(
        {
            "openapi": "3.1.0",
            "paths": {"/things": {"get": {"operationId": "listThings", "responses": {"200": {"content": content}}}}},
            "components": {"schemas": {"Page": page, "Alias": {"$ref": "#/components/schemas/Page"}}},
        }
    )


@pytest.mark.parametrize(
    "response_schema",
    [
        {"$ref": "#/components/schemas/Alias"},
        {"$ref": "#/components/schemas/Page", "required": ["meta"]},
        {"$ref": "#/components/schemas/Alias", "properties": {"data": {"maxItems": 1}}},
        {"type": "object", "properties": {"data": {"type": "array", "items": False}}},
        {"type": "object", "properties": {"data": {"type": "array", "prefixItems": [{"type": "string"}], "items": {}}}},
        {"type": "object", "properties": {"data": {"type": "array", "items": {"type": "object"}, "uniqueItems": True}}},
    ],
)
def test_strict_check_agrees_with_the_whole_schema_of_any_page_shape(response_schema: dict[str, Any]) -> None:
    contract = _one_list_contract(response_schema)
    check = StrictCheck(contract)
    operation = contract.operation("listThings")
    named = {"name": "a"}
    bodies = [
        {"data": [named, named]},
        {"data": [named, {"name": 1}], "meta": {}},
        {"data": ["a", named]},
        {"data": []},
    ]
    for body in [*bodies, *bodies]:
        assert sorted(check.problems(operation, 200, body)) == sorted(
            contract.validate_response("listThings", 200, body)
        )


def test_a_job_that_failed_is_checked_again_and_fails_again(contract: Contract) -> None:
    job = make_jobs(PROMOTION, 1)[0]
    del job["status"]
    check = StrictCheck(contract)
    operation = contract.operation(LIST_OPERATION)
    for _ in range(2):
        assert check.problems(operation, 200, _page([job])) == ['/data/0: "status" is a required property']
    assert check.remembered == 0


def test_strict_check_remembers_at_most_its_bound(contract: Contract) -> None:
    check = StrictCheck(contract, remembered=4)
    operation = contract.operation(LIST_OPERATION)
    jobs = make_jobs(PROMOTION, 10)
    assert check.problems(operation, 200, _page(jobs)) == []
    assert check.remembered == 4
    # The most recent are kept: a new version of an early job is a new object, checked afresh.
    broken = {key: value for key, value in jobs[0].items() if key != "status"}
    assert check.problems(operation, 200, _page([broken, *jobs[1:]])) != []


def test_a_stored_job_updated_into_an_invalid_one_is_answered_500_after_a_valid_page() -> None:
    """The store keeps a new object for each version of a job, so strict mode checks the new one."""
    store = store_with(PROMOTION, 3)
    newest = store.page(PROMOTION, {}, 0, 1).jobs[0]
    with serve_mock(store) as base_url, httpx.Client(base_url=base_url, headers=AUTH, timeout=10) as client:
        assert client.get(jobs_path(PROMOTION)).status_code == 200
        store.update_job(PROMOTION, newest["id"], {"status": "queued"})
        answer = client.get(jobs_path(PROMOTION))
    assert answer.status_code == 500
    assert "mock response violates the contract: /data/0/status" in answer.json()["errors"][0]["detail"]


def _request(query: str, promotion_id: str = PAGED_PROMOTION, rule: bool = False) -> Request:
    path = (rule_jobs_path if rule else jobs_path)(promotion_id)
    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode("latin-1"),
        "headers": [],
        "path_params": {"promotionID": promotion_id},
    }
    return Request(scope)


def _decode(decoder: Decoder, contract: Contract, query: str, **target: Any) -> Mapping[str, Any]:
    call: Call = asyncio.run(decoder.call(contract.operation(LIST_OPERATION), _request(query, **target)))
    return call.parameters


def test_decoder_gives_the_same_parameters_for_a_remembered_target(contract: Contract) -> None:
    decoder = Decoder(contract, FaultSet())
    query = "page%5Blimit%5D=7&filter=eq(status,completed)"
    first = _decode(decoder, contract, query)
    assert decoder.remembered == 1
    again = _decode(decoder, contract, query)
    assert (
        dict(again)
        == dict(first)
        == {
            "promotionID": PAGED_PROMOTION,
            "filter": "eq(status,completed)",
            "page[offset]": 0,
            "page[limit]": 7,
        }
    )
    with pytest.raises(TypeError):
        again["page[limit]"] = 100  # type: ignore[index]  # shared between requests: read-only


def test_decoder_refuses_a_bad_target_every_time_and_does_not_remember_it(contract: Contract) -> None:
    decoder = Decoder(contract, FaultSet())
    for _ in range(2):
        with pytest.raises(BadRequest) as refused:
            _decode(decoder, contract, "page%5Blimit%5D=500")
        assert refused.value.source == "page[limit]"
    assert decoder.remembered == 0


def test_decoder_remembers_a_bounded_number_of_short_targets(contract: Contract) -> None:
    decoder = Decoder(contract, FaultSet())
    for offset in range(1100):
        assert _decode(decoder, contract, f"page%5Boffset%5D={offset}")["page[offset]"] == offset
    remembered = decoder.remembered
    assert 0 < remembered <= 1024
    long_query = "page%5Boffset%5D=3&unknown=" + "x" * REMEMBERED_TARGET_BYTES
    assert _decode(decoder, contract, long_query)["page[offset]"] == 3
    assert decoder.remembered == remembered  # too long to keep


def test_two_mocks_with_different_settings_do_not_share_remembered_targets() -> None:
    """Each mock decodes by its own contract (its settings' bounds), never by another's memory."""
    narrow = default_settings().with_values({"page_offset_limit": 100})
    apps = {
        "default": create_app(MockConfig(fixture_store())),
        "narrow": create_app(MockConfig(fixture_store(), settings=narrow)),
    }
    statuses = []
    for name in ("default", "narrow", "default", "narrow"):
        with TestClient(apps[name], headers=AUTH) as client:
            statuses.append(client.get(f"{jobs_path(PAGED_PROMOTION)}?page%5Boffset%5D=500").status_code)
    assert statuses == [200, 400, 200, 400]
