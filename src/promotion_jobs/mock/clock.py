"""A clock that only moves when told, for tests of token expiry and the job lifecycle."""

from __future__ import annotations

import threading


class ManualClock:
    """Call it for the time; `advance()` moves it. Pass it as `MockConfig(clock=...)`."""

    def __init__(self, start: float = 1_700_000_000.0) -> None:
        self._now = start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds
