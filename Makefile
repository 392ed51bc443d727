# Set-up from a fresh clone needs only python3: every target installs what it uses into .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-test

.PHONY: site rules-page test lint bench serve clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# "Today" for the gate is the last commit's date (SOURCE_DATE_EPOCH), so the demo's review
# dates do not turn into RB002 findings just because the calendar moved on.
site: $(STAMP)
	SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null || date +%s) $(BIN)/mkdocs build --strict

# docs/reference/rules.md is made from the rule registry; tests/test_docs.py fails when it is stale.
rules-page: $(STAMP)
	$(BIN)/python docs/_scripts/rules_reference.py

serve: $(STAMP)
	$(BIN)/mkdocs serve

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n 2

bench: $(STAMP)
	$(BIN)/python -m pip install -q -e '.[bench]'
	$(BIN)/python bench/run.py --external

clean:
	rm -rf site .cache test-artifacts bench/out
