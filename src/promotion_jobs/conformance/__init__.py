"""Conformance runs: does a server honour the contract? schemathesis is the engine.

`runner.run_conformance` is the product (`make conformance`, `promotion-jobs conformance`);
`checks` registers the semantic checks of `semantics` with schemathesis; `hooks` is what the
schemathesis process loads; `target` and `tokens` decide whom to test and with which token.
"""
