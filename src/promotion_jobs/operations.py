"""The names the document gives its operations and path parameters, spelled once for all code.

The mock routes by these operation ids, the client helpers name the operation whose answers they
read, and the conformance checks pick the list call by them; a rename in the document is a change
here, and `contract_tests` fail where the two disagree.
"""

from __future__ import annotations

LIST_OPERATION = "getPromotionJobs"
CREATE_OPERATION = "createPromotionJob"
CANCEL_OPERATION = "cancelPromotionJob"
FILE_OPERATION = "getPromotionJobFile"
TOKEN_OPERATION = "createAccessToken"  # noqa: S105 - an operationId, not a secret
SETTINGS_OPERATION = "getSettings"

PROMOTION_ID_PARAMETER = "promotionID"
JOB_ID_PARAMETER = "jobID"
