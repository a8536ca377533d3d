"""The names the document gives its operations and path parameters, spelled once for all code.

The mock routes by these operation ids, the client helpers name the operation whose answers they
read, and the conformance checks pick the list call by them; a rename in the document is a change
here, and `contract_tests` fail where the two disagree.
"""

from __future__ import annotations

import enum

LIST_OPERATION = "getPromotionJobs"
CREATE_OPERATION = "createPromotionJob"
CANCEL_OPERATION = "cancelPromotionJob"
FILE_OPERATION = "getPromotionJobFile"
TOKEN_OPERATION = "createAccessToken"  # noqa: S105 - an operationId, not a secret
SETTINGS_OPERATION = "getSettings"

PROMOTION_ID_PARAMETER = "promotionID"
JOB_ID_PARAMETER = "jobID"

RULE_LIST_OPERATION = "getRulePromotionJobs"
RULE_CREATE_OPERATION = "createRulePromotionJob"
RULE_CANCEL_OPERATION = "cancelRulePromotionJob"
RULE_FILE_OPERATION = "getRulePromotionJobFile"


class Family(enum.Enum):
    """The two promotion products whose jobs the document describes, and what differs between them.

    Standard promotions (`/v2/promotions`) and rule promotions (Promotions Builder,
    `/v2/rule-promotions`) have the same four job calls and the same lifecycle; a rule job names
    its promotion in `rule_promotion_id`. Everything else (statuses, filter, pages, errors) is shared.
    """

    STANDARD = "standard"
    RULE = "rule"

    @property
    def list_operation(self) -> str:
        return LIST_OPERATION if self is Family.STANDARD else RULE_LIST_OPERATION

    @property
    def create_operation(self) -> str:
        return CREATE_OPERATION if self is Family.STANDARD else RULE_CREATE_OPERATION

    @property
    def cancel_operation(self) -> str:
        return CANCEL_OPERATION if self is Family.STANDARD else RULE_CANCEL_OPERATION

    @property
    def file_operation(self) -> str:
        return FILE_OPERATION if self is Family.STANDARD else RULE_FILE_OPERATION

    @property
    def promotion_field(self) -> str:
        """The job field that names the job's promotion."""
        return "promotion_id" if self is Family.STANDARD else "rule_promotion_id"

    @property
    def job_schema(self) -> str:
        return "PromotionJob" if self is Family.STANDARD else "RulePromotionJob"

    @property
    def operations(self) -> tuple[str, str, str, str]:
        return (self.list_operation, self.create_operation, self.cancel_operation, self.file_operation)


LIST_OPERATIONS = frozenset(family.list_operation for family in Family)


def family_of(operation_id: str) -> Family | None:
    """The family whose job call `operation_id` is; None for the token and settings calls."""
    for family in Family:
        if operation_id in family.operations:
            return family
    return None
