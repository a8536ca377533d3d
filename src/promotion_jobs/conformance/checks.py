"""The semantic rules, registered as schemathesis checks; importing this module registers them.

Each rule of `semantics.RULES` becomes a check of the same name that judges 200 answers of the
list call, so a failure is reported under the rule that was broken. The checks read requests as
the contract of the run does (`judge_by`: the document adjusted to the store's settings), so a
default page size or a filter length is the store's, not the document's default. `list_reached` runs once per
run and fails when no list request ever succeeded, so a run where every request was refused
(a bad token, a wrong promotion) can never pass as "no issues found".
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, CheckFunction, Response

from promotion_jobs.conformance.page import ListPage, read_page
from promotion_jobs.conformance.semantics import RULES, Rule
from promotion_jobs.conformance.target import PROMOTION_VARIABLES
from promotion_jobs.contract import Contract
from promotion_jobs.operations import LIST_OPERATIONS, Family, family_of
from promotion_jobs.settings import StoreSettings, contract_for

_judged_by: list[Contract] = [contract_for(None)]


def judge_by(settings: StoreSettings) -> None:
    """Read every later request as a store with `settings` does."""
    _judged_by[0] = contract_for(settings)


def _operation_id(case: Case[Any]) -> str | None:
    definition = case.operation.definition.raw
    operation_id = definition.get("operationId") if isinstance(definition, dict) else None
    return operation_id if isinstance(operation_id, str) else None


def is_list_call(case: Case[Any]) -> bool:
    """A list call of either family (standard or rule promotions)."""
    return _operation_id(case) in LIST_OPERATIONS


def _body(response: Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


# The page last read, with the response and contract it was read from: every semantic check of one
# response runs in a row, and the page is read once for them all (one tuple, replaced whole, so a
# second worker thread reads either the old page or the new one, never a mix).
_last_read: list[tuple[Response, Contract, ListPage | None] | None] = [None]


def _page_of(response: Response, case: Case[Any]) -> ListPage | None:
    contract, last = _judged_by[0], _last_read[0]
    if last is not None and last[0] is response and last[1] is contract:
        return last[2]
    url, status = str(response.request.url), response.status_code
    family = family_of(str(_operation_id(case))) or Family.STANDARD
    page = read_page(url, case.path_parameters, status, _body(response), contract, family=family)
    _last_read[0] = (response, contract, page)
    return page


def _as_check(name: str, rule: Rule) -> CheckFunction:
    def check(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        if not is_list_call(case):
            return None
        page = _page_of(response, case)
        if page is None:
            return None
        problems = rule(page)
        if problems:
            raise AssertionError(_describe(rule, problems))
        return True

    check.__name__ = check.__qualname__ = name
    check.__doc__ = rule.__doc__
    return check


def _describe(rule: Rule, problems: list[str]) -> str:
    summary = (rule.__doc__ or "").strip().splitlines()[0]
    return f"{summary}\n\n" + "\n".join(f"- {problem}" for problem in problems[:5])


SEMANTIC_CHECKS: dict[str, CheckFunction] = {
    name: schemathesis.check(_as_check(name, rule)) for name, rule in RULES.items()
}


@schemathesis.check
class list_reached:  # a check is named after its class (summary.LIST_REACHED), written like the built-in checks
    """At least one list request got a 2xx: otherwise nothing was really tested."""

    def __init__(self) -> None:
        self.tried: dict[Family, set[int]] = {}
        self.succeeded: set[Family] = set()

    def after_response(self, ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
        if not is_list_call(case):
            return None
        family = family_of(str(_operation_id(case))) or Family.STANDARD
        self.tried.setdefault(family, set()).add(response.status_code)
        if 200 <= response.status_code < 300:
            self.succeeded.add(family)
        return None

    def after_run(self, ctx: CheckContext) -> None:
        for family, tried in self.tried.items():
            if family not in self.succeeded:
                statuses = ", ".join(str(status) for status in sorted(tried))
                raise AssertionError(
                    f"No list request of {family.value} promotions succeeded (statuses seen: {statuses}): "
                    f"check the token and {PROMOTION_VARIABLES[family]}"
                )
