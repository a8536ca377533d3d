"""Contains some shared types for properties"""

import datetime
from collections.abc import Mapping, MutableMapping
from http import HTTPStatus
from typing import IO, BinaryIO, Generic, Literal, TypeVar
from uuid import UUID, SafeUUID

from attrs import define


class Unset:
    def __bool__(self) -> Literal[False]:
        return False


UNSET: Unset = Unset()

_UNKNOWN_SAFETY = SafeUUID.unknown
_new_object = object.__new__
_set_slot = object.__setattr__

# What the models' date-time fields decode with: the C parser, bound once. Python 3.11's accepts
# RFC 3339's `Z` and fractions of any length (digits past the microsecond are dropped).
parse_datetime = datetime.datetime.fromisoformat


def parse_uuid(value: str) -> UUID:
    """`UUID(value)` in about half its time: the same text accepted, the same exceptions raised.

    `UUID(value)` drops `urn:`, `uuid:`, outer braces and hyphens, wants 32 characters left and
    reads them with `int(..., 16)`. The usual text has only hyphens to drop: then this reads it
    the same way and sets the UUID's two slots as `UUID.__init__` does, without the keyword
    checks around them. Any other text, and any value that is not a string, goes to `UUID(value)`.
    """
    try:
        digits = value.replace("-", "")
    except AttributeError:  # not a string: UUID's own error (a TypeError for None)
        return UUID(value)
    if len(digits) != 32:
        return UUID(value)
    uuid: UUID = _new_object(UUID)
    _set_slot(uuid, "int", int(digits, 16))
    _set_slot(uuid, "is_safe", _UNKNOWN_SAFETY)
    return uuid


# The types that `httpx.Client(files=)` can accept, copied from that library.
FileContent = IO[bytes] | bytes | str
FileTypes = (
    # (filename, file (or bytes), content_type)
    tuple[str | None, FileContent, str | None]
    # (filename, file (or bytes), content_type, headers)
    | tuple[str | None, FileContent, str | None, Mapping[str, str]]
)
RequestFiles = list[tuple[str, FileTypes]]


@define
class File:
    """Contains information for file uploads"""

    payload: BinaryIO
    file_name: str | None = None
    mime_type: str | None = None

    def to_tuple(self) -> FileTypes:
        """Return a tuple representation that httpx will accept for multipart/form-data"""
        return self.file_name, self.payload, self.mime_type


T = TypeVar("T")


@define
class Response(Generic[T]):
    """A response from an endpoint"""

    status_code: HTTPStatus
    content: bytes
    headers: MutableMapping[str, str]
    parsed: T | None


__all__ = ["UNSET", "File", "FileTypes", "RequestFiles", "Response", "Unset", "parse_datetime", "parse_uuid"]
