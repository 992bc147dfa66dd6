# The e-Urząd portal's commands. The two that matter: `make run` and `make test` (see README).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
UV := $(VENV)/bin/uv
STAMP := $(VENV)/.installed

.PHONY: run test install services-start services-stop services-status lint format requirements bench bench-login bench-search clean

## make run: install, migrate, demo content, worker + dev server on http://127.0.0.1:8000/
## and the dev SAML IdP on http://127.0.0.1:8089/simplesaml/ (residents: devservices/idp_residents.py)
run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo_content --if-empty
	$(PY) manage.py load_public_records_demo
	$(PY) manage.py rebuild_search_index --no-progress
	$(PY) manage.py ensure_demo_admin
	$(PY) -m eurzad.devservices start simplesamlphp
	$(PY) manage.py devserver 127.0.0.1:8000

## make test: the whole suite against PostgreSQL, OpenSearch and Chromium, then a SQLite smoke run
test: install
	site/bin/run-tests

install: $(STAMP)

# WeasyPrint (the guide's PDF, demo documents) needs pango and the DejaVu fonts from Debian.
DEBIAN_RUNTIME := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml package.json
	site/bin/ensure-debian-packages $(DEBIAN_RUNTIME)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check "uv==$$(sed -n 's/^uv==//p' requirements-dev.txt)"
	$(UV) pip install --quiet --python $(PY) -r requirements.txt -r requirements-dev.txt
	$(UV) pip install --quiet --python $(PY) --no-deps -e .
	npm install --no-audit --no-fund --loglevel=error
	touch $(STAMP)

services-start: install
	$(PY) -m eurzad.devservices start postgres opensearch

services-stop:
	$(PY) -m eurzad.devservices stop postgres opensearch simplesamlphp

services-status:
	$(PY) -m eurzad.devservices status

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint --lint themes eservices cms_pages search
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Regenerate the exact pins from requirements.in / requirements-dev.in
requirements: install
	$(UV) pip compile --quiet --python $(PY) --upgrade requirements.in -o requirements.txt
	$(UV) pip compile --quiet --python $(PY) --upgrade requirements-dev.in -o requirements-dev.txt

## make bench: throughput of pages against a bare Django view, production-like (see README)
bench: install
	site/bin/ensure-debian-packages wrk redis-server
	$(PY) tests/bench/run.py

## make bench-login: full logins at the dev IdP (p50/p95) and the dashboard against the bare view
bench-login: install
	site/bin/ensure-debian-packages wrk redis-server
	$(PY) -m tests.bench.login

## make bench-search: import + indexing of 100k public records against raw bulk indexing, and
## the search API against the bare view (RECORDS=1000000 for the 1M report; see tests/bench)
bench-search: install
	site/bin/ensure-debian-packages wrk redis-server
	$(PY) -m tests.bench.search --records $(or $(RECORDS),100000)

clean:
	rm -rf $(VENV) .cache node_modules
