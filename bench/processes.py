"""Servers the figures measure, run as child processes on loopback and always stopped.

Each child gets its own process group, so stopping it also stops whatever it spawned (Prism
forks Node workers); output goes to a log file that is shown when the child fails to start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from promotion_jobs.mock.server import LOOPBACK

ROOT = Path(__file__).resolve().parent.parent
BENCH_BIN = ROOT / "bench" / "node_modules" / ".bin"
PYTHON_BIN = Path(sys.executable).parent
STARTUP_SECONDS = 60.0
STOP_SECONDS = 5.0


class ServerFailed(RuntimeError):
    """A child server exited or never opened its port."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((LOOPBACK, 0))
        port: int = probe.getsockname()[1]
        return port


def base_url(port: int) -> str:
    return f"http://{LOOPBACK}:{port}"


@contextmanager
def serving(command: Sequence[str], port: int) -> Iterator[str]:
    """Start `command` (which must listen on 127.0.0.1:`port`); yield its base URL; stop it."""
    with started(command, port):
        yield base_url(port)


@contextmanager
def started(command: Sequence[str], port: int) -> Iterator[subprocess.Popen[bytes]]:
    """The child process of `command`, once it listens on `port`; stopped on exit."""
    with tempfile.TemporaryFile() as log:
        child = subprocess.Popen(list(command), cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            _wait_for_port(child, port, log)
            yield child
        finally:
            stop(child)


def resident_bytes(pid: int) -> int:
    """The resident memory of a process (Linux: VmRSS of /proc/PID/status)."""
    for line in Path(f"/proc/{pid}/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


def stop(child: subprocess.Popen[bytes]) -> None:
    """SIGTERM the child's process group, then SIGKILL it if it lingers."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(child.pid, sig)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=STOP_SECONDS)
            return
        except subprocess.TimeoutExpired:
            continue


def _wait_for_port(child: subprocess.Popen[bytes], port: int, log: IO[bytes]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if child.poll() is not None:
            raise ServerFailed(f"{child.args!r} exited with {child.returncode}:\n{_tail(log)}")
        try:
            with socket.create_connection((LOOPBACK, port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise ServerFailed(f"{child.args!r} did not open port {port} within {STARTUP_SECONDS:.0f} s:\n{_tail(log)}")


def _tail(log: IO[bytes]) -> str:
    log.seek(0)
    return log.read().decode("utf-8", "replace")[-2000:]


def mock_command(port: int, *extra: str) -> list[str]:
    """The mock exactly as `promotion-jobs mock` serves it (uvicorn, strict, access log off)."""
    return [str(PYTHON_BIN / "promotion-jobs"), "mock", "--host", LOOPBACK, "--port", str(port), *extra]
