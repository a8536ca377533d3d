"""Page arithmetic of Elastic Path lists, in one place for the mock, the checks and the helpers.

pages = ceil(results / limit) and current = offset // limit + 1, so an empty list is page 1 of 0
and an offset past the end is an empty page that still reports the true number of results.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import quote

# The query parameters that select a page, as the document names them.
PAGE_OFFSET = "page[offset]"
PAGE_LIMIT = "page[limit]"


class PageMeta(TypedDict):
    limit: int
    offset: int
    current: int
    total: int


class PageLinks(TypedDict):
    current: str
    first: str
    last: str | None
    prev: str | None
    next: str | None


@dataclass(frozen=True)
class Window:
    """The requested slice of a list of `results` records."""

    offset: int
    limit: int
    results: int

    @property
    def pages(self) -> int:
        return -(-self.results // self.limit)

    @property
    def current(self) -> int:
        return self.offset // self.limit + 1

    @property
    def end(self) -> int:
        """One past the index of the last record this page should hold."""
        return min(self.offset + self.limit, max(self.results, self.offset))

    @property
    def prev_offset(self) -> int | None:
        return None if self.offset == 0 else max(0, self.offset - self.limit)

    @property
    def next_offset(self) -> int | None:
        return self.offset + self.limit if self.offset + self.limit < self.results else None

    @property
    def last_offset(self) -> int | None:
        """The first record of the last page; None when no page follows this one."""
        return (self.pages - 1) * self.limit if self.next_offset is not None else None

    def meta(self) -> PageMeta:
        return {"limit": self.limit, "offset": self.offset, "current": self.current, "total": self.pages}

    def links(self, collection_url: str, filter_text: str | None = None) -> PageLinks:
        """Absolute page URLs, keeping the filter, with raw brackets as Elastic Path writes them."""
        prefix = collection_url + "?"
        if filter_text is not None:
            prefix += "filter=" + quote(filter_text, safe="(),:$*_.-") + "&"

        def url(offset: int | None) -> str | None:
            return None if offset is None else f"{prefix}page[offset]={offset}&page[limit]={self.limit}"

        return {
            "current": f"{prefix}page[offset]={self.offset}&page[limit]={self.limit}",
            "first": f"{prefix}page[offset]=0&page[limit]={self.limit}",
            "last": url(self.last_offset),
            "prev": url(self.prev_offset),
            "next": url(self.next_offset),
        }
