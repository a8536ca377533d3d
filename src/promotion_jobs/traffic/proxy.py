"""`promotion-jobs proxy --upstream URL`: a recording reverse proxy that judges the traffic of any client.

Every request to 127.0.0.1:PORT is forwarded to the upstream (method, path, query, body and
end-to-end headers; `Host` becomes the upstream's) and its answer returned unchanged: status,
end-to-end headers and body as the upstream sent them (absolute URLs such as `links` are not
rewritten). After the answer is sent, the exchange is judged as `promotion-jobs validate` judges a
recording, each finding is logged as it happens (logger `promotion_jobs.traffic.proxy`, secrets
hidden), and on stop the proxy prints validate's summary and writes its reports. Judging never
changes or drops traffic: an error while judging is logged.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

import httpx
import uvicorn
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import Receive, Scope, Send

from promotion_jobs.conformance.summary import Finding
from promotion_jobs.environment import redact
from promotion_jobs.ledger import Severity
from promotion_jobs.mock.server import LOOPBACK
from promotion_jobs.settings import default_settings
from promotion_jobs.traffic.command import FINDINGS_REPORT, JUNIT_REPORT, Recorder, render, write_reports
from promotion_jobs.traffic.exchange import Exchange, headers_of

LOGGER = logging.getLogger(__name__)

DEFAULT_PORT = 8081
UPSTREAM_TIMEOUT = 60.0
SETTINGS_ORIGIN = "documented defaults: a proxy judges by them"
# Hop-by-hop headers (RFC 9110 7.6.1) are never forwarded; nor are Host and the framing of the
# body, which the proxy recomputes for each side.
HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"}
)
RECOMPUTED = frozenset({"host", "content-length", "content-encoding"})
_MESSAGE_LIMIT = 300

OnFinding = Callable[[Exchange, Finding], None]


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser], summary: str) -> None:
    """Add the subcommand; `summary` is its line in `promotion-jobs --help` (cli.SUBCOMMANDS)."""
    parser = commands.add_parser(
        "proxy",
        help=summary,
        description="Forward every request to the upstream unchanged and judge each exchange by the contract; "
        "on stop, print the summary and write the reports `validate` writes.",
    )
    parser.add_argument("--upstream", required=True, metavar="URL", help="the API to forward to")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on {LOOPBACK} (default {DEFAULT_PORT})")
    parser.add_argument("--reports", type=Path, default=Path("reports"), metavar="DIR", help="where reports go")
    parser.add_argument("--strict", action="store_true", help="fail on warnings too")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    LOGGER.setLevel(logging.INFO)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its request lines show query values unhidden
    app, recorder = create_proxy_app(args.upstream, strict=args.strict)
    print(f"Proxying http://{LOOPBACK}:{args.port} -> {redact(args.upstream)} (Ctrl-C stops and writes the summary)")
    # No access log: a request line may carry secrets; findings are logged with them hidden.
    config = uvicorn.Config(
        app,
        host=LOOPBACK,
        port=args.port,
        log_level="info",
        access_log=False,
        lifespan="on",
        server_header=False,
        date_header=False,  # the upstream's own are passed on
    )
    uvicorn.Server(config).run()
    traffic = recorder.traffic
    for line in render(traffic, strict=args.strict):
        print(line)
    write_reports(args.reports, traffic.summary, strict=args.strict)
    print(f"Reports:     {args.reports / JUNIT_REPORT}, {args.reports / FINDINGS_REPORT}")
    sys.stdout.flush()
    return 1 if traffic.summary.failures else 0


def log_finding(exchange: Exchange, finding: Finding) -> None:
    """One line per finding: severity, the request (URL secrets hidden), the check and its message."""
    level = logging.WARNING if finding.severity is Severity.FAIL else logging.INFO
    message = " ".join(finding.message.split())
    if len(message) > _MESSAGE_LIMIT:
        message = message[: _MESSAGE_LIMIT - 3] + "..."
    kind = "FAIL" if finding.severity is Severity.FAIL else "WARN"
    LOGGER.log(level, "%s %s %s %s: %s", kind, exchange.method, exchange.safe_url(), finding.check, message)


class ProxyApp:
    """The ASGI app: forwards to `upstream` with one shared httpx.AsyncClient, judges after answering."""

    def __init__(self, upstream: str, recorder: Recorder, on_finding: OnFinding | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.recorder = recorder
        self._on_finding = on_finding
        self._client: httpx.AsyncClient | None = None

    @property
    def client(self) -> httpx.AsyncClient:
        if self._client is None:
            self._client = httpx.AsyncClient(timeout=UPSTREAM_TIMEOUT, follow_redirects=False, trust_env=False)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif scope["type"] == "http":
            await self._forward(scope, receive, send)

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.aclose()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _forward(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        body = await request.body()
        raw_path = scope.get("raw_path") or scope["path"].encode("utf-8")
        url = self.upstream + raw_path.decode("latin-1")
        if scope.get("query_string"):
            url += "?" + scope["query_string"].decode("latin-1")
        headers = _end_to_end(request.headers.items(), _connection_tokens(request.headers.getlist("connection")))
        outgoing = self.client.build_request(request.method, url, headers=headers, content=body)
        try:
            answer = await self.client.send(outgoing)
        except httpx.HTTPError as error:
            LOGGER.error("upstream gave no answer to %s %s: %s", request.method, _safe(url), type(error).__name__)
            await PlainTextResponse("the upstream gave no answer\n", status_code=502)(scope, receive, send)
            return
        content = answer.content  # read fully and decoded: re-framed below
        tokens = _connection_tokens(answer.headers.get_list("connection"))
        returned = _end_to_end(answer.headers.multi_items(), tokens)
        exchange = Exchange(
            method=request.method,
            url=str(outgoing.url),
            request_headers=headers_of(outgoing.headers.multi_items()),
            request_body=body,
            status=answer.status_code,
            response_headers=headers_of(returned),
            response_body=content,
        )
        response = Response(content, status_code=answer.status_code)  # sets only content-length
        response.raw_headers += [(name.encode("latin-1"), value.encode("latin-1")) for name, value in returned]
        response.background = BackgroundTask(self.judge, exchange)
        await response(scope, receive, send)

    def judge(self, exchange: Exchange) -> None:
        """Judge and count one exchange, report its findings; never raises."""
        try:
            findings = self.recorder.add(exchange)
        except Exception:
            LOGGER.exception("could not judge %s %s", exchange.method, exchange.safe_url())
            return
        for finding in findings:
            try:
                log_finding(exchange, finding)
                if self._on_finding is not None:
                    self._on_finding(exchange, finding)
            except Exception:
                LOGGER.exception("could not report a finding on %s %s", exchange.method, exchange.safe_url())


def create_proxy_app(
    upstream: str, *, strict: bool = False, on_finding: OnFinding | None = None
) -> tuple[ProxyApp, Recorder]:
    """The proxy app in front of `upstream`, and the recorder that accumulates what it judges
    (`render(recorder.traffic, ...)` and `write_reports` report it). Stores are judged by the
    documented default settings."""
    recorder = Recorder(default_settings(), SETTINGS_ORIGIN, strict=strict)
    return ProxyApp(upstream, recorder, on_finding), recorder


def _connection_tokens(values: list[str]) -> set[str]:
    return {token.strip().lower() for value in values for token in value.split(",") if token.strip()}


def _end_to_end(pairs: Iterable[tuple[str, str]], connection_tokens: set[str]) -> list[tuple[str, str]]:
    kept: list[tuple[str, str]] = []
    for name, value in pairs:
        lowered = str(name).lower()
        if lowered in HOP_BY_HOP or lowered in RECOMPUTED or lowered.startswith("proxy-"):
            continue
        if lowered in connection_tokens:
            continue
        kept.append((str(name), str(value)))
    return kept


def _safe(url: str) -> str:
    return Exchange(method="GET", url=url).safe_url()
