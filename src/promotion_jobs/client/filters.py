"""A typed builder for the list call's `filter`, checked against the document's grammar.

Members of the generated enums and plain strings are both accepted; whatever is built goes
through `promotion_jobs.filter_grammar`, which asks the document, so no refused filter leaves here.
"""

from __future__ import annotations

from elasticpath_promotion_jobs_client.models import JobStatus, JobType

from promotion_jobs.filter_grammar import Filter, FilterError, Term

__all__ = ["FilterError", "job_filter"]

EQUALS = "eq"


def job_filter(*, job_type: JobType | str | None = None, status: JobStatus | str | None = None) -> str:
    """`eq(job_type,…):eq(status,…)` for the conditions given, all of which must hold.

    Raises FilterError when no condition is given or a value is outside the grammar.
    """
    conditions = {"job_type": job_type, "status": status}
    terms = tuple(Term(EQUALS, attribute, str(value)) for attribute, value in conditions.items() if value is not None)
    return Filter(terms).render()
