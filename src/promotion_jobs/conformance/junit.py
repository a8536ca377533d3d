"""The run's JUnit report, written from its findings so that it keeps the ledger's severities.

schemathesis' own JUnit marks every breach a failure, warnings included, so a CI page would show
a passing run in red. This one has a testcase per operation, a `<failure>` for each failure, and
each warning as a `warning` property with its evidence in `<system-out>`, which JUnit readers
show without failing the build.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from promotion_jobs.conformance.summary import Finding, RunSummary

WARNING_PROPERTY = "warning"


def write_junit(path: Path, summary: RunSummary) -> None:
    operations = sorted(summary.operations | {finding.operation for finding in summary.findings.values()})
    failing = {finding.operation for finding in summary.failures}
    counts = {"tests": len(operations), "failures": len(failing), "errors": 0, "skipped": 0}
    suites = ET.Element("testsuites", {key: str(value) for key, value in counts.items()})
    suite = ET.SubElement(suites, "testsuite", {"name": "conformance", **{k: str(v) for k, v in counts.items()}})
    for operation in operations:
        case = ET.SubElement(suite, "testcase", name=operation, classname="conformance")
        warnings = [finding for finding in summary.warnings if finding.operation == operation]
        if warnings:
            properties = ET.SubElement(case, "properties")
            for warning in warnings:
                ET.SubElement(properties, "property", name=WARNING_PROPERTY, value=_headline(warning))
        for failure in summary.failures:
            if failure.operation == operation:
                ET.SubElement(case, "failure", message=_headline(failure), type=failure.check).text = _text(failure)
        if warnings:
            ET.SubElement(case, "system-out").text = "\n\n".join(f"WARNING {_text(warning)}" for warning in warnings)
    ET.ElementTree(suites).write(path, encoding="utf-8", xml_declaration=True)


def _headline(finding: Finding) -> str:
    return f"[{finding.check}] {finding.title}"


def _text(finding: Finding) -> str:
    return "\n".join(part for part in (_headline(finding), finding.message.strip(), finding.curl or "") if part)
