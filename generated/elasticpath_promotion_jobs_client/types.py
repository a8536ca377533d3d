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

# What the models' from_dict makes an instance with, before it sets every field (and
# `additional_properties`) itself: calling the class costs its keyword-aware `__init__` and a dict
# for `additional_properties` that from_dict would replace. Bound once, as a lookup of
# `cls.__new__` on every instance costs more than the call.
new_instance = object.__new__

_UNKNOWN_SAFETY = SafeUUID.unknown
# The setters of UUID's two slots. UUID forbids setting attributes, so `UUID.__init__` sets them
# with `object.__setattr__`; the slots' own setters do the same without looking the name up.
_set_uuid_int = UUID.__dict__["int"].__set__
_set_uuid_is_safe = UUID.__dict__["is_safe"].__set__

# What the models' date-time fields decode with: the C parser, bound once. Python 3.11's accepts
# RFC 3339's `Z` and fractions of any length (digits past the microsecond are dropped).
parse_datetime = datetime.datetime.fromisoformat


# The UUIDs of the texts `parse_uuid` read last. A UUID is immutable, so one object can stand for
# every occurrence of its text, and a page of a promotion's jobs names that promotion in each job.
# Emptied whenever it is full, so it never holds more than `_REMEMBERED_UUIDS`: few, so that what it
# holds stays a few KiB, while the one id of a page's promotion is found again in nearly every job.
_REMEMBERED_UUIDS = 32
_HYPHENATED_LENGTH = 36
_remembered_uuids: dict[str, UUID] = {}


def parse_uuid(value: str) -> UUID:
    """`UUID(value)` in under half its time: the same text accepted, the same exceptions raised.

    `UUID(value)` drops `urn:`, `uuid:`, outer braces and hyphens, wants 32 characters left and
    reads them with `int(..., 16)`. The usual text has only hyphens to drop: then this reads it
    the same way and sets the UUID's two slots as `UUID.__init__` does, without the keyword
    checks around them, and remembers it; a text read lately gives the UUID it gave then. Any
    other text, and any value that is not a string, goes to `UUID(value)`.
    """
    if type(value) is str:
        remembered = _remembered_uuids.get(value)
        if remembered is not None:
            return remembered
    try:
        digits = value.replace("-", "")
    except AttributeError:  # not a string: UUID's own error (a TypeError for None)
        return UUID(value)
    if len(digits) != 32:
        return UUID(value)
    uuid = new_instance(UUID)
    _set_uuid_int(uuid, int(digits, 16))
    _set_uuid_is_safe(uuid, _UNKNOWN_SAFETY)
    if type(value) is str and len(value) == _HYPHENATED_LENGTH:  # the usual text, and no longer
        if len(_remembered_uuids) >= _REMEMBERED_UUIDS:
            _remembered_uuids.clear()
        _remembered_uuids[value] = uuid
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


__all__ = [
    "UNSET",
    "File",
    "FileTypes",
    "RequestFiles",
    "Response",
    "Unset",
    "new_instance",
    "parse_datetime",
    "parse_uuid",
]
