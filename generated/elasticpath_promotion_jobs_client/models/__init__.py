"""Contains all the data models used in inputs/outputs"""

from .access_token import AccessToken
from .access_token_request import AccessTokenRequest
from .consume_unit import ConsumeUnit
from .error import Error
from .error_response import ErrorResponse
from .grant_type import GrantType
from .job_status import JobStatus
from .job_type import JobType
from .links import Links
from .list_meta import ListMeta
from .page_meta import PageMeta
from .promotion_job import PromotionJob
from .promotion_job_create import PromotionJobCreate
from .promotion_job_create_request import PromotionJobCreateRequest
from .promotion_job_file import PromotionJobFile
from .promotion_job_list import PromotionJobList
from .promotion_job_meta import PromotionJobMeta
from .promotion_job_parameters import PromotionJobParameters
from .promotion_job_response import PromotionJobResponse
from .promotion_job_result import PromotionJobResult
from .results_meta import ResultsMeta
from .results_meta_total_method import ResultsMetaTotalMethod
from .rule_consume_unit import RuleConsumeUnit
from .rule_promotion_job import RulePromotionJob
from .rule_promotion_job_create import RulePromotionJobCreate
from .rule_promotion_job_create_request import RulePromotionJobCreateRequest
from .rule_promotion_job_list import RulePromotionJobList
from .rule_promotion_job_parameters import RulePromotionJobParameters
from .rule_promotion_job_response import RulePromotionJobResponse
from .settings_meta import SettingsMeta
from .settings_response import SettingsResponse
from .store_settings import StoreSettings
from .timestamps import Timestamps

__all__ = (
    "AccessToken",
    "AccessTokenRequest",
    "ConsumeUnit",
    "Error",
    "ErrorResponse",
    "GrantType",
    "JobStatus",
    "JobType",
    "Links",
    "ListMeta",
    "PageMeta",
    "PromotionJob",
    "PromotionJobCreate",
    "PromotionJobCreateRequest",
    "PromotionJobFile",
    "PromotionJobList",
    "PromotionJobMeta",
    "PromotionJobParameters",
    "PromotionJobResponse",
    "PromotionJobResult",
    "ResultsMeta",
    "ResultsMetaTotalMethod",
    "RuleConsumeUnit",
    "RulePromotionJob",
    "RulePromotionJobCreate",
    "RulePromotionJobCreateRequest",
    "RulePromotionJobList",
    "RulePromotionJobParameters",
    "RulePromotionJobResponse",
    "SettingsMeta",
    "SettingsResponse",
    "StoreSettings",
    "Timestamps",
)
