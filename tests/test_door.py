"""Everything a contributor writes is typed at the door (issue 20): hostile inputs are problems at
``path:line``, fast, never a traceback, and nothing is written outside the project."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest

from conftest import build_site, copy_site
from digest import limits
from digest.commands import cli
from digest.library import names, yamlfiles
from digest.library.digestfiles import page_meta, read_digest
from digest.library.status import read as read_status
from digest.library.topics import Suggester, read_vocabulary

HEAD = "---\ntopics: [ketamine]\ndate: 2026-02-03\ncontributors: [A. Reader]\nteaser: It works.\n---\n"


def bomb(levels: int = 9) -> str:
    """YAML whose last anchor names 10**levels items."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    return copy_site("clean", tmp_path)


def check(root: Path) -> tuple[int, list[str], float]:
    out = io.StringIO()
    start = time.perf_counter()
    code = cli.check(root / "mkdocs.yml", out, annotate=False)
    return code, out.getvalue().splitlines(), time.perf_counter() - start


def said(lines: list[str], where: str, what: str) -> bool:
    return any(line.startswith(where) and what in line for line in lines)


# -- 1. Unicode validity ---------------------------------------------------------------------------

def test_lone_surrogates_and_controls_in_front_matter_are_removed_and_reported(tmp_path: Path) -> None:
    file = tmp_path / "one2020.md"
    file.write_text('---\nteaser: "bad \\uD800 here"\ncontributors: ["A\\x01B"]\n---\nBody.\n', encoding="utf-8")
    digest, problems = read_digest(file, "docs/digests/one2020.md", "one2020")
    assert digest.teaser == "bad  here" and digest.contributors == ["AB"]
    assert [(p.line, p.kind) for p in problems] == [(2, "bad-character"), (3, "bad-character")]
    assert "lone surrogate U+D800" in problems[0].message


def test_control_characters_in_bibtex_topics_and_status(site: Path) -> None:
    bib = site / "bib/refs.bib"
    bib.write_text(bib.read_text().replace("Ketamine and glutamate", "Ketamine \x01 and \x85 glutamate"))
    topics = site / "bib/topics.yml"
    topics.write_text(topics.read_text() + 'other:\n  name: "Other \\uDC00"\n')
    (site / "bib/status.yml").write_text('one2020:\n  status: retracted\n  notice: "10.1/x\\x07"\n')
    code, lines, _ = check(site)
    assert code == 1
    assert said(lines, "bib/refs.bib:1:", "field title holds a control character U+0001")
    assert said(lines, "bib/topics.yml:10:", "lone surrogate U+DC00")
    assert said(lines, "bib/status.yml:3:", "control character U+0007")


def test_a_surrogate_in_a_teaser_builds(site: Path) -> None:
    (site / "docs/digests/one2020.md").write_text(HEAD.replace("It works.", '"bad \\uD800"') + "Body.\n")
    built = build_site(site)
    assert any("lone surrogate" in w for w in built.warnings)
    assert "Body." in built.page("digests/one2020/")


# -- 2. YAML aliases and size -------------------------------------------------------------------------

def test_aliases_are_refused_with_their_line() -> None:
    with pytest.raises(yamlfiles.Refused) as refused:
        yamlfiles.load("a: 1\nb: &x [1]\nc: *x\n")
    assert refused.value.problem == yamlfiles.ALIASES
    assert refused.value.problem_mark is not None and refused.value.problem_mark.line == 1
    with pytest.raises(yamlfiles.Refused):  # PyYAML's own parser, used for messages, refuses them too
        __import__("yaml").compose("a: *x\n", Loader=yamlfiles.Loader)


def test_alias_bombs_are_problems_in_no_time(site: Path) -> None:
    (site / "docs/digests/one2020.md").write_text("---\n" + bomb() + "date: *a8\n---\nBody.\n")
    (site / "bib/topics.yml").write_text(bomb() + "zz:\n  name: Z\n  synonyms: *a8\n")
    (site / "bib/status.yml").write_text(bomb() + "one2020:\n  status: retracted\n  notice: *a8\n")
    _code, lines, seconds = check(site)
    assert seconds < 5
    assert said(lines, "docs/digests/one2020.md:2:", "YAML aliases (&/*) are not allowed")
    assert said(lines, "bib/topics.yml:1:", "YAML aliases (&/*) are not allowed")
    assert said(lines, "bib/status.yml:1:", "YAML aliases (&/*) are not allowed")


def test_deeply_nested_yaml_is_a_problem_at_its_line_not_a_traceback(site: Path) -> None:
    deep = "[" * 5000 + "]" * 5000
    (site / "docs/digests/one2020.md").write_text(f"---\ntopics: {deep}\n---\nBody.\n")
    (site / "bib/topics.yml").write_text("zz:\n  name: Z\n  synonyms: " + deep + "\n")
    (site / "bib/status.yml").write_text("one2020:\n  status: retracted\n  notice: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n")
    code, lines, _seconds = check(site)
    assert code != 0 and not any("Traceback" in line or "RecursionError" in line for line in lines)
    assert said(lines, "docs/digests/one2020.md:2:", "more than 20 levels deep")
    assert said(lines, "bib/topics.yml:3:", "more than 20 levels deep")
    assert said(lines, "bib/status.yml:3:", "more than 20 levels deep")


def test_front_matter_over_its_size_is_refused(tmp_path: Path) -> None:
    file = tmp_path / "one2020.md"
    file.write_text("---\nteaser: " + "x" * (limits.FRONT_MATTER_BYTES + 1) + "\n---\nBody.\n")
    _, problems = read_digest(file, "d.md", "one2020")
    assert [p.kind for p in problems] == ["front-matter"] and "over 64 KB" in problems[0].message


def test_vocabulary_and_status_read_without_aliases(tmp_path: Path) -> None:
    (tmp_path / "t.yml").write_text(bomb() + "x:\n  name: X\n")
    (tmp_path / "s.yml").write_text(bomb())
    assert read_vocabulary(tmp_path / "t.yml", "t.yml")[1][0].line == 1
    assert read_status(tmp_path / "s.yml", "s.yml")[1][0].kind == "status"


# -- 3. Front matter of any type ------------------------------------------------------------------------

def test_digest_front_matter_of_the_wrong_type_is_a_problem_at_its_line(tmp_path: Path) -> None:
    file = tmp_path / "one2020.md"
    file.write_text("---\ntopics: {a: 1}\ndate: [1]\ncontributors: 5\nteaser: [x]\nfull_text: 3\n---\nBody.\n")
    digest, problems = read_digest(file, "d.md", "one2020")
    assert [p.line for p in problems] == [2, 3, 4, 5, 6]
    assert digest.teaser == "" and digest.topics is None and digest.contributors == []


def test_page_meta_keeps_only_text_for_known_keys() -> None:
    meta = {"title": "T", "description": ['x"><script>'], "author": {"a": 1}, "template": "main.html",
            "subtitle": "S\x01", "hide": ["toc"], "jsonld": "{}"}
    kept, problems = page_meta(meta, "docs/about.md", {"description": 3})
    assert kept == {"title": "T", "subtitle": "S", "hide": ["toc"]}
    assert {p.message.split(" ")[0] for p in problems} >= {"`description`", "`author`", "`subtitle`"}
    assert any("`template`" in p.message for p in problems) and any(p.line == 3 for p in problems)


def test_check_reports_non_text_front_matter_of_hand_written_pages(site: Path) -> None:
    (site / "docs/about.md").write_text("---\ndescription: ['x\"><script>']\nauthor: {a: 1}\n---\n# About\n")
    code, lines, _ = check(site)
    assert code == 1
    assert said(lines, "docs/about.md:2:", "`description` is") and said(lines, "docs/about.md:3:", "`author` is")


# -- 4. Names that become paths --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../x", "index", "INDEX", "search", "a" * 101, "x.html", "a..b", "-x", "a/b", ""])
def test_the_name_grammar_refuses(name: str) -> None:
    assert names.why_not(name)


@pytest.mark.parametrize("name", ["lener2016", "Smith_2020.a", "x-1"])
def test_the_name_grammar_accepts(name: str) -> None:
    assert names.why_not(name) == ""


def test_make_new_refuses_a_key_outside_the_project(site: Path, tmp_path: Path) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    record = "@article{x, author = {Doe, Jane}, title = {T}, journal = {J}, year = {2020}}"
    out = io.StringIO()
    assert cli.new(record, site / "mkdocs.yml", key="../../../../x", out=out) == 1
    assert "nothing was written" in out.getvalue()
    assert sorted(p for p in tmp_path.rglob("*")) == before
    assert cli.new(record, site / "mkdocs.yml", bib="../../evil.bib", out=io.StringIO()) == 2
    assert sorted(p for p in tmp_path.rglob("*")) == before


def test_bad_keys_and_slugs_are_reported_and_build(site: Path) -> None:
    bib = site / "bib/refs.bib"
    bib.write_text(bib.read_text().replace("two2010", "index.html") + "\n@misc{" + "k" * 300 + ", title = {Long}}\n")
    topics = site / "bib/topics.yml"
    topics.write_text(topics.read_text() + "index:\n  name: Index\n")
    _code, lines, _ = check(site)
    assert said(lines, "bib/refs.bib:9:", "key 'index.html' is reserved")
    assert said(lines, "bib/refs.bib:18:", "is longer than 100 characters; the entry is left out")
    assert said(lines, "bib/topics.yml:9:", "topic slug 'index' is reserved")
    built = build_site(site)
    assert "Ketamine" in built.page("topics/")  # the topics index is not replaced by topic `index`
    assert (built.site / "digests/index.html-entry/index.html").is_file()


# -- 5. Nothing silently lost ---------------------------------------------------------------------------

def test_misplaced_digests_markdown_pages_and_bad_file_names_are_reported(site: Path) -> None:
    (site / "docs/digests/sub").mkdir()
    (site / "docs/digests/sub/two2010.md").write_text(HEAD + "Hi\n")
    (site / "docs/other.markdown").write_text("# Hi\n\n<script>alert(1)</script>\n")
    (site / "docs/<!--<script>.md").write_text("# Hi\n")
    _code, lines, _ = check(site)
    assert said(lines, "docs/digests/sub/two2010.md:", "a digest in a subfolder is not read")
    assert said(lines, "docs/other.markdown:3:", "unsafe HTML removed: element <script>")
    assert said(lines, "docs/<!--<script>.md:", "the file name '<!--<script>.md' holds characters")


# -- 6. Budgets -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("body", ["[" * 100_000, "1. " * 1000 + "x", ">" * 1000 + " x",
                                  "\n".join("    " * i + "- x" for i in range(400)), "<a " * 20_000,
                                  ("word " * 20 + "\n\n") * 3000])
def test_markdown_over_budget_is_reported_and_shown_as_text(site: Path, body: str) -> None:
    (site / "docs/digests/one2020.md").write_text(HEAD + body + "\n")
    _code, lines, seconds = check(site)
    assert seconds < 5
    assert said(lines, "docs/digests/one2020.md:", "the text is over a budget")


def test_over_budget_digests_and_pages_build(site: Path) -> None:
    (site / "docs/digests/one2020.md").write_text(HEAD + "1. " * 1000 + "x\n")
    (site / "docs/deep.md").write_text("# Deep\n\n" + "1. " * 1000 + "x\n")
    built = build_site(site)
    assert any(w.startswith("docs/digests/one2020.md:7: the text is over a budget") for w in built.warnings)
    assert any(w.startswith("docs/deep.md:3: the page is over a budget") for w in built.warnings)


def test_did_you_mean_is_bounded() -> None:
    keys = [f"author{n:05d}word" for n in range(20_000)]
    suggest = Suggester(keys)
    start = time.perf_counter()
    found = [suggest(f"unknown{n:05d}x") for n in range(10_000)]
    assert time.perf_counter() - start < 10
    assert suggest.budget == 0 and found[-1] == ""
    assert Suggester(keys)("author00001wrd") == "author00001word"
