# The two commands of the set-up contract: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: demo test install install-test run messages bench prod-check

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Retainer needs Python 3.11 or newer; found " + sys.version.split()[0])'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

demo: install
	$(BIN)/python manage.py migrate --verbosity 0
	$(BIN)/python manage.py seed_demo --if-missing
	@echo "Retainer runs at http://$(HOST)/ (Ctrl+C stops it)"
	$(BIN)/python manage.py runserver $(HOST)

run: install
	$(BIN)/python manage.py runserver $(HOST)

test: install-test
	bash scripts/test

# Production on this machine: PostgreSQL, two web processes, two workers, an SMTP sink, a
# scenario through all of them and the fault tests (see scripts/prod_check.py).
prod-check: install-test
	$(BIN)/python scripts/prod_check.py

# Regenerate the ru/uk catalogues after changing user-facing text (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages --locale ru --locale uk --no-obsolete --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*'
	$(BIN)/python manage.py compilemessages --ignore '.venv/*'

bench: install-test
	$(BIN)/python bench/scale.py
	$(BIN)/python bench/business_time.py
	$(BIN)/python bench/triage.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/scope.py
	$(BIN)/python bench/recovery.py
