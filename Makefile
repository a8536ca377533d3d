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
DOCS_SPEC ?= openapi/promotion-jobs.yaml
DOCS_OUTPUT ?= docs/site/index.html
CHROMIUM ?= /usr/bin/chromium
export REDOCLY_TELEMETRY := off
export REDOCLY_SUPPRESS_UPDATE_NOTICE := true

# The one way generated/ is written or checked, and the command a consumer's CI runs too
# (docs/codegen.md): the pinned generator and formatter of the codegen extra, with openapi/templates/
# and openapi/generator-config.yaml.
GENERATE := $(BIN)/promotion-jobs generate --spec openapi/promotion-jobs.yaml --output $(GENERATED_DIR)

.PHONY: help install test lint generate check-generated ledger docs mock conformance bench clean

help:
	@echo "make test             lint and the whole pytest suite (drift of generated/ and packaging included)"
	@echo "make generate         regenerate generated/ from openapi/promotion-jobs.yaml"
	@echo "make check-generated  fail when generated/ differs from a fresh generation"
	@echo "make lint             ruff, mypy --strict and Redocly's OpenAPI linter"
	@echo "make ledger           render docs/contract-ledger.md from openapi/ledger.yaml"
	@echo "make docs             render the API reference to \$$DOCS_OUTPUT (default docs/site/index.html)"
	@echo "make mock             serve the mock on 127.0.0.1:\$$PORT (default 4010)"
	@echo "make conformance      run the conformance suite (embedded mock, or EP_BASE_URL=... a live store)"
	@echo "make bench            measure against the alternatives (Prism, pydantic, httpx); table + reports/bench.json"
	@echo "make install          only bootstrap .venv/ and node_modules/"
	@echo "make clean            remove .venv/, node_modules/, bench/node_modules/, reports/ and the tool caches"

install: $(VENV_STAMP) $(NODE_STAMP)

# One distribution with every extra: the toolkit ships the generated client too, so its editable
# install puts src/ and generated/ on the path. The client used to be installed on its own
# (-e ./generated): that older install is removed, so that one distribution owns the package.
$(VENV_STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip uninstall --quiet --yes elasticpath-promotion-jobs-client 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt \
		-e '.[mock,conformance,codegen,dev,bench]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The bench's own Node tools (Prism, autocannon), pinned in bench/package-lock.json and kept
# apart from the root package.json, so `make test` never installs them.
$(BENCH_NODE_STAMP): bench/package.json bench/package-lock.json
	npm ci --prefix bench --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $@

# The docs page test drives Debian's chromium; install it when it is missing so that a fresh machine
# needs nothing beyond the README's prerequisites. The binary itself is the stamp.
$(CHROMIUM):
	@if [ "$$(id -u)" -ne 0 ]; then \
		echo "error: $(CHROMIUM) is missing and installing it needs root." >&2; \
		echo "       Run as root, or: sudo apt-get install -y --no-install-recommends chromium" >&2; \
		exit 1; \
	fi
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
	@test -x $@ || { echo "error: apt-get installed chromium but $@ is still missing" >&2; exit 1; }

# The drift check of generated/ runs inside pytest, once: the same command as check-generated, as a
# consumer's install runs it from the built wheel (contract_tests/document/test_packaging.py).
test: lint $(CHROMIUM)
	$(BIN)/pytest

lint: $(VENV_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check src contract_tests bench
	$(BIN)/ruff format --check src contract_tests bench
	$(BIN)/mypy
	npx --no-install redocly lint --format=stylish openapi/promotion-jobs.yaml 2>&1 | grep -v '[║╔╚]'; \
		exit $${PIPESTATUS[0]}

# generated/ is written here and nowhere else.
generate: $(VENV_STAMP)
	$(GENERATE)

check-generated: $(VENV_STAMP)
	$(GENERATE) --check

ledger: $(VENV_STAMP)
	@mkdir -p docs
	$(BIN)/python -m promotion_jobs.ledger > docs/contract-ledger.md

# A self-contained page: --inlineBundle embeds Redoc's scripts, which otherwise load from Redocly's
# CDN. The grep fails the build if a script, stylesheet or font is still fetched from the network.
docs: $(NODE_STAMP)
	@mkdir -p $(dir $(DOCS_OUTPUT))
	npx --no-install redocly build-docs $(DOCS_SPEC) --inlineBundle \
		--output $(DOCS_OUTPUT) 2>&1 | grep -v -e '[║╔╚]' -e '^$$'; exit $${PIPESTATUS[0]}
	@if grep -Eio '<(script|link)[^>]*(src|href)="(https?:)?//[^"]*"|@import[^;]*https?:|url\(["'"'"']?https?:[^)]*' \
		$(DOCS_OUTPUT); then \
		echo "error: $(DOCS_OUTPUT) loads the assets above from the network; it must work offline" >&2; \
		exit 1; \
	fi
	@echo "API reference written to $(DOCS_OUTPUT)"

mock: $(VENV_STAMP)
	$(BIN)/promotion-jobs mock --host 127.0.0.1 --port $(PORT)

# EP_* given on the command line (make conformance EP_BASE_URL=...) reach the command through
# the environment, never its arguments, so a token never shows in a process list.
export EP_BASE_URL EP_ACCESS_TOKEN EP_CLIENT_ID EP_CLIENT_SECRET EP_PROMOTION_ID EP_ALLOW_WRITES EP_RATE_LIMIT EP_STRICT
FAULT ?=
conformance: $(VENV_STAMP)
	$(BIN)/promotion-jobs conformance $(foreach fault,$(FAULT),--fault $(fault))

# Not part of `make test`: speed is only ever reported as ratios measured in one run.
bench: $(VENV_STAMP) $(BENCH_NODE_STAMP)
	$(BIN)/python -m bench --output reports/bench.json

clean:
	rm -rf $(VENV) node_modules bench/node_modules reports .pytest_cache .mypy_cache .ruff_cache
