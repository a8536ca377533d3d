"""The typed filter builder: what it renders, and that it never renders what the grammar refuses."""

from __future__ import annotations

import pytest
from elasticpath_promotion_jobs_client.models import JobStatus, JobType
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_tests.support import MIXED_PROMOTION, TOKEN, serve_mock
from promotion_jobs.client import FilterError, connect, iter_jobs, job_filter
from promotion_jobs.filter_grammar import Filter, is_valid


def test_renders_the_documented_example_from_enum_members() -> None:
    text = job_filter(job_type=JobType.CODE_EXPORT, status=JobStatus.COMPLETED)
    assert text == "eq(job_type,code_export):eq(status,completed)"
    assert is_valid(text)


def test_strings_and_members_render_the_same() -> None:
    assert job_filter(status="failed") == job_filter(status=JobStatus.FAILED) == "eq(status,failed)"
    assert job_filter(job_type="code_generate") == "eq(job_type,code_generate)"


def test_a_value_unknown_to_this_client_is_still_a_valid_filter() -> None:
    # A newer server's status arrives as a pseudo-member; filtering on it must keep working.
    assert job_filter(status=JobStatus("queued")) == "eq(status,queued)"


@pytest.mark.parametrize("value", ["completed)", "a,b", "x:eq(status,y", "", "(", "naïve"])
def test_values_outside_the_grammar_are_refused(value: str) -> None:
    with pytest.raises(FilterError):
        job_filter(status=value)


def test_no_condition_is_refused_rather_than_rendering_an_empty_filter() -> None:
    with pytest.raises(FilterError):
        job_filter()


@settings(derandomize=True)
@given(job_type=st.one_of(st.none(), st.text(max_size=20)), status=st.one_of(st.none(), st.text(max_size=20)))
def test_whatever_it_returns_the_document_accepts(job_type: str | None, status: str | None) -> None:
    try:
        text = job_filter(job_type=job_type, status=status)
    except FilterError:
        return
    assert is_valid(text)
    assert Filter.parse(text).render() == text


def test_the_mock_applies_a_built_filter() -> None:
    with serve_mock() as base_url, connect(base_url, token=TOKEN) as client:
        everything = list(iter_jobs(client, MIXED_PROMOTION))
        completed = list(iter_jobs(client, MIXED_PROMOTION, filter_=job_filter(status=JobStatus.COMPLETED)))
        exports = list(
            iter_jobs(client, MIXED_PROMOTION, filter_=job_filter(job_type=JobType.CODE_EXPORT, status="completed"))
        )
    assert [job.id for job in completed] == [job.id for job in everything if job.status is JobStatus.COMPLETED]
    assert completed, "the mixed fixture has completed jobs"
    assert [job.id for job in exports] == [job.id for job in completed if job.job_type is JobType.CODE_EXPORT]
