# The verbs of the toolkit. Every target bootstraps what it needs (.venv, node_modules) from the
# pinned files of the repository, so a fresh clone needs only Python 3.11+, make and Node 20.

SHELL := bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
VENV_STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BENCH_NODE_STAMP := bench/node_modules/.installed
GENERATED_DIR ?= generated
PORT ?= 4010
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

GENERATOR := PATH="$(CURDIR)/$(BIN):$$PATH" $(CURDIR)/$(BIN)/openapi-python-client generate \
	--path $(CURDIR)/openapi/promotion-jobs.yaml \
	--config $(CURDIR)/openapi/generator-config.yaml \
	--custom-template-path $(CURDIR)/openapi/templates \
	--meta poetry --overwrite

.PHONY: help install test lint generate check-generated mock conformance bench clean

help:
	@echo "make test             lint, drift check and the whole pytest suite"
	@echo "make generate         regenerate generated/ from openapi/promotion-jobs.yaml"
	@echo "make check-generated  fail when generated/ differs from a fresh generation"
	@echo "make lint             ruff, mypy --strict and Redocly's OpenAPI linter"
	@echo "make mock             serve the mock on 127.0.0.1:\$$PORT (default 4010)"
	@echo "make bench            measure against the alternatives (Prism, pydantic, httpx); table + reports/bench.json"

install: $(VENV_STAMP) $(NODE_STAMP)

$(VENV_STAMP): pyproject.toml constraints.txt generated/pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		-e ./generated -e '.[dev,bench]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The bench's own Node tools (Prism, autocannon), pinned in bench/package-lock.json and kept
# apart from the root package.json, so `make test` never installs them.
$(BENCH_NODE_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

test: lint check-generated
	$(BIN)/pytest

lint: $(VENV_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src contract_tests bench
	$(BIN)/ruff format --check src contract_tests bench
	$(BIN)/mypy
	npx --no-install redocly lint --format=stylish openapi/promotion-jobs.yaml 2>&1 | grep -v '[║╔╚]'; \
		exit $${PIPESTATUS[0]}

# generated/ is written here and nowhere else.
generate: $(VENV_STAMP)
	$(GENERATOR) --output-path $(abspath $(GENERATED_DIR))

check-generated: $(VENV_STAMP)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(MAKE) --no-print-directory -s generate GENERATED_DIR=$$tmp/generated >/dev/null && \
	diff -r -u -x __pycache__ -x .ruff_cache -x "*.egg-info" generated $$tmp/generated && echo "generated/ matches a fresh generation"

mock: $(VENV_STAMP)
	$(BIN)/promotion-jobs mock --host 127.0.0.1 --port $(PORT)

# Not part of `make test`: speed is only ever reported as ratios measured in one run.
bench: $(VENV_STAMP) $(BENCH_NODE_STAMP)
	$(BIN)/python -m bench --output reports/bench.json

clean:
	rm -rf $(VENV) node_modules bench/node_modules reports .pytest_cache .mypy_cache .ruff_cache
