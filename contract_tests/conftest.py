"""Fixtures shared by the contract suites."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from promotion_jobs.contract import Contract, load_contract, load_document

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
