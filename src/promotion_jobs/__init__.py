"""Spec-first toolkit for Elastic Path's Promotion Jobs API.

The contract lives in `openapi/promotion-jobs.yaml`; this package holds what is written by hand
around it: the mock server, conformance runs and helpers for users of the generated client.
"""
