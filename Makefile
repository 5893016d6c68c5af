# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    set up .venv and run the baseline scenario into results/baseline/
#   make test   set up .venv and run the test suite
# and one regenerates the docs:
#   make docs   every generated page, table and figure in docs/ from fixed seeds (DOCS_FLAGS=--recalibrate
#               also estimates the calibrated parameters again first, about 10 minutes more)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?= baseline

DOCS_FLAGS ?=

.PHONY: run test docs setup clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

setup: $(VENV)/.installed

run: setup
	$(PY) -m model run $(SCENARIO)

test: setup
	$(PY) -m pytest -q

docs: setup
	$(PY) -m model docs $(DOCS_FLAGS)

# Removes the environment only: results/ holds your runs, which only you delete.
clean:
	rm -rf $(VENV)
