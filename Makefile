# Every target installs what it needs into .venv first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

.PHONY: install serve test test-sqlite test-postgres lint format typecheck check bench bench-smoke

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/asyncdesk serve

# SQLite always; PostgreSQL too when ASYNCDESK_TEST_DATABASE_URL names one.
test: install
	env -u ASYNCDESK_TEST_DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)
	@if [ -n "$$ASYNCDESK_TEST_DATABASE_URL" ]; then \
		echo "== again on $$ASYNCDESK_TEST_DATABASE_URL"; \
		$(BIN)/pytest $(PYTEST_ARGS); \
	fi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: install
	$(BIN)/mypy app tests migrations bench

check: lint typecheck

# Full benchmark against PostgreSQL at 127.0.0.1:5432 (own database, dropped
# afterwards); results in bench/results/. BENCH_ARGS="--seconds 10" etc.
BENCH_ARGS ?=
bench: install
	$(BIN)/python -m bench $(BENCH_ARGS)

bench-smoke: install
	$(BIN)/python -m bench --smoke --sqlite
