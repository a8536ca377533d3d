"""No import cycle in `src/`, imports under `TYPE_CHECKING` included: each module can be read alone.

A module that imports another which imports it back (even only for type hints) ties the two into
one unit a reader must hold at once, as `mock/app.py` and `mock/handlers.py` once were.
"""

from __future__ import annotations

import ast
from pathlib import Path

from contract_tests.support import ROOT

SOURCE = ROOT / "src"
PACKAGE = "promotion_jobs"


def module_name(path: Path) -> str:
    parts = path.relative_to(SOURCE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, modules: set[str]) -> set[str]:
    """Which of `modules` a module's `source` imports, anywhere in it (`TYPE_CHECKING` blocks too);
    `from a.b import c` imports `a.b.c` when that is a module."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return {name for name in found if name in modules}


def graph() -> dict[str, set[str]]:
    paths = {module_name(path): path for path in (SOURCE / PACKAGE).rglob("*.py")}
    return {name: imports_in(path.read_text(encoding="utf-8"), set(paths)) - {name} for name, path in paths.items()}


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle, as the modules along it, or None."""
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> list[str] | None:
        if name in trail:
            return [*trail[trail.index(name) :], name]
        if name in done:
            return None
        for target in sorted(edges[name]):
            found = visit(target, [*trail, name])
            if found:
                return found
        done.add(name)
        return None

    for start in sorted(edges):
        found = visit(start, [])
        if found:
            return found
    return None


def test_no_module_of_src_imports_itself_back() -> None:
    assert cycle(graph()) is None, " -> ".join(cycle(graph()) or [])


def test_a_cycle_through_a_type_checking_import_would_be_found() -> None:
    assert cycle({"a": {"b"}, "b": {"a"}, "c": set()}) == ["a", "b", "a"]
    source = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from promotion_jobs.mock.app import MockApp\n"
    assert imports_in(source, {"promotion_jobs.mock.app"}) == {"promotion_jobs.mock.app"}
