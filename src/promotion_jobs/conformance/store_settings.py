"""Which settings a run judges a store by: its own, read with the run's token, or the defaults.

Elastic Path's page size, largest offset, codes per promotion and filter terms are store settings
(`GET /v2/settings`). A run reads them first and judges the store by them; when they cannot be
read (a token without the right, an older store) it says so and judges by the documented
defaults. The reason never carries the token or the body (it may hold one).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import httpx

from promotion_jobs.bearer import authorization_header
from promotion_jobs.contract import load_contract
from promotion_jobs.operations import SETTINGS_OPERATION
from promotion_jobs.settings import SettingsError, StoreSettings, default_settings

SETTINGS_RESPONSE = "SettingsResponse"


@dataclass(frozen=True)
class SettingsReading:
    """The settings a run uses, and where they came from (for the summary)."""

    settings: StoreSettings
    origin: str

    def describe(self) -> str:
        return f"{self.settings.describe()} ({self.origin})"

    def to_json(self) -> str:
        return json.dumps(self.settings.as_dict())


def read_store_settings(
    base_url: str, token: Callable[[], str], *, transport: httpx.BaseTransport | None = None
) -> SettingsReading:
    """The store's settings, or the defaults with the reason they were not read."""
    path = load_contract().operation(SETTINGS_OPERATION).path
    try:
        with httpx.Client(timeout=10.0, transport=transport) as client:
            response = client.get(base_url.rstrip("/") + path, headers=authorization_header(token()))
    except Exception as error:
        return _defaults(f"{path} could not be asked: {type(error).__name__}")
    if response.status_code != httpx.codes.OK:
        return _defaults(f"{path} answered {response.status_code}")
    try:
        body = response.json()
    except ValueError:
        return _defaults(f"{path} answered with a body that is not JSON")
    problems = load_contract().schema(SETTINGS_RESPONSE).errors(body)
    if problems:
        return _defaults(f"{path} answered outside the contract: {problems[0]}")
    data: Mapping[str, object] = body["data"]
    try:
        settings = default_settings().with_values(data)
    except SettingsError as error:
        return _defaults(str(error))
    given = [name for name in StoreSettings.names() if name in data]
    missing = [name for name in StoreSettings.names() if name not in data]
    origin = "read from the store"
    if missing:
        origin += f"; not given, so the defaults: {', '.join(missing)}" if given else "; none given, so the defaults"
    return SettingsReading(settings, origin)


def settings_from_json(text: str | None) -> StoreSettings:
    """The settings a runner passed to its schemathesis process (the defaults when none)."""
    return default_settings().with_values(json.loads(text)) if text else default_settings()


def _defaults(reason: str) -> SettingsReading:
    return SettingsReading(default_settings(), f"documented defaults: {reason}")
