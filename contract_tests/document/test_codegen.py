"""`promotion-jobs generate`, the command a consumer's CI runs, and `make generate`/`check-generated` too.

These tests run no generator: they drive the command's writing and drift checking with the
committed `generated/` as the generation. That `generated/` is byte for byte what the document and
templates produce is checked once in `make test`, by a consumer's `generate --check` run from the
built wheel (contract_tests/document/test_packaging.py). generated/ itself is never written.
"""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

import pytest
import yaml

from contract_tests.support import ROOT
from promotion_jobs import codegen
from promotion_jobs.cli import main

DOCUMENT = ROOT / "openapi" / "promotion-jobs.yaml"
GENERATED = ROOT / "generated"
PACKAGE = "elasticpath_promotion_jobs_client"
CACHES = ("__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "*.egg-info")


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` but caches, read independently of the command's own comparison."""
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
        and not {"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"} & set(path.relative_to(root).parts)
        and ".egg-info" not in path.as_posix()
    }


@pytest.fixture(scope="session")
def committed() -> Path:
    """The generation these tests write from: the committed `generated/`, which the one generator
    run of `make test` (test_packaging.py) proves is what the document and templates produce."""
    return GENERATED


def test_generating_into_an_edited_copy_restores_it_and_keeps_caches(committed: Path, tmp_path: Path) -> None:
    """What `generate` writes, without running the generator again: the committed tree stands for the
    generation."""
    copy = tmp_path / "generated"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns(*CACHES))
    (copy / PACKAGE / "models" / "job_status.py").write_text("edited\n")
    (copy / PACKAGE / "types.py").unlink()
    (copy / PACKAGE / "stale").mkdir()
    (copy / PACKAGE / "stale" / "old.py").write_text("")
    (copy / PACKAGE / "__pycache__").mkdir()
    (copy / PACKAGE / "__pycache__" / "kept.pyc").write_bytes(b"cache")
    untouched = copy / PACKAGE / "client.py"
    stamp = untouched.stat().st_mtime_ns

    changes = codegen.drift(codegen.tree(committed), codegen.tree(copy))
    codegen.write(committed, copy, changes)

    assert files(copy) == files(committed)
    assert not (copy / PACKAGE / "stale").exists()
    assert (copy / PACKAGE / "__pycache__" / "kept.pyc").read_bytes() == b"cache"
    assert untouched.stat().st_mtime_ns == stamp
    assert not codegen.drift(codegen.tree(committed), codegen.tree(copy))


def test_a_directory_that_holds_no_client_is_not_replaced(committed: Path, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(codegen.CodegenError, match="refusing to replace it"):
        codegen._refuse_foreign(tmp_path, committed)
    codegen._refuse_foreign(tmp_path / "new", committed)  # a new or empty directory is fine
    shutil.copytree(committed, tmp_path / "client")
    codegen._refuse_foreign(tmp_path / "client", committed)


def test_the_generator_and_formatter_must_be_the_pinned_ones(capsys: pytest.CaptureFixture[str]) -> None:
    pinned = codegen.pinned_tools()
    extra = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]["codegen"]
    assert sorted(f"{name}=={version}" for name, version in pinned.items()) == sorted(extra)
    codegen.check_tools(dict(pinned))
    with pytest.raises(codegen.CodegenError) as raised:
        codegen.check_tools({**pinned, "ruff": "0.0.1"})
    assert str(raised.value) == (
        f"promotion-jobs generate needs ruff=={pinned['ruff']} (found 0.0.1): "
        "pip install 'promotion-jobs-toolkit[codegen]'"
    )
    assert main(["generate", "--spec", str(ROOT / "no-such.yaml"), "--check"]) == 2
    assert "no OpenAPI document at" in capsys.readouterr().err


def test_the_generated_version_is_the_documents_info_version() -> None:
    version = yaml.safe_load(DOCUMENT.read_text())["info"]["version"]
    metadata = tomllib.loads((GENERATED / "pyproject.toml").read_text())
    assert metadata["tool"]["poetry"]["version"] == version
    config = yaml.safe_load((ROOT / "openapi" / "generator-config.yaml").read_text())
    assert "package_version_override" not in config


def test_make_generate_and_check_generated_call_the_command() -> None:
    makefile = (ROOT / "Makefile").read_text()
    assert "GENERATE := $(BIN)/promotion-jobs generate --spec openapi/promotion-jobs.yaml" in makefile
    assert "openapi-python-client generate" not in makefile
