"""The real-world corpora in ../shared/corpora/: every entry formats with no raw LaTeX, exports parse.

Skipped when the folder is absent (the corpora carry no licence and are never copied here).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import CORPORA, STARTER
from digest.library import bibfiles
from digest.library.bibfiles import read_bib
from digest.references.formats.bibtex import write as to_bib
from digest.references.formats.csljson import write as to_csl_json
from digest.references.formats.ris import write as to_ris
from digest.references.parts import to_plain
from digest.references.styles import apa, csl, vancouver
from test_exports import check_exports

FILES = sorted(CORPORA.glob("*.bib")) if CORPORA.is_dir() else []
LEAK = re.compile(r"[\\{}$]")
SHOWN = ("title", "journal", "booktitle", "publisher", "school", "institution", "abstract", "volume", "number", "pages", "year")

pytestmark = pytest.mark.skipif(not FILES, reason="../shared/corpora is absent")


@pytest.fixture(scope="module", params=[*FILES, STARTER / "bib" / "starter.bib"], ids=lambda p: p.name)
def entries(request: pytest.FixtureRequest) -> list:  # type: ignore[type-arg]
    path: Path = request.param
    found, _ = read_bib(path, path.name)
    assert found
    return found


def test_no_raw_latex_in_any_reference_or_shown_field(entries: list) -> None:  # type: ignore[type-arg]
    leaks = []
    for entry in entries:
        for style in (apa, vancouver):
            text = to_plain(style.reference(entry))
            if LEAK.search(text):
                leaks.append(f"{entry.key} ({style.LABEL}): {text}")
        for name in SHOWN:
            if LEAK.search(entry.fields.get(name, "")):
                leaks.append(f"{entry.key}.{name}: {entry.fields[name][:120]}")
        for person in entry.authors + entry.editors:
            if LEAK.search(f"{person.family}{person.given}{person.particle}{person.suffix}"):
                leaks.append(f"{entry.key}: name {person}")
    assert leaks == []


def test_apa_rules_hold_on_real_data(entries: list) -> None:  # type: ignore[type-arg]
    for entry in entries:
        text = to_plain(apa.reference(entry))
        assert ".." not in text.replace(". . .", "").replace("...", ""), text
        assert "  " not in text, text
        assert "doi:" not in text, text
        if entry.doi:
            assert f"https://doi.org/{entry.doi}" in text
        if len(entry.authors) > 20:
            assert ", . . . " in text and "&" not in text.split("(")[0]
        if re.search(r"\d-\d", entry.fields.get("pages", "")) and entry.type == "article":
            assert "–" in text


def test_exports_of_a_whole_corpus_parse_back(entries: list) -> None:  # type: ignore[type-arg]
    check_exports(to_bib(entries), to_ris(entries), to_csl_json(entries), len(entries))


@pytest.mark.parametrize("style", ["nature", "harvard-cite-them-right"])
def test_every_entry_formats_in_a_csl_style(entries: list, style: str, tmp_path: Path) -> None:  # type: ignore[type-arg]
    formatter = csl.CslStyle(csl.find(style, tmp_path))
    assert formatter.prepare(entries, tmp_path) == []
    texts = [to_plain(formatter.reference(entry)) for entry in entries]
    assert all(text.strip() for text in texts)
    assert [t for t in texts if LEAK.search(t)] == []


@pytest.mark.parametrize("path", [*FILES, STARTER / "bib" / "starter.bib"], ids=lambda p: p.name)
def test_a_real_export_read_in_two_processes_is_the_file_read_whole(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reference managers' exports (with their @string macros, comments and odd records) read in
    halves, a child reading the second, where the halves can be read apart: the same entries and problems."""
    monkeypatch.setattr(bibfiles, "SPLIT_SIZE", 0)
    assert read_bib(path, path.name, split=True) == read_bib(path, path.name)
