# The two commands of the README: `make run` and `make test`. Everything else is a helper.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV ?= .venv
PY := $(VENV)/bin/python
# The first Python >= 3.12 found (Django 6.1 needs it).
PYTHON ?= $(shell for p in python3.13 python3.12 python3 $(HOME)/.pyenv/versions/3.13.*/bin/python3 $(HOME)/.pyenv/versions/3.12.*/bin/python3; do \
	command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null && { command -v $$p; break; }; done)
DB_URL = $(shell scripts/database-url)
# The build, as the image does it (scripts/build-assets): static files collected with the production
# storage (hashed, compressed, with their manifest) and the .mo files compiled from
# locale/*/LC_MESSAGES/django.po (GNU gettext's msgfmt). Neither is ever committed.
BUILD_ASSETS = PYTHON=$(PY) scripts/build-assets
# pytest-xdist workers for `make test`: the suite (browser tests included) keeps under ten
# minutes on two cores only in parallel. `make test TEST_WORKERS=0` runs it in one process.
TEST_WORKERS ?= 2

.PHONY: help run test test-cluster lint typecheck format messages check-migrations demo-data benchmark clean

help:
	@echo "make run   - run the site with demo data on http://127.0.0.1:8000"
	@echo "make test  - lint, migration check and the whole test suite"
	@echo "make test-cluster - the cluster (balancer, two nodes, PgBouncer, replica) and its faults under load"
	@echo "make messages - collect new strings into locale/{fr,pt,ar}/LC_MESSAGES/django.po (docs/translations.md)"

$(VENV)/.installed: requirements.txt requirements-dev.txt
	@test -n "$(PYTHON)" || { echo "Python >= 3.12 is required (Django 6.1). Install python3.12 or newer."; exit 1; }
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@

run: $(VENV)/.installed
	@url="$(DB_URL)"; test -n "$$url" || exit 1; \
	export DATABASE_URL="$$url" DEBUG=1; \
	$(PY) manage.py migrate --no-input && \
	$(BUILD_ASSETS) && \
	$(PY) manage.py seed --demo --if-empty && \
	$(PY) manage.py demo_logins && \
	$(PY) manage.py runserver 127.0.0.1:8000

test: $(VENV)/.installed
	@url="$(DB_URL)"; test -n "$$url" || exit 1; \
	export DATABASE_URL="$$url"; \
	$(VENV)/bin/ruff check . && \
	$(VENV)/bin/ruff format --check . && \
	DEBUG=1 $(VENV)/bin/mypy . && \
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run && \
	$(BUILD_ASSETS) && \
	$(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Two web nodes behind HAProxy, PgBouncer, a streaming replica, Redis and a worker (scripts/cluster,
# Debian's packages: postgresql pgbouncer haproxy redis-server), then faults under load: ~10 min.
test-cluster: $(VENV)/.installed
	$(VENV)/bin/pytest -m cluster intowork/tests/test_cluster.py -n 0 -s $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.installed
	DEBUG=1 $(VENV)/bin/mypy .

messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages -l fr -l pt -l ar --ignore=$(VENV) --ignore=.pgdata --ignore=staticfiles --ignore=artifacts

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .ruff_cache .mypy_cache
