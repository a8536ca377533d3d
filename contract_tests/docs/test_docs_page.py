"""`make docs` renders a self-contained API reference that a real browser shows in full.

The page is opened in headless Chromium from a file:// URL, so what is checked is what a reader
sees once Redoc's JavaScript has run. Redocly prerenders only the introduction; the operation,
its parameters and the job schema appear only after the script has rendered them, so these tests
fail if the script is missing, broken or fetched from a network this machine cannot reach.
"""

from __future__ import annotations

import json
import struct
import subprocess
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest

from contract_tests.support import ROOT

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "reports" / "docs-page.png"
SCREENSHOT_SIZE = (1400, 1800)
# Redoc's route of the list operation: the page opens on it with its tag section expanded.
OPERATION_ROUTE = "#/promotion-jobs/getpromotionjobs"
# Redoc hard-codes its "API docs by" attribution logo as an <img> on Redocly's CDN and hides the
# image when it cannot load. It is the only network URL the page may ask for.
ATTRIBUTION_LOGOS = frozenset(
    {"https://cdn.redoc.ly/redoc/logo-mini-full.svg", "https://cdn.redoc.ly/redoc/logo-mini.svg"}
)
SUMMARY = "List the jobs of a promotion"
PATH = "/v2/promotions/{promotionID}/jobs"
PATH_PARAMETERS = ("promotionID",)
QUERY_PARAMETERS = ("filter", "page[offset]", "page[limit]")
SCHEMA_NAMES = ("(PromotionJob)", "(JobType)", "(JobStatus)")
JOB_FIELDS = ("id", "job_type", "name", "parameters", "status", "result", "error")


def build_docs(output: Path, spec: Path | None = None) -> Path:
    """Run the real `make docs`, so the test covers the command the README documents."""
    command = ["make", "--no-print-directory", "docs", f"DOCS_OUTPUT={output}"]
    if spec is not None:
        command.append(f"DOCS_SPEC={spec}")
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert output.is_file()
    return output


def run_chromium(page: Path, workdir: Path, *options: str) -> str:
    """Open `page` in headless Chromium with a fresh profile; return what it printed on stdout.

    Every http(s) request goes to a proxy on a closed loopback port and every host name resolves
    to nothing, so the browser reaches nothing beyond file:// and 127.0.0.1.
    """
    url = page.resolve().as_uri() + OPERATION_ROUTE
    assert url.startswith("file://")
    profile = workdir / "profile"
    profile.mkdir(parents=True)
    command = [
        str(CHROMIUM),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={profile}",
        "--proxy-server=http://127.0.0.1:9",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--virtual-time-budget=15000",
        *options,
        url,
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    assert result.returncode == 0, result.stderr[-4000:]
    return result.stdout


class _VisibleText(HTMLParser):
    """Collects the text nodes a reader sees: everything outside script, style and template."""

    HIDDEN = frozenset({"script", "style", "template", "noscript"})

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.segments: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        # Redoc puts zero-width spaces after the dots of nested field paths ("data[].").
        text = data.replace("\u200b", "").strip()
        if text and not self.depth:
            self.segments.append(text)


def visible_text(html: str) -> list[str]:
    """The page's visible text nodes in document order."""
    parser = _VisibleText()
    parser.feed(html)
    parser.close()
    return parser.segments


def _after(segments: list[str], heading: str) -> list[str]:
    return segments[segments.index(heading) + 1 :] if heading in segments else []


def _absent(segments: list[str], wanted: tuple[str, ...]) -> list[str]:
    """The items of `wanted` that are not whole text nodes of `segments`."""
    return [item for item in wanted if item not in segments]


def missing_from_reference(segments: list[str]) -> list[str]:
    """What the reference must show and does not: operation, parameters, schemas and job fields.

    Items are matched as whole text nodes, in the place the reference shows them, so a mention
    in a prose description does not count as the item being documented.
    """
    missing = [item for item in (SUMMARY, PATH, *SCHEMA_NAMES) if item not in segments]
    operation = _after(segments, SUMMARY)
    missing += [f"path parameter {name}" for name in _absent(_after(operation, "Path"), PATH_PARAMETERS)]
    missing += [f"query parameter {name}" for name in _absent(_after(operation, "Query"), QUERY_PARAMETERS)]
    fields = {after for before, after in pairwise(segments) if before == "data[]."}
    missing += [f"PromotionJob field {name}" for name in JOB_FIELDS if name not in fields]
    return missing


@dataclass(frozen=True)
class RenderedPage:
    """A page as Chromium rendered it, and the network URLs the page itself asked for."""

    segments: list[str]
    network_requests: frozenset[str]


def render(page: Path, workdir: Path) -> RenderedPage:
    """The DOM after JavaScript has run, and the page's own requests from Chromium's net log."""
    net_log = workdir / "net-log.json"
    # A tall window: Redoc renders nested schemas only once they scroll into view.
    dom = run_chromium(page, workdir, "--window-size=1400,12000", f"--log-net-log={net_log}", "--dump-dom")
    log = json.loads(net_log.read_text())
    start_job = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    requested = frozenset(
        event["params"]["url"]
        for event in log["events"]
        if event["type"] == start_job
        and "url" in event.get("params", {})
        # Chromium's own background services have no initiating origin; the page's requests do.
        and event["params"].get("initiator") != "not an origin"
    )
    return RenderedPage(segments=visible_text(dom), network_requests=requested)


@pytest.fixture(scope="module")
def docs_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_docs(tmp_path_factory.mktemp("docs") / "site" / "index.html")


@pytest.fixture(scope="module")
def rendered(docs_page: Path, tmp_path_factory: pytest.TempPathFactory) -> RenderedPage:
    return render(docs_page, tmp_path_factory.mktemp("chromium"))


def test_reference_shows_operation_parameters_and_schemas(rendered: RenderedPage) -> None:
    assert missing_from_reference(rendered.segments) == []


def test_reference_is_rendered_by_the_inlined_script(docs_page: Path, rendered: RenderedPage) -> None:
    # The prerendered HTML lacks the operation: what the browser shows came from running Redoc.
    assert SUMMARY in missing_from_reference(visible_text(docs_page.read_text()))
    assert "Search Ctrl+K" in rendered.segments


def test_page_loads_nothing_from_the_network(rendered: RenderedPage) -> None:
    assert rendered.network_requests <= ATTRIBUTION_LOGOS


def test_check_reports_an_operation_the_page_does_not_show(tmp_path: Path) -> None:
    document = (ROOT / "openapi" / "promotion-jobs.yaml").read_text()
    assert SUMMARY in document
    assert "page[limit]" in document
    spec = tmp_path / "renamed.yaml"
    spec.write_text(document.replace(SUMMARY, "Enumerate promotion jobs").replace("page[limit]", "page[size]"))
    page = render(build_docs(tmp_path / "site" / "index.html", spec), tmp_path / "chromium")
    missing = missing_from_reference(page.segments)
    assert SUMMARY in missing
    assert "query parameter page[limit]" in missing


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    assert data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshot_of_the_reference(docs_page: Path, tmp_path: Path) -> None:
    SCREENSHOT.parent.mkdir(exist_ok=True)
    SCREENSHOT.unlink(missing_ok=True)
    width, height = SCREENSHOT_SIZE
    run_chromium(docs_page, tmp_path, f"--window-size={width},{height}", f"--screenshot={SCREENSHOT}")
    data = SCREENSHOT.read_bytes()
    assert _png_size(data) == SCREENSHOT_SIZE
    # A blank page of this size compresses to a few kilobytes; text and layout do not.
    assert len(data) > 40_000
