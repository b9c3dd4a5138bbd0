# Two commands on a fresh machine: `make build` and `make test`. Each sets up .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check clean

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

build: $(BIN)/.installed  ## build the site into site/ (fails on any content problem)
	$(BIN)/mkdocs build --strict

serve: $(BIN)/.installed  ## preview with live reload; bib/ is watched too
	$(BIN)/mkdocs serve

test: $(BIN)/.installed  ## the whole test suite
	$(BIN)/python -m pytest

clean:
	rm -rf site site-offline .pytest_cache
