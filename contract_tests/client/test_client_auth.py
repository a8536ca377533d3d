"""Client credentials over real HTTP against the mock's own `POST /oauth/access_token`: one token
reused, renewed before expiry, renewed once on 401, and secrets kept out of reprs, messages and
logs. Time moves by injected clocks, never by sleeping."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from elasticpath_promotion_jobs_client import AuthenticatedClient

from contract_tests.support import CLIENT_ID, CLIENT_SECRET, SEED_PROMOTION, RecordingApp, serve_recorded
from promotion_jobs.client import ClientCredentialsAuth, PromotionJobsError, aiter_jobs, connect, iter_jobs
from promotion_jobs.client.auth import token_path
from promotion_jobs.mock import MockConfig
from promotion_jobs.mock.clock import ManualClock
from promotion_jobs.mock.fixtures import fixture_store
from promotion_jobs.mock.token_authority import TokenAuthority

LIFETIME = 3600
LIST_PATH = f"/v2/promotions/{SEED_PROMOTION}/jobs"
TOKEN_PATH = token_path()


class Harness:
    def __init__(self, base_url: str, app: RecordingApp, tokens: TokenAuthority, server_clock: ManualClock) -> None:
        self.base_url, self.app, self.tokens, self.server_clock = base_url, app, tokens, server_clock
        self.client_clock = ManualClock(0.0)  # the client's own monotonic clock

    def client(self, client_id: str = CLIENT_ID, client_secret: str = CLIENT_SECRET) -> AuthenticatedClient:
        self.auth = ClientCredentialsAuth(
            self.base_url + token_path(), client_id, client_secret, clock=self.client_clock
        )
        return connect(self.base_url, auth=self.auth)

    def advance(self, seconds: float) -> None:
        self.server_clock.advance(seconds)
        self.client_clock.advance(seconds)

    def token_forms(self) -> list[dict[str, str]]:
        return self.app.forms(TOKEN_PATH)


@contextmanager
def served(lifetime: int = LIFETIME) -> Iterator[Harness]:
    clock = ManualClock()
    tokens = TokenAuthority(lifetime=lifetime)
    with serve_recorded(MockConfig(fixture_store(), tokens=tokens, clock=clock)) as (base_url, app):
        yield Harness(base_url, app, tokens, clock)


@pytest.fixture
def harness() -> Iterator[Harness]:
    with served() as harness:
        yield harness


def test_the_token_path_comes_from_the_document_and_is_the_one_the_readme_names() -> None:
    assert token_path() == "/oauth/access_token"


def test_one_token_is_fetched_with_a_form_body_and_reused(harness: Harness) -> None:
    with harness.client() as client:
        for _ in range(3):
            assert len(list(iter_jobs(client, SEED_PROMOTION))) == 3
    assert harness.token_forms() == [
        {"grant_type": "client_credentials", "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET}
    ]
    assert [request.headers["content-type"] for request in harness.app.to(TOKEN_PATH)] == [
        "application/x-www-form-urlencoded"
    ]
    assert harness.app.statuses[TOKEN_PATH, 200] == 1
    assert harness.app.statuses[LIST_PATH, 200] == 3


def test_the_token_is_renewed_shortly_before_it_expires(harness: Harness) -> None:
    with harness.client() as client:
        list(iter_jobs(client, SEED_PROMOTION))
        harness.advance(LIFETIME - 120)  # still comfortably valid: reused
        list(iter_jobs(client, SEED_PROMOTION))
        assert len(harness.token_forms()) == 1
        harness.advance(90)  # 30 s before expiry: renewed before the call, which never sees a 401
        list(iter_jobs(client, SEED_PROMOTION))
    assert len(harness.token_forms()) == 2
    assert harness.app.statuses[LIST_PATH, 401] == 0
    assert harness.app.requests[LIST_PATH] == 3


def test_a_token_the_server_no_longer_accepts_is_renewed_once(harness: Harness) -> None:
    with harness.client() as client:
        list(iter_jobs(client, SEED_PROMOTION))
        harness.server_clock.advance(2 * LIFETIME)  # the server expired it; the client cannot know
        assert len(list(iter_jobs(client, SEED_PROMOTION))) == 3
    assert len(harness.token_forms()) == 2
    assert harness.app.statuses[LIST_PATH, 401] == 1
    assert harness.app.statuses[LIST_PATH, 200] == 2


def test_a_401_that_persists_after_renewal_is_raised_not_looped() -> None:
    # Every issued token is already expired.
    with served(lifetime=0) as harness, harness.client() as client, pytest.raises(PromotionJobsError) as raised:
        list(iter_jobs(client, SEED_PROMOTION))
    assert raised.value.status == 401
    assert len(harness.token_forms()) == 2
    assert harness.app.requests[LIST_PATH] == 2


def test_async_calls_share_the_same_renewal_rules(harness: Harness) -> None:
    async def walk() -> int:
        async with harness.client() as client:
            count = len([job async for job in aiter_jobs(client, SEED_PROMOTION)])
            harness.advance(LIFETIME)
            count += len([job async for job in aiter_jobs(client, SEED_PROMOTION)])
        return count

    assert asyncio.run(walk()) == 6
    assert len(harness.token_forms()) == 2
    assert harness.app.statuses[LIST_PATH, 401] == 0


def test_connect_with_credentials_uses_the_token_path_of_the_base_url(harness: Harness) -> None:
    with connect(harness.base_url, client_id=CLIENT_ID, client_secret=CLIENT_SECRET) as client:
        assert len(list(iter_jobs(client, SEED_PROMOTION))) == 3
    assert len(harness.token_forms()) == 1


def test_secrets_stay_out_of_reprs_messages_and_logs(harness: Harness, caplog: pytest.LogCaptureFixture) -> None:
    wrong_secret = "wrong-secret-value-123"
    caplog.set_level(logging.DEBUG)
    with harness.client() as client:
        list(iter_jobs(client, SEED_PROMOTION))
        (in_use,) = {request.headers["authorization"].split()[1] for request in harness.app.to(LIST_PATH)}
        token = harness.tokens.issue(CLIENT_ID, CLIENT_SECRET, now=harness.server_clock())
        assert token is not None
        shown = repr(harness.auth) + repr(client)
    with harness.client(client_secret=wrong_secret) as client, pytest.raises(PromotionJobsError) as raised:
        list(iter_jobs(client, SEED_PROMOTION))
    with connect(harness.base_url, token=token["access_token"]) as client:
        shown += repr(client) + repr(client.get_httpx_client().auth)
    assert raised.value.status == 401
    assert "invalid client credentials" in str(raised.value)
    exposed = shown + str(raised.value) + repr(raised.value) + repr(harness.auth) + caplog.text
    for secret in (CLIENT_SECRET, wrong_secret, in_use, token["access_token"]):
        assert secret not in exposed
    assert CLIENT_ID in repr(harness.auth)  # the id is not secret, and helps to debug


def test_exactly_one_way_to_authenticate() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        connect("http://127.0.0.1:1")
    with pytest.raises(ValueError, match="exactly one"):
        connect("http://127.0.0.1:1", token="t", client_id="i", client_secret="s")
    with pytest.raises(ValueError, match="go together"):
        connect("http://127.0.0.1:1", client_id="only-id")
    with pytest.raises(ValueError, match="absolute"):
        connect("127.0.0.1:4010", token="t")
