# ECC Atlas — one Makefile for people and CI.
#   make run    install into .venv and run `ecc-atlas demo` (http://127.0.0.1:8000)
#   make test   install with dev extras, lint, the whole suite on SQLite, then every test that
#               reaches the database again on PostgreSQL
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgresql://postgres@127.0.0.1:5432/test
STAMP  := $(VENV)/.installed-dev

.PHONY: install install-dev run test lint format test-sqlite test-postgres clean lock docs

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -c constraints.txt -e .
	touch $@

$(STAMP): pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-dev: $(STAMP)

run: install
	$(BIN)/ecc-atlas demo

lint: install-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	ECC_ATLAS_SECRET_KEY=type-checking-only $(BIN)/mypy

format: install-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

test-sqlite: install-dev
	env -u ECC_ATLAS_DATABASE_URL $(BIN)/pytest

test-postgres: install-dev
	@if $(BIN)/python -c "import psycopg,sys; psycopg.connect(sys.argv[1], connect_timeout=3).close()" "$(PG_URL)" 2>/dev/null; then \
		ECC_ATLAS_DATABASE_URL="$(PG_URL)" $(BIN)/pytest -m database; \
	elif [ "$$CI" = "true" ]; then \
		echo "PostgreSQL is required in CI but $(PG_URL) is not reachable" >&2; exit 1; \
	else \
		echo "*** NOT RUN: the PostgreSQL pass (no server at $(PG_URL)); CI runs it ***" >&2; \
	fi

test: lint test-sqlite test-postgres

# Re-pin every dependency after changing pyproject.toml (needs the package registry).
lock: install-dev
	$(BIN)/python -m pip freeze --exclude-editable | grep -v '^-e' > constraints.txt

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache

# Regenerate the CLI reference (a test checks that it is current).
docs: install-dev
	$(BIN)/typer ecc_atlas.cli.app utils docs --name ecc-atlas --output docs/cli.md
