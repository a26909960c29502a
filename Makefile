# Lodestar: two commands on a fresh machine.
#   make run   install, migrate, load demo data, start the task worker and reminders, serve on http://127.0.0.1:8000
#   make test  install (and Debian chromium when missing, as root), run every test
#   make serve-production  gunicorn with lodestar/config/gunicorn.py (docs/guide/deployment.md)
#   make load  60 s locust load test against gunicorn on SQLite, then PostgreSQL (docs/performance.md)
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | md5sum | cut -c1-12)
# Two workers (pytest-xdist): each has its own test database; PYTEST_ARGS= runs in one process.
PYTEST_ARGS ?= -n 2

.PHONY: help install run test test-python lint format bench bench-pages browser-deps demo clean serve-production load

help:
	@echo "make run    - install, migrate, load demo data and serve on http://127.0.0.1:8000 (with the task worker)"
	@echo "make test   - install and run every test (unit, integration, engine, browser)"
	@echo "make bench  - run the engine benchmarks"
	@echo "make bench-pages - time the busiest pages and the workforce page for an ICS in one process (p50/p95, queries; BENCH_PAGES_DATABASE_URL for PostgreSQL)"
	@echo "make serve-production - collect static files and serve with gunicorn (LODESTAR_BIND, LODESTAR_WORKERS, LODESTAR_THREADS)"
	@echo "make load   - 60 s load test on loopback, SQLite then PostgreSQL (LOAD_USERS, LOAD_SECONDS)"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip==26.3
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

browser-deps:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Browser tests need /usr/bin/chromium: run 'sudo apt-get install chromium'"; exit 1; \
	  fi; \
	fi
	@if ! ldconfig -p | grep -q libpango-1.0; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else \
	    echo "PDF export needs Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'"; exit 1; \
	  fi; \
	fi

demo: install
	$(BIN)/python manage.py migrate --noinput -v0
	$(BIN)/python manage.py load_catalogue
	$(BIN)/python manage.py load_demo_data

# DEBUG off, so a missing page or an error shows Lodestar's own error pages, as users will see them
# (WhiteNoise serves the static files; DEVELOPING.md). For Django's debug pages run runserver yourself.
# The task worker (emails, ADR 0021) and the hourly reminder scheduler run beside the server and
# stop with it (Ctrl+C). After changing a task, stop and start make run again.
run: demo
	@DJANGO_DEBUG=0 $(BIN)/python manage.py db_worker --no-reload --queue-name '*' --interval 0.2 & worker=$$!; \
	DJANGO_DEBUG=0 $(BIN)/python manage.py run_scheduler --every 3600 & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT; \
	DJANGO_DEBUG=0 $(BIN)/python manage.py runserver 127.0.0.1:8000

test: install browser-deps lint test-python

test-python: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install
	$(BIN)/python -m benchmarks
	$(BIN)/python -m benchmarks.projections_ics
	$(BIN)/python -m benchmarks.learning_search
	$(BIN)/python -m benchmarks.learning_spread
	$(BIN)/python -m benchmarks.programmes_dashboard

bench-pages: install
	$(BIN)/python -m benchmarks.pages
	$(BIN)/python -m benchmarks.workforce_pages

serve-production: install
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/gunicorn -c lodestar/config/gunicorn.py

# locust lives in the 'load' extra, so make test does not install it.
LOAD_STAMP := $(VENV)/.load-$(shell cat pyproject.toml | md5sum | cut -c1-12)
$(LOAD_STAMP): $(STAMP)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,load]'
	rm -f $(VENV)/.load-*
	touch $(LOAD_STAMP)

load: $(LOAD_STAMP)
	$(BIN)/python -m benchmarks.load

clean:
	rm -rf $(VENV) var
