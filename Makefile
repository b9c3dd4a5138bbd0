# Two commands on a fresh machine: `make build` and `make test`. Each sets up .venv/ first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
# The W3C Nu HTML checker for tests/test_html_valid.py: vnu.jar from the npm package vnu-jar (pinned;
# the test reads VNU_VERSION from here), run with `java` (.ci/run installs a JRE where it is missing).
VNU_VERSION := 26.9.27
VNU_DIR := .cache/vnu/$(VNU_VERSION)
VNU_JAR := $(VNU_DIR)/node_modules/vnu-jar/build/dist/vnu.jar
# axe-core for tests/browser/test_a11y.py: injected into the built pages by the test only (never part of
# the site); pinned, the test reads AXE_VERSION from here.
AXE_VERSION := 4.14.1
AXE_DIR := .cache/axe/$(AXE_VERSION)
AXE_JS := $(AXE_DIR)/node_modules/axe-core/axe.min.js
# citeproc-js, the CSL processor of Zotero and Mendeley, from the npm package citeproc (pinned; the test
# reads CITEPROC_VERSION from here): tests/test_readers.py renders the CSL-JSON export with it under node.
CITEPROC_VERSION := 2.4.63
CITEPROC_DIR := .cache/citeproc/$(CITEPROC_VERSION)
CITEPROC_JS := $(CITEPROC_DIR)/node_modules/citeproc/citeproc_commonjs.js
# doiuse-email (jsx-email's; the caniemail.com data), the HTML e-mail lint of tests/test_newsletter.py: pinned,
# the test reads DOIUSE_EMAIL_VERSION from here.
DOIUSE_EMAIL_VERSION := 1.0.4
DOIUSE_EMAIL_DIR := .cache/doiuse-email/$(DOIUSE_EMAIL_VERSION)
DOIUSE_EMAIL_JS := $(DOIUSE_EMAIL_DIR)/node_modules/@jsx-email/doiuse-email/package.json
# jsdom and wicked-good-xpath, the DOM under which tests/test_zotero.py runs Zotero's Embedded Metadata
# translator (the translator and Zotero's utilities themselves are not on npm: see that test).
DOM_DIR := .cache/dom/jsdom-26.1.0
DOM_JS := $(DOM_DIR)/node_modules/wicked-good-xpath/package.json

.PHONY: build test test-fast serve check new summary site-size verify enrich clean offline offline-zip deploy release-zip bench newsletter help

# Two stamps: building (make build, serve, check, new...) installs requirements.txt alone; the tests
# (make test, test-fast, bench) add requirements-dev.txt (pytest, Playwright, mypy...) on top.
$(BIN)/.installed: requirements.txt
	@echo "Installing what the site needs to build (requirements.txt) into $(VENV)/; make test adds the test tools"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	@echo "Installing the test tools (requirements-dev.txt) into $(VENV)/"
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

build: $(BIN)/.installed  ## build the site into site/ (fails on any content problem)
	$(BIN)/mkdocs build --strict

# --dirty: a rebuild makes and writes only the pages whose content changed (about a second after an edit
# at 1,000 entries); --no-strict: a content problem is shown and the preview keeps serving.
serve: $(BIN)/.installed  ## preview with live reload (PORT=8001 for another port); bib/ is watched too
	$(BIN)/mkdocs serve --dirty --no-strict -a 127.0.0.1:$(or $(PORT),8000)

offline: $(BIN)/.installed  ## build the site for reading from file:// into site-offline/ (.html links)
	$(BIN)/mkdocs build --strict --no-directory-urls -d site-offline

# The offline site zipped into dist/ (hooks/digest/publish/offlinezip.py), then the hosted site built with
# OFFLINE_ZIP naming it: up to 50 MB (GitHub warns of larger files) the build copies it into
# site/download/; over it, the footer links to OFFLINE_ZIP_URL, a release asset (`make release-zip`,
# or the deploy workflow, uploads it there). A reader unzips it and opens site-offline/index.html.
OFFLINE_ZIP := dist/digests-offline.zip
RELEASE_TAG := offline-copy
offline-zip: offline  ## site-offline/ zipped into dist/, then site/ built linking to it (with the zip inside, up to 50 MB)
	PYTHONPATH=hooks $(BIN)/python -m digest offline-zip site-offline $(OFFLINE_ZIP)
	OFFLINE_ZIP=$(OFFLINE_ZIP) $(BIN)/mkdocs build --strict

# The other way to publish (README, "Publish on GitHub Pages"): from this machine to a gh-pages branch, for
# Pages' Source "Deploy from a branch"; the deploy workflow is the one way with Source "GitHub Actions".
# gh-deploy builds the site again: with OFFLINE_ZIP, as offline-zip built it.
deploy: offline-zip site-size  ## publish by hand to a gh-pages branch (Pages Source: Deploy from a branch; SITE_URL=... for its address)
	OFFLINE_ZIP=$(OFFLINE_ZIP) $(BIN)/mkdocs gh-deploy --strict
	@test -f site/download/digests-offline.zip || $(MAKE) --no-print-directory release-zip

release-zip:  ## upload dist/digests-offline.zip as the release asset OFFLINE_ZIP_URL names (needs gh, logged in)
	@command -v gh >/dev/null 2>&1 || { echo "the offline zip is over 50 MB: publish $(OFFLINE_ZIP) as the release asset OFFLINE_ZIP_URL names (install gh, then make release-zip)"; exit 1; }
	gh release view $(RELEASE_TAG) >/dev/null 2>&1 || gh release create $(RELEASE_TAG) --title "Offline copy of the site" \
	  --notes "The whole site to read offline: unzip it and open site-offline/index.html. Updated by every deploy."
	gh release upload $(RELEASE_TAG) $(OFFLINE_ZIP) --clobber

check: $(BIN)/.installed  ## check all content without building: every problem as file:line; exit 1 on any
	PYTHONPATH=hooks $(BIN)/python -m digest check

new: $(BIN)/.installed  ## add an entry: make new FROM=paper.bib|paper.ris|paper.nbib|10.xxxx/doi [KEY=...]
	@test -n "$(FROM)" || { echo 'usage: make new FROM=<.bib/.ris/.nbib file or DOI> [KEY=key]'; exit 2; }
	PYTHONPATH=hooks $(BIN)/python -m digest new "$(FROM)" $(if $(KEY),--key "$(KEY)")

# --ignore-scripts: the package's postinstall downloads a Java runtime from GitHub, which we neither
# need (the system's java runs the jar) nor can reach. npm comes from Debian where it is missing.
$(VNU_JAR):
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
	    echo "*** npm is missing: it installs vnu.jar, the HTML checker of tests/test_html_valid.py ***"; \
	    echo "*** install it (on Debian: sudo apt-get install nodejs npm), then run make again; as root on ***"; \
	    echo "*** Debian this rule installs it by itself. (A vnu.jar put at $@ is used as it is.) ***"; \
	    exit 1; \
	  fi; \
	  echo "npm is missing: installing nodejs and npm from Debian"; \
	  DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }
	rm -rf $(VNU_DIR)
	npm install --prefix $(VNU_DIR) --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --loglevel=error vnu-jar@$(VNU_VERSION)
	test -s $@ && touch $@

$(AXE_JS): $(VNU_JAR)
	rm -rf $(AXE_DIR)
	npm install --prefix $(AXE_DIR) --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --loglevel=error axe-core@$(AXE_VERSION)
	test -s $@ && touch $@

verify: $(BIN)/.installed  ## check every record against Crossref and PubMed (online); FIX=1 writes their values into bib/
	PYTHONPATH=hooks $(BIN)/python -m digest verify $(if $(FIX),--fix)

enrich: $(BIN)/.installed  ## read OpenAlex (online) into bib/enrichment.yml: cites/cited by, free copies, counts; lists citing works to add
	PYTHONPATH=hooks $(BIN)/python -m digest enrich

site-size: $(BIN)/.installed  ## whether site/ fits GitHub Pages (1 GB, no file over 100 MB), with its largest parts
	PYTHONPATH=hooks $(BIN)/python -m digest site-size site

summary: $(BIN)/.installed  ## markdown on the entries added or changed since BASE (a git revision), for a pull request
	@test -n "$(BASE)" || { echo 'usage: make summary BASE=origin/main'; exit 2; }
	@PYTHONPATH=hooks $(BIN)/python -m digest summary --base "$(BASE)"

# The digests new or revised since SINCE (and retractions, corrections), as an e-mail: HTML and text in dist/.
newsletter: $(BIN)/.installed  ## e-mail HTML + text of the digests new or revised since a date: make newsletter SINCE=2025-01-31 [TOPIC=slug]
	@test -n "$(SINCE)" || { echo 'usage: make newsletter SINCE=YYYY-MM-DD [TOPIC=slug] (needs site_url or SITE_URL)'; exit 2; }
	@PYTHONPATH=hooks $(BIN)/python -m digest newsletter --since "$(SINCE)" $(if $(TOPIC),--topic "$(TOPIC)")

# npm itself is put there by the $(VNU_JAR) rule, which runs first.
$(CITEPROC_JS): | $(VNU_JAR)
	rm -rf $(CITEPROC_DIR)
	npm install --prefix $(CITEPROC_DIR) --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --loglevel=error citeproc@$(CITEPROC_VERSION)
	test -s $@ && touch $@

$(DOIUSE_EMAIL_JS): | $(VNU_JAR)
	rm -rf $(DOIUSE_EMAIL_DIR)
	npm install --prefix $(DOIUSE_EMAIL_DIR) --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --loglevel=error @jsx-email/doiuse-email@$(DOIUSE_EMAIL_VERSION)
	test -s $@ && touch $@

$(DOM_JS): | $(VNU_JAR)
	rm -rf $(DOM_DIR)
	npm install --prefix $(DOM_DIR) --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
	  --loglevel=error jsdom@26.1.0 wicked-good-xpath@1.3.0
	test -s $@ && touch $@

test: $(BIN)/.installed-dev $(VNU_JAR) $(AXE_JS) $(CITEPROC_JS) $(DOM_JS) $(DOIUSE_EMAIL_JS)  ## the whole test suite
	$(BIN)/python -m pytest

# tests/unit/ only: in-memory values and small temporary folders, no site build, browser, node or java.
test-fast: $(BIN)/.installed-dev  ## the unit tests only (tests/unit/, under 30 s): run them after each change
	$(BIN)/python -m pytest -q tests/unit

bench: $(BIN)/.installed-dev  ## the build against a plain MkDocs digest site at 1,000-20,000 entries (N=1000 for one size); writes bench/RESULTS.md
	$(BIN)/python bench/run.py $(if $(N),--n $(N)) $(if $(PROFILE),--profile)

clean:
	rm -rf site site-offline dist .pytest_cache

help:  ## every target with a line on what it does (the `##` comments of this file)
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## /\1\t/' | expand -t 14
