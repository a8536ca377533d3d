"""The filter grammar: what the document accepts, how terms are read, how records match."""

from __future__ import annotations

import pytest

from promotion_jobs.filter_grammar import Filter, FilterError, Term, is_valid


@pytest.mark.parametrize(
    "text",
    [
        "eq(status,completed)",
        "eq(job_type, code_export)",  # the reference page's spaced form
        "eq(status,completed):eq(job_type,code_export)",
        "eq(status,complete)",  # the reference page's typo: valid, matches nothing
        "eq(status,a$b-c_d*e.f g)",
        ":".join(["eq(status,completed)"] * 10),
    ],
)
def test_valid_filters(text: str) -> None:
    assert is_valid(text)
    assert Filter.parse(text).terms


@pytest.mark.parametrize(
    "text",
    [
        "",
        "eq(status,completed",
        "eq(status,completed))",
        "like(status,completed)",
        "eq(name,job)",
        "eq(status,)",
        "eq(status, )",
        "eq(status,completed);eq(job_type,code_export)",
        "eq(status,completed):",
        "eq(status,com/pleted)",
        "eq(status,completed)\n",
        ":".join(["eq(status,completed)"] * 11),
    ],
)
def test_invalid_filters(text: str) -> None:
    assert not is_valid(text)
    with pytest.raises(FilterError):
        Filter.parse(text)


def test_terms_are_read_and_values_trimmed() -> None:
    parsed = Filter.parse("eq(job_type, code_export):eq(status,completed )")
    assert parsed.terms == (Term("eq", "job_type", "code_export"), Term("eq", "status", "completed"))


def test_matching_is_a_conjunction() -> None:
    parsed = Filter.parse("eq(job_type,code_export):eq(status,completed)")
    assert parsed.matches({"job_type": "code_export", "status": "completed"})
    assert not parsed.matches({"job_type": "code_export", "status": "failed"})
    assert not parsed.matches({"job_type": "code_generate", "status": "completed"})


def test_required_values_detects_contradictions() -> None:
    assert Filter.parse("eq(status,failed):eq(status,failed)").required_values() == {"status": "failed"}
    assert Filter.parse("eq(status,failed):eq(status,completed)").required_values() is None


def test_render_refuses_what_the_grammar_refuses() -> None:
    assert Filter((Term("eq", "status", "completed"),)).render() == "eq(status,completed)"
    with pytest.raises(FilterError):
        Filter((Term("eq", "promotion_id", "x"),)).render()
    with pytest.raises(FilterError):
        Filter((Term("eq", "status", "a,b"),)).render()
