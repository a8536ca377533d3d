"""A stateful mock of the Promotion Jobs API, validated against the document at run time.

`app` routes a request to its operation; `pipeline` then takes it through four stages: `guard`,
`decode`, `handlers` and `respond` (docs/architecture.md).
"""

from promotion_jobs.mock.app import MockConfig, create_app
from promotion_jobs.mock.faults import Fault
from promotion_jobs.mock.server import running_server

__all__ = ["Fault", "MockConfig", "create_app", "running_server"]
