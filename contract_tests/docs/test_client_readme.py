"""The documented code runs: the README's quickstarts, and the client page (docs/client.md).

`sh` and `python` blocks run in order, in one shell per page, against a mock started here on a
free port in place of the documented `make mock` address. The mock quickstart's test function is
run as your own test suite would run it; the live-store quickstart is only shown, so only the
variables it names are checked.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from contract_tests.support import (
    MIXED_PROMOTION,
    PAGED_PROMOTION,
    PAGED_RULE_PROMOTION,
    ROOT,
    SEED_PROMOTION,
    stored_jobs,
)
from promotion_jobs.contract import load_document
from promotion_jobs.environment import EP_BASE_URL, EP_CLIENT_ID, EP_CLIENT_SECRET, EP_PROMOTION_ID
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import fixture_store

README = ROOT / "README.md"
CLIENT_PAGE = ROOT / "docs" / "client.md"
PYTHON_QUICKSTART = "## Quickstart: call the API from Python"
MOCK_QUICKSTART = "## Quickstart: the mock in your own tests"
LIVE_QUICKSTART = "## Quickstart: check a live store"
NOT_RUN = "## The generated client underneath"  # the client page runs down to this section
DOCUMENTED_MOCK = "http://127.0.0.1:4010"
STEP_SECONDS = 0.2  # as the client page says: its job example then takes about a second
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def section(path: Path, heading: str) -> str:
    """The text of `heading`'s section: up to the next `## ` heading."""
    text = path.read_text(encoding="utf-8")
    start = text.index(f"\n{heading}\n") + 1
    end = text.find("\n## ", start + len(heading))
    return text[start : end if end != -1 else len(text)]


def blocks(text: str) -> list[tuple[str, str]]:
    return _BLOCK.findall(text)


def client_page_blocks() -> list[tuple[str, str]]:
    text = CLIENT_PAGE.read_text(encoding="utf-8")
    return blocks(text[: text.index(f"\n{NOT_RUN}\n")])


def as_script(code_blocks: list[tuple[str, str]]) -> str:
    """One bash script: sh blocks as written, python blocks fed to the activated python."""
    parts = []
    for language, code in code_blocks:
        if language == "sh":
            parts.append(code)
        elif language == "python":
            parts.append(f"python - <<'README_PYTHON'\n{code}README_PYTHON\n")
    return "\n".join(parts)


def run_against_the_mock(code_blocks: list[tuple[str, str]]) -> str:
    """What the blocks print, run against a fresh mock of the packaged fixtures."""
    script = as_script(code_blocks)
    assert DOCUMENTED_MOCK in script
    env = {key: value for key, value in os.environ.items() if not key.startswith("EP_") and key not in _MAKE_VARIABLES}
    with running_server(create_app(MockConfig(fixture_store(), step_seconds=STEP_SECONDS))) as base_url:
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(DOCUMENTED_MOCK, base_url)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == 0, result.stderr
    return result.stdout


def completed_exports(promotion: str = PAGED_PROMOTION) -> list[dict[str, Any]]:
    jobs = [
        job
        for job in stored_jobs(fixture_store(), promotion)
        if (job["status"], job["job_type"]) == ("completed", "code_export")
    ]
    assert jobs
    return jobs


def test_every_block_is_of_a_kind_this_test_checks() -> None:
    assert {language for language, _ in blocks(section(README, PYTHON_QUICKSTART))} == {"sh", "python"}
    assert {language for language, _ in blocks(section(README, MOCK_QUICKSTART))} == {"python"}
    assert {language for language, _ in blocks(section(README, LIVE_QUICKSTART))} == {"sh"}
    assert {language for language, _ in client_page_blocks()} == {"sh", "python", "dotenv"}


def test_the_python_quickstart_runs_against_the_mock() -> None:
    out = run_against_the_mock(blocks(section(README, PYTHON_QUICKSTART)))
    lines = out.splitlines()
    exports = [*completed_exports(), *completed_exports(PAGED_RULE_PROMOTION)]  # then the rule promotion's
    assert len(lines) == len(exports), out
    for job, line in zip(exports, lines, strict=True):  # newest first, as the store lists them
        assert line.startswith(f"{job['id']} completed "), line


def test_the_mock_quickstart_is_a_test_that_passes() -> None:
    ((_, code),) = blocks(section(README, MOCK_QUICKSTART))
    namespace: dict[str, Any] = {}
    exec(compile(code, str(README), "exec"), namespace)  # noqa: S102 - the README's own code
    tests: list[Callable[[], None]] = [value for name, value in namespace.items() if name.startswith("test_")]
    assert tests
    for test in tests:
        test()


def test_the_live_store_quickstart_names_what_a_conformance_run_reads() -> None:
    ((_, code),) = blocks(section(README, LIVE_QUICKSTART))
    assert code.startswith("make conformance ")
    values = dict(re.findall(r"\b(EP_[A-Z_]+)=(\S+)", code))
    assert set(values) == {EP_BASE_URL, EP_CLIENT_ID, EP_CLIENT_SECRET, EP_PROMOTION_ID}
    assert values[EP_BASE_URL] in [server["url"] for server in load_document()["servers"]]


def test_the_client_page_runs_against_the_mock() -> None:
    out = run_against_the_mock(client_page_blocks())
    store = fixture_store()
    for job in [
        *stored_jobs(store, MIXED_PROMOTION),
        *stored_jobs(store, SEED_PROMOTION),
    ]:  # the table and the async listing
        assert job["id"] in out
    assert all(job["id"] in out for job in completed_exports())  # the JSON and the filtered Python listing
    assert "60 jobs\n" in out
    assert "404 promotion not found\n" in out
    assert "3 jobs\n" in out
    assert "job completed\n" in out  # the job example's progress callback saw the end
    assert "50 codes generated\n" in out
    assert "50 codes exported\n" in out


def test_the_step_it_names_is_the_one_used() -> None:
    text = CLIENT_PAGE.read_text(encoding="utf-8")
    assert f"with jobs stepping every {STEP_SECONDS:g} s" in text


def test_the_live_store_settings_are_the_ones_the_helpers_read() -> None:
    (settings,) = [code for language, code in client_page_blocks() if language == "dotenv"]
    values = dict(line.split("=", 1) for line in settings.splitlines())
    assert set(values) == {EP_BASE_URL, EP_CLIENT_ID, EP_CLIENT_SECRET}
    assert values[EP_BASE_URL] in [server["url"] for server in load_document()["servers"]]
