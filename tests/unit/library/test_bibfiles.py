"""Reading .bib files: entries with their lines, problems with theirs, nothing lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.database.input.bibtex import LowLevelParser

from digest import ahead
from digest.library import bibfiles
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


# -- a long file read in two processes: the same entries and problems as read whole ----------------

_CHUNKS = [
    "@article{k{n},\n  title = {Title {n}},\n  author = {Müller, Anna and Smith, Bo},\n  year = 2020,\n}\n",
    "@misc{m{n},\n  note = {a record's text\n@book{inside{n},\n  of braces}},\n}\n",  # "@" opening a line in a value
    '@misc{q{n},\n  note = "quoted\n@book{quoted{n}, "\n}\n',
    "@article{u{n},\n  title = {never closed\n",
    "text between records @ here\n",
    "@comment{ a note\n@article{c{n}, title = {in a comment}}\n}\n",
    "@article(p{n},\n  title = {In parentheses})\n",
    '@preamble{"\\newcommand{\\x}{y}"}\n',
    "  @book{b{n}, title = {Indented}, author = {{World Health Organization}}}\n",
    "@article{,\n  title = {No key}}\n",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, len(_CHUNKS) - 1), min_size=1, max_size=14))
def test_the_halves_read_apart_are_the_file_read_whole(chunks: list[int]) -> None:
    """Wherever a record starts, reading the text before it here and the rest in a child gives what
    reading it whole gives, or the halves are not used (a syntax error in the first)."""
    raw = "".join(_CHUNKS[c].replace("{n}", str(n)) for n, c in enumerate(chunks))
    line_of = bibfiles._line_finder(raw)
    text, _ = bibfiles._name_keys(raw, "x", "bib/x.bib", line_of)
    whole, whole_problems, _ = bibfiles._read(text, 0, len(text), "x", "bib/x.bib", line_of)
    for start in [m.start() for m in bibfiles._NEXT_ENTRY.finditer(text)][1:]:
        halves = bibfiles._read_in_halves(text, start, "x", "bib/x.bib", line_of)
        if halves is not None:
            assert halves == (whole, whole_problems), start


def test_a_long_file_is_read_in_two_processes_where_a_build_may_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = "".join(_CHUNKS[0].replace("{n}", str(n)) for n in range(400))
    file = tmp_path / "x.bib"
    file.write_text(text, encoding="utf-8")
    children: list[object] = []
    made = ahead.Child

    def spy(work):  # type: ignore[no-untyped-def]
        children.append(work)
        return made(work)

    monkeypatch.setattr(ahead, "Child", spy)
    monkeypatch.setattr(bibfiles, "SPLIT_SIZE", 1000)
    whole = read_bib(file, "bib/x.bib")
    assert not children
    assert read_bib(file, "bib/x.bib", split=True) == whole
    assert len(children) == 1 and len(whole[0]) == 400
    # With @string macros a half may use the other's: read whole.
    file.write_text("@string{j = {Journal}}\n" + text, encoding="utf-8")
    assert read_bib(file, "bib/x.bib", split=True) == read_bib(file, "bib/x.bib")
    assert len(children) == 1


def test_a_long_file_is_read_whole_here_when_no_child_can_be_forked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    file = tmp_path / "x.bib"
    file.write_text("".join(_CHUNKS[0].replace("{n}", str(n)) for n in range(400)), encoding="utf-8")
    whole = read_bib(file, "bib/x.bib")

    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(bibfiles, "SPLIT_SIZE", 1000)
    monkeypatch.setattr("os.fork", no_fork)
    assert read_bib(file, "bib/x.bib", split=True) == whole


def _commands(text: str, pybtex_own: bool, monkeypatch: pytest.MonkeyPatch) -> list[tuple[object, ...]]:
    with monkeypatch.context() as patched:
        if pybtex_own:
            patched.setattr(bibfiles._Parser, "parse_value_part", LowLevelParser.parse_value_part)
            patched.setattr(bibfiles._Parser, "parse_entry_fields", LowLevelParser.parse_entry_fields)
        return [(command, repr(body), start, [(str(e), e.lineno, e.base_line) for e in errors])  # type: ignore[attr-defined]
                for command, body, start, errors in bibfiles._commands(text)]


_VALUES = st.lists(st.sampled_from(["{", "}", "\n", '"', "#", ",", "a", " b ", "\\{", "@article{x,", "=", "\r\n"]), max_size=30)


@settings(max_examples=400)
@given(_VALUES, _VALUES)
def test_braced_values_read_in_one_scan_are_what_pybtex_reads(first: list[str], second: list[str]) -> None:
    """bibfiles._Parser.parse_value_part reads a braced value itself: the same fields, lines and errors
    as pybtex's own parser, however the braces, quotes and line breaks fall."""
    text = (f"@article{{one,\n  title = {{{''.join(first)}}},\n  note = \"q\" # {{x}} # jan,\n  year = 2020\n}}\n"
            f"@book{{two, title = {{{''.join(second)}}}, pages = 12}}\n@misc{{three, title = {{{{Kept}} {{Whole}}}}}}\n")
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _commands(text, False, monkeypatch) == _commands(text, True, monkeypatch)


_PIECES = st.lists(st.sampled_from(["title", "year", "a-b.c", "9x", " ", "\n", "\r\n", "\r", "\t", "\x85", "\u3000", "=",
                                     "{v}", "{a {b} c}", "{\nx\r\n}", "{", "}", "2020", "12ab", '"q"', "jan", "#", ",",
                                     ")", "(", "@", "%"]), max_size=16)


@settings(max_examples=600)
@given(_PIECES, st.sampled_from(["{", "("]))
def test_fields_read_by_the_shortcut_are_what_pybtex_reads(pieces: list[str], opening: str) -> None:
    """bibfiles._Parser.parse_entry_fields reads plain fields itself: the same fields, positions, line
    numbers and errors as pybtex's own parser for any run of names, values, spaces and punctuation."""
    closing = "}" if opening == "{" else ")"
    body = "".join(pieces)
    text = (f"@article{opening}one,\n  title = {{T}},\n{body}{closing}\n"
            f"@book{{two,\r\n  year = 1999 ,\n  title={{B}},\n}}\n@misc{{three, title = {{x}} # {{y}}}}\n"
            "@misc{four,\n  title = {x} junk}\n")  # an error's line number, counted from the first line
    with pytest.MonkeyPatch.context() as monkeypatch:
        assert _commands(text, False, monkeypatch) == _commands(text, True, monkeypatch)


def test_braces_nested_deeper_than_pybtex_reads_are_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "@article{k, title = {" + "{" * 120 + "x" + "}" * 120 + "}, year = 2000}\n@book{b, title={ok}}\n"
    read = _commands(text, False, monkeypatch)
    assert read == _commands(text, True, monkeypatch)
    assert "too many nested braces" in str(read[0][3])


_SPACES = "ab {}\\\t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2003\u2028\u3000\ufeff"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_SPACES)), max_size=12))
def test_spacing_made_one_is_pybtexs(value: str) -> None:
    """A value with nothing to change kept as it is, any other spaced as pybtex spaces it."""
    from pybtex.textutils import normalize_whitespace

    assert bibfiles.spaced(value) == normalize_whitespace(value)


def test_str_split_and_re_know_the_same_white_space() -> None:
    """Every code point: what ``spaced`` splits at is what pybtex's ``\\s+`` replaces."""
    import re

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    assert set(re.findall(r"\s", every)) == {c for c in every if c.isspace()}
