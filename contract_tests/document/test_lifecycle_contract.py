"""The job lifecycle calls in the contract: create, cancel, file and token.

The document declares them, its validators enforce the create-body rule, its examples parse with
the generated models, and the generated calls put on the wire the bodies the document describes.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any
from urllib.parse import parse_qs
from uuid import UUID

import httpx
import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient, Client
from elasticpath_promotion_jobs_client.api.authentication import create_access_token
from elasticpath_promotion_jobs_client.api.promotion_jobs import (
    cancel_promotion_job,
    create_promotion_job,
    get_promotion_job_file,
)
from elasticpath_promotion_jobs_client.models import (
    AccessToken,
    AccessTokenRequest,
    ConsumeUnit,
    ErrorResponse,
    GrantType,
    JobStatus,
    JobType,
    PromotionJobCreate,
    PromotionJobCreateRequest,
    PromotionJobFile,
    PromotionJobParameters,
    PromotionJobResponse,
)
from elasticpath_promotion_jobs_client.types import Unset

from promotion_jobs.contract import FORM_MEDIA_TYPE, JSON_MEDIA_TYPE, Contract

BASE_URL = "https://useast.api.elasticpath.com"
PROMOTION_ID = UUID("ad386702-e780-42c6-b190-0527ad768917")
JOB_ID = UUID("84d86114-a92d-4c34-92f1-3e36ef6cabeb")
JOBS = "/v2/promotions/{promotionID}/jobs"
CANCEL = "/v2/promotions/{promotionID}/jobs/{jobID}/cancel"
FILE = "/v2/promotions/{promotionID}/jobs/{jobID}/file"
TOKEN = "/oauth/access_token"
JOB_ERRORS = {"401", "403", "404", "429", "500", "503"}


def spec_of(contract: Contract, path: str, method: str) -> dict[str, Any]:
    operation: dict[str, Any] = contract.document["paths"][path][method]
    return operation


def response_example(contract: Contract, path: str, method: str, status: str, name: str) -> Any:
    """A named example of a response, following the response's `$ref` if it has one."""
    response = contract.resolve(spec_of(contract, path, method)["responses"][status])
    return response["content"][JSON_MEDIA_TYPE]["examples"][name]["value"]


def request_example(contract: Contract, path: str, method: str, media_type: str, name: str) -> Any:
    body = contract.resolve(spec_of(contract, path, method)["requestBody"])
    return body["content"][media_type]["examples"][name]["value"]


def as_instants(value: Any) -> Any:
    """The payload with every timestamp replaced by the instant it names."""
    if isinstance(value, dict):
        return {
            key: datetime.fromisoformat(item) if key in {"created_at", "updated_at"} else as_instants(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [as_instants(item) for item in value]
    return value


class TestOperationsAreDeclared:
    @pytest.mark.parametrize(
        ("operation_id", "method", "path", "statuses", "tag"),
        [
            ("createPromotionJob", "POST", JOBS, {"201", "400", "422"} | JOB_ERRORS, "Promotion Jobs"),
            ("cancelPromotionJob", "POST", CANCEL, {"200", "400", "422"} | JOB_ERRORS, "Promotion Jobs"),
            ("getPromotionJobFile", "GET", FILE, {"200", "400", "422"} | JOB_ERRORS, "Promotion Jobs"),
            ("createAccessToken", "POST", TOKEN, {"200", "400", "401", "429", "500"}, "Authentication"),
        ],
    )
    def test_operation_and_its_responses(
        self, contract: Contract, *, operation_id: str, method: str, path: str, statuses: set[str], tag: str
    ) -> None:
        operation = contract.operation(operation_id)
        assert (operation.method, operation.path) == (method, path)
        assert set(operation.responses) == statuses
        assert all(operation.response_validator(int(status)) is not None for status in statuses)
        assert spec_of(contract, path, method.lower())["tags"] == [tag]

    @pytest.mark.parametrize("operation_id", ["createPromotionJob", "cancelPromotionJob", "getPromotionJobFile"])
    def test_job_calls_need_a_bearer_token_declared_on_the_operation(
        self, contract: Contract, operation_id: str
    ) -> None:
        operation = contract.operation(operation_id)
        assert operation.security == ("bearerAuth",)
        assert spec_of(contract, operation.path, operation.method.lower())["security"] == [{"bearerAuth": []}]

    def test_token_call_needs_no_token(self, contract: Contract) -> None:
        assert contract.operation("createAccessToken").security == ()
        assert spec_of(contract, TOKEN, "post")["security"] == []

    def test_job_paths_take_promotion_and_job_ids(self, contract: Contract) -> None:
        for operation_id in ("cancelPromotionJob", "getPromotionJobFile"):
            operation = contract.operation(operation_id)
            assert {(p.name, p.location, p.required) for p in operation.parameters} == {
                ("promotionID", "path", True),
                ("jobID", "path", True),
            }
            assert operation.parameter("jobID").problem("not-a-uuid") is not None

    def test_bodies_and_their_media_types(self, contract: Contract) -> None:
        create = contract.operation("createPromotionJob").request_body
        token = contract.operation("createAccessToken").request_body
        assert create is not None and create.required and set(create.media) == {JSON_MEDIA_TYPE}
        assert token is not None and token.required and set(token.media) == {FORM_MEDIA_TYPE}
        assert contract.operation("cancelPromotionJob").request_body is None
        assert contract.operation("getPromotionJobFile").request_body is None

    def test_created_job_links_to_list_cancel_and_file(self, contract: Contract) -> None:
        links = spec_of(contract, JOBS, "post")["responses"]["201"]["links"]
        targets = {link["operationId"]: link["parameters"] for link in links.values()}
        assert targets == {
            "getPromotionJobs": {"promotionID": "$request.path.promotionID"},
            "cancelPromotionJob": {
                "promotionID": "$request.path.promotionID",
                "jobID": "$response.body#/data/id",
            },
            "getPromotionJobFile": {
                "promotionID": "$request.path.promotionID",
                "jobID": "$response.body#/data/id",
            },
        }
        for operation_id, parameters in targets.items():
            declared = {p.name for p in contract.operation(operation_id).parameters}
            assert set(parameters) <= declared
        job = response_example(contract, JOBS, "post", "201", "generateJobCreated")["data"]
        assert contract.operation("cancelPromotionJob").parameter("jobID").problem(job["id"]) is None

    def test_documented_error_bodies(self, contract: Contract) -> None:
        too_many = response_example(contract, JOBS, "post", "400", "tooManyJobs")
        assert too_many == {
            "errors": [
                {
                    "status": "400",
                    "title": "Too many jobs",
                    "detail": "Only 1 pending or processing job is allowed per promotion.",
                }
            ]
        }
        not_cancellable = response_example(contract, CANCEL, "post", "422", "jobNotCancellable")
        assert not_cancellable == {
            "errors": [
                {
                    "status": "422",
                    "title": "Unprocessable Entity",
                    "detail": "Only pending or processing jobs can be cancelled.",
                }
            ]
        }
        no_file = response_example(contract, FILE, "get", "422", "fileNotReady")
        assert no_file["errors"][0]["detail"] == "Job has no file to download. Job status: processing"
        assert contract.validate_response("cancelPromotionJob", 422, not_cancellable) == []


def create_body(**data: Any) -> dict[str, Any]:
    return {"data": {"type": "promotion_job", **data}}


def generate(**parameters: Any) -> dict[str, Any]:
    return create_body(job_type="code_generate", parameters={"number_of_codes": 10, **parameters})


class TestCreateBodyRule:
    """The document's create-body rule, enforced by validators compiled from it."""

    @staticmethod
    def problems(contract: Contract, body: object) -> list[str]:
        return contract.validate_request_body("createPromotionJob", JSON_MEDIA_TYPE, json.dumps(body).encode())

    @pytest.mark.parametrize(
        "body",
        [
            generate(),
            generate(number_of_codes=1, code_length=8, max_uses_per_code=0),
            generate(number_of_codes=1000, code_length=16, consume_unit="per_item", code_prefix="x-"),
            create_body(job_type="code_export"),
            create_body(job_type="code_export", name="n" * 50),
        ],
    )
    def test_valid_bodies_pass(self, contract: Contract, body: dict[str, Any]) -> None:
        assert self.problems(contract, body) == []

    @pytest.mark.parametrize(
        ("body", "reason"),
        [
            (create_body(job_type="code_generate"), "parameters"),
            (create_body(job_type="code_generate", parameters={"code_length": 8}), "number_of_codes"),
            (create_body(job_type="code_export", parameters={"number_of_codes": 5}), "parameters"),
            (generate(number_of_codes=1001), "1000"),
            (create_body(job_type="code_export", name="n" * 51), "longer than 50"),
            (generate(code_length=7), "minimum"),
            (generate(code_length=17), "maximum"),
            (generate(consume_unit="per_application"), "per_application"),
            ({"data": {"job_type": "code_export"}}, "type"),
            (create_body(), "job_type"),
            (create_body(type="promotion", job_type="code_export"), "promotion_job"),
            ({"type": "promotion_job", "job_type": "code_export"}, "data"),
        ],
    )
    def test_invalid_bodies_are_rejected(self, contract: Contract, body: object, reason: str) -> None:
        problems = self.problems(contract, body)
        assert problems != []
        assert any(reason in problem for problem in problems), problems

    def test_body_is_required_and_must_be_json(self, contract: Contract) -> None:
        operation = "createPromotionJob"
        assert contract.validate_request_body(operation, JSON_MEDIA_TYPE, b"") != []
        assert contract.validate_request_body(operation, JSON_MEDIA_TYPE, b'{"data":') != []
        assert contract.validate_request_body(operation, "text/plain", json.dumps(generate()).encode()) != []
        assert contract.validate_request_body(operation, "application/json; charset=utf-8", b'{"data":{}}') != []
        charset = "application/json; charset=utf-8"
        assert contract.validate_request_body(operation, charset, json.dumps(generate()).encode()) == []

    def test_calls_without_a_body_refuse_one(self, contract: Contract) -> None:
        assert contract.validate_request_body("cancelPromotionJob", None, b"") == []
        assert contract.validate_request_body("cancelPromotionJob", JSON_MEDIA_TYPE, b"{}") != []


class TestTokenFormBody:
    @staticmethod
    def problems(contract: Contract, form: bytes, content_type: str = FORM_MEDIA_TYPE) -> list[str]:
        return contract.validate_request_body("createAccessToken", content_type, form)

    @pytest.mark.parametrize(
        "form",
        [
            b"grant_type=client_credentials&client_id=abc&client_secret=s3cret",
            b"grant_type=implicit&client_id=abc",
        ],
    )
    def test_documented_grants_pass(self, contract: Contract, form: bytes) -> None:
        assert self.problems(contract, form) == []

    @pytest.mark.parametrize(
        "form",
        [
            b"grant_type=password&client_id=abc",
            b"grant_type=implicit",
            b"client_id=abc",
            b"grant_type=client_credentials&client_id=abc",
            b"grant_type=implicit&client_id=",
            b"grant_type=implicit&client_id=a&client_id=b",
            b"grant_type",
        ],
    )
    def test_bad_forms_are_rejected(self, contract: Contract, form: bytes) -> None:
        assert self.problems(contract, form) != []

    def test_a_json_token_request_is_rejected(self, contract: Contract) -> None:
        body = json.dumps({"grant_type": "implicit", "client_id": "abc"}).encode()
        assert self.problems(contract, body, JSON_MEDIA_TYPE) != []

    def test_form_fields_are_decoded_as_a_server_reads_them(self, contract: Contract) -> None:
        token = contract.operation("createAccessToken").request_body
        assert token is not None
        decoded = token.read(FORM_MEDIA_TYPE, b"grant_type=implicit&client_id=a%20b%2Bc")
        assert decoded == {"grant_type": "implicit", "client_id": "a b+c"}


def parse_and_round_trip(cls: Any, payload: dict[str, Any]) -> Any:
    parsed = cls.from_dict(payload)
    assert as_instants(parsed.to_dict()) == as_instants(payload)
    return parsed


class TestExamplesParseWithTheGeneratedModels:
    @pytest.mark.parametrize("name", ["generateCodes", "exportCodes"])
    def test_create_request_examples(self, contract: Contract, name: str) -> None:
        body = parse_and_round_trip(
            PromotionJobCreateRequest, request_example(contract, JOBS, "post", JSON_MEDIA_TYPE, name)
        )
        assert isinstance(body.data, PromotionJobCreate)
        assert body.data.type_ == "promotion_job"
        assert isinstance(body.data.parameters, Unset) == (body.data.job_type is JobType.CODE_EXPORT)

    @pytest.mark.parametrize("name", ["clientCredentials", "implicit"])
    def test_token_request_examples(self, contract: Contract, name: str) -> None:
        form = parse_and_round_trip(AccessTokenRequest, request_example(contract, TOKEN, "post", FORM_MEDIA_TYPE, name))
        assert form.grant_type.is_known

    @pytest.mark.parametrize(
        ("path", "method", "status", "name", "job_status"),
        [
            (JOBS, "post", "201", "generateJobCreated", JobStatus.PENDING),
            (JOBS, "post", "201", "exportJobCreated", JobStatus.PENDING),
            (CANCEL, "post", "200", "cancelling", JobStatus.CANCELLING),
        ],
    )
    def test_single_job_examples(
        self, contract: Contract, *, path: str, method: str, status: str, name: str, job_status: JobStatus
    ) -> None:
        response = parse_and_round_trip(PromotionJobResponse, response_example(contract, path, method, status, name))
        assert response.data.status is job_status
        assert response.data.promotion_id == PROMOTION_ID

    def test_file_example(self, contract: Contract) -> None:
        file = parse_and_round_trip(PromotionJobFile, response_example(contract, FILE, "get", "200", "signedLink"))
        assert file.href.startswith("https://")

    @pytest.mark.parametrize(
        ("name", "grant"), [("clientCredentialsToken", "client_credentials"), ("implicitToken", "implicit")]
    )
    def test_token_examples(self, contract: Contract, name: str, grant: str) -> None:
        token = parse_and_round_trip(AccessToken, response_example(contract, TOKEN, "post", "200", name))
        assert token.token_type == "Bearer"
        assert token.identifier is GrantType(grant)
        assert token.expires_in == 3600

    @pytest.mark.parametrize(
        ("path", "method", "status", "name"),
        [
            (JOBS, "post", "400", "tooManyJobs"),
            (JOBS, "post", "400", "missingNumberOfCodes"),
            (CANCEL, "post", "404", "jobNotFound"),
            (CANCEL, "post", "422", "jobNotCancellable"),
            (FILE, "get", "422", "fileNotReady"),
            (TOKEN, "post", "400", "unsupportedGrantType"),
            (TOKEN, "post", "401", "invalidCredentials"),
        ],
    )
    def test_error_examples(self, contract: Contract, path: str, method: str, status: str, name: str) -> None:
        error = parse_and_round_trip(ErrorResponse, response_example(contract, path, method, status, name))
        assert str(error.errors[0].status) == status

    def test_new_grant_type_is_kept_raw(self, contract: Contract) -> None:
        """The forward-compatible enum template applies to the new GrantType too."""
        payload = {
            **response_example(contract, TOKEN, "post", "200", "implicitToken"),
            "identifier": "refresh_token",
        }
        token = AccessToken.from_dict(payload)
        assert not token.identifier.is_known
        assert token.to_dict()["identifier"] == "refresh_token"
        assert contract.validate_response("createAccessToken", 200, payload) != []


class Recorder:
    """An httpx transport that records the requests the generated client sends and answers each
    with a canned response: no network involved."""

    def __init__(self, status: int, body: object) -> None:
        self.requests: list[httpx.Request] = []
        self._status, self._body = status, body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self._status, json=self._body)

    def authenticated(self) -> AuthenticatedClient:
        return AuthenticatedClient(
            base_url=BASE_URL, token="t0ken", httpx_args={"transport": httpx.MockTransport(self)}
        )

    def anonymous(self) -> Client:
        return Client(base_url=BASE_URL, httpx_args={"transport": httpx.MockTransport(self)})

    @property
    def only(self) -> httpx.Request:
        assert len(self.requests) == 1
        return self.requests[0]


class TestGeneratedCallsOnTheWire:
    def test_create_sends_the_wrapped_json_body(self, contract: Contract) -> None:
        created = response_example(contract, JOBS, "post", "201", "generateJobCreated")
        recorder = Recorder(201, created)
        body = PromotionJobCreateRequest(
            data=PromotionJobCreate(
                type_="promotion_job",
                job_type=JobType.CODE_GENERATE,
                name="spring campaign",
                parameters=PromotionJobParameters(
                    number_of_codes=100,
                    consume_unit=ConsumeUnit.PER_CART,
                    code_length=8,
                    code_prefix="promo-",
                ),
            )
        )
        response = create_promotion_job.sync(PROMOTION_ID, client=recorder.authenticated(), body=body)
        request = recorder.only
        assert request.method == "POST"
        assert request.url == f"{BASE_URL}/v2/promotions/{PROMOTION_ID}/jobs"
        assert request.headers["Authorization"] == "Bearer t0ken"
        assert request.headers["Content-Type"] == JSON_MEDIA_TYPE
        assert json.loads(request.content) == {
            "data": {
                "type": "promotion_job",
                "job_type": "code_generate",
                "name": "spring campaign",
                "parameters": {
                    "number_of_codes": 100,
                    "consume_unit": "per_cart",
                    "code_length": 8,
                    "code_prefix": "promo-",
                },
            }
        }
        assert (
            contract.validate_request_body("createPromotionJob", request.headers["Content-Type"], request.content) == []
        )
        assert isinstance(response, PromotionJobResponse)
        assert response.data.status is JobStatus.PENDING

    def test_create_of_an_export_job_sends_no_parameters(self, contract: Contract) -> None:
        recorder = Recorder(201, response_example(contract, JOBS, "post", "201", "exportJobCreated"))
        body = PromotionJobCreateRequest(data=PromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT))
        create_promotion_job.sync(PROMOTION_ID, client=recorder.authenticated(), body=body)
        assert json.loads(recorder.only.content) == {"data": {"type": "promotion_job", "job_type": "code_export"}}

    def test_create_refused_for_too_many_jobs_parses_the_error(self, contract: Contract) -> None:
        recorder = Recorder(400, response_example(contract, JOBS, "post", "400", "tooManyJobs"))
        body = PromotionJobCreateRequest(data=PromotionJobCreate(type_="promotion_job", job_type=JobType.CODE_EXPORT))
        response = create_promotion_job.sync(PROMOTION_ID, client=recorder.authenticated(), body=body)
        assert isinstance(response, ErrorResponse)
        assert response.errors[0].title == "Too many jobs"

    def test_token_call_sends_a_form_body_without_a_token(self, contract: Contract) -> None:
        recorder = Recorder(200, response_example(contract, TOKEN, "post", "200", "clientCredentialsToken"))
        form = AccessTokenRequest(
            grant_type=GrantType.CLIENT_CREDENTIALS, client_id="my id", client_secret="s3cret&more"
        )
        token = create_access_token.sync(client=recorder.anonymous(), body=form)
        request = recorder.only
        assert (request.method, str(request.url)) == ("POST", f"{BASE_URL}/oauth/access_token")
        assert request.headers["Content-Type"] == FORM_MEDIA_TYPE
        assert "Authorization" not in request.headers
        assert parse_qs(request.content.decode(), strict_parsing=True) == {
            "grant_type": ["client_credentials"],
            "client_id": ["my id"],
            "client_secret": ["s3cret&more"],
        }
        assert (
            contract.validate_request_body("createAccessToken", request.headers["Content-Type"], request.content) == []
        )
        assert isinstance(token, AccessToken)
        assert token.identifier is GrantType.CLIENT_CREDENTIALS

    def test_wrong_credentials_parse_as_an_error(self, contract: Contract) -> None:
        recorder = Recorder(401, response_example(contract, TOKEN, "post", "401", "invalidCredentials"))
        form = AccessTokenRequest(grant_type=GrantType.IMPLICIT, client_id="nobody")
        assert isinstance(create_access_token.sync(client=recorder.anonymous(), body=form), ErrorResponse)
        assert parse_qs(recorder.only.content.decode()) == {
            "grant_type": ["implicit"],
            "client_id": ["nobody"],
        }

    def test_cancel_posts_to_the_job_without_a_body(self, contract: Contract) -> None:
        recorder = Recorder(200, response_example(contract, CANCEL, "post", "200", "cancelling"))
        response = cancel_promotion_job.sync(PROMOTION_ID, JOB_ID, client=recorder.authenticated())
        request = recorder.only
        assert (request.method, str(request.url)) == (
            "POST",
            f"{BASE_URL}/v2/promotions/{PROMOTION_ID}/jobs/{JOB_ID}/cancel",
        )
        assert request.content == b""
        assert isinstance(response, PromotionJobResponse)
        assert response.data.status is JobStatus.CANCELLING

    def test_cancel_of_a_finished_job_parses_the_422(self, contract: Contract) -> None:
        recorder = Recorder(422, response_example(contract, CANCEL, "post", "422", "jobNotCancellable"))
        response = cancel_promotion_job.sync(PROMOTION_ID, JOB_ID, client=recorder.authenticated())
        assert isinstance(response, ErrorResponse)

    def test_file_call_returns_the_href(self, contract: Contract) -> None:
        recorder = Recorder(200, response_example(contract, FILE, "get", "200", "signedLink"))
        response = get_promotion_job_file.sync(PROMOTION_ID, JOB_ID, client=recorder.authenticated())
        request = recorder.only
        assert (request.method, str(request.url)) == (
            "GET",
            f"{BASE_URL}/v2/promotions/{PROMOTION_ID}/jobs/{JOB_ID}/file",
        )
        assert isinstance(response, PromotionJobFile)
        assert response.href.endswith("signature=3b1f9c")


class TestResponseSchemas:
    def test_file_href_must_be_an_absolute_http_url(self, contract: Contract) -> None:
        assert contract.validate_response("getPromotionJobFile", 200, {"href": "https://x.test/a.csv"}) == []
        assert contract.validate_response("getPromotionJobFile", 200, {"href": "/relative.csv"}) != []
        assert contract.validate_response("getPromotionJobFile", 200, {"data": {"href": "https://x.test/a"}}) != []

    def test_token_fields_are_required_and_typed(self, contract: Contract) -> None:
        token = response_example(contract, TOKEN, "post", "200", "clientCredentialsToken")
        assert contract.validate_response("createAccessToken", 200, token) == []
        assert contract.validate_response("createAccessToken", 200, {**token, "token_type": "bearer"}) != []
        assert contract.validate_response("createAccessToken", 200, {**token, "expires_in": "3600"}) != []
        missing = {k: v for k, v in token.items() if k != "expires"}
        assert contract.validate_response("createAccessToken", 200, missing) != []

    def test_created_export_job_with_parameters_is_rejected(self, contract: Contract) -> None:
        created = response_example(contract, JOBS, "post", "201", "exportJobCreated")
        assert contract.validate_response("createPromotionJob", 201, created) == []
        bad = {"data": {**created["data"], "parameters": {"number_of_codes": 1}}}
        assert contract.validate_response("createPromotionJob", 201, bad) != []
