"""The pipeline's third stage: the operation handlers, one per operationId of the document.

The job handlers serve both families of promotions (standard and rule, `operations.Family`):
`HANDLERS` maps each family's four operations onto the same four functions, given the family.
Each is given the mock's state and a Call that has passed the guard and decoding, and returns a
Reply for the last stage to check and send. The request-side faults `filter-ignored`,
`page-overflow` and `lost-jobs` bite here.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from starlette.responses import Response, StreamingResponse

from promotion_jobs.error_document import error_document
from promotion_jobs.filter_grammar import FILTER_PARAMETER, PARSE_ERROR, Filter
from promotion_jobs.mock.exchange import BadRequest, Call, Reply, json_response
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.lifecycle import NoFile, NotCancellable, TooManyJobs
from promotion_jobs.mock.limits import MAX_CODE_PREFIX_LENGTH
from promotion_jobs.mock.state import MockState
from promotion_jobs.mock.store import UnknownPromotion
from promotion_jobs.operations import (
    JOB_ID_PARAMETER,
    PROMOTION_ID_PARAMETER,
    SETTINGS_OPERATION,
    TOKEN_OPERATION,
    Family,
)
from promotion_jobs.pagination import PAGE_LIMIT, PAGE_OFFSET, Window
from promotion_jobs.settings import SETTINGS_TYPE

FILES_PATH = "/__mock/files/{name}.csv"
TOO_MANY_JOBS = "Only 1 pending or processing job is allowed per promotion."
NOT_CANCELLABLE = "Only pending or processing jobs can be cancelled."
NO_CODES_ALLOWED = "Cannot add codes to an automatic promotion"


def _promotion_id(state: MockState, call: Call, family: Family) -> str:
    """The path's promotion; a promotion of the other family is as unknown as a missing one."""
    promotion_id = str(call.parameters[PROMOTION_ID_PARAMETER]).lower()
    if not state.store.has_promotion(promotion_id, family):
        raise UnknownPromotion(promotion_id)
    return promotion_id


def _job_id(call: Call) -> str:
    return str(call.parameters[JOB_ID_PARAMETER]).lower()


async def list_jobs(state: MockState, call: Call, family: Family) -> Reply:
    """GET /v2/{rule-,}promotions/{promotionID}/jobs: filter, then one page, newest first."""
    promotion_id = _promotion_id(state, call, family)
    filter_text: str | None = call.parameters[FILTER_PARAMETER]
    try:
        parsed = Filter.parse(filter_text, state.contract) if filter_text is not None else Filter(())
    except ValueError:
        raise BadRequest(PARSE_ERROR, FILTER_PARAMETER) from None
    required = {} if Fault.FILTER_IGNORED in state.faults else parsed.required_values()
    offset, limit = call.parameters[PAGE_OFFSET], call.parameters[PAGE_LIMIT]
    taken = limit + 1 if Fault.PAGE_OVERFLOW in state.faults else limit
    with state.store.locked():
        state.lifecycle.advance(promotion_id)
        found = state.store.page(promotion_id, required, offset, taken)
    window = Window(offset=offset, limit=limit, results=found.total)
    # The routed path as it is (what `request.url.path` gives, without building a URL): its one
    # variable part is a promotion id the decoder found to be a UUID, so it needs no escaping.
    collection_url = state.public_url(call.request) + call.request.scope["path"]
    body = {
        "data": found.jobs,
        "links": window.links(collection_url, filter_text),
        "meta": {"page": window.meta(), "results": {"total": found.total}},
    }
    return Reply(200, body)


async def create_job(state: MockState, call: Call, family: Family) -> Reply:
    """POST /v2/{rule-,}promotions/{promotionID}/jobs: one active job per promotion, atomically."""
    _check_code_prefix(call.body["data"])
    promotion_id = str(call.parameters[PROMOTION_ID_PARAMETER]).lower()
    if not state.store.has_promotion(promotion_id, family):
        return Reply(404, error_document(404, "promotion not found"))
    if state.store.is_automatic(promotion_id):
        return Reply(422, error_document(422, NO_CODES_ALLOWED, title="No codes allowed"))
    try:
        if Fault.LOST_JOBS in state.faults:
            job = state.lifecycle.unsaved(promotion_id, call.body["data"])
        else:
            job = state.lifecycle.create(promotion_id, call.body["data"])
    except TooManyJobs:
        return Reply(400, error_document(400, TOO_MANY_JOBS, title="Too many jobs"))
    return Reply(201, {"data": job})


def _check_code_prefix(data: dict[str, Any]) -> None:
    """The mock's own bound on `code_prefix` (see `limits`): every code carries it, in memory and
    in every export, so an unbounded prefix would let one job take any amount of memory."""
    prefix = data.get("parameters", {}).get("code_prefix", "")
    if len(prefix) > MAX_CODE_PREFIX_LENGTH:
        raise BadRequest(
            f"the request body is invalid: /data/parameters/code_prefix: longer than {MAX_CODE_PREFIX_LENGTH} "
            "characters, the mock's limit"
        )


async def cancel_job(state: MockState, call: Call, family: Family) -> Reply:
    """POST .../jobs/{jobID}/cancel: pending or processing jobs move to `cancelling`."""
    try:
        job = state.lifecycle.cancel(_promotion_id(state, call, family), _job_id(call))
    except NotCancellable:
        return Reply(422, error_document(422, NOT_CANCELLABLE))
    return Reply(200, {"data": job})


async def job_file(state: MockState, call: Call, family: Family) -> Reply:
    """GET .../jobs/{jobID}/file: an expiring link to a completed export's CSV."""
    try:
        name = state.lifecycle.file_href(_promotion_id(state, call, family), _job_id(call))
    except NoFile as missing:
        return Reply(422, error_document(422, f"Job has no file to download. Job status: {missing.status}"))
    return Reply(200, {"href": state.public_url(call.request) + FILES_PATH.format(name=name)})


async def issue_token(state: MockState, call: Call) -> Reply:
    """POST /oauth/access_token: a token for the registered client (the grant is validated)."""
    form = call.body
    secret = form.get("client_secret")
    issued = state.tokens.issue(
        form["client_id"],
        None if secret is None else str(secret),
        now=state.clock(),
        grant_type=form["grant_type"],
    )
    if issued is None:
        return Reply(401, error_document(401, "invalid client credentials", title="Unauthorized"))
    return Reply(200, issued)


async def get_settings(state: MockState, call: Call) -> Reply:
    """GET /v2/settings: the store settings this mock honours."""
    return Reply(200, {"data": {"type": SETTINGS_TYPE, **state.settings.as_dict()}, "meta": {"owner": "store"}})


def download_file(state: MockState, name: str) -> Response:
    """The signed-URL stand-in: the CSV while the link lives, 403 once it has expired.

    Streamed: the CSV is written a chunk at a time in Starlette's thread pool, so a large export
    neither sits whole in memory nor holds up the event loop.
    """
    chunks = state.lifecycle.download(name)
    if chunks is None:
        return json_response(403, error_document(403, "the download link is unknown or has expired"))
    disposition = {"Content-Disposition": f'attachment; filename="{name}.csv"'}
    return StreamingResponse(chunks, media_type="text/csv", headers=disposition)


Handler = Callable[[MockState, Call], Awaitable[Reply]]
JobHandler = Callable[[MockState, Call, Family], Awaitable[Reply]]


def _for_family(handler: JobHandler, family: Family) -> Handler:
    async def handle(state: MockState, call: Call) -> Reply:
        return await handler(state, call, family)

    handle.__name__ = handle.__qualname__ = handler.__name__
    handle.__doc__ = handler.__doc__
    return handle


HANDLERS: dict[str, Handler] = {
    **{
        operation: _for_family(handler, family)
        for family in Family
        for operation, handler in zip(family.operations, (list_jobs, create_job, cancel_job, job_file), strict=True)
    },
    TOKEN_OPERATION: issue_token,
    SETTINGS_OPERATION: get_settings,
}
