"""Fixtures shared by the contract suites; the plain helpers they share are in `support`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from contract_tests.support import AUTH, free_loopback_port
from promotion_jobs.contract import Contract, load_contract, load_document
from promotion_jobs.mock import MockConfig, create_app, running_server
from promotion_jobs.mock.fixtures import fixture_store


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    return load_document()


@pytest.fixture(scope="session")
def contract() -> Contract:
    return load_contract()


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
    yield free_loopback_port()
