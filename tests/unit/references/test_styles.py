"""Citation styles: golden files per entry type and APA rule, plus the rules one by one."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.library.bibfiles import read_bib, tidy_person, to_person
from digest.model import Entry, Person
from digest.references.formats import bibtex
from digest.references.parts import page_range, to_plain
from digest.references.styles import apa, check, get, vancouver
from digest.site.pages import maker as pages

GOLDEN = Path(__file__).resolve().parents[2] / "golden"
CASES = GOLDEN / "apa" / "cases.bib"


def _entries() -> dict[str, Entry]:
    entries, problems = read_bib(CASES, "cases.bib")
    assert problems == []
    return {e.key: e for e in entries}


def _expected(style: str) -> dict[str, str]:
    lines = (GOLDEN / style / "expected.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if line)


@pytest.mark.parametrize("style", ["apa", "vancouver"])
def test_golden_references(style: str) -> None:
    entries, expected = _entries(), _expected(style)
    assert set(expected) == set(entries)
    for key, entry in entries.items():
        assert to_plain(get(style).reference(entry)) == expected[key], key


def _apa(key: str) -> str:
    return to_plain(apa.reference(_entries()[key]))


def test_apa_lists_twenty_authors_with_ampersand() -> None:
    text = _apa("twenty")
    assert text.count(".,") == 19 and ", & T, T. (2020)" in text and ". . ." not in text


def test_apa_twenty_one_authors_first_nineteen_ellipsis_last() -> None:
    text = _apa("twentyone")
    assert "S, S., . . . U, U. (2020)" in text and "T, T." not in text and "&" not in text


def test_apa_particles_suffixes_groups() -> None:
    assert _apa("particles").startswith(
        "van der Veen, A., Zarate, C. A., Jr., van der Naalt, J., & World Health Organization. (2019)."
    )


def test_apa_no_date_italic_journal_volume_issue_pages_doi() -> None:
    assert "(n.d.)" in _apa("nodate")
    html = pages.render_macro(pages.environment(), "partials/reference.html", "reference", apa.reference(_entries()["journal"]))
    assert "<em>Biological Psychiatry</em>, <em>47</em>(4), 351–354." in html
    assert '<a href="https://doi.org/10.1016/S0006-3223(99)00230-9">' in html


def test_apa_no_double_periods_and_no_period_after_question_mark() -> None:
    assert "patients. Biological" in _apa("journal") and ".." not in _apa("journal")
    assert "groups? Lancet" in _apa("particles")


def test_apa_chapter_editors_and_pages() -> None:
    assert "In V. M. Pratt & S. A. Scott (Eds.), Medical genetics summaries (pp. 83–106)." in _apa("chapter")


def test_apa_latex_resolved() -> None:
    assert _apa("latex").startswith("Müller, J., & Dvořák, J. (2017). Reduced γ-aminobutyric acid in vivo: In Situ — a Test.")


def test_apa_unknown_type_degrades_to_generic_form() -> None:
    assert _apa("unknowntype") == "Doe, J. (2001). A device."


def test_apa_web_page_without_author_puts_title_first_with_date() -> None:
    assert _apa("webpage").startswith("Amitriptyline response - NIH Genetic Testing Registry. (2024, October). https://")


def test_cite_forms() -> None:
    entries = _entries()
    assert apa.cite(entries["journal"]) == "Berman et al., 2000"
    assert apa.cite(entries["nodate"]) == "Smith, n.d."
    assert vancouver.cite(entries["journal"]) == "Berman et al., 2000"


def test_page_ranges() -> None:
    assert page_range("1299--320") == "1299–1320"
    assert page_range("351-354", "-", abbreviate=True) == "351-4"
    assert page_range("D733--D745") == "D733–D745"
    assert page_range("e12") == "e12"


def test_tidy_person_fixes_export_mistakes() -> None:
    assert tidy_person(Person("Naalt", "J. van der")) == Person("Naalt", "J.", "van der")
    assert tidy_person(Person("Stein", "MB")).initials() == "M. B."
    assert tidy_person(Person("Coughlin J.M.", group=True)) == Person("Coughlin", "J.M.")
    assert tidy_person(Person("NSPN Consortium", "the NSPN")).group
    assert tidy_person(Person("GWAS Consortium", "The GWAS")).group  # Zotero would split it otherwise
    # Names are tidied where they are read, so every page, export and style shows them alike.
    assert to_person("Naalt, J. van der") == Person("Naalt", "J.", "van der")


def test_vancouver_six_authors_then_et_al() -> None:
    text = to_plain(vancouver.reference(_entries()["twentyone"]))
    assert text.startswith("A A, B B, C C, D D, E E, F F, et al. Twenty-one authors.")


def test_bibtex_record_keeps_source_and_drops_private_fields() -> None:
    entry = _entries()["latex"]
    entry.raw["file"] = "C\\:\\\\Users\\\\x.pdf"
    record = bibtex.record(entry)
    assert record.startswith("@article{latex,\n  author")
    assert "M{\\\"u}ller" in record and "file" not in record


def test_bibtex_balances_braces_of_broken_records() -> None:
    assert bibtex.balanced("https://x.org/{a,") == "https://x.org/a,"
    assert bibtex.balanced("a}b{c}") == "ab{c}"


def test_unknown_style_is_a_problem() -> None:
    assert check("apa", Path(".")) == [] and check("nature", Path(".")) == []
    (problem,) = check("chicago", Path("."))
    assert str(problem).startswith("mkdocs.yml: extra.digest.style: no CSL style is called 'chicago' (did you mean chicago-")
    assert str(problem).endswith(
        "; use apa, vancouver, a CSL style name such as nature or chicago-author-date, or a .csl file (apa is used for now)")


def test_the_bibtex_an_entry_page_shows_leaves_out_the_abstract(tmp_path: Path) -> None:
    """The record a reader copies into a paper's .bib has no abstract; the download keeps every field."""
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, author = {Zarate, Carlos}, title = {T}, journal = {J}, year = {2006},\n"
                   "  abstract = {Long {text} here.}, note = {N}}\n", encoding="utf-8")
    entries, problems = read_bib(bib, "a.bib")
    assert problems == []
    shown = bibtex.record(entries[0], leave_out=("abstract",))
    assert "abstract" not in shown and "note" in shown and shown.startswith("@article{a,")
    assert "abstract = {Long {text} here.}" in bibtex.record(entries[0])
