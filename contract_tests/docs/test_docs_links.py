"""The README fits on a page and leads to every docs page; no relative link of the docs is broken."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from contract_tests.support import ROOT

README = ROOT / "README.md"
README_MAX_LINES = 200
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
_FENCED = re.compile(r"^```.*?^```$", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def prose(path: Path) -> str:
    """The page without its code blocks, where brackets are code, not links."""
    return _FENCED.sub("", path.read_text(encoding="utf-8"))


def relative_links(path: Path) -> list[str]:
    return [target for target in _LINK.findall(prose(path)) if not re.match(r"^[a-z][a-z0-9+.-]*:", target)]


def anchors(path: Path) -> set[str]:
    """The fragments GitHub gives the page's headings."""
    return {
        re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-") for heading in _HEADING.findall(prose(path))
    }


@pytest.mark.parametrize("page", PAGES, ids=lambda page: str(page.relative_to(ROOT)))
def test_every_relative_link_points_at_what_exists(page: Path) -> None:
    for target in relative_links(page):
        name, _, fragment = target.partition("#")
        linked = (page.parent / name).resolve() if name else page
        assert linked.exists(), f"{page.relative_to(ROOT)} links {target}, which does not exist"
        if fragment and linked.suffix == ".md":
            assert fragment in anchors(linked), f"{page.relative_to(ROOT)} links {target}: no such heading"


def test_the_link_check_sees_links_and_skips_urls_and_code(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "# A page\n\n[here](other.md#a-page) [web](https://example.com) [mail](mailto:a@example.com) [top](#a-page)\n"
        "```sh\necho [not](a-link.md)\n```\n",
        encoding="utf-8",
    )
    assert relative_links(page) == ["other.md#a-page", "#a-page"]
    assert anchors(page) == {"a-page"}


def test_the_readme_links_every_docs_page() -> None:
    linked = {(ROOT / target.partition("#")[0]).resolve() for target in relative_links(README)}
    unlinked = [page.name for page in PAGES[1:] if page.resolve() not in linked]
    assert not unlinked, f"the README's Documentation list lacks {unlinked}"


def test_the_readme_fits_on_a_page() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; reference material belongs in docs/"


def test_the_architecture_page_maps_every_top_level_module_and_names_no_missing_one() -> None:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    package = ROOT / "src" / "promotion_jobs"
    modules = [path.relative_to(package) for path in package.rglob("*.py")]
    file_names = {path.name for path in modules}
    named = set(re.findall(r"`([a-z_/]+\.py)`", text))
    assert {name for name in named if Path(name).name not in file_names} == set()
    top_level = {str(path) for path in modules if len(path.parts) == 1 and path.name != "__init__.py"}
    assert {name for name in top_level if f"`{name}`" not in text} == set()
