"""Fixtures shared by the contract suites."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from promotion_jobs.contract import Contract, load_contract, load_document
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import PAGED_PROMOTION_ID, SEED_PROMOTION_ID, fixture_store

ROOT = Path(__file__).resolve().parents[1]
LIST_OPERATION = "getPromotionJobs"


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


SEED_PROMOTION = SEED_PROMOTION_ID
MIXED_PROMOTION = "c0a80101-7d2f-4e8a-9b3c-5d6e7f8a9b01"
PAGED_PROMOTION = PAGED_PROMOTION_ID
EMPTY_PROMOTION = "c0a80104-4f9c-4b5d-8e0f-2a3b4c5d6e04"
TOKEN = "mock-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def jobs_path(promotion_id: str) -> str:
    return f"/v2/promotions/{promotion_id}/jobs"


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
