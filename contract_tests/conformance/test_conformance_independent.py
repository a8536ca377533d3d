"""A correct store passes: conformance runs against an independent server, in each documented variant.

`independent_store` restates Elastic Path's documented behaviour without the toolkit's code, and
varies in every way Elastic Path's own sources allow (link styles, error `status` written three
ways, store settings other than the defaults, extra and null fields). A run against each must
pass, warnings allowed; the same run made strict fails on those warnings, which shows they were
seen and only their severity differs. The fault matrix of `test_conformance_runs` is the other
direction: the mock in every fault mode fails.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from contract_tests.conformance.independent_store import PROMOTION_ID, TOKEN, Variant, serving
from contract_tests.conformance.test_conformance_runs import LEAN, Run, conformance
from promotion_jobs.conformance.runner import FINDINGS_FILE, REPORT_FILES, ExitCode

VARIANTS = [
    Variant("seed-links", links="seed", error_status="number"),
    Variant("links-with-filter", links="filter", error_status="string", total_method=True),
    Variant("links-without-filter", links="no_filter", error_status="absent", extra_job_field=True),
    Variant("null-links-left-out", links="omit_null", error_status="absent", deleted_null=True),
    Variant("other-settings", page_length=7, page_offset_limit=500, promotion_codes_limit=5000, filter_limit=2),
]
# Each variant's runs: as a user would run them, and strict.
MODES = {"default": {}, "strict": {"EP_STRICT": "1"}}


def _run(variant: Variant, mode: str, reports: Path) -> Run:
    with serving(variant) as url:
        env = {"EP_BASE_URL": url, "EP_ACCESS_TOKEN": TOKEN, "EP_PROMOTION_ID": PROMOTION_ID, **MODES[mode]}
        return conformance(reports, env=env, args=LEAN)


@pytest.fixture(scope="session")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Run]:
    root = tmp_path_factory.mktemp("independent")
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            (variant.name, mode): pool.submit(_run, variant, mode, root / f"{variant.name}-{mode}")
            for variant in VARIANTS
            for mode in MODES
        }
        return {key: future.result() for key, future in futures.items()}


def findings(run: Run) -> dict[str, list[dict[str, str]]]:
    report: dict[str, list[dict[str, str]]] = json.loads((run.reports / FINDINGS_FILE).read_text(encoding="utf-8"))
    return report


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_a_correct_store_passes_in_every_documented_variant(runs: dict[tuple[str, str], Run], variant: Variant) -> None:
    run = runs[(variant.name, "default")]
    assert run.status == ExitCode.PASSED, run.console
    assert "Verdict:     PASSED" in run.console
    assert run.summary.successes > 0
    assert findings(run)["failures"] == []


@pytest.mark.parametrize("variant", VARIANTS, ids=lambda variant: variant.name)
def test_warnings_are_shown_apart_and_fail_only_a_strict_run(
    runs: dict[tuple[str, str], Run], variant: Variant
) -> None:
    run, strict = runs[(variant.name, "default")], runs[(variant.name, "strict")]
    warned = {finding["check"] for finding in findings(run)["warnings"]}
    if not warned:
        assert strict.status == ExitCode.PASSED, strict.console
        return
    assert "Warnings:    " in run.console and "curl -X " in run.console
    assert strict.status == ExitCode.VIOLATIONS, strict.console
    assert {finding["check"] for finding in findings(strict)["failures"]} == warned


def test_the_junit_report_keeps_warnings_apart_from_failures(runs: dict[tuple[str, str], Run]) -> None:
    """A CI page shows a passing run green, with its warnings, and a strict run's failures red."""
    passing = ET.parse(runs[("links-without-filter", "default")].reports / REPORT_FILES["junit"]).getroot()
    assert passing.get("failures") == "0" and passing.findall(".//failure") == []
    warnings = [prop.get("value", "") for prop in passing.iter("property") if prop.get("name") == "warning"]
    assert any(value.startswith("[links_agree_with_meta]") for value in warnings)
    strict = ET.parse(runs[("links-without-filter", "strict")].reports / REPORT_FILES["junit"]).getroot()
    assert int(strict.get("failures", "0")) > 0
    assert {failure.get("type") for failure in strict.iter("failure")} >= {"links_agree_with_meta", "job_fields_known"}


def test_links_without_the_filter_and_an_unknown_field_only_warn(runs: dict[tuple[str, str], Run]) -> None:
    warned = {finding["check"] for finding in findings(runs[("links-without-filter", "default")])["warnings"]}
    assert {"links_agree_with_meta", "job_fields_known"} <= warned
    assert (
        "jobs carry 'origin', a field the document does not know" in runs[("links-without-filter", "default")].console
    )


def test_the_store_is_judged_by_its_own_settings(runs: dict[tuple[str, str], Run]) -> None:
    run = runs[("other-settings", "default")]
    expected = "page_length 7, page_offset_limit 500, promotion_codes_limit 5000, filter_limit 2 (read from the store)"
    assert f"Settings:    {expected}" in run.console
    report = json.loads((run.reports / FINDINGS_FILE).read_text(encoding="utf-8"))
    assert report["settings"] == {
        "page_length": 7,
        "page_offset_limit": 500,
        "promotion_codes_limit": 5000,
        "filter_limit": 2,
    }
