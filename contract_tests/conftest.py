"""Fixtures shared by the contract suites."""

from __future__ import annotations

import socket
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from promotion_jobs.contract import Contract, load_contract, load_document
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID, fixture_store
from promotion_jobs.mock.store import Job, Store

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    return load_document()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()


def list_example(document: dict[str, Any], name: str) -> dict[str, Any]:
    """A named example of the list call's 200 response, as embedded in the document."""
    media = document["paths"]["/v2/promotions/{promotionID}/jobs"]["get"]["responses"]["200"]["content"]
    example: dict[str, Any] = media["application/json"]["examples"][name]["value"]
    return example


# Promotions of the default fixtures, by the role tests give them (docs/mock.md lists them all).
SEED_PROMOTION = "ad386702-e780-42c6-b190-0527ad768917"  # the reference page's jobs
MIXED_PROMOTION = "c0a80101-7d2f-4e8a-9b3c-5d6e7f8a9b01"
PAGED_PROMOTION = PAGED_PROMOTION_ID
EMPTY_PROMOTION = "c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04"
AUTOMATIC_PROMOTION = "c0a80105-3e8b-4a4c-9d0e-1f2a3b4c5d05"  # no codes: job creation is a 422
TOKEN = "mock-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def jobs_path(promotion_id: str) -> str:
    return f"/v2/promotions/{promotion_id}/jobs"


def stored_jobs(store: Store, promotion_id: str) -> list[Job]:
    """Every job of a promotion, newest first: the store's one unfiltered page as long as the store."""
    return store.page(promotion_id, {}, 0, sys.maxsize).jobs


@pytest.fixture(scope="module")
def mock_url() -> Iterator[str]:
    """A strict mock with the default fixtures, on a free loopback port, for one test module."""
    with running_server(create_app(MockConfig(store=fixture_store()))) as url:
        yield url


@pytest.fixture
def api(mock_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=mock_url, headers=AUTH, timeout=10) as client:
        yield client


@pytest.fixture
def free_port() -> Iterator[int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    yield port
