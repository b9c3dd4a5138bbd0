"""bib/status.yml read into typed statuses; whatever a contributor or a bad merge puts there is a
problem at its line, and the rest is still read."""

from __future__ import annotations

from pathlib import Path

from digest.library import status
from digest.library.status import Status

PATH = "bib/status.yml"


def _read(tmp_path: Path, text: str | bytes) -> tuple[dict[str, Status], list[str]]:
    file = tmp_path / "status.yml"
    if isinstance(text, bytes):
        file.write_bytes(text)
    else:
        file.write_text(text, encoding="utf-8")
    found, problems = status.read(file, PATH)
    return found, [str(p) for p in problems]


def test_no_file_is_no_status(tmp_path: Path) -> None:
    assert status.read(tmp_path / "status.yml", PATH) == ({}, [])


def test_a_good_file_reads_into_statuses(tmp_path: Path) -> None:
    found, problems = _read(tmp_path, "zanos2016:\n  status: corrected\n  notice: 10.1038/nature17998x\n"
                                      "  date: 2017-01-04\n  source: Crossref\n"
                                      "lener2016:\n  status: retracted\n  notice: https://example.org/notice\n")
    assert problems == []
    assert found["zanos2016"] == Status("corrected", "10.1038/nature17998x", "2017-01-04", "Crossref")
    assert found["zanos2016"].label == "Corrected"
    assert found["zanos2016"].href.endswith("10.1038/nature17998x") and found["zanos2016"].href.startswith("https://")
    assert found["lener2016"].href == "https://example.org/notice"


def test_a_hostile_file_gives_typed_values_and_a_problem_per_bad_entry(tmp_path: Path) -> None:
    text = ("good2020:\n  status: retracted\n  date: 2021\n"        # a number: read as text
            "unknown2020:\n  status: withdrawn\n"                   # line 4
            "list2020: [retracted]\n"                              # line 6: not a mapping
            "nested2020:\n  status: corrected\n  notice: {a: 1}\n"  # line 7: not short text
            "long2020:\n  status: corrected\n  source: " + "x" * 5000 + "\n"
            "7: {status: retracted}\n")                             # line 13: a key that is not text
    found, problems = _read(tmp_path, text)
    assert found == {"good2020": Status("retracted", "", "2021", "")}
    assert all(isinstance(part, str) for part in (found["good2020"].date, found["good2020"].notice))
    assert [p.split(":")[1] for p in problems] == ["4", "6", "7", "10", "13"]
    assert "status 'withdrawn' is not one this site knows" in problems[0]
    assert all(p.startswith(PATH + ":") and "; " in p for p in problems)


def test_not_yaml_is_one_problem_with_its_line(tmp_path: Path) -> None:
    found, problems = _read(tmp_path, "a2020:\n  status: [retracted\nb2020:\n  status: corrected\n")
    assert found == {}
    [problem] = problems
    assert problem.startswith(PATH + ":") and "not valid YAML" in problem and "make verify" in problem


def test_aliases_are_refused(tmp_path: Path) -> None:
    found, problems = _read(tmp_path, "a2020: &s\n  status: retracted\nb2020: *s\n")
    assert found == {} and len(problems) == 1 and "alias" in problems[0]


def test_not_a_mapping_at_all_is_nothing_found_and_no_crash(tmp_path: Path) -> None:
    for text in ("- a\n- b\n", "just text\n", "42\n"):
        found, _ = _read(tmp_path, text)
        assert found == {}


def test_bytes_that_are_not_utf8_are_a_problem_and_the_rest_is_read(tmp_path: Path) -> None:
    found, problems = _read(tmp_path, b"# M\xfcller\na2020:\n  status: retracted\n")
    assert list(found) == ["a2020"]
    assert [p.split(";")[0] for p in problems] == [f"{PATH}:1: the file is not UTF-8"]


def test_what_write_writes_read_reads_back(tmp_path: Path) -> None:
    statuses = {"b2020": Status("corrected", "10.1/x", "2020-01-02", "PubMed"), "a2020": Status("retracted")}
    status.write(tmp_path / "status.yml", statuses)
    assert status.read(tmp_path / "status.yml", PATH) == (statuses, [])
