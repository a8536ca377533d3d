"""The README's quickstart runs: every `sh` and `python` block, in order, in one shell, against a
mock started here on a free port in place of the documented `make mock` address."""

from __future__ import annotations

import os
import re
import subprocess

from contract_tests.client_support import MIXED, PAGED, SEED
from contract_tests.conftest import ROOT
from promotion_jobs.contract import load_document
from promotion_jobs.environment import BASE_URL, CLIENT_ID, CLIENT_SECRET
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import fixture_store

SECTION = "## Quickstart for client users"
DOCUMENTED_MOCK = "http://127.0.0.1:4010"
STEP_SECONDS = 0.2  # as the section says: the job example then takes about a second
_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_MAKE_VARIABLES = ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")


def quickstart_blocks() -> list[tuple[str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(SECTION)
    end = text.find("\n## ", start + len(SECTION))
    return _BLOCK.findall(text[start : end if end != -1 else len(text)])


def as_script(blocks: list[tuple[str, str]]) -> str:
    """One bash script: sh blocks as written, python blocks fed to the activated python."""
    parts = []
    for language, code in blocks:
        if language == "sh":
            parts.append(code)
        elif language == "python":
            parts.append(f"python - <<'README_PYTHON'\n{code}README_PYTHON\n")
    return "\n".join(parts)


def test_every_block_is_of_a_kind_this_test_checks() -> None:
    languages = {language for language, _ in quickstart_blocks()}
    assert languages == {"sh", "python", "dotenv"}


def test_the_quickstart_runs_against_the_mock() -> None:
    script = as_script(quickstart_blocks())
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
    out = result.stdout
    store = fixture_store()
    for job in [*store.jobs(MIXED), *store.jobs(SEED)]:  # the table and the async listing
        assert job["id"] in out
    completed_exports = [
        job for job in store.jobs(PAGED) if (job["status"], job["job_type"]) == ("completed", "code_export")
    ]
    assert completed_exports
    assert all(job["id"] in out for job in completed_exports)  # the JSON and the filtered Python listing
    assert "60 jobs\n" in out
    assert "404 promotion not found\n" in out
    assert "3 jobs\n" in out
    assert "job completed\n" in out  # the job example's progress callback saw the end
    assert "50 codes generated\n" in out
    assert "50 codes exported\n" in out


def test_the_step_it_names_is_the_one_used() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"with jobs stepping every {STEP_SECONDS:g} s" in text


def test_the_live_store_settings_are_the_ones_the_helpers_read() -> None:
    (settings,) = [code for language, code in quickstart_blocks() if language == "dotenv"]
    values = dict(line.split("=", 1) for line in settings.splitlines())
    assert set(values) == {BASE_URL, CLIENT_ID, CLIENT_SECRET}
    assert values[BASE_URL] in [server["url"] for server in load_document()["servers"]]
