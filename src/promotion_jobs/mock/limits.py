"""The mock's own limits, which keep one client from exhausting its memory or flooding its answers.

Elastic Path documents no such limits, so they stay out of the document's schemas: each is chosen
well above what a real store's requests need, and a breach is answered 400 in the Elastic Path
error shape, a status every operation of the document declares.
"""

from __future__ import annotations

import re

from starlette.requests import Request

# A create body is a few hundred bytes and a token form under 300: 64 KiB leaves ample room,
# while a 100 MB body no longer costs half a gigabyte before it is refused.
MAX_BODY_BYTES = 64 * 1024
# Each code is kept in memory and written to every export; 64 characters is more than any
# readable coupon prefix.
MAX_CODE_PREFIX_LENGTH = 64
# How much of a client's value an error detail quotes back; enough to recognise it.
MAX_ECHOED_CHARS = 200
# A detail echoing many short values (a wide object) is cut to this, in its middle, after each
# value is clipped: where the problem is comes first in a detail, and why it is a problem last.
MAX_DETAIL_CHARS = 1000
ELLIPSIS = "…"

# What an error detail may echo: a double- or single-quoted literal (escapes included, as JSON and
# Python's repr write them), or a long unquoted run such as a compact JSON array or object.
_ECHOED = re.compile(
    r'"[^"\\]*(?:\\.[^"\\]*)*"|\'[^\'\\]*(?:\\.[^\'\\]*)*\'' + rf"|(?<!\S)\S{{{MAX_ECHOED_CHARS + 1},}}"
)


class BodyTooLarge(Exception):
    """The request body is longer than MAX_BODY_BYTES."""

    def __init__(self) -> None:
        super().__init__(f"the request body is larger than {MAX_BODY_BYTES} bytes, the mock's limit")


async def read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, read chunk by chunk and abandoned as soon as it passes `limit`.

    A declared Content-Length over the limit is refused before a byte is read. Raises BodyTooLarge,
    or Starlette's ClientDisconnect when the client goes away mid-body.
    """
    if _declared_length(request.headers.get("content-length", "")) > limit:
        raise BodyTooLarge
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _declared_length(header: str) -> int:
    """The Content-Length as a number, 0 when absent or not digits (the server refuses those)."""
    digits = header.strip().lstrip("0")
    if not (digits.isascii() and digits.isdigit()):
        return 0
    # More digits than int() takes (sys.get_int_max_str_digits) is beyond any limit anyway.
    return int(digits) if len(digits) <= 18 else 2**63


def clip(text: str, limit: int = MAX_ECHOED_CHARS) -> str:
    """`text` cut to `limit` characters, with an ellipsis when anything was cut."""
    return text if len(text) <= limit else text[:limit] + ELLIPSIS


def clip_detail(detail: str) -> str:
    """An error detail with every echoed value cut to MAX_ECHOED_CHARS.

    Validation messages quote the offending value whole (`"xxx" is longer than 50 characters`),
    so a 20 MB name would come back in the 400. A quoted value keeps its quotes, so the reason
    after it stays readable; a detail still too long (a value of many short parts) loses its middle.
    """
    clipped = _ECHOED.sub(_clip_echoed, detail)
    if len(clipped) <= MAX_DETAIL_CHARS:
        return clipped
    tail = MAX_DETAIL_CHARS // 4
    return clipped[: MAX_DETAIL_CHARS - tail] + ELLIPSIS + clipped[-tail:]


def _clip_echoed(match: re.Match[str]) -> str:
    value = match.group()
    if len(value) <= MAX_ECHOED_CHARS + 2:
        return value
    if value[0] in "\"'" and value[-1] == value[0]:
        return value[0] + clip(value[1:-1]) + value[-1]
    return clip(value)
