"""Contains all the data models used in inputs/outputs"""

from .consume_unit import ConsumeUnit
from .error import Error
from .error_response import ErrorResponse
from .job_status import JobStatus
from .job_type import JobType
from .links import Links
from .list_meta import ListMeta
from .page_meta import PageMeta
from .promotion_job import PromotionJob
from .promotion_job_list import PromotionJobList
from .promotion_job_meta import PromotionJobMeta
from .promotion_job_parameters import PromotionJobParameters
from .promotion_job_result import PromotionJobResult
from .results_meta import ResultsMeta
from .results_meta_total_method import ResultsMetaTotalMethod
from .timestamps import Timestamps

__all__ = (
    "ConsumeUnit",
    "Error",
    "ErrorResponse",
    "JobStatus",
    "JobType",
    "Links",
    "ListMeta",
    "PageMeta",
    "PromotionJob",
    "PromotionJobList",
    "PromotionJobMeta",
    "PromotionJobParameters",
    "PromotionJobResult",
    "ResultsMeta",
    "ResultsMetaTotalMethod",
    "Timestamps",
)
