"""Reading digests: front matter checked key by key, problems at the right line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from digest.library.digestfiles import read_digest, split_front_matter


def _read(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    file = tmp_path / "k.md"
    file.write_text(text, encoding="utf-8")
    return read_digest(file, "docs/digests/k.md", "k")


def test_front_matter_fields(tmp_path: Path) -> None:
    digest, problems = _read(tmp_path, "---\ntopics: [gaba]\ndate: 2026-01-02\ncontributors: Ann\nteaser: Hi\n---\nBody\n")
    assert problems == []
    assert digest.topics == ["gaba"] and digest.date == dt.date(2026, 1, 2)
    assert digest.contributors == ["Ann"] and digest.teaser == "Hi"
    assert digest.body == "Body\n" and digest.body_line == 7


def test_unknown_key_and_bad_types_name_their_line(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, "---\ntopics: 3\ndate: soon\ncolour: red\nfull_text: javascript:alert(1)\n---\n")
    assert [(p.line, p.kind) for p in problems] == [(line, "front-matter") for line in (2, 3, 4, 5)]
    assert "`date` is 'soon', not a date" in str(problems[1])


def test_invalid_yaml_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    digest, problems = _read(tmp_path, "---\ntopics: [a\nteaser: x\n---\nStill shown\n")
    assert problems[0].kind == "front-matter" and "not valid YAML" in problems[0].message
    assert digest.body == "Still shown\n"


def test_no_front_matter() -> None:
    assert split_front_matter("Just text\n") == (None, "Just text\n", 1)


def test_contributors_in_the_forms_people_write(tmp_path: Path) -> None:
    for written, read in (("Jane Doe", ["Jane Doe"]), ('"Doe, Jane"', ["Doe, Jane"]),
                          ('["Doe, Jane", Ann Lee]', ["Doe, Jane", "Ann Lee"]),
                          ("\n  - Doe, Jane\n  - Lee, Ann", ["Doe, Jane", "Lee, Ann"]), ("[J. Doe]", ["J. Doe"])):
        digest, problems = _read(tmp_path, f"---\ncontributors: {written}\n---\n")
        assert problems == [] and digest.contributors == read, written


def test_a_name_split_by_the_flow_list_is_reported_with_what_to_write(tmp_path: Path) -> None:
    digest, problems = _read(tmp_path, "---\ntopics: [gaba]\ncontributors: [Doe, Jane]\n---\n")
    assert digest.contributors == ["Doe", "Jane"]  # kept as written (not judged empty), and reported
    assert [str(p) for p in problems] == [
        "docs/digests/k.md:3: `contributors` holds 2 one-word names ('Doe', 'Jane'...): one person split in two?; "
        'write each person as one item: `contributors: ["Doe, Jane"]` (quoted: in a [...] list a comma separates '
        "people) or `contributors: [Jane Doe]`"]


def test_a_split_check_on_hostile_names_stays_one_line(tmp_path: Path) -> None:
    _, problems = _read(tmp_path, '---\ncontributors: ["<script>", "\\"><img/onerror=x>::"]\n---\n')
    assert len(problems) == 1 and "\n" not in str(problems[0])
    _, problems = _read(tmp_path, "---\ncontributors: [{a: 1}, [b]]\n---\n")
    assert [p.message for p in problems] == ["`contributors` is not a list of names"]


def test_a_control_character_in_the_text_is_reported_at_its_line(tmp_path: Path) -> None:
    file = tmp_path / "k.md"
    file.write_text("---\nteaser: T\n---\r\n\r\n## Heading\x02 here\r\n\r\nText \x9b.\r\n", encoding="utf-8")
    _, problems = read_digest(file, "docs/digests/k.md", "k")
    assert [(p.line, p.message, p.kind) for p in problems] == [
        (5, "the digest's text holds a control character U+0002", "bad-character"),
        (7, "the digest's text holds a control character U+009B", "bad-character")]
    file.write_text("---\nteaser: T\n---\r\n\r\nWindows line ends.\r\n", encoding="utf-8")
    assert read_digest(file, "docs/digests/k.md", "k")[1] == []
