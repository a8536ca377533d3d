"""Which server a conformance run talks to, and with which credentials, read from `EP_*` variables.

No `EP_BASE_URL` means the embedded mock; otherwise a live store that needs either a token
(`EP_ACCESS_TOKEN`) or client credentials (`EP_CLIENT_ID` + `EP_CLIENT_SECRET`) and the promotions
whose jobs are listed, since random ids only ever reach 404s: a standard promotion
(`EP_PROMOTION_ID`), a rule promotion (`EP_RULE_PROMOTION_ID`), or both. A run tests the job calls
of each family it was given a promotion of; the embedded mock, given neither, tests both.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from promotion_jobs.environment import (
    EP_ALLOW_WRITES,
    EP_BASE_URL,
    EP_PROMOTION_ID,
    EP_RATE_LIMIT,
    EP_RULE_PROMOTION_ID,
    EP_STRICT,
    ConfigurationError,
    Credentials,
    StaticToken,
    base_url,
    credentials,
    flag,
    url_secrets,
)
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID, PAGED_RULE_PROMOTION_ID
from promotion_jobs.operations import Family

# Set by the runner, only for the embedded mock, in the schemathesis process it starts.
EMBEDDED_MOCK = "EP_EMBEDDED_MOCK"

# Below the 25 requests/second of an Elastic Path development store.
LIVE_RATE_LIMIT = "20/s"
# The embedded mock runs in this process; a high ceiling only keeps a runaway run polite.
MOCK_RATE_LIMIT = "1000/s"
# The fixture promotion with 60 jobs of both types: several pages, filters that match and miss.
MOCK_PROMOTION_ID = PAGED_PROMOTION_ID
# The fixture rule promotion with 40 jobs of both types.
MOCK_RULE_PROMOTION_ID = PAGED_RULE_PROMOTION_ID
PROMOTION_VARIABLES = {Family.STANDARD: EP_PROMOTION_ID, Family.RULE: EP_RULE_PROMOTION_ID}


@dataclass(frozen=True)
class Target:
    """A server to test: `base_url` is None for the embedded mock, started by the runner.

    `strict` runs fail on warnings too; runs against the embedded mock always are, since it
    follows every decision of this project.
    """

    base_url: str | None
    credentials: Credentials
    promotion_id: str | None
    allow_writes: bool
    rate_limit: str
    strict: bool
    rule_promotion_id: str | None = None

    def promotion_for(self, family: Family) -> str | None:
        """The promotion of `family` whose jobs the run lists; None when that family is not tested."""
        return self.promotion_id if family is Family.STANDARD else self.rule_promotion_id

    @property
    def families(self) -> tuple[Family, ...]:
        """The families the run tests: those it was given a promotion of."""
        return tuple(family for family in Family if self.promotion_for(family) is not None)

    def promotions(self) -> str:
        """Which promotions of which family the run lists, for its summary."""
        names = {Family.STANDARD: "promotion", Family.RULE: "rule promotion"}
        return ", ".join(f"{names[family]} {self.promotion_for(family)}" for family in self.families)

    @property
    def is_embedded(self) -> bool:
        return self.base_url is None

    def secrets(self) -> tuple[str, ...]:
        """Values that must never reach a report or the console: the token or client secret, and
        a password (or token) in the base URL's userinfo."""
        given = self.credentials.token if isinstance(self.credentials, StaticToken) else self.credentials.client_secret
        return (given, *url_secrets(self.base_url or ""))


def target_from_environment(
    env: Mapping[str, str], *, mock_token: str, allow_writes: bool = False, strict: bool = False
) -> Target:
    """The target the variables describe; the embedded mock when `EP_BASE_URL` is unset."""
    url = base_url(env)
    writes = allow_writes or flag(env, EP_ALLOW_WRITES)
    rate_limit = env.get(EP_RATE_LIMIT, "").strip()
    given = {family: _promotion_id(env, family) for family in Family}
    if url is None:
        if not any(given.values()):  # neither given: both families, on the fixture promotions
            given = {Family.STANDARD: MOCK_PROMOTION_ID, Family.RULE: MOCK_RULE_PROMOTION_ID}
        return Target(
            base_url=None,
            credentials=StaticToken(mock_token),
            promotion_id=given[Family.STANDARD],
            rule_promotion_id=given[Family.RULE],
            allow_writes=True,  # the mock is ours to write to
            rate_limit=rate_limit or MOCK_RATE_LIMIT,
            strict=True,
        )
    if not any(given.values()):
        raise ConfigurationError(
            f"{EP_PROMOTION_ID} (a standard promotion), {EP_RULE_PROMOTION_ID} (a rule promotion) or both are "
            f"required with {EP_BASE_URL}: random promotion ids only reach 404s"
        )
    return Target(
        base_url=url,
        credentials=credentials(env),
        promotion_id=given[Family.STANDARD],
        rule_promotion_id=given[Family.RULE],
        allow_writes=writes,
        rate_limit=rate_limit or LIVE_RATE_LIMIT,
        strict=strict or flag(env, EP_STRICT),
    )


def _promotion_id(env: Mapping[str, str], family: Family) -> str | None:
    name = PROMOTION_VARIABLES[family]
    text = env.get(name, "").strip()
    if not text:
        return None
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise ConfigurationError(f"{name} must be a UUID, got {text!r}") from None
