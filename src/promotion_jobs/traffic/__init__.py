"""Judging real traffic: recorded or live exchanges, judged by the same checks as a conformance run.

`exchange` is one request and its answer, `judge` judges it by the contract (its operation by
method and path, the answer's status, content type and schema, the request's parameters and body,
and every semantic rule of a list page), `har` reads HAR 1.2 recordings, and `command` is
`promotion-jobs validate`. Nothing here imports schemathesis: it works in the base install.
"""
