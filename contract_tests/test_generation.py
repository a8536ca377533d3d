"""`make generate` is reproducible and its output type-checks strictly."""

from __future__ import annotations

import ast
import filecmp
import subprocess
import sys
from pathlib import Path

from contract_tests.conftest import ROOT

IGNORED = {"__pycache__", ".ruff_cache", ".mypy_cache"}


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and not IGNORED & set(path.relative_to(root).parts) and ".egg-info" not in str(path)
    }


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    out = tmp_path / "generated"
    subprocess.run(
        ["make", "--no-print-directory", "-s", "generate", f"GENERATED_DIR={out}"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    fresh, committed = tree(out), tree(ROOT / "generated")
    assert sorted(fresh) == sorted(committed)
    changed = [name for name in committed if committed[name] != fresh[name]]
    assert changed == []
    assert filecmp.cmp(out / "pyproject.toml", ROOT / "generated" / "pyproject.toml", shallow=False)


def test_forward_compatible_enums_come_from_the_generator() -> None:
    """The tolerant enums are produced by the repo's template, not by hand edits of generated/."""
    template = (ROOT / "openapi" / "templates" / "str_enum.py.jinja").read_text()
    assert "_missing_" in template
    for name in ("job_status.py", "job_type.py", "consume_unit.py"):
        module = (ROOT / "generated" / "elasticpath_promotion_jobs_client" / "models" / name).read_text()
        assert "def _missing_" in module


def test_generated_client_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "elasticpath_promotion_jobs_client"],
        cwd=ROOT / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_models_import_each_other_once_not_per_call() -> None:
    """The repo's model template moves the generator's per-call imports to the end of the module."""
    models = ROOT / "generated" / "elasticpath_promotion_jobs_client" / "models"
    per_call = []
    for module in sorted(models.glob("*.py")):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                per_call += [
                    f"{module.name}:{inner.lineno}" for inner in ast.walk(node) if isinstance(inner, ast.ImportFrom)
                ]
    assert per_call == []
    job = (models / "promotion_job.py").read_text()
    assert "from ..models.promotion_job_meta import PromotionJobMeta  # noqa: E402" in job
