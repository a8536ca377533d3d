"""Each template fork names the generator version it copies, and changes exactly what its diff says.

`openapi/templates/` overrides a few of openapi-python-client's templates. When the pinned
generator is upgraded, its templates may change under the forks: this test then fails with the
new diff, so the upgrade shows exactly what the forks change on purpose. To accept a new diff
after reading it: `UPDATE_TEMPLATE_DIFFS=1 .venv/bin/pytest contract_tests/document/test_template_forks.py`.
"""

from __future__ import annotations

import difflib
import os
import re
from importlib import metadata
from pathlib import Path

import openapi_python_client
import pytest

from contract_tests.support import ROOT

FORKS = ROOT / "openapi" / "templates"
UPSTREAM = Path(openapi_python_client.__file__).parent / "templates"
DIFFS = Path(__file__).with_name("template_forks")
HEADER = re.compile(
    r"\A\{#- Fork of openapi-python-client (?P<version>\S+)'s templates/(?P<path>\S+?),?\s.*?-#\}\n", re.DOTALL
)


def forks() -> list[Path]:
    return sorted(path.relative_to(FORKS) for path in FORKS.rglob("*.jinja"))


def diff_to_upstream(fork: Path) -> str:
    text = (FORKS / fork).read_text(encoding="utf-8")
    header = HEADER.match(text)
    assert header, f"{fork} does not start with a header naming the upstream template it forks"
    upstream = (UPSTREAM / header["path"]).read_text(encoding="utf-8")
    changed = text[header.end() :]
    lines = difflib.unified_diff(
        upstream.splitlines(keepends=True), changed.splitlines(keepends=True), f"upstream/{fork}", f"fork/{fork}"
    )
    return "".join(lines)


@pytest.mark.parametrize("fork", forks(), ids=str)
def test_a_fork_names_the_installed_generator_and_the_template_it_copies(fork: Path) -> None:
    header = HEADER.match((FORKS / fork).read_text(encoding="utf-8"))
    assert header, fork
    assert header["version"] == metadata.version("openapi-python-client")
    assert header["path"] == str(fork)


@pytest.mark.parametrize("fork", forks(), ids=str)
def test_a_fork_changes_exactly_what_its_diff_says(fork: Path) -> None:
    expected = DIFFS / f"{fork}.diff"
    actual = diff_to_upstream(fork)
    if os.environ.get("UPDATE_TEMPLATE_DIFFS") == "1":
        expected.parent.mkdir(parents=True, exist_ok=True)
        expected.write_text(actual, encoding="utf-8")
    assert expected.is_file(), f"no recorded diff for {fork}; see this module's docstring"
    assert actual == expected.read_text(encoding="utf-8"), f"{fork} no longer differs from upstream as recorded"
    assert actual, f"{fork} is identical to upstream: delete the fork"
