"""What the generated client is: tolerant enums from the repository's templates, strict types.

That `generated/` is a fresh generation, byte for byte, is checked once, by the command that writes
it (`promotion-jobs generate --check`, run from the built wheel): contract_tests/document/test_packaging.py.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys

from contract_tests.support import ROOT

NO_CACHE = ("--cache-dir", os.devnull)  # else mypy writes .mypy_cache/ into generated/


def test_forward_compatible_enums_come_from_the_generator() -> None:
    """The tolerant enums are produced by the repo's template, not by hand edits of generated/."""
    template = (ROOT / "openapi" / "templates" / "str_enum.py.jinja").read_text()
    assert "_missing_" in template
    for name in ("job_status.py", "job_type.py", "consume_unit.py"):
        module = (ROOT / "generated" / "elasticpath_promotion_jobs_client" / "models" / name).read_text()
        assert "def _missing_" in module


def test_generated_client_passes_mypy_strict() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *NO_CACHE, "elasticpath_promotion_jobs_client"],
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
