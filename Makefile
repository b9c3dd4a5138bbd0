# Two commands on a fresh machine: `make build` and `make test`. Each sets up .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1

.PHONY: build test serve check new clean offline offline-zip deploy bench

$(BIN)/.installed: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

build: $(BIN)/.installed  ## build the site into site/ (fails on any content problem)
	$(BIN)/mkdocs build --strict

serve: $(BIN)/.installed  ## preview with live reload; bib/ is watched too
	$(BIN)/mkdocs serve

offline: $(BIN)/.installed  ## build the site for reading from file:// into site-offline/ (.html links)
	$(BIN)/mkdocs build --strict --no-directory-urls -d site-offline

# The zip goes inside the hosted site, which links to it from every page's footer
# (overrides/partials/copyright.html); a reader unzips it and opens site-offline/index.html.
offline-zip: build offline  ## both sites, with site-offline/ zipped into site/download/digests-offline.zip
	mkdir -p site/download
	rm -f site/download/digests-offline.zip
	$(BIN)/python -m zipfile -c site/download/digests-offline.zip site-offline/

deploy: offline-zip  ## publish site/ (with the offline zip) to the gh-pages branch
	$(BIN)/mkdocs gh-deploy --dirty --no-strict  # --dirty keeps the zip; build checked strictly just now

check: $(BIN)/.installed  ## check all content without building: every problem as file:line; exit 1 on any
	PYTHONPATH=hooks $(BIN)/python -m digest check

new: $(BIN)/.installed  ## add an entry: make new FROM=paper.bib|paper.ris|paper.nbib|10.xxxx/doi [KEY=...]
	@test -n "$(FROM)" || { echo 'usage: make new FROM=<.bib/.ris/.nbib file or DOI> [KEY=key]'; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m digest new "$(FROM)" $(if $(KEY),--key "$(KEY)")

test: $(BIN)/.installed  ## the whole test suite
	$(BIN)/python -m pytest

bench: $(BIN)/.installed  ## the build against plain MkDocs at 1,000/5,000/20,000 entries (N=1000 for one size); writes bench/RESULTS.md
	$(BIN)/python bench/run.py $(if $(N),--n $(N)) $(if $(PROFILE),--profile)

clean:
	rm -rf site site-offline .pytest_cache
