"""The rule ledger: every rule a conformance verdict may rest on, with its source and severity.

`openapi/ledger.yaml` lists each constraint of the document beyond a plain type (bounds, patterns,
enums, constants, formats, required fields, conditional rules) and each check a run applies,
once, with the Elastic Path page it comes from or `decision`, and a severity: a breach of a
`fail` rule fails the run; a breach of a `warn` rule is reported and fails only `--strict` runs.
`docs/contract-ledger.md` is rendered from it; tests keep the ledger, the document and the check
registry in step, so a rule cannot exist without an entry, nor an entry without a rule.
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from promotion_jobs.contract import openapi_file

LEDGER_NAME = "ledger.yaml"
DECISION = "decision"
CHECK_PREFIX = "checks/"
# Keywords that constrain a value beyond its JSON type; `required` and `if` are listed per field
# and per conditional rule.
CONSTRAINTS = (
    "enum",
    "const",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "if",
)
_NESTED = ("items", "schema", "additionalProperties")
_COMBINED = ("oneOf", "anyOf", "allOf")


class Severity(enum.Enum):
    FAIL = "fail"
    WARN = "warn"


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None


@dataclass(frozen=True)
class Rule:
    """One ledger entry: `id` is a path under `#/components/` or `checks/<name>`."""

    id: str
    sources: tuple[str, ...]
    severity: Severity
    note: str

    @property
    def is_decision(self) -> bool:
        return self.sources == (DECISION,)


@dataclass(frozen=True)
class Ledger:
    sources: Mapping[str, Source]
    rules: Mapping[str, Rule]

    def severity(self, check: str) -> Severity:
        """The severity of a check's breaches; a check the ledger does not know fails."""
        rule = self.rules.get(CHECK_PREFIX + check)
        return rule.severity if rule is not None else Severity.FAIL


def severities(strict: bool) -> Callable[[str], Severity]:
    """Each check's severity: the ledger's, or `fail` for every check in a strict run."""
    ledger = load_ledger()
    return (lambda check: Severity.FAIL) if strict else ledger.severity


@functools.cache
def load_ledger(path: Path | None = None) -> Ledger:
    with (path or openapi_file(LEDGER_NAME)).open(encoding="utf-8") as stream:
        data: dict[str, Any] = yaml.safe_load(stream)
    sources = {key: Source(value["title"], value.get("url")) for key, value in data["sources"].items()}
    rules = {}
    for rule_id, entry in data["rules"].items():
        named = entry["source"]
        rules[rule_id] = Rule(
            id=rule_id,
            sources=tuple(named) if isinstance(named, list) else (named,),
            severity=Severity(entry["severity"]),
            note=str(entry.get("note", "")),
        )
    return Ledger(sources, rules)


def document_rules(document: Mapping[str, Any]) -> Iterator[str]:
    """The id of every constraint in the document's components, in document order."""
    components = document.get("components", {})
    for section in ("schemas", "parameters", "headers"):
        for name, node in components.get(section, {}).items():
            yield from _constraints(f"{section}/{name}", node)


def _constraints(where: str, node: object) -> Iterator[str]:
    if not isinstance(node, Mapping):
        return
    for keyword in CONSTRAINTS:
        if keyword in node:
            yield f"{where}/{keyword}"  # a conditional (`if`) is one rule: its branches are not walked
    for field in node.get("required", []) if isinstance(node.get("required"), list) else []:
        yield f"{where}/required/{field}"
    for name, child in (node.get("properties") or {}).items():
        yield from _constraints(f"{where}/properties/{name}", child)
    for keyword in _NESTED:
        yield from _constraints(f"{where}/{keyword}", node.get(keyword))
    for keyword in _COMBINED:
        for index, child in enumerate(node.get(keyword) or []):
            yield from _constraints(f"{where}/{keyword}/{index}", child)


def check_rules(names: Iterable[str]) -> list[str]:
    return [CHECK_PREFIX + name for name in names]


@dataclass(frozen=True)
class Gaps:
    """Rules without an entry, and entries without a rule."""

    unlisted: list[str]
    stale: list[str]

    def __bool__(self) -> bool:
        return bool(self.unlisted or self.stale)


def gaps(ledger: Ledger, document: Mapping[str, Any], check_names: Iterable[str]) -> Gaps:
    """What keeps the ledger from listing exactly the document's constraints and the registered checks."""
    rules = [*document_rules(document), *check_rules(check_names)]
    return Gaps(
        unlisted=[rule for rule in rules if rule not in ledger.rules],
        stale=[rule for rule in ledger.rules if rule not in set(rules)],
    )


def _is_check(rule_id: str) -> bool:
    return rule_id.startswith(CHECK_PREFIX)


def render(ledger: Ledger) -> str:
    """`docs/contract-ledger.md`: the ledger as a page a reviewer reads."""
    lines = [
        "# The rule ledger",
        "",
        "Generated from `openapi/ledger.yaml` by `make ledger`; do not edit by hand.",
        "",
        "Every rule a conformance verdict may rest on, once, with its source and severity. A breach of",
        "a `fail` rule fails a run; a breach of a `warn` rule (a decision of this project, where Elastic",
        "Path documents nothing) is reported as a warning and fails only `--strict` runs. Schema rules",
        "are judged by `response_schema_conformance` (answers) and `negative_data_rejection` (requests).",
        "",
        "## Checks",
        "",
        "| check | severity | source | what it judges |",
        "|---|---|---|---|",
    ]
    rules = sorted(ledger.rules.values(), key=lambda rule: rule.id)
    for rule in rules:
        if _is_check(rule.id):
            name = rule.id.removeprefix(CHECK_PREFIX)
            lines.append(f"| `{name}` | {rule.severity.value} | {_cite(ledger, rule)} | {rule.note} |")
    lines += ["", "## Document rules", "", "| rule | severity | source | note |", "|---|---|---|---|"]
    for rule in rules:
        if not _is_check(rule.id):
            lines.append(f"| `{rule.id}` | {rule.severity.value} | {_cite(ledger, rule)} | {rule.note} |")
    lines += ["", "## Sources", ""]
    for key, source in ledger.sources.items():
        lines.append(f"- `{key}`: [{source.title}]({source.url})" if source.url else f"- `{key}`: {source.title}")
    return "\n".join(lines) + "\n"


def _cite(ledger: Ledger, rule: Rule) -> str:
    return ", ".join(f"[{key}]({ledger.sources[key].url})" if ledger.sources[key].url else key for key in rule.sources)


if __name__ == "__main__":  # `make ledger`
    print(render(load_ledger()), end="")
