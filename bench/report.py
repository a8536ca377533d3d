"""One table for every figure, printed as Markdown, written with the raw samples as JSON, and
written into the figures part of the benchmarks page (docs/benchmarks.md) by a full run."""

from __future__ import annotations

import json
import os
import platform
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bench.harness import Stats

MET, MISSED, NOT_RUN = "met", "MISSED", "not run"
COLUMNS = ("#", "measure", "ours", "alternative", "ratio", "goal", "verdict")
# The benchmarks page's figures lie between these two lines; a full run rewrites them, nothing else.
BEGIN_MARKER = "<!-- bench:begin -->"
END_MARKER = "<!-- bench:end -->"


@dataclass(frozen=True)
class Row:
    """One line of the table: our figure beside its alternative, and the goal's verdict if any."""

    figure: int
    measure: str
    ours: str
    alternative: str
    ratio: str = ""
    goal: str = ""
    verdict: str = ""


@dataclass
class Figure:
    """A figure's rows, the notes a reader needs to trust them, and the raw data for the JSON."""

    number: int
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)

    def row(
        self, measure: str, ours: str, alternative: str, *, ratio: str = "", judged: tuple[str, str] = ("", "")
    ) -> None:
        """Add a line; `judged` is (goal, verdict) from `at_most` or `at_least`."""
        self.rows.append(Row(self.number, measure, ours, alternative, ratio, *judged))


def at_most(ratio: float, bound: float) -> tuple[str, str]:
    """(goal text, verdict) for a ratio that must not exceed `bound`."""
    return f"≤ {bound:g}x", MET if ratio <= bound else MISSED


def at_least(ratio: float, bound: float) -> tuple[str, str]:
    return f"≥ {bound:g}x", MET if ratio >= bound else MISSED


def times(ratio: float) -> str:
    return f"{ratio:.2f}x"


def show(stats: Stats, digits: int = 0, unit: str = "") -> str:
    """'median (min-max) unit'."""
    return f"{stats.median:,.{digits}f} ({stats.low:,.{digits}f}-{stats.high:,.{digits}f}){unit}"


def show_best(stats: Stats, digits: int = 0) -> str:
    """'best (median, max)': how an `isolated` measurement is shown; its ratio is of the bests."""
    return f"{stats.best:,.{digits}f} (median {stats.median:,.{digits}f}, max {stats.high:,.{digits}f})"


def machine() -> dict[str, str]:
    """What the run ran on, for the benchmarks page and the JSON."""
    model = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": str(len(os.sched_getaffinity(0))),
        "cpu_model": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def table(figures: list[Figure]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for figure in figures:
        for row in figure.rows:
            cells = (str(row.figure), row.measure, row.ours, row.alternative, row.ratio, row.goal, row.verdict)
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    return "\n".join(lines)


def render(figures: list[Figure], context: dict[str, str]) -> str:
    """The table, then each figure's notes, then the machine: the text `make bench` prints."""
    parts = [table(figures), ""]
    for figure in figures:
        for note in figure.notes:
            parts.append(f"- ({figure.number}) {note}")
    parts.append("")
    parts.append("Machine: " + ", ".join(f"{key} {value}" for key, value in context.items()))
    return "\n".join(parts)


def write_json(path: Path, figures: list[Figure], context: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "machine": context,
        "figures": [
            {
                "number": figure.number,
                "title": figure.title,
                "rows": [asdict(row) for row in figure.rows],
                "notes": figure.notes,
                "data": figure.data,
            }
            for figure in figures
        ],
    }
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def figures_section(figures: list[Figure], context: dict[str, str], day: date) -> str:
    """What a full run writes between the page's markers: the day, then the text it prints."""
    return f"Written by `make bench` (`python -m bench`) on {day.isoformat()}.\n\n{render(figures, context)}"


def with_figures(page: str, section: str) -> str:
    """`page` with the text between its markers replaced by `section`, everything else unchanged.

    ValueError unless the page has exactly one begin marker followed by exactly one end marker.
    """
    if page.count(BEGIN_MARKER) != 1 or page.count(END_MARKER) != 1:
        raise ValueError(f"the page needs exactly one {BEGIN_MARKER} and one {END_MARKER} line")
    head, rest = page.split(BEGIN_MARKER)
    if END_MARKER not in rest:
        raise ValueError(f"{END_MARKER} comes before {BEGIN_MARKER}")
    tail = rest.split(END_MARKER)[1]
    return f"{head}{BEGIN_MARKER}\n{section.strip()}\n{END_MARKER}{tail}"


def rewrite_figures(path: Path, section: str) -> None:
    """Write `section` between the markers of the page at `path`."""
    path.write_text(with_figures(path.read_text(encoding="utf-8"), section), encoding="utf-8")
