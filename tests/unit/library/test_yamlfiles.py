"""Contributed YAML read as text with lines: aliases, oversized and too deeply nested documents refused with a line,
dates left as text, characters no text may hold removed and reported at their line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from digest.library import yamlfiles


def test_a_mapping_comes_with_the_line_of_each_key_and_dates_stay_text() -> None:
    data, lines, found = yamlfiles.load("# a comment\ntitle: On GABA\n\ndate: 2026-11-31\ntopics: [gaba]\n")
    assert data == {"title": "On GABA", "date": "2026-11-31", "topics": ["gaba"]}
    assert lines == {"title": 2, "date": 4, "topics": 5}
    assert found == []


@pytest.mark.parametrize("text", ["a: &x [1, 2]\nb: *x\n", "a: 1\nb: &anchor 2\n", "- &x a\n- [*x, *x]\n"])
def test_aliases_and_anchors_are_refused_at_their_line(text: str) -> None:
    with pytest.raises(yamlfiles.Refused) as refused:
        yamlfiles.load(text)
    assert refused.value.problem == yamlfiles.ALIASES
    assert refused.value.problem_mark is not None
    assert refused.value.problem_mark.line + 1 == text[: text.index("&")].count("\n") + 1


def test_a_billion_laughs_is_refused_before_it_is_expanded() -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9))
    with pytest.raises(yamlfiles.Refused):
        yamlfiles.load(laughs)


def test_a_document_over_its_limit_is_refused_unread() -> None:
    with pytest.raises(yamlfiles.Refused) as refused:
        yamlfiles.load("a: " + "x" * 3000 + "\n", limit=2048)
    assert "over 2 KB" in str(refused.value.problem)


def _nested(levels: int) -> str:
    """A document of ``levels`` levels in block style, each mapping one key deeper: the last on line ``levels``."""
    return "".join(" " * i + f"k{i}:\n" for i in range(levels - 1)) + " " * (levels - 1) + "k: leaf\n"


def test_a_document_nested_to_the_limit_is_read_and_one_level_more_refused_at_its_line() -> None:
    data, _, _ = yamlfiles.load(_nested(yamlfiles.MAX_DEPTH - 1))  # the leaf scalar is the last level
    for _ in range(yamlfiles.MAX_DEPTH - 1):
        data = next(iter(data.values()))
    assert data == "leaf"
    with pytest.raises(yamlfiles.Refused) as refused:
        yamlfiles.load(_nested(yamlfiles.MAX_DEPTH))
    assert refused.value.problem == yamlfiles.NESTING
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line + 1 == yamlfiles.MAX_DEPTH


@pytest.mark.parametrize("libyaml", [True, False])
def test_nesting_past_the_parsers_recursion_is_refused_not_a_recursion_error(
        libyaml: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if libyaml and not hasattr(yaml, "CSafeLoader"):
        pytest.skip("PyYAML without libyaml here")
    if not libyaml:  # a machine without libyaml: PyYAML's own parser reads first
        monkeypatch.setattr(yamlfiles, "FastLoader", yamlfiles._without_timestamps(yaml.SafeLoader))
    for text in ("a: " + "[" * 5000 + "]" * 5000 + "\n", "a: " + "{b: " * 3000 + "1" + "}" * 3000 + "\n"):
        with pytest.raises(yamlfiles.Refused) as refused:
            yamlfiles.load(text)
        assert refused.value.problem == yamlfiles.NESTING
        assert refused.value.problem_mark is not None and refused.value.problem_mark.line == 0


def test_a_syntax_error_is_a_yaml_error_with_its_line() -> None:
    with pytest.raises(yaml.YAMLError) as error:
        yamlfiles.load("a: 1\nb: [unclosed\nc: 2\n")
    mark = getattr(error.value, "problem_mark", None)
    assert mark is not None and mark.line + 1 >= 2


def test_characters_no_text_may_hold_are_removed_and_reported_at_their_line() -> None:
    data, _, found = yamlfiles.load('title: fine\nname: "A\\x01B\\u0085C"\nlist: ["x\\x1b"]\n')
    assert data == {"title": "fine", "name": "ABC", "list": ["x"]}
    assert sorted(line for line, _ in found) == [2, 3]
    assert all(what for _, what in found)


@pytest.mark.parametrize(("text", "expected"), [("", None), ("# only a comment\n", None), ("- a\n- b\n", ["a", "b"]),
                                                ("just text\n", "just text"), ("1: one\n", {1: "one"})])
def test_any_yaml_type_is_returned_as_read(text: str, expected: object) -> None:
    data, _, found = yamlfiles.load(text)
    assert data == expected and found == []


def test_a_file_is_read_with_its_problems_at_their_lines(tmp_path: Path) -> None:
    """The one reader of the YAML files contributors write (topics, status, designs, enrichment)."""
    file = tmp_path / "designs.yml"
    file.write_text('rct:\n  name: "Trial\\x07"\n', encoding="utf-8")
    data, lines, problems, read = yamlfiles.read_file(file, "bib/designs.yml", "fix it", "designs-file", "the vocabulary")
    assert read and data == {"rct": {"name": "Trial"}} and lines == {"rct": 1}
    assert [(p.line, p.kind) for p in problems] == [(2, "bad-character")]
    assert problems[0].message.startswith("the vocabulary holds ") and problems[0].message.endswith(", which is removed")
    file.write_text("a: [b\n", encoding="utf-8")
    data, lines, problems, read = yamlfiles.read_file(file, "bib/designs.yml", "fix it", "designs-file")
    assert not read and data is None and lines == {}
    assert [(p.kind, p.message.startswith("not valid YAML: "), p.hint) for p in problems] == [("designs-file", True, "fix it")]


def _long(body: str) -> str:
    """``body`` made long enough to be kept between builds."""
    filler = "".join(f"e{i:06d}:\n  cited_by_count: {i}\n  read: '2026-11-01'\n" for i in range(yamlfiles.KEPT_FROM // 40))
    return body + filler


def test_a_long_document_is_read_once_and_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from digest import kept

    monkeypatch.setattr(kept, "FOLDER", str(tmp_path))
    text = _long("first:\n  title: \"a\\x01b\"\n  when: 2026-11-31\n  list: [1, 2.5, true, null, -0.0]\n")
    read = yamlfiles.load(text, 10**8)
    assert read[2] == [(2, "a control character U+0001")] and read[0]["first"]["title"] == "ab"
    assert len(list(tmp_path.iterdir())) == 1

    def unread(text: str) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(yamlfiles, "_load", unread)
    again = yamlfiles.load(text, 10**8)
    assert again == read and repr(again) == repr(read)  # the same types: tuples of findings, -0.0, True
    with pytest.raises(AssertionError):
        yamlfiles.load(text + "other: 1\n", 10**8)  # another text: another file


@pytest.mark.parametrize("odd", ["1: integer key\n", "? [a, b]\n: list key\n", "x: !!binary aGk=\n", "x: .nan\n",
                                 "x: !!omap [a: 1]\n", "x: !!set {a}\n"])
def test_what_json_cannot_hold_exactly_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, odd: str) -> None:
    from digest import kept

    monkeypatch.setattr(kept, "FOLDER", str(tmp_path))
    text = _long(odd)
    try:
        first = yamlfiles.load(text, 10**8)
    except yaml.YAMLError:
        return  # not readable at all: nothing kept either
    assert list(tmp_path.iterdir()) == []
    again = yamlfiles.load(text, 10**8)
    assert repr(again) == repr(first)


def test_a_damaged_kept_reading_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from digest import kept

    monkeypatch.setattr(kept, "FOLDER", str(tmp_path))
    text = _long("a: 1\n")
    first = yamlfiles.load(text, 10**8)
    [file] = tmp_path.iterdir()
    file.write_bytes(b'[{"a": 2}, {}')
    assert yamlfiles.load(text, 10**8) == first
    monkeypatch.setattr(kept, "FOLDER", str(tmp_path / "missing"))  # a folder that cannot be written: no cache
    assert yamlfiles.load(text, 10**8) == first
