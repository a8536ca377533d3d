"""Error simulation for consumers' tests: a request header asks for a documented error.

    X-Mock-Error: 429                  every request with this header gets a 429
    X-Mock-Error: 503; times=2         the first two requests with this exact header value get a
                                       503, later ones are served normally (retry tests)

Statuses: 429 and 503 (with `Retry-After`, seconds, default 1; set it with `retry-after=N`) and
500 (with a `request_id`). Each body is in the Elastic Path error shape; any other value (another
status, an unknown option, an option that is not a whole number) is a 400 naming the header.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Mapping

from promotion_jobs.error_document import error_document
from promotion_jobs.mock.exchange import Reply

HEADER = "x-mock-error"
SIMULATED_STATUSES = (429, 500, 503)
OPTIONS = frozenset({"times", "retry-after"})
_NUMBER = re.compile(r"[0-9]{1,9}")  # ASCII digits only, and few enough to stay a small int
_DETAILS = {
    429: "Rate limit exceeded, retry after a few seconds",
    500: None,
    503: "The service is temporarily unavailable",
}


class SimulatedErrors:
    """Counts, per header value, how many simulated errors were already served."""

    def __init__(self) -> None:
        self._served: dict[str, int] = {}
        self._lock = threading.Lock()

    def reply_for(self, headers: Mapping[str, str]) -> Reply | None:
        """The simulated error when the request asks for one now, else None."""
        value = headers.get(HEADER)
        if value is None:
            return None
        parsed = _parse(value)
        if parsed is None:
            allowed = ", ".join(map(str, SIMULATED_STATUSES))
            detail = f"X-Mock-Error must be one of {allowed}, optionally followed by '; times=N' and '; retry-after=S'"
            return Reply(400, error_document(400, detail, source="X-Mock-Error"))
        status, options = parsed
        times = options.get("times")
        if times is not None:
            with self._lock:
                served = self._served.get(value, 0)
                if served >= times:
                    return None
                self._served[value] = served + 1
        if status == 500:
            return Reply(500, error_document(500, request_id=str(uuid.uuid4())))
        body = error_document(status, _DETAILS[status])
        return Reply(status, body, {"Retry-After": str(options.get("retry-after", 1))})


def _parse(value: str) -> tuple[int, dict[str, int]] | None:
    """(status, options), or None when the value is not in the documented form."""
    head, *rest = (part.strip() for part in value.split(";"))
    if head not in {str(status) for status in SIMULATED_STATUSES}:
        return None
    options = {}
    for option in rest:
        key, _, number = (text.strip() for text in option.partition("="))
        if key not in OPTIONS or _NUMBER.fullmatch(number) is None:
            return None
        options[key] = int(number)
    return int(head), options
