"""Zotero's "COinS" and "Embedded Metadata" translators, run headless on built entry pages: what Zotero saves.

tests/readers/zotero_embedded_metadata.js runs the translators under node as Zotero's translation-server
does, and keeps the items of the one Zotero's connector would use (the first by priority that recognises
the page: COinS where the page has it) (jsdom + wicked-good-xpath, installed from npm by `make test`; Zotero's own utilities for
cleanAuthor, strToISO, xpath), with Zotero.Item and the RDF sub-translator shimmed (faithful for pages
without Dublin Core or OpenGraph tags, which the harness checks).

The translators (github zotero/translators, ``Embedded Metadata.js``, ``COinS.js``) and Zotero's utilities (github
zotero/utilities) are on no package registry this project installs from, and are AGPL: they are not
copied into this repository. Point ``DIGEST_ZOTERO`` at a folder holding checkouts of both as
``translators/`` and ``utilities/`` (with its submodule zotero/zotero-schema at
``utilities/resource/schema/global/``; or put them at ``.cache/zotero/``); without them these tests skip
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
ITEM_TYPES = {"article": "journalArticle", "book": "book", "incollection": "bookSection", "inbook": "bookSection",
              "inproceedings": "conferencePaper", "thesis": "thesis", "phdthesis": "thesis", "mastersthesis": "thesis",
              "report": "report", "techreport": "report", "misc": "document", "online": "webpage",
              "dataset": "dataset", "software": "computerProgram"}


def _tools() -> tuple[Path, Path, Path]:
    base = Path(os.environ.get("DIGEST_ZOTERO", ROOT / ".cache" / "zotero"))
    translators, utilities = base / "translators", base / "utilities"
    modules = ROOT / ".cache" / "dom" / "jsdom-26.1.0" / "node_modules"
    schema = utilities / "resource" / "schema" / "global" / "schema.json"  # its submodule zotero/zotero-schema
    if not (translators / "Embedded Metadata.js").is_file() or not (utilities / "utilities.js").is_file() or not schema.is_file():
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
        saved[key] = {**found["items"][0], "translator": found["translator"]}
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
    typed = [key for key, e in entries.items() if e.type in ITEM_TYPES]
    assert [key for key in typed if saved[key]["itemType"] != ITEM_TYPES[entries[key].type]] == []


TYPES_BIB = r"""
@article{art, author = {Berman, Robert M.}, title = {An article}, journal = {Biological Psychiatry}, issn = {0006-3223},
  volume = {47}, number = {4}, pages = {351--354}, year = {2000}, pmid = {10686270}}
@book{book-isbn, author = {Stahl, Stephen M.}, title = {With an ISBN}, isbn = {978-0-521-67376-2},
  publisher = {Cambridge University Press}, address = {Cambridge}, edition = {4}, year = {2013}}
@book{book-bare, author = {Stahl, Stephen M.}, title = {Stahl's Essential Psychopharmacology},
  publisher = {Cambridge University Press}, address = {New York}, edition = {4}, year = {2013}, abstract = {About drugs.}}
@book{book-edited, editor = {Fornito, Alex and Zalesky, Andrew}, title = {Brain Networks}, publisher = {Academic Press},
  year = {2016}}
@incollection{chap-full, author = {Dean, Laura}, title = {Amitriptyline therapy}, booktitle = {Medical Genetics Summaries},
  editor = {Pratt, Victoria M.}, publisher = {NCBI}, isbn = {978-0-00-000000-2}, year = {2012}, pages = {83--106}}
@inbook{chap-bare, author = {Dean, Laura}, title = {A chapter alone}, publisher = {NCBI}, year = {2012}, pages = {7--9}}
@inproceedings{paper-full, author = {Kleinberg, Jon}, title = {An impossibility theorem}, booktitle = {Advances in NIPS},
  publisher = {MIT Press}, year = {2002}, pages = {463--470}}
@inproceedings{paper-bare, author = {Kleinberg, Jon}, title = {A paper alone}, year = {2002}}
@phdthesis{thesis-school, author = {Bray, Michael}, title = {Examining mental health}, school = {University of Calgary},
  year = {2018}}
@mastersthesis{thesis-bare, author = {Diaz, Marco}, title = {Reading speed}, year = {2018}, abstract = {What it found.}}
@techreport{report-inst, author = {{Public Health Agency of Canada}}, title = {Concussion in Canada},
  institution = {Government of Canada}, number = {12-3}, year = {2020}}
@report{report-bare, author = {Okafor, Ngozi}, title = {A report alone}, number = {TR-7}, year = {2020}}
@misc{misc, author = {Pag{\`e}s, Herv{\'e}}, title = {AnnotationDbi}, publisher = {Bioconductor}, year = {2017}}
@dataset{data, author = {Casey, B. J.}, title = {ABCD baseline data}, publisher = {NIMH Data Archive}, year = {2018},
  doi = {10.15154/1460410}}
@software{soft, author = {Pag{\`e}s, Herv{\'e}}, title = {AnnotationDbi}, year = {2017}, url = {https://bioconductor.org/x}}
@online{online, author = {{City Health Service}}, title = {Find a clinic}, url = {https://health.example.org/clinics},
  year = {2024}}
@book{hostile, author = {Mallory, Eve}, title = {Tom & {"}Jerry{"} <script>alert(1)</script> = 100% rft.genre=article},
  publisher = {A&B=C}, year = {2020}}
"""
"""One record of each BibTeX type, with and without the field that tells Embedded Metadata its kind."""


@pytest.fixture(scope="module")
def types_site(tools: tuple[Path, Path, Path], tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("zotero-types"))
    (root / "bib" / "types.bib").write_text(TYPES_BIB, encoding="utf-8")
    return build_site(root, theme=THEME)


def test_zotero_saves_each_bibtex_type_as_its_own_item_type(types_site: Built, tmp_path: Path) -> None:
    bib = types_site.root / "bib" / "types.bib"
    entries = {e.key: e for e in read_bib(bib, "types.bib")[0]}
    saved = _save(types_site.site, list(entries), tmp_path)
    assert {key: saved[key]["itemType"] for key in entries} == {key: ITEM_TYPES[e.type] for key, e in entries.items()}
    assert {key: found for key in entries if (found := _check(entries[key], saved[key]))} == {}
    # Where the Highwire tags give the type, Embedded Metadata keeps the most (editors, PDF, PMID, report number).
    by_tags = ["art", "book-isbn", "chap-full", "paper-full", "thesis-school", "report-inst"]
    assert [key for key in entries if saved[key]["translator"] == "Embedded Metadata"] == by_tags
    book, bare = saved["book-isbn"], saved["book-bare"]
    assert (book["ISBN"], book["publisher"]) == ("978-0-521-67376-2", "Cambridge University Press")
    assert (bare["publisher"], bare["place"], bare["edition"], bare["abstractNote"]) == (
        "Cambridge University Press", "New York", "4", "About drugs.")
    assert [(c["lastName"], c["creatorType"]) for c in saved["book-edited"]["creators"]] == [
        ("Fornito", "contributor"), ("Zalesky", "contributor")]  # COinS has no editor role
    chapter = saved["chap-full"]
    assert (chapter["publicationTitle"], chapter["ISBN"]) == ("Medical Genetics Summaries", "978-0-00-000000-2")
    assert chapter["publisher"] == "NCBI"
    assert [c["lastName"] for c in chapter["creators"] if c["creatorType"] == "editor"] == ["Pratt"]
    assert (saved["chap-bare"]["pages"], saved["chap-bare"]["publisher"]) == ("7-9", "NCBI")
    assert saved["paper-full"]["publicationTitle"] == "Advances in NIPS"
    assert saved["thesis-school"]["university"] == "University of Calgary"
    assert (saved["thesis-bare"]["type"], saved["thesis-bare"]["abstractNote"]) == ("Master's thesis", "What it found.")
    assert saved["data"]["DOI"] == "10.15154/1460410" and saved["data"]["publisher"] == "NIMH Data Archive"
    assert (saved["report-inst"]["institution"], saved["report-inst"]["number"]) == ("Government of Canada", "12-3")
    assert saved["art"]["ISSN"] == "0006-3223" and "PMID: 10686270" in saved["art"]["extra"]
    assert saved["misc"]["publisher"] == "Bioconductor" and saved["online"]["url"] == "https://health.example.org/clinics"
    hostile = saved["hostile"]
    assert hostile["itemType"] == "book" and hostile["publisher"] == "A&B=C"
    assert hostile["title"] == entries["hostile"].title
