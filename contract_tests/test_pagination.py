"""Page arithmetic at the edges: the decisions docs/conformance.md and the ledger record."""

from __future__ import annotations

import pytest

from promotion_jobs.pagination import Window

URL = "http://127.0.0.1:1/v2/promotions/p/jobs"


@pytest.mark.parametrize(
    ("offset", "limit", "results", "current", "pages", "prev", "next_", "last"),
    [
        (0, 25, 0, 1, 0, None, None, None),  # empty: page 1 of 0
        (0, 25, 25, 1, 1, None, None, None),  # exactly one full page
        (0, 25, 50, 1, 2, None, 25, 25),  # exact multiple, first page
        (25, 25, 50, 2, 2, 0, None, None),  # exact multiple, last page
        (25, 25, 51, 2, 3, 0, 50, 50),  # middle page
        (500, 25, 60, 21, 3, 475, None, None),  # offset past the end
        (0, 1, 3, 1, 3, None, 1, 2),  # limit 1
        (0, 100, 100, 1, 1, None, None, None),  # limit 100
        (10, 25, 60, 1, 3, 0, 35, 50),  # an offset not on a page boundary
    ],
)
def test_window(
    offset: int,
    limit: int,
    results: int,
    current: int,
    pages: int,
    prev: int | None,
    next_: int | None,
    last: int | None,
) -> None:
    window = Window(offset=offset, limit=limit, results=results)
    assert window.meta() == {"limit": limit, "offset": offset, "current": current, "total": pages}
    assert (window.prev_offset, window.next_offset, window.last_offset) == (prev, next_, last)


def test_links_are_absolute_and_keep_the_filter() -> None:
    links = Window(offset=25, limit=25, results=60).links(URL, "eq(job_type, code_export)")
    assert links["current"] == f"{URL}?filter=eq(job_type,%20code_export)&page[offset]=25&page[limit]=25"
    assert links["first"].endswith("page[offset]=0&page[limit]=25")
    assert links["prev"] is not None and links["prev"].endswith("page[offset]=0&page[limit]=25")
    assert links["next"] is not None and links["next"].endswith("page[offset]=50&page[limit]=25")
    assert links["last"] == links["next"]


def test_links_on_the_first_and_last_page() -> None:
    first = Window(offset=0, limit=10, results=30).links(URL)
    assert first["prev"] is None
    assert first["next"] == f"{URL}?page[offset]=10&page[limit]=10"
    assert first["last"] == f"{URL}?page[offset]=20&page[limit]=10"
    last = Window(offset=20, limit=10, results=30).links(URL)
    assert (last["next"], last["last"]) == (None, None)
    assert last["prev"] == f"{URL}?page[offset]=10&page[limit]=10"
