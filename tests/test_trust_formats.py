"""Outputs other tools read, with hostile values in every field: no reader finds a record that is not in
the library (BibTeX through pybtex, bibtexparser and biber; RIS through rispy), XML stays well-formed,
and text printed in CI (annotations, the job summary) carries no command and no HTML from a contributor.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import bibtexparser
import pybtex.database
import pytest
import rispy

from conftest import build_site, copy_project, copy_site
from digest.model import Entry, Person
from digest.references.formats import bibtex
from digest.references.formats.bibtex import write as to_bib
from digest.references.formats.ris import write as to_ris
from digest.site.downloads import read_records_script, records_script
from digest.site.feed import FeedItem, atom
from factories import make_digest, make_entry
from test_readers import _biber

HOSTILE = [
    "x\\} }, @article{forged2020, title={y",
    "x} }, @article{forged2021, title={y",
    "x\n@article{forged2022, title={y}}\n",
    "x\\\\} }\n@misc{forged2023,\n title={y",
    '"}, @misc{forged2024, title="',
    "% }\n@misc{forged2025, title={y}}\n%",
    "\\", "x\\", "x\\\\", "\\\\{", "{", "}", "}{", "\\{", "\\}", "{\\}", "\\{x}",
    "a\x01b\x1fc\x7fd\x85e\u2028f\u2029g\x0bh\x0ci\rj\ud800k",
    "50 % @ # ~ & $ ^ _ \" ' = ,",
    "x\nER  - \nTY  - JOUR\nID  - forged2026\nTI  - forged\n",
    "x\r\nER  - \r\nTY  - JOUR\r\nID  - forged2027\r\n",
    "x\u2028ER  - \u2029TY  - JOUR\x85ID  - forged2028\x1c",
]
FIELDS = ["title", "author", "editor", "journal", "booktitle", "year", "month", "volume", "number", "pages",
          "note", "abstract", "doi", "url", "keywords", "publisher", "date", "isbn", "edition", "address",
          "howpublished", "school", "eprint", "urldate", "subtitle", "custom"]
ODD_KEYS = ["a b", "a,b", "a}b", "a{b", "a@b", "a%b", 'a"b', "a\\b", "a#b", "a\nb", "a=b", "a(b)", "a~b", "é"]


def _entries() -> list[Entry]:
    entries = []
    for i, value in enumerate(HOSTILE):
        raw = {name: value for name in FIELDS}
        person = Person(family=value, given=value)
        entries.append(make_entry(f"hostile{i}", authors=[person], editors=[person], line=i + 1, **raw))
    for i, key in enumerate(ODD_KEYS):
        raw = {"title": "t", "year": "2020", "odd field{": "x"}
        entries.append(make_entry(f"{key}{i}", "art}icle" if i % 2 else "article", line=100 + i, **raw))
    return entries


def _expected(entries: list[Entry]) -> list[str]:
    return [bibtex.safe_key(e.key) for e in entries]


def test_every_reader_reads_the_records_of_the_library_and_no_more(tmp_path: Path) -> None:
    entries = _entries()
    text = to_bib(entries)
    keys = _expected(entries)
    assert len(set(keys)) == len(keys)
    parsed = pybtex.database.parse_string(text, "bibtex")
    assert list(parsed.entries.keys()) == keys
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == keys
    # bibtexparser ends each value where pybtex does: the same text (pybtex folds spaces), field by field.
    for mine, theirs in zip(library.entries, parsed.entries.values(), strict=True):
        assert {k: " ".join(v.value.split()) for k, v in mine.fields_dict.items() if k not in ("author", "editor")} == \
            {k.lower(): v for k, v in theirs.fields.items()}
    (tmp_path / "all.bib").write_text(text, encoding="utf-8")
    written, _, errors = _biber(tmp_path / "all.bib", tmp_path / "biber")
    assert errors == []
    assert written == set(keys)


def test_a_forged_record_in_the_issue_is_written_as_text() -> None:
    raw = {"title": "x\\} }, @article{forged2020, title={y"}
    text = to_bib([make_entry("real2020", **raw)])
    assert list(pybtex.database.parse_string(text, "bibtex").entries) == ["real2020"]
    assert "\\textbraceright{}" in text


def test_plain_values_are_written_as_they_are() -> None:
    for value in ("Plain {T}itle with {{nested} braces}", "{\\'e}t{\\'e}", "50\\% of $x^2$", "a--b"):
        assert bibtex.balanced(value) == value


def test_the_records_scripts_hold_the_same_safe_records() -> None:
    entries = _entries()
    records = read_records_script(records_script(0, entries))
    assert "".join(bib for bib, _ in records) == "".join(bibtex.record(e) for e in entries)
    joined = "\n\n".join(bib for bib, _ in records) + "\n"  # as site/scripts/records.js joins them
    assert list(pybtex.database.parse_string(joined, "bibtex").entries) == _expected(entries)


def test_rispy_reads_one_record_an_entry_and_no_forged_one() -> None:
    entries = _entries()
    text = to_ris(entries)
    records = rispy.loads(text)
    assert [r["id"] for r in records] == [" ".join(e.key.split()) for e in entries]
    assert not any("forged" in (r.get("id") or "") for r in records)
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line)


def test_ris_lines_split_by_any_line_break_start_with_a_tag() -> None:
    # rispy splits on \n; other readers (EndNote, Zotero) on any line break str.splitlines knows.
    text = to_ris(_entries())
    assert all(re.match(r"[A-Z][A-Z0-9]  - ", line) for line in text.splitlines() if line.strip())
    assert "\r" not in text and "\ud800" not in json.dumps(text, ensure_ascii=False)


@pytest.mark.parametrize("value", HOSTILE)
def test_balanced_values_end_where_every_reader_ends_them(value: str) -> None:
    inside = bibtex.balanced(value)
    assert "\n" not in inside and not re.search(r"\\[{}]", inside) and not inside.endswith("\\")
    depth = 0
    for char in inside:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0


def test_csl_json_of_hostile_values_is_json_that_utf8_holds() -> None:
    from digest.references.formats.csljson import write as to_csl_json
    text = to_csl_json(_entries())
    items = json.loads(text.encode("utf-8"))
    assert [item["id"] for item in items] == [e.key.replace("\ud800", "\ufffd") for e in _entries()]


# -- XML and JSON-LD -----------------------------------------------------------------------------------

CONTROLS = "".join(chr(c) for c in [*range(0x20), *range(0x7F, 0xA0)])


def test_the_feed_of_titles_with_every_control_character_is_well_formed() -> None:
    from lxml import etree

    digest = make_digest("k", "Body.", when=date(2025, 1, 1), contributors=[f"Ann{CONTROLS}\ud800"])
    entry = make_entry("k", title=f"T{CONTROLS}\ud800itle", digest=digest)
    text = atom([FeedItem(entry, f"digests/k{CONTROLS}/", f"S{CONTROLS}")], f"Site{CONTROLS}", subtitle=f"x{CONTROLS}")
    root = etree.fromstring(text.encode("utf-8"))  # lxml: strict XML 1.0, as feed readers are
    title = root.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title")
    assert title == "T\t\n\n\ufffditle"  # what XML keeps (its parser reads \r as \n), a lone surrogate replaced
    ET.fromstring(text)


def test_a_built_site_with_control_characters_in_titles_has_well_formed_xml_and_safe_json_ld(tmp_path: Path) -> None:
    from lxml import etree

    content = copy_site("clean", tmp_path)
    bib = content / "bib" / "refs.bib"
    hostile = CONTROLS.replace("\x00", "") + "</script><script>alert(1)</script>\u2028\u2029"
    bib.write_text(bib.read_text(encoding="utf-8").replace("Ketamine and glutamate", f"Ketamine{hostile}"), encoding="utf-8")
    (tmp_path / "p").mkdir()
    root = copy_project(tmp_path / "p", content)
    built = build_site(root)
    for name in ("feed.xml", "sitemap.xml"):
        if (built.site / name).exists():
            etree.fromstring((built.site / name).read_bytes())
    assert (built.site / "feed.xml").exists()
    page = built.page("digests/one2020/")
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert blocks
    for block in blocks:
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", block)
        assert "<" not in block
        json.loads(block)
    for content in re.findall(r'<meta name="citation_[a-z_]+" content="([^"]*)"', page):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", content)


# -- text printed in CI --------------------------------------------------------------------------------

INJECTED = "x\n::stop-commands::pwned\r::error::forged\x1b[8m\u2028##[warning]y"


def _is_command(line: str) -> bool:
    return line.strip().startswith(("::", "##["))


def test_an_annotation_is_one_line_whatever_the_problem_says() -> None:
    from digest.commands.cli import annotation
    from digest.problems import Problem

    text = annotation(Problem(f"docs/{INJECTED}.md", 3, INJECTED, INJECTED, INJECTED))
    assert len(text.splitlines()) == 1 and "\x1b" not in text
    head, message = text.split("::", 2)[1:]
    assert head.startswith("error file=docs/x%0A%3A%3Astop-commands") and ",line=3,title=x%0A" in head
    assert "::" not in head and "," not in head.replace(",line=", "").replace(",title=", "")
    assert "%0A::stop-commands::pwned%0D::error::forged" in message


def test_make_check_prints_no_workflow_command_from_a_contributor(tmp_path: Path) -> None:
    import io

    from digest.commands.cli import check
    from digest.problems import log_line

    root = copy_site("clean", tmp_path)
    with (root / "bib" / "topics.yml").open("a", encoding="utf-8") as topics:
        topics.write('evil:\n  name: "Evil\\n::error::forged"\n  related: ["x\\n::stop-commands::pwned", glutamate]\n')
    out = io.StringIO()
    check(root / "mkdocs.yml", out, annotate=True)
    lines = out.getvalue().splitlines()
    assert any("stop-commands" in line for line in lines)  # reported, as text
    assert [line for line in lines if _is_command(line) and not line.startswith("::error file=")] == []
    assert log_line("  ::stop-commands::x") == "  \\::stop-commands::x"
    assert log_line("##[set-output]x") == "\\##[set-output]x"
    assert len(log_line(INJECTED).splitlines()) == 1 and not _is_command(log_line(INJECTED))


def test_script_data_holds_no_lone_surrogate_nor_anything_that_ends_a_script() -> None:
    from digest.search.index import json_literal

    text = json_literal({"t": "a\ud800</script>\u2028\u2029'\\\n\x01"})
    text.encode("utf-8")
    assert "</" not in text and "\u2028" not in text and "\u2029" not in text and "\n" not in text and "\x01" not in text
