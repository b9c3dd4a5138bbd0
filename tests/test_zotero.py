"""Zotero's "Embedded Metadata" translator, run headless on built entry pages: what Zotero saves.

tests/readers/zotero_embedded_metadata.js runs the translator under node as Zotero's translation-server
does (jsdom + wicked-good-xpath, installed from npm by `make test`; Zotero's own utilities for
cleanAuthor, strToISO, xpath), with Zotero.Item and the RDF sub-translator shimmed (faithful for pages
without Dublin Core or OpenGraph tags, which the harness checks).

The translator (github zotero/translators, ``Embedded Metadata.js``) and Zotero's utilities (github
zotero/utilities) are on no package registry this project installs from, and are AGPL: they are not
copied into this repository. Point ``DIGEST_ZOTERO`` at a folder holding checkouts of both as
``translators/`` and ``utilities/`` (or put them at ``.cache/zotero/``); without them these tests skip
with a loud message, in CI too. tests/test_meta.py checks the tags against the translator's rules
(its Highwire mappings and item-type choice) without running it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from conftest import CORPORA, ROOT, Built, build_site, copy_site
from digest.library.bibfiles import read_bib

HARNESS = ROOT / "tests" / "readers" / "zotero_embedded_metadata.js"
CASES = ROOT / "tests" / "golden" / "apa" / "cases.bib"
THEME = {"name": "material", "font": False, "custom_dir": "overrides"}
ITEM_TYPES = {"article": "journalArticle", "incollection": "bookSection", "inproceedings": "conferencePaper",
              "thesis": "thesis", "phdthesis": "thesis", "report": "report", "techreport": "report"}


def _tools() -> tuple[Path, Path, Path]:
    base = Path(os.environ.get("DIGEST_ZOTERO", ROOT / ".cache" / "zotero"))
    translators, utilities = base / "translators", base / "utilities"
    modules = ROOT / ".cache" / "dom" / "jsdom-26.1.0" / "node_modules"
    if not (translators / "Embedded Metadata.js").is_file() or not (utilities / "utilities.js").is_file():
        pytest.skip(f"\n*** Zotero's translators and utilities are not at {base} (DIGEST_ZOTERO): see tests/test_zotero.py ***\n")
    if shutil.which("node") is None or not (modules / "jsdom").is_dir():
        pytest.skip("\n*** node or jsdom is missing: `make test` installs jsdom under .cache/dom/ ***\n")
    return translators, utilities, modules


@pytest.fixture(scope="module")
def tools() -> tuple[Path, Path, Path]:
    """Asked first by every test, so that they skip before building a site."""
    return _tools()


def _save(site: Path, keys: list[str], tmp_path: Path) -> dict[str, dict[str, Any]]:
    """What Zotero saves from the entry page of each key: its one item."""
    translators, utilities, modules = _tools()
    pages = [[str(site / "digests" / key / "index.html"), f"https://example.org/digests/{key}/"] for key in keys]
    listing = tmp_path / "pages.json"
    listing.write_text(json.dumps(pages), encoding="utf-8")
    result = subprocess.run(["node", str(HARNESS), str(translators), str(utilities), str(modules), str(listing)],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    saved = {}
    for key, found in zip(keys, json.loads(result.stdout), strict=True):
        assert found["statements"] == 0, f"{key}: Dublin Core/OpenGraph tags reach the shimmed RDF translator"
        assert len(found["items"]) == 1, key
        saved[key] = found["items"][0]
    return saved


@pytest.fixture(scope="module")
def cases_site(tools: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("zotero"))
    shutil.copy(CASES, root / "bib" / "cases.bib")
    return build_site(root, theme=THEME)


def _check(entry: Any, item: dict[str, Any]) -> list[str]:
    """What Zotero got wrong about ``entry`` (title, creators, date, container, pages, DOI, abstract, type)."""
    wrong = []
    if item.get("title") != entry.title:
        wrong.append(f"title {item.get('title')!r}")
    got = [c["lastName"] for c in item["creators"] if c["creatorType"] == "author"]
    expected = [p.full_family for p in entry.authors]
    if got != expected:  # Zotero's fixCase may change the case of given names; family names must be whole
        wrong.append(f"authors {got} (expected {expected})")
    date = entry.date
    if date and not str(item.get("date", "")).startswith(str(date.year)):
        wrong.append(f"date {item.get('date')!r}")
    container = entry.journal or entry.booktitle
    if container and entry.type in ("article", "incollection", "inproceedings") and item.get("publicationTitle") != container:
        wrong.append(f"container {item.get('publicationTitle')!r}")
    pages = entry.fields.get("pages", "")
    match = re.match(r"^(\d+)\s*-+\s*(\d+)$", pages)
    if match and not item.get("pages", "").startswith(match.group(1) + "-"):
        wrong.append(f"pages {item.get('pages')!r}")
    if entry.doi and item.get("DOI") != entry.doi:
        wrong.append(f"DOI {item.get('DOI')!r}")
    abstract = entry.fields.get("abstract", "")
    if abstract and item.get("abstractNote") != " ".join(abstract.split()):
        wrong.append(f"abstract {item.get('abstractNote', '')[:40]!r}")
    expected_type = ITEM_TYPES.get(entry.type)
    if expected_type and item["itemType"] != expected_type:
        wrong.append(f"item type {item['itemType']} (expected {expected_type})")
    return wrong


def test_zotero_reads_every_starter_entry_page(tools: tuple[Path, Path, Path], project_site: Built, tmp_path: Path) -> None:
    entries = {e.key: e for f in sorted((project_site.root / "bib").glob("*.bib")) for e in read_bib(f, f.name)[0]}
    saved = _save(project_site.site, list(entries), tmp_path)
    wrong = {key: found for key in entries if (found := _check(entries[key], saved[key]))}
    assert wrong == {}


def test_zotero_reads_each_kind_of_record(cases_site: Built, tmp_path: Path) -> None:
    entries = {e.key: e for e in read_bib(CASES, "cases.bib")[0] if (cases_site.site / "digests" / e.key).is_dir()}
    saved = _save(cases_site.site, list(entries), tmp_path)
    wrong = {key: found for key in entries if (found := _check(entries[key], saved[key]))}
    assert wrong == {}
    suffix = next(c for c in saved["particles"]["creators"] if c["lastName"] == "Zarate")
    assert suffix["firstName"] == "Carlos A."  # "Zarate, Carlos A., Jr.": not the family name "Zarate Jr."
    assert saved["bl-subtitle"]["pages"] == "316-329" and saved["bl-subtitle"]["date"] == "2015"
    chapter = saved["chapter"]
    assert chapter["itemType"] == "bookSection" and chapter["publicationTitle"] == "Medical Genetics Summaries"
    assert [c["lastName"] for c in chapter["creators"] if c["creatorType"] == "editor"] == ["Pratt", "Scott"]
    assert saved["bl-report"]["number"] == "NIE-21-4040" and saved["bl-report"]["itemType"] == "report"
    assert saved["bl-thesis-database"]["university"] == "University of Northland"


def _container(entry: Any) -> str:
    """The field that tells Zotero the kind of work (make check reports a record without it)."""
    if entry.type == "article":
        return str(entry.journal)
    if entry.type in ("incollection", "inproceedings"):
        return str(entry.booktitle)
    return str(entry.fields.get("institution", "") or (entry.fields.get("school", "") if "thesis" in entry.type else ""))


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
def test_zotero_reads_title_date_container_pages_doi_and_abstract_of_every_corpus_entry(tools: tuple[Path, Path, Path],
                                                                                       tmp_path: Path) -> None:
    """The three real corpora on one site. Authors are left out here: their junk (reference lists pasted
    into author fields, initials inside family names) is the records', and make check reports it."""
    root = copy_site("clean", tmp_path)
    for bib in CORPORA.glob("*.bib"):
        shutil.copy(bib, root / "bib" / bib.name)
    built = build_site(root, theme=THEME)
    entries: dict[str, Any] = {}
    for bib in sorted((root / "bib").glob("*.bib")):
        for entry in read_bib(bib, bib.name)[0]:
            if (built.site / "digests" / entry.key / "index.html").is_file():
                entries.setdefault(entry.key, entry)
    saved = _save(built.site, list(entries), tmp_path)
    wrong = {key: found for key, entry in entries.items()
             if (found := [w for w in _check(entry, saved[key]) if not w.startswith(("authors", "item type"))])}
    assert wrong == {}
    typed = [key for key, e in entries.items() if e.type in ITEM_TYPES and _container(e)]
    assert [key for key in typed if saved[key]["itemType"] != ITEM_TYPES[entries[key].type]] == []
