# Maillage — two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PG_PORT := $(or $(MAILLAGE_PG_PORT),5544)
REDIS_PORT := $(or $(MAILLAGE_REDIS_PORT),6390)
# A DATABASE_URL / REDIS_URL set in the environment wins; otherwise the project-local servers.
DB_URL := $(or $(DATABASE_URL),postgres://maillage@127.0.0.1:$(PG_PORT)/maillage)
BROKER_URL := $(or $(REDIS_URL),redis://127.0.0.1:$(REDIS_PORT)/0)
ENV := DATABASE_URL=$(DB_URL) REDIS_URL=$(BROKER_URL)
MANAGE := $(ENV) $(BIN)/python manage.py
TEST_ENV := $(ENV) DJANGO_SETTINGS_MODULE=portal.settings.test

.PHONY: help run test setup venv system services stop migrate demo lint format messages \
	messages-check check bench lock clean-var node

help:
	@echo "make run    install what is missing, start PostgreSQL + Redis, migrate, load demo data,"
	@echo "            serve http://127.0.0.1:8000 with a Celery worker and beat (Ctrl-C stops all)"
	@echo "make test   same set-up, then lint, checks and the whole test suite"
	@echo "make stop   stop the project-local PostgreSQL and Redis"
	@echo "make bench  run the benchmarks in bench/ (see README.md)"

$(VENV)/.installed: requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	@touch $@

venv: $(VENV)/.installed

# The validators of tests/browser/test_validators.py (Nu Html Checker, pa11y), pinned in
# package-lock.json. No install scripts: vnu-jar's would download a Java runtime and
# puppeteer's a browser; the tests use Debian's java and Chromium (scripts/ensure_system.sh).
node_modules/.installed: package.json package-lock.json
	PUPPETEER_SKIP_DOWNLOAD=1 npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

node: system node_modules/.installed

system:
	@scripts/ensure_system.sh

services: system
	@scripts/services.sh start

stop:
	@scripts/services.sh stop

migrate: venv services
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) compilemessages -v 0 --ignore=.venv

setup: migrate

demo: setup
	$(MANAGE) load_demo_data

run: demo
	@ORIG_DATABASE_URL="$(DATABASE_URL)" ORIG_REDIS_URL="$(REDIS_URL)" $(ENV) scripts/run.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/djlint templates --lint

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

messages: venv
	$(MANAGE) makemessages -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests --ignore=bench --ignore=node_modules -v 0
	$(MANAGE) makemessages -d djangojs -l en --no-obsolete --ignore=.venv --ignore=var --ignore=tests \
		--ignore=static --ignore=node_modules -v 0
	$(ENV) $(BIN)/python scripts/tenant_catalogues.py
	$(MANAGE) compilemessages -v 0 --ignore=.venv

messages-check: venv
	$(ENV) $(BIN)/python scripts/check_messages.py
	$(ENV) $(BIN)/python scripts/tenant_catalogues.py --check

check: venv services
	$(TEST_ENV) $(BIN)/python manage.py check --fail-level WARNING
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run -v 1

# In CI the local servers are stopped afterwards, whatever the outcome.
test: setup node lint check messages-check
	@status=0; $(TEST_ENV) $(BIN)/python -m pytest -n 2 $(PYTEST_ARGS) || status=$$?; \
	if [ "$(CI)" = "true" ]; then scripts/services.sh stop; fi; exit $$status

bench: setup
	$(ENV) $(BIN)/python bench/search.py
	$(ENV) $(BIN)/python bench/matching.py

# Regenerate requirements.lock from pyproject.toml in a throw-away venv.
lock:
	rm -rf var/lockvenv && $(PYTHON) -m venv var/lockvenv
	var/lockvenv/bin/pip install -q '.[dev]'
	var/lockvenv/bin/pip freeze --exclude maillage | sort -f > requirements.lock
	rm -rf var/lockvenv
