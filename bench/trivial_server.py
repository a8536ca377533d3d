"""Figure 5's baseline: the least a server can do and still answer the document correctly.

One fixed, valid page (an empty one, the cheapest to send and to check) for every authorised list
request, 401 without the token, 405 with the declared methods for any other (a declared `POST` too:
the figure sends only list requests), served by the same uvicorn as the mock. It must pass every
check schemathesis runs, or its failures' shrinking would slow it and flatter the mock. Run:
`uvicorn bench.trivial_server:app`.
"""

from __future__ import annotations

import json

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from promotion_jobs.bearer import bearer_token
from promotion_jobs.contract import load_contract
from promotion_jobs.error_document import error_document
from promotion_jobs.mock.guard import UNAUTHORIZED
from promotion_jobs.mock.token_authority import DEFAULT_TOKEN
from promotion_jobs.operations import LIST_OPERATION
from promotion_jobs.pagination import Window

SEED_PROMOTION_ID = "ad386702-e780-42c6-b190-0527ad768917"  # the default fixtures' reference page
_EMPTY = Window(offset=0, limit=1, results=0)
_PAGE = json.dumps(
    {
        "data": [],
        "links": _EMPTY.links(f"http://127.0.0.1/v2/promotions/{SEED_PROMOTION_ID}/jobs"),
        "meta": {"page": _EMPTY.meta(), "results": {"total": 0}},
    }
).encode()
_UNAUTHORIZED = json.dumps(error_document(401, title=UNAUTHORIZED)).encode()


def _declared_methods(path: str) -> str:
    """The `Allow` of the list's path: every method the document declares there, as the mock says."""
    operations = load_contract().operations.values()
    return ", ".join(sorted(operation.method for operation in operations if operation.path == path))


_ALLOW = _declared_methods(load_contract().operation(LIST_OPERATION).path)


async def list_jobs(request: Request) -> Response:
    if request.method != "GET":
        return Response(json.dumps(error_document(405)), 405, {"Allow": _ALLOW}, media_type="application/json")
    if bearer_token(request.headers.get("authorization")) != DEFAULT_TOKEN:
        return Response(_UNAUTHORIZED, 401, media_type="application/json")
    return Response(_PAGE, media_type="application/json")


def _routes() -> list[Route]:
    path = load_contract().operation(LIST_OPERATION).path
    return [Route(path, list_jobs, methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"])]


app = Starlette(routes=_routes())
