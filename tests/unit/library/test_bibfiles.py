"""Reading .bib files: entries with their lines, problems with theirs, nothing lost."""

from __future__ import annotations

from pathlib import Path

from digest.library.bibfiles import read_bib, to_person


def _read(tmp_path: Path, text: str | bytes):  # type: ignore[no-untyped-def]
    file = tmp_path / "x.bib"
    file.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return read_bib(file, "bib/x.bib")


def test_entries_keep_their_line_and_decoded_fields(tmp_path: Path) -> None:
    text = "% comment\n\n@article{a2020,\n title = {M{\\\"u}ller's {GABA}},\n month = apr,\n year = 2020}\n"
    entries, problems = _read(tmp_path, text)
    assert problems == []
    [entry] = entries
    assert (entry.key, entry.line, entry.type) == ("a2020", 3, "article")
    assert entry.fields["title"] == "Müller's GABA"
    assert entry.fields["month"] == "April"
    assert entry.raw["title"] == "M{\\\"u}ller's {GABA}"
    assert entry.year == "2020"


def test_a_syntax_error_costs_one_entry_not_the_rest(tmp_path: Path) -> None:
    text = "@article{good1, title={One}}\n@article{bad, title = {Unclosed,\n year = 2000}\n@article{good2, title={Two}}\n"
    entries, problems = _read(tmp_path, text)
    assert [e.key for e in entries] == ["good1", "bad", "good2"]
    assert [e.broken for e in entries] == [False, True, False]
    assert len(problems) == 1 and problems[0].kind == "bibtex-syntax"
    assert str(problems[0]).startswith("bib/x.bib:")
    assert "entry that starts at line 2" in str(problems[0])


def test_empty_key_gets_a_visible_name_and_a_problem(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, "@article{,\n title={No key}}\n")
    assert entries[0].key == "unnamed-x-1"
    assert str(problems[0]) == (
        "bib/x.bib:1: entry has an empty key; give it a key such as firstauthorYEARword (shown for now as unnamed-x-1)"
    )


def test_duplicate_field_is_reported_and_the_first_kept(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, "@article{k,\n title={First},\n title={Second}}\n")
    assert entries[0].fields["title"] == "First"
    assert problems[0].kind == "duplicate-field"


def test_non_utf8_file_is_reported_with_its_line_and_still_read(tmp_path: Path) -> None:
    entries, problems = _read(tmp_path, b"@article{k,\n title={Caf\xe9}}\n")
    assert problems[0].kind == "encoding" and problems[0].line == 2
    assert entries[0].key == "k"


def test_person_parts() -> None:
    assert to_person("Zarate, Jr., Carlos A.").suffix == "Jr."
    veen = to_person("van der Veen, Jan Willem")
    assert (veen.particle, veen.family, veen.full_family) == ("van der", "Veen", "van der Veen")
    assert to_person("{Public Health Agency of Canada}").group
    assert to_person("{{International HapMap Consortium}, {\\{}fname{\\}}}").given == ""
    assert to_person("Jean-Paul Sartre").initials() == "J.-P."
    assert to_person("M{\\\"u}ller, J{\\\"o}rg").family == "Müller"
