"""Fixture files: the promotions and jobs a mock starts with.

Format (JSON):

    {"settings": {"page_length": 25, ...},
     "promotions": [{"id": "<uuid>", "family": "standard", "code_limit": 1000, "automatic": false,
                     "jobs": [<job>, ...]}, ...]}

`family` is `standard` (the default: a promotion under `/v2/promotions`) or `rule` (a rule
promotion, Promotions Builder, under `/v2/rule-promotions`). Each job is written exactly as the API
returns it and must satisfy the document's `PromotionJob` schema (`RulePromotionJob` for a rule
promotion), with `promotion_id` (`rule_promotion_id`) equal to its promotion's `id`. `code_limit`
is optional (default: the store's `promotion_codes_limit`); an `automatic` promotion has no codes,
so creating a job on it is the documented 422. Jobs are listed newest first by
`meta.timestamps.created_at`, whatever their order in the file. A promotion without jobs is listed
as an empty page; an id not in the file is a 404. `settings` is optional: the store settings the
mock serves and honours (any of `page_length`, `page_offset_limit`, `promotion_codes_limit`,
`filter_limit`; the documented defaults otherwise).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from promotion_jobs.contract import load_contract
from promotion_jobs.mock.store import Job, Store
from promotion_jobs.operations import Family
from promotion_jobs.settings import SettingsError, StoreSettings, default_settings

DEFAULT_FIXTURES = "default-fixtures.json"
# The promotion of the default fixtures that conformance runs list: 60 finished jobs of both types.
PAGED_PROMOTION_ID = "c0a80103-5a0d-4c6e-9f1a-3b4c5d6e7f03"
# The rule promotion of the default fixtures that conformance runs list: 40 finished jobs of both types.
PAGED_RULE_PROMOTION_ID = "c0a80203-5a0d-4c6e-9f1a-3b4c5d6e7f13"


class FixtureError(ValueError):
    """The fixtures file is not in the documented format."""


def default_fixtures_text() -> str:
    return resources.files("promotion_jobs.mock").joinpath(DEFAULT_FIXTURES).read_text(encoding="utf-8")


def read_fixtures(path: Path | None = None) -> dict[str, Any]:
    """The parsed fixtures file, or the packaged default fixtures when `path` is None."""
    text = default_fixtures_text() if path is None else path.read_text(encoding="utf-8")
    try:
        data: dict[str, Any] = json.loads(text)
    except json.JSONDecodeError as error:
        raise FixtureError(f"{path}: not JSON: {error}") from error
    return data


def load_fixtures(store: Store, data: dict[str, Any]) -> None:
    """Validate every promotion and job, then add them to the store."""
    promotions = data.get("promotions")
    if not isinstance(promotions, list):
        raise FixtureError('fixtures need a "promotions" list')
    for promotion in promotions:
        family = _family(promotion)
        jobs = list(_checked_jobs(promotion, family))
        code_limit = promotion.get("code_limit")
        if code_limit is not None and (
            not isinstance(code_limit, int) or isinstance(code_limit, bool) or code_limit < 0
        ):
            raise FixtureError(f"promotion {promotion['id']}: code_limit must be a whole number, got {code_limit!r}")
        automatic = promotion.get("automatic", False)
        if not isinstance(automatic, bool):
            raise FixtureError(f"promotion {promotion['id']}: automatic must be true or false, got {automatic!r}")
        store.add_promotion(promotion["id"], code_limit=code_limit, automatic=automatic, family=family)
        try:
            store.add_jobs(sorted(jobs, key=_created_at))
        except ValueError as error:  # a job id given twice
            raise FixtureError(str(error)) from None


def fixture_settings(data: dict[str, Any], base: StoreSettings | None = None) -> StoreSettings:
    """The fixtures' `settings` over `base` (default: the documented defaults)."""
    values = data.get("settings", {})
    if not isinstance(values, dict):
        raise FixtureError(f"settings must be an object, got {values!r}")
    unknown = set(values) - set(StoreSettings.names())
    if unknown:
        raise FixtureError(f"unknown settings {', '.join(sorted(unknown))}; known: {', '.join(StoreSettings.names())}")
    try:
        return (base or default_settings()).with_values(values)
    except SettingsError as error:
        raise FixtureError(str(error)) from None


def fixture_store(path: Path | None = None) -> Store:
    """A new store holding the fixtures at `path` (default: the packaged fixtures)."""
    store = Store()
    load_fixtures(store, read_fixtures(path))
    return store


def _family(promotion: Any) -> Family:
    if not isinstance(promotion, dict):
        return Family.STANDARD  # _checked_jobs says what is wrong with it
    value = promotion.get("family", Family.STANDARD.value)
    try:
        return Family(value)
    except ValueError:
        known = ", ".join(family.value for family in Family)
        raise FixtureError(f"promotion {promotion.get('id')}: family must be one of {known}, got {value!r}") from None


def _checked_jobs(promotion: Any, family: Family = Family.STANDARD) -> Iterator[Job]:
    if not isinstance(promotion, dict) or not isinstance(promotion.get("id"), str):
        raise FixtureError(f"a promotion needs a string id: {promotion!r}")
    if promotion["id"] != _canonical_uuid(promotion["id"]):
        raise FixtureError(f"a promotion id must be a lowercase UUID, as request paths are read: {promotion['id']!r}")
    jobs = promotion.get("jobs", [])
    if not isinstance(jobs, list):
        raise FixtureError(f"promotion {promotion['id']}: jobs must be a list")
    validator = load_contract().schema(family.job_schema)
    for index, job in enumerate(jobs):
        where = f"promotion {promotion['id']}, job {index}"
        problems = validator.errors(job)
        if problems:
            raise FixtureError(f"{where} does not satisfy {family.job_schema}: {problems[0]}")
        field = family.promotion_field
        if job[field] != promotion["id"]:
            raise FixtureError(f"{where} has {field} {job[field]}")
        yield job


def _canonical_uuid(text: str) -> str | None:
    try:
        return str(uuid.UUID(text))
    except ValueError:
        return None


def _created_at(job: Job) -> datetime:
    return datetime.fromisoformat(job["meta"]["timestamps"]["created_at"])
