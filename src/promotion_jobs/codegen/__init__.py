"""Generate the typed client from a document, exactly as this project generates `generated/`.

The generator (openapi-python-client) and its formatter (ruff) are pinned exactly in the `codegen`
extra, and the templates and generator settings ship inside this package (`templates/` and
`generator-config.yaml` here, from `openapi/` in a checkout), so a consumer regenerates byte for
byte what this repository commits. A generation is written to a temporary directory first, then
copied into place file by file: only changed files are touched, files the generator no longer
writes are removed, and caches (`__pycache__`, `.mypy_cache`, ...) are left alone.

This package needs the `codegen` extra: `promotion-jobs generate` is only imported when it is installed.
"""

from __future__ import annotations

import difflib
import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ruff import find_ruff_bin  # type: ignore[import-untyped]  # the codegen extra's formatter; no py.typed

DISTRIBUTION = "promotion-jobs-toolkit"
EXTRA = "codegen"
TEMPLATES_NAME = "templates"
CONFIG_NAME = "generator-config.yaml"
META = "poetry"  # generated/pyproject.toml, for teams that install the bare client
IGNORED_NAMES = frozenset({"__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache"})
IGNORED_SUFFIXES = (".egg-info",)
DIFF_LINES_SHOWN = 200
# `name==version; extra == "codegen"`, as a wheel's METADATA writes a pinned requirement of an extra.
_PINNED = re.compile(
    r"(?P<name>[A-Za-z0-9._-]+)\s*==\s*(?P<version>[^\s;,]+)\s*;\s*extra\s*==\s*['\"](?P<extra>[^'\"]+)['\"]"
)


class CodegenError(Exception):
    """Generation cannot start: a missing document, a wrong tool version, an unsafe output directory."""


class GenerationFailed(Exception):
    """The generator ran and failed (or warned); the message is its own output."""


def _resource(name: str) -> Path:
    """A file of the package, or in a checkout (editable install) the same one under `openapi/`."""
    packaged = Path(__file__).with_name(name)
    if packaged.exists():
        return packaged
    return Path(__file__).resolve().parents[3] / "openapi" / name


def templates_path() -> Path:
    return _resource(TEMPLATES_NAME)


def config_path() -> Path:
    return _resource(CONFIG_NAME)


def pinned_tools() -> dict[str, str]:
    """name -> exact version of each tool of the `codegen` extra, from this distribution's metadata."""
    try:
        requirements = importlib.metadata.requires(DISTRIBUTION) or []
    except importlib.metadata.PackageNotFoundError:  # run from a source tree that is not installed
        return {}
    matches = (_PINNED.fullmatch(line.strip()) for line in requirements)
    return {match["name"]: match["version"] for match in matches if match and match["extra"] == EXTRA}


def check_tools(installed: Mapping[str, str | None] | None = None) -> None:
    """Raise CodegenError unless each pinned tool is installed at its pinned version: another
    generator or formatter writes other bytes, and every file would look changed."""
    for name, wanted in pinned_tools().items():
        if installed is not None:
            found = installed.get(name)
        else:
            try:
                found = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                found = None
        if found != wanted:
            raise CodegenError(
                f"promotion-jobs generate needs {name}=={wanted} (found {found or 'none'}): "
                f"pip install '{DISTRIBUTION}[{EXTRA}]'"
            )


def _formatter_directory() -> str:
    """Where the binary of the installed ruff package is, wherever pip put its scripts."""
    return os.path.dirname(str(find_ruff_bin()))


def generate_fresh(spec: Path, destination: Path) -> None:
    """Run the generator on `spec` into `destination`, which must not exist yet."""
    if not spec.is_file():
        raise CodegenError(f"no OpenAPI document at {spec}")
    # The post hooks of the config call `ruff` by name: put the pinned one (checked above) first.
    env = {**os.environ, "PATH": os.pathsep.join(filter(None, [_formatter_directory(), os.environ.get("PATH")]))}
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(spec),
        "--config",
        str(config_path()),
        "--custom-template-path",
        str(templates_path()),
        "--meta",
        META,
        "--fail-on-warning",  # a skipped post hook or endpoint would change the output silently
        "--output-path",
        str(destination),
    ]
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise GenerationFailed((result.stdout + result.stderr).strip())


def tree(root: Path) -> dict[str, bytes]:
    """Relative POSIX path -> content of each file under `root`, caches left out."""
    if not root.is_dir():
        return {}
    files = {}
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if IGNORED_NAMES.intersection(parts) or any(part.endswith(IGNORED_SUFFIXES) for part in parts):
            continue
        if path.is_file():
            files[path.relative_to(root).as_posix()] = path.read_bytes()
    return files


@dataclass(frozen=True)
class Drift:
    """How a directory differs from a fresh generation."""

    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # generated, absent from the directory
    extra: list[str] = field(default_factory=list)  # in the directory, not generated (caches aside)
    diff: list[str] = field(default_factory=list)  # unified diff of the changed text files

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.extra)

    def summary(self) -> Iterator[str]:
        yield f"{len(self.changed)} changed, {len(self.missing)} missing, {len(self.extra)} extra"
        for kind, names in (("changed", self.changed), ("missing", self.missing), ("extra", self.extra)):
            for name in names:
                yield f"  {kind:<8} {name}"


def drift(fresh: Mapping[str, bytes], current: Mapping[str, bytes], label: str = "") -> Drift:
    """Compare file maps (see `tree`): `fresh` from the generator, `current` on disk."""
    changed = sorted(name for name in fresh.keys() & current.keys() if fresh[name] != current[name])
    diff: list[str] = []
    for name in changed:
        try:
            before, after = current[name].decode(), fresh[name].decode()
        except UnicodeDecodeError:
            diff.append(f"Binary files {label}{name} and fresh/{name} differ")
            continue
        diff.extend(
            line.rstrip("\n")
            for line in difflib.unified_diff(
                before.splitlines(keepends=True),
                after.splitlines(keepends=True),
                fromfile=f"{label}{name}",
                tofile=f"fresh/{name}",
            )
        )
    return Drift(
        changed=changed,
        missing=sorted(fresh.keys() - current.keys()),
        extra=sorted(current.keys() - fresh.keys()),
        diff=diff,
    )


def _refuse_foreign(output: Path, fresh: Path) -> None:
    """Never replace a directory that holds something other than a generated client."""
    if not output.exists():
        return
    if not output.is_dir():
        raise CodegenError(f"{output} is not a directory")
    if not any(output.iterdir()):
        return
    packages = [path.name for path in fresh.iterdir() if (path / "__init__.py").is_file()]
    if not any((output / name / "__init__.py").is_file() for name in packages):
        raise CodegenError(
            f"{output} is not empty and holds no generated client ({', '.join(packages)}/); "
            "refusing to replace it: give an empty or new directory, or the client's own"
        )


def write(fresh: Path, output: Path, changes: Drift) -> None:
    """Make `output` hold exactly the generated files of `fresh`, touching only what differs."""
    for name in [*changes.changed, *changes.missing]:
        target = output / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(fresh / name, target)
    for name in changes.extra:
        (output / name).unlink()
        parent = (output / name).parent
        while parent != output and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent


@dataclass(frozen=True)
class Outcome:
    spec: Path
    output: Path
    changes: Drift


def run(spec: Path, output: Path, *, check: bool) -> Outcome:
    """Generate from `spec`; with `check`, only compare with `output`, else bring `output` up to date."""
    check_tools()
    with tempfile.TemporaryDirectory(prefix="promotion-jobs-generate-") as scratch:
        fresh = Path(scratch) / "client"
        generate_fresh(spec, fresh)
        if not check:
            _refuse_foreign(output, fresh)
        label = f"{output.as_posix().rstrip('/')}/"
        changes = drift(tree(fresh), tree(output), label)
        if not check and changes:
            output.mkdir(parents=True, exist_ok=True)
            write(fresh, output, changes)
    return Outcome(spec, output, changes)
