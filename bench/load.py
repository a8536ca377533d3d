"""The load generator of figure 1: autocannon, pinned in bench/package.json, driven from Python."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bench.processes import BENCH_BIN, ROOT

NODE_MODULES = ROOT / "bench" / "node_modules"
CONNECTIONS = 10


@dataclass(frozen=True)
class Load:
    """What one autocannon run saw."""

    requests_per_second: float
    p50_ms: float
    p99_ms: float
    responses: int


class LoadFailed(RuntimeError):
    """Some responses were not 2xx, or the connection failed."""


def installed(package: str) -> str | None:
    """The installed version of a bench npm package, or None when `make bench` has not installed it."""
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.exists():
        return None
    version: str = json.loads(manifest.read_text(encoding="utf-8"))["version"]
    return version


def tool(name: str) -> Path:
    return BENCH_BIN / name


# In a URL given to `hammer(..., unique=True)`, replaced by a new id in every request (autocannon's -I).
UNIQUE_ID = "[<id>]"


def hammer(url: str, headers: Mapping[str, str], seconds: int, *, unique: bool = False) -> Load:
    """`CONNECTIONS` connections sending GET `url` back to back for `seconds`; with `unique`, each
    request has a new id where `url` has `UNIQUE_ID`."""
    command = [str(tool("autocannon")), "--json", "-c", str(CONNECTIONS), "-d", str(seconds)]
    if unique:
        command.append("--idReplacement")
    for name, value in headers.items():
        command += ["-H", f"{name}={value}"]
    finished = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 60, check=True, cwd=ROOT
    )
    result = json.loads(finished.stdout)
    if result["non2xx"] or result["errors"] or result["timeouts"]:
        raise LoadFailed(f"{url}: {result['non2xx']} non-2xx, {result['errors']} errors, {result['timeouts']} timeouts")
    latency = result["latency"]
    return Load(result["requests"]["average"], latency["p50"], latency["p99"], result["requests"]["total"])
