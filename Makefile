# Two commands do everything on a fresh machine with Python 3.11+ and make:
#   make run    set up .venv and run the baseline scenario into results/baseline/
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SCENARIO ?= baseline

.PHONY: run test setup clean

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

clean:
	rm -rf $(VENV) results/*/
