# imvo — `make run` and `make test` set up everything on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run test test-fast lint system-deps messages clean

$(BIN)/uv:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.synced: $(BIN)/uv pyproject.toml uv.lock
	$(BIN)/uv sync --frozen --quiet
	touch $@

## System packages the tests need (Chromium for the browser tests, gettext for translations).
system-deps:
	@if ! command -v msgfmt >/dev/null || ! command -v chromium >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium gettext fonts-dejavu-core >/dev/null; \
	  else echo "Please install chromium and gettext (apt-get install chromium gettext)"; fi; \
	fi

var/.compiled: $(VENV)/.synced $(wildcard imvo/locale/*/LC_MESSAGES/django.po)
	@mkdir -p var
	cd imvo && ../$(BIN)/imvo compilemessages --verbosity 0
	touch $@

run: $(VENV)/.synced var/.compiled
	$(BIN)/imvo migrate --no-input
	$(BIN)/imvo load_demo
	@echo "Background worker started; the site runs on http://$(HOST):$(PORT)/"
	@DEBUG=$${DEBUG:-1}; export DEBUG; \
	$(BIN)/imvo db_worker & WORKER=$$!; \
	trap "kill $$WORKER 2>/dev/null" EXIT INT TERM; \
	$(BIN)/imvo runserver $(HOST):$(PORT)

test: $(VENV)/.synced system-deps var/.compiled
	$(BIN)/ruff check .
	$(BIN)/mypy imvo
	$(BIN)/pytest

lint: $(VENV)/.synced
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy imvo

messages: $(VENV)/.synced
	cd imvo && ../$(BIN)/imvo makemessages -l nl --no-obsolete --ignore "tests/*"

clean:
	rm -rf $(VENV) var
