"""The distributions as a user gets them, built once per session and installed into fresh venvs.

uv (pinned in constraints.txt, installed by the dev extra) builds both projects, sdist first and the
wheel from the sdist, and creates and fills each venv in about a second from its cache:

- `base`: the toolkit's wheel alone, at the versions of constraints.txt: the client helpers list
  jobs, nothing of the mock or conformance extras is installed, and their subcommands say which
  extra to install;
- `base_lowest`: the same at the lower bound of every runtime range (`--resolution lowest-direct`);
- `full_lowest`: the conformance extra (the mock's included) at the lower bounds of the extras:
  the mock serves a listing, and a short conformance run against the embedded mock passes;
- `codegen`: the codegen extra, as a consumer's CI installs it: `promotion-jobs generate --check`
  finds exactly the hand edits of a copy of generated/, with the templates shipped in the wheel;
- `bare_client`: the generated client alone, from its own sdist.
"""

from __future__ import annotations

import email.message
import email.parser
import importlib.metadata
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import time
import tomllib
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import elasticpath_promotion_jobs_client
import pytest
import yaml
from packaging.requirements import Requirement
from uv import find_uv_bin

import promotion_jobs
from contract_tests.support import ROOT, SEED_PROMOTION, TOKEN, free_loopback_port, jobs_path, list_example
from promotion_jobs.codegen import tree

TOOLKIT = "promotion-jobs-toolkit"
CLIENT = "elasticpath-promotion-jobs-client"
CLIENT_PACKAGE = "elasticpath_promotion_jobs_client"
EXTRA_ONLY = ("schemathesis", "hypothesis", "uvicorn", "starlette", "orjson", "httptools", "uvloop")
HINTS = {
    "mock": "promotion-jobs mock needs the mock extra: pip install 'promotion-jobs-toolkit[mock]'",
    "conformance": "promotion-jobs conformance needs the conformance extra: "
    "pip install 'promotion-jobs-toolkit[conformance]'",
    "generate": "promotion-jobs generate needs the codegen extra: pip install 'promotion-jobs-toolkit[codegen]'",
}
INSTALL_TIMEOUT = 600
# The uv settings of the machine that say where packages come from and where the cache is; any other
# (UV_RESOLUTION, UV_CONSTRAINT, UV_PYTHON, ...) would change what a test installs.
UV_KEPT = frozenset(
    {"UV_CACHE_DIR", "UV_DEFAULT_INDEX", "UV_INDEX", "UV_INDEX_URL", "UV_EXTRA_INDEX_URL", "UV_NATIVE_TLS"}
    | {"UV_HTTP_TIMEOUT", "UV_OFFLINE", "UV_LINK_MODE"}
)
RUN_TIMEOUT = 120

# Run by a venv's own Python: the base install's helpers against a stdlib server that answers with
# the document's own examples (client credentials, then a page of jobs), a filter checked by the
# document's grammar, and a page whose job id is not a UUID, which must be refused with the
# document's words. With `URL TOKEN PROMOTION`, it lists that server's jobs instead, two per page.
SMOKE = """
import json, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from promotion_jobs.client import FilterError, PromotionJobsError, connect, iter_jobs, job_filter
from promotion_jobs.contract import load_document

BROKEN = "00000000-0000-4000-8000-000000000000"
document = load_document()


def example(path, method, name):
    return document["paths"][path][method]["responses"]["200"]["content"]["application/json"]["examples"][name]["value"]


page = example("/v2/promotions/{promotionID}/jobs", "get", "generateJobs")
token = example("/oauth/access_token", "post", "clientCredentialsToken")
seen = []


class Handler(BaseHTTPRequestHandler):
    def answer(self, body):
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        seen.append(["POST", self.path, form["grant_type"][0]])
        self.answer(token)

    def do_GET(self):
        url = urlsplit(self.path)
        seen.append(["GET", url.path, parse_qs(url.query).get("filter", [""])[0], self.headers["Authorization"]])
        broken = {**page, "data": [{**page["data"][0], "id": "not-a-uuid"}]}
        self.answer(broken if BROKEN in url.path else page)

    def log_message(self, *args):
        pass


try:
    job_filter(status="x)y")
except FilterError:
    pass
else:
    sys.exit("job_filter accepted a value outside the filter grammar of the document")
if len(sys.argv) > 1:
    url, bearer, promotion = sys.argv[1:4]
    with connect(url, token=bearer) as client:
        print(json.dumps({"jobs": [str(job.id) for job in iter_jobs(client, promotion, page_limit=2)]}))
    sys.exit(0)
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with connect(f"http://127.0.0.1:{server.server_port}", client_id="smoke-id", client_secret="smoke-secret") as client:
    promotion = page["data"][0]["promotion_id"]
    jobs = [str(job.id) for job in iter_jobs(client, promotion, filter_=job_filter(status="completed"))]
    try:
        list(iter_jobs(client, BROKEN))
    except PromotionJobsError as error:
        refused = str(error)
    else:
        sys.exit("a job whose id is not a UUID was accepted")
server.shutdown()
print(json.dumps({"jobs": jobs, "seen": seen, "token": token["access_token"], "refused": refused}))
"""


def uv(*args: str | Path, timeout: float = INSTALL_TIMEOUT) -> str:
    """Run uv quietly, away from any uv configuration of the checkout or the machine but where it
    finds packages and keeps its cache."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name != "VIRTUAL_ENV" and (not name.startswith("UV_") or name in UV_KEPT)
    }
    env.update(UV_NO_CONFIG="1", UV_PYTHON_DOWNLOADS="never", NO_COLOR="1")
    result = subprocess.run(
        [find_uv_bin(), *map(str, args)], capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    assert result.returncode == 0, f"uv {' '.join(map(str, args))}\n{result.stdout}\n{result.stderr}"
    return result.stdout


@dataclass(frozen=True)
class Wheelhouse:
    toolkit_wheel: Path
    toolkit_sdist: Path
    client_wheel: Path
    client_sdist: Path

    def toolkit_metadata(self) -> email.message.Message:
        with zipfile.ZipFile(self.toolkit_wheel) as wheel:
            name = next(name for name in wheel.namelist() if name.endswith(".dist-info/METADATA"))
            return email.parser.Parser().parsestr(wheel.read(name).decode())


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Wheelhouse:
    """Both projects built once: `uv build` makes the sdist, then the wheel from that sdist."""
    out = tmp_path_factory.mktemp("wheelhouse")
    uv("build", "--quiet", "--out-dir", out, ROOT)
    uv("build", "--quiet", "--out-dir", out, ROOT / "generated")
    (toolkit_wheel,) = out.glob("promotion_jobs_toolkit-*.whl")
    (toolkit_sdist,) = out.glob("promotion_jobs_toolkit-*.tar.gz")
    (client_wheel,) = out.glob("elasticpath_promotion_jobs_client-*.whl")
    (client_sdist,) = out.glob("elasticpath_promotion_jobs_client-*.tar.gz")
    return Wheelhouse(toolkit_wheel, toolkit_sdist, client_wheel, client_sdist)


@dataclass(frozen=True)
class Venv:
    root: Path

    @property
    def python(self) -> Path:
        return self.root / "bin" / "python"

    @property
    def command(self) -> Path:
        return self.root / "bin" / "promotion-jobs"

    def run(self, *args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        env = {name: value for name, value in os.environ.items() if not name.startswith(("EP_", "PYTHON"))}
        return subprocess.run(
            [str(arg) for arg in args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=RUN_TIMEOUT,
            check=False,
        )

    def smoke(self, *args: str) -> dict[str, Any]:
        result = self.run(self.python, "-c", SMOKE, *args, cwd=self.root)
        assert result.returncode == 0, result.stdout + result.stderr
        answer: dict[str, Any] = json.loads(result.stdout)
        return answer

    def distributions(self) -> dict[str, str]:
        listed = json.loads(uv("pip", "list", "--format", "json", "--python", self.python))
        return {entry["name"].lower(): entry["version"] for entry in listed}

    def site_packages(self) -> Path:
        (found,) = self.root.glob("lib/python*/site-packages")
        return found


def new_venv(root: Path, *requirements: str | Path, lowest: bool = False) -> Venv:
    """A venv with only `requirements`: from constraints.txt, or at the lowest versions allowed."""
    uv("venv", "--quiet", "--python", sys.executable, root)
    venv = Venv(root)
    pinning = ["--resolution", "lowest-direct"] if lowest else ["--constraint", ROOT / "constraints.txt"]
    uv("pip", "install", "--quiet", "--python", venv.python, *pinning, *requirements)
    return venv


def lower_bounds(metadata: email.message.Message, extras: Sequence[str] = ()) -> dict[str, str]:
    """name -> requirement of each Requires-Dist that applies here with `extras`, its markers resolved."""
    bounds = {}
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        applies = requirement.marker is None or any(
            requirement.marker.evaluate({"extra": extra}) for extra in ("", *extras)
        )
        if applies:
            bounds[requirement.name.lower()] = f"{requirement.name}{requirement.specifier}"
    return bounds


def lowest_allowed(requirement: str) -> str:
    (bound,) = (spec.version for spec in Requirement(requirement).specifier if spec.operator in (">=", "=="))
    return bound


@pytest.fixture(scope="session")
def base(wheelhouse: Wheelhouse, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return new_venv(tmp_path_factory.mktemp("base") / "venv", wheelhouse.toolkit_wheel)


@pytest.fixture(scope="session")
def base_lowest(wheelhouse: Wheelhouse, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    # A wheel's own requirements are transitive to uv; given again on the command line, they are direct.
    bounds = lower_bounds(wheelhouse.toolkit_metadata())
    return new_venv(tmp_path_factory.mktemp("lowest") / "venv", wheelhouse.toolkit_wheel, *bounds.values(), lowest=True)


@pytest.fixture(scope="session")
def full_lowest(wheelhouse: Wheelhouse, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    bounds = lower_bounds(wheelhouse.toolkit_metadata(), ["conformance"])
    wheel = f"{wheelhouse.toolkit_wheel}[conformance]"
    return new_venv(tmp_path_factory.mktemp("full-lowest") / "venv", wheel, *bounds.values(), lowest=True)


@pytest.fixture(scope="session")
def codegen_venv(wheelhouse: Wheelhouse, tmp_path_factory: pytest.TempPathFactory) -> Venv:
    return new_venv(tmp_path_factory.mktemp("codegen") / "venv", f"{wheelhouse.toolkit_wheel}[codegen]")


@pytest.fixture
def lowest_mock(full_lowest: Venv) -> Iterator[str]:
    """`promotion-jobs mock` of the lowest venv, listening on a free loopback port."""
    port = free_loopback_port()
    process = subprocess.Popen(
        [full_lowest.command, "mock", "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "the mock did not listen within 30 s"
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=30)


def document_version() -> str:
    version: str = yaml.safe_load((ROOT / "openapi" / "promotion-jobs.yaml").read_text())["info"]["version"]
    return version


# Metadata: a library's ranges, not pins.


def test_runtime_requirements_are_ranges_and_only_the_codegen_tools_are_pinned(wheelhouse: Wheelhouse) -> None:
    metadata = wheelhouse.toolkit_metadata()
    pinned, unbounded = [], []
    for line in metadata.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        operators = {spec.operator for spec in requirement.specifier}
        codegen = requirement.marker is not None and requirement.marker.evaluate({"extra": "codegen"})
        if "==" in operators and not codegen:
            pinned.append(line)
        if ">=" not in operators and "==" not in operators and requirement.name != TOOLKIT:
            unbounded.append(line)
    assert pinned == []
    assert unbounded == []
    assert set(metadata.get_all("Provides-Extra") or []) >= {"mock", "conformance", "codegen"}
    base = lower_bounds(metadata)
    assert sorted(base) == ["attrs", "httpx", "jsonschema-rs", "pyyaml"]
    assert CLIENT not in lower_bounds(metadata, ["mock", "conformance", "codegen", "dev", "bench"])
    uvloop = [line for line in metadata.get_all("Requires-Dist") or [] if line.startswith("uvloop")]
    assert uvloop
    assert all("sys_platform != 'win32'" in line for line in uvloop)


def test_the_codegen_extra_pins_the_versions_of_constraints(wheelhouse: Wheelhouse) -> None:
    pins = dict(line.split("==") for line in (ROOT / "constraints.txt").read_text().split() if "==" in line)
    pins = {name.lower(): version for name, version in pins.items()}
    codegen = lower_bounds(wheelhouse.toolkit_metadata(), ["codegen"])
    for name in ("openapi-python-client", "ruff"):
        assert codegen[name] == f"{name}=={pins[name]}"


# The artifacts: both sdists build wheels, and every one carries py.typed and what it needs.


def test_both_projects_build_an_sdist_and_a_wheel_with_py_typed(wheelhouse: Wheelhouse) -> None:
    with zipfile.ZipFile(wheelhouse.toolkit_wheel) as wheel:
        names = set(wheel.namelist())
    assert {"promotion_jobs/py.typed", f"{CLIENT_PACKAGE}/py.typed"} <= names
    assert {"promotion_jobs/promotion-jobs.yaml", "promotion_jobs/codegen/generator-config.yaml"} <= names
    with zipfile.ZipFile(wheelhouse.client_wheel) as wheel:
        assert f"{CLIENT_PACKAGE}/py.typed" in wheel.namelist()
        assert not any(name.startswith("promotion_jobs/") for name in wheel.namelist())
    with tarfile.open(wheelhouse.toolkit_sdist) as sdist:
        members = {name.partition("/")[2] for name in sdist.getnames()}
    assert {"src/promotion_jobs/py.typed", f"generated/{CLIENT_PACKAGE}/py.typed", "pyproject.toml"} <= members
    with tarfile.open(wheelhouse.client_sdist) as sdist:
        assert f"{CLIENT_PACKAGE}/py.typed" in {name.partition("/")[2] for name in sdist.getnames()}


def test_the_wheel_ships_the_templates_and_settings_of_the_repository(wheelhouse: Wheelhouse) -> None:
    shipped = {ROOT / "openapi" / "generator-config.yaml": "promotion_jobs/codegen/generator-config.yaml"}
    for template in (ROOT / "openapi" / "templates").rglob("*.jinja"):
        relative = template.relative_to(ROOT / "openapi" / "templates").as_posix()
        shipped[template] = f"promotion_jobs/codegen/templates/{relative}"
    assert len(shipped) > 1
    with zipfile.ZipFile(wheelhouse.toolkit_wheel) as wheel:
        for source, name in shipped.items():
            assert wheel.read(name) == source.read_bytes(), name


def test_the_generated_package_version_is_the_documents(wheelhouse: Wheelhouse) -> None:
    version = document_version()
    assert wheelhouse.client_wheel.name.startswith(f"elasticpath_promotion_jobs_client-{version}-")
    assert tomllib.loads((ROOT / "generated" / "pyproject.toml").read_text())["tool"]["poetry"]["version"] == version


# The base install: what a client user needs, and nothing else.


def test_the_base_install_lists_jobs(base: Venv, document: dict[str, Any]) -> None:
    page = list_example(document, "generateJobs")
    answer = base.smoke()
    assert answer["jobs"] == [job["id"] for job in page["data"]]
    bearer = f"Bearer {answer['token']}"
    assert answer["seen"] == [
        ["POST", "/oauth/access_token", "client_credentials"],
        ["GET", jobs_path(page["data"][0]["promotion_id"]), "eq(status,completed)", bearer],
        ["GET", jobs_path("00000000-0000-4000-8000-000000000000"), "", bearer],
    ]
    assert '/data/0/id: "not-a-uuid" is not a "uuid"' in str(answer["refused"])


def test_the_base_install_has_nothing_of_the_extras(base: Venv) -> None:
    installed = base.distributions()
    assert [name for name in EXTRA_ONLY if name in installed] == []
    assert CLIENT not in installed  # the toolkit's distribution carries the client
    site = base.site_packages()
    assert (site / "promotion_jobs" / "py.typed").is_file()
    assert (site / CLIENT_PACKAGE / "py.typed").is_file()


@pytest.mark.parametrize("subcommand", sorted(HINTS))
def test_a_subcommand_of_a_missing_extra_says_what_to_install(base: Venv, subcommand: str) -> None:
    result = base.run(base.command, subcommand, "--port", "1", "--help")
    assert (result.returncode, result.stdout, result.stderr) == (2, "", HINTS[subcommand] + "\n")


def test_the_base_command_lists_every_subcommand_and_runs_jobs(base: Venv) -> None:
    listed = base.run(base.command, "--help")
    assert listed.returncode == 0, listed.stderr
    words = " ".join(listed.stdout.split())
    assert "(needs the mock extra)" in words
    assert "(needs the codegen extra)" in words
    jobs = base.run(base.command, "jobs", "--help")
    assert jobs.returncode == 0, jobs.stderr
    assert "PROMOTION_ID" in jobs.stdout


# The lower bounds are true: the lowest versions the ranges allow install and work.


def test_the_lowest_base_install_lists_jobs(base_lowest: Venv, wheelhouse: Wheelhouse) -> None:
    installed = base_lowest.distributions()
    for name, requirement in lower_bounds(wheelhouse.toolkit_metadata()).items():
        assert installed[name] == lowest_allowed(requirement), requirement
    assert [name for name in EXTRA_ONLY if name in installed] == []
    answer = base_lowest.smoke()
    assert len(answer["jobs"]) == 2
    assert "not-a-uuid" in str(answer["refused"])
    result = base_lowest.run(base_lowest.command, "mock")
    assert (result.returncode, result.stderr) == (2, HINTS["mock"] + "\n")


def test_the_lowest_extras_serve_the_mock(full_lowest: Venv, wheelhouse: Wheelhouse, lowest_mock: str) -> None:
    installed = full_lowest.distributions()
    metadata = wheelhouse.toolkit_metadata()
    base = lower_bounds(metadata)
    for name, requirement in lower_bounds(metadata, ["conformance"]).items():
        if name not in base:  # the base ranges are the lowest venv's; schemathesis raises some of them here
            assert installed[name] == lowest_allowed(requirement), requirement
    answer = full_lowest.smoke(lowest_mock, TOKEN, SEED_PROMOTION)
    assert len(answer["jobs"]) > 2  # more than one page of two: the mock's paging and its links


def test_the_lowest_extras_pass_a_short_conformance_run(full_lowest: Venv, tmp_path: Path) -> None:
    result = full_lowest.run(
        full_lowest.command, "conformance", "--reports", tmp_path / "reports", "--", "--max-examples", "5", cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "PASSED" in result.stdout


# A consumer's CI: the codegen extra, installed from the wheel, regenerates with the shipped templates.


def test_a_consumer_install_finds_exactly_the_hand_edits_of_a_copy(codegen_venv: Venv, tmp_path: Path) -> None:
    """The one generator run of `make test`, from the wheel's templates and settings: every file of
    the committed `generated/` is a fresh generation byte for byte, but for the version, which
    follows `info.version`, and a file added by hand is found."""
    copy = tmp_path / "generated"
    shutil.copytree(ROOT / "generated", copy, ignore=shutil.ignore_patterns("__pycache__", ".*_cache"))
    (copy / "NOTES.md").write_text("not generated\n")
    document = yaml.safe_load((ROOT / "openapi" / "promotion-jobs.yaml").read_text())
    document["info"]["version"] = "9.8.7"
    bumped = tmp_path / "bumped.yaml"
    bumped.write_text(yaml.safe_dump(document, sort_keys=False))
    before = tree(copy)

    result = codegen_venv.run(codegen_venv.command, "generate", "--check", "--spec", bumped, "--output", copy)

    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        f"{copy} differs from a fresh generation from {bumped}:",
        "1 changed, 0 missing, 1 extra",
        "  changed  pyproject.toml",
        "  extra    NOTES.md",
    ]
    changed = [line for line in lines if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == [f'-version = "{document_version()}"', '+version = "9.8.7"']
    assert lines[-1] == f"Regenerate with: promotion-jobs generate --spec {bumped} --output {copy}"
    assert tree(copy) == before  # --check writes nothing


# The bare client, for teams that want it alone (docs/install.md): one or the other, not both.


def test_the_bare_client_installs_alone_from_its_sdist(wheelhouse: Wheelhouse, tmp_path: Path) -> None:
    venv = new_venv(tmp_path / "venv", wheelhouse.client_sdist)
    installed = venv.distributions()
    assert installed[CLIENT] == document_version()
    assert TOOLKIT not in installed
    assert (venv.site_packages() / CLIENT_PACKAGE / "py.typed").is_file()
    script = f"import {CLIENT_PACKAGE}.models as m; print(sorted(s.value for s in m.JobStatus))"
    result = venv.run(venv.python, "-c", script)
    assert result.returncode == 0, result.stderr
    assert "completed" in result.stdout


# The development install: one distribution, whose client is the checkout's generated/.


def test_the_development_install_imports_the_checkout() -> None:
    assert Path(elasticpath_promotion_jobs_client.__file__).is_relative_to(ROOT / "generated")
    assert Path(promotion_jobs.__file__).is_relative_to(ROOT / "src")
    assert importlib.metadata.distribution(TOOLKIT).read_text("direct_url.json") is not None
    owners = [
        dist.metadata["Name"]
        for dist in importlib.metadata.distributions()
        if dist.metadata["Name"] and dist.metadata["Name"].lower() == CLIENT
    ]
    assert owners == [], "an older install of the bare client is left in .venv: run make install"
