"""The biblatex data model read into entries: dates, months, roles, eprints, subtitles, URLs."""

from __future__ import annotations

from pathlib import Path

from digest.library.bibfiles import read_bib
from digest.model import PubDate, month_number, parse_date, safe_url


def _read(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    (tmp_path / "x.bib").write_text(text, encoding="utf-8")
    entries, problems = read_bib(tmp_path / "x.bib", "x.bib")
    assert problems == []
    return entries[0]


def test_dates_keep_their_precision_and_ranges() -> None:
    assert parse_date("2010") == PubDate(2010)
    assert parse_date("2010-10") == PubDate(2010, 10)
    assert parse_date("2010-10-05/2010-10-07") == PubDate(2010, 10, 5, (2010, 10, 7))
    assert parse_date("1998/2001").end_parts == [2001]  # type: ignore[union-attr]
    assert parse_date("2004~").parts == [2004]  # type: ignore[union-attr]
    assert parse_date("2010-13") is None and parse_date("circa 1900") is None


def test_months_as_records_write_them() -> None:
    assert [month_number(m) for m in ("jun", "June", "{jun}", "6", "06", "Sept.", "spring", "13")] == [6, 6, 6, 6, 6, 9, 0, 0]


def test_urls_are_percent_encoded_once() -> None:
    doi = "https://doi.org/10.1002/1531-8249(199902)45:2<265::AID-ANA21>3.0.CO;2-3"
    assert safe_url(doi) == "https://doi.org/10.1002/1531-8249(199902)45:2%3C265::AID-ANA21%3E3.0.CO;2-3"
    assert safe_url("https://example.org/a%20b?q=1#x") == "https://example.org/a%20b?q=1#x"


def test_roles_titles_and_eprints(tmp_path: Path) -> None:
    entry = _read(tmp_path, """@book{b, author = {Vogel, Konrad}, title = {Small Things}, subtitle = {An Essay},
      editor = {Moss, Beatrice}, editora = {Hale, Martin}, editoratype = {translator}, translator = {Roe, Ann},
      journaltitle = {J}, location = {Basel}, date = {1998-04}, eprint = {2301.01234}, eprinttype = {arXiv},
      url = {https://example.org/a<b>}}""")
    assert entry.title == "Small Things: An Essay"
    assert [p.family for p in entry.editors] == ["Moss"]
    assert [p.family for p in entry.translators] == ["Roe", "Hale"]
    assert (entry.journal, entry.location, entry.year, entry.date) == ("J", "Basel", "1998", PubDate(1998, 4))
    assert entry.url == "https://example.org/a%3Cb%3E"
    assert entry.eprint_url == "https://arxiv.org/abs/2301.01234"
    pubmed = _read(tmp_path, "@article{p, title = {T}, eprint = {123456}, eprinttype = {pubmed}}")
    assert pubmed.pmid == "123456" and pubmed.url == ""
