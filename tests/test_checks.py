"""Each fault a contributor can make, put alone into a copy of the project, fails `make check`
with a message naming the file and line; all of them together fail the strict build with the
same messages. The check path never builds, so the per-fault tests take a fraction of a second.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import ROOT, WarningCollector, build_site, copy_project
from digest.commands import cli
from digest.library import checks
from digest.markdown.render import Renderer
from digest.model import Entry
from digest.problems import Problem
from factories import make_entry


@dataclass(frozen=True)
class Fault:
    """Files to write (or, with a leading "+", to append to) and the message it must produce."""

    name: str
    files: dict[str, str | bytes]
    where: str
    """The start of the message: ``path:line`` (or ``path`` for a whole file)."""
    says: str
    """A piece of the message that says what is wrong."""


def article(key: str, extra: str = "", journal: bool = True) -> str:
    lines = [f"@article{{{key},", "  author = {Doe, Jane},", "  title = {A study of glutamate},"]
    if journal:
        lines.append("  journal = {Journal of Studies},")
    lines += ["  year = {2020},", *extra.splitlines(), "}", ""]
    return "\n".join(lines)


def digest(body: str, front: str = "topics: [glutamate]") -> str:
    return f"---\n{front}\n---\n{body}\n"


FAULTS = [
    Fault("bibtex-syntax", {"bib/bad.bib": article("bad2020").replace("{A study of glutamate},", "{Unclosed,")},
          "bib/bad.bib:", "BibTeX syntax error in the entry that starts at line 1"),
    Fault("not-utf8", {"bib/latin1.bib": article("latin2020").replace("Doe, Jane", "M\xfcller, J").encode("latin-1")},
          "bib/latin1.bib:2", "the file is not UTF-8"),
    Fault("duplicate-key", {"bib/zz-dup.bib": article("lener2016")}, "bib/zz-dup.bib:1", "duplicate key lener2016"),
    Fault("duplicate-doi", {"bib/zz-dupdoi.bib": article("copy2016", "  doi = {10.1016/j.biopsych.2016.05.005},")},
          "bib/zz-dupdoi.bib:6",
          "entry copy2016 has the DOI 10.1016/j.biopsych.2016.05.005 of another entry; it is already lener2016"),
    Fault("key-with-slash", {"bib/keys.bib": article("smith/2020")}, "bib/keys.bib:1", "key 'smith/2020' is not safe in a URL"),
    Fault("key-with-dots", {"bib/keys.bib": article("smith..2020")}, "bib/keys.bib:1", "key 'smith..2020' is not safe in a URL"),
    Fault("key-with-space", {"bib/keys.bib": article("smith 2020")}, "bib/keys.bib:1", "BibTeX syntax error"),
    Fault("missing-field", {"bib/missing.bib": article("nojournal2020", journal=False)},
          "bib/missing.bib:1", "entry nojournal2020 (@article) has no journal"),
    Fault("year-not-a-year", {"bib/year.bib": article("year2020").replace("{2020}", "{20016}")},
          "bib/year.bib:5", "year '20016' is not a year"),
    Fault("malformed-doi", {"bib/doi.bib": article("doi2020", "  doi = {10.1016 j.biopsych.x},")},
          "bib/doi.bib:6", "'10.1016 j.biopsych.x' is not a DOI"),
    Fault("javascript-url", {"bib/url.bib": article("url2020", "  url = {javascript:alert(1)},")},
          "bib/url.bib:6", "url 'javascript:alert(1)' is a javascript: link"),
    Fault("ftp-url", {"bib/url.bib": article("url2020", "  url = {ftp://example.org/paper.pdf},")},
          "bib/url.bib:6", "is a ftp: link"),
    Fault("digest-without-entry", {"docs/digests/nobody1999.md": digest("A digest of nothing.")},
          "docs/digests/nobody1999.md", "digest for nobody1999, but no BibTeX entry has that key"),
    Fault("front-matter-not-yaml", {"docs/digests/lener2016.md": digest("Body.", "topics: [glutamate\nteaser: x")},
          "docs/digests/lener2016.md:3", "front matter is not valid YAML"),
    Fault("front-matter-unknown-key", {"docs/digests/berman2000.md": digest("Body.", "topics: [ketamine]\ncolour: blue")},
          "docs/digests/berman2000.md:3", "unknown front matter key `colour`"),
    Fault("impossible-date", {"docs/digests/abdallah2015.md": digest("Body.", "topics: [ketamine]\ndate: 2026-11-31")},
          "docs/digests/abdallah2015.md:3", "`date` is '2026-11-31', not a date on the calendar"),
    Fault("impossible-time", {"docs/digests/daly2018.md": digest("Body.", "topics: [ketamine]\ndate: 2026-01-01 25:00:00")},
          "docs/digests/daly2018.md:3", "`date` is '2026-01-01 25:00:00', not a date on the calendar"),
    Fault("future-date", {"docs/digests/diazgranados2010.md": digest("Body.", "topics: [ketamine]\ndate: 2062-11-27")},
          "docs/digests/diazgranados2010.md:3", "`date` 2062-11-27 is in the future"),
    Fault("unclosed-front-matter", {"docs/digests/luscher2011.md": "---\ntopics: [ketamine]\nteaser: x\nThe body.\n"},
          "docs/digests/luscher2011.md:1", "the front matter opened on line 1 is never closed"),
    Fault("empty-teaser", {"docs/digests/stahl2013.md": digest("Body.", "topics: [ketamine]\nteaser: ''\ncontributors: [A]")},
          "docs/digests/stahl2013.md:3", "`teaser` is empty; this site requires it"),
    Fault("name-with-three-commas", {"bib/names.bib": article("names2020").replace("Doe, Jane", "Doe, Jane, Jr, Extra")},
          "bib/names.bib:1", "the author name 'Doe, Jane, Jr, Extra' cannot be read"),
    Fault("reserved-key", {"bib/reserved.bib": article("index")}, "bib/reserved.bib:1",
          "key 'index' is reserved for a page of the site"),
    Fault("keys-differing-in-case", {"bib/zz-keys.bib": article("Lener2016")}, "bib/zz-keys.bib:1",
          "key 'Lener2016' would take the page of entry 'lener2016'"),
    Fault("front-matter-javascript-full-text",
          {"docs/digests/moghaddam1997.md": digest("Body.", "full_text: javascript:alert(1)")},
          "docs/digests/moghaddam1997.md:2", "`full_text` is 'javascript:alert(1)', not an http(s) link"),
    Fault("unknown-topic", {"docs/digests/zarate2006.md": digest("Body.", "topics: [glutamat]")},
          "docs/digests/zarate2006.md:2",
          "unknown topic 'glutamat'; add it to the topic vocabulary or fix it (did you mean glutamate?)"),
    Fault("unknown-citation", {"docs/index.md": "+\nAs shown before [@lener2061].\n"},
          "docs/index.md:", "citation [@lener2061] names no entry; did you mean @lener2016?"),
    Fault("unknown-citation-in-digest", {"docs/digests/krystal1994.md": digest("Line one.\n\nSee [@bermann2000].")},
          "docs/digests/krystal1994.md:6", "did you mean @berman2000?"),
    Fault("script-tag", {"docs/digests/sanacora1999.md": digest("Hello.\n<script>alert(1)</script>")},
          "docs/digests/sanacora1999.md:5", "unsafe HTML removed: element <script>"),
    Fault("iframe", {"docs/digests/hasler2007.md": digest('<iframe src="https://example.org"></iframe>')},
          "docs/digests/hasler2007.md:4", "element <iframe>"),
    Fault("event-attribute", {"docs/digests/duman2012.md": digest('Look: <img src="x.png" onerror="alert(1)">')},
          "docs/digests/duman2012.md:4", "attribute onerror= on <img>"),
    Fault("javascript-link", {"docs/digests/li2010.md": digest("[click me](javascript:alert(1))")},
          "docs/digests/li2010.md:4", "unsafe HTML removed: javascript: link"),
    Fault("javascript-href", {"docs/digests/autry2011.md": digest('<a href="javascript:alert(1)">x</a>')},
          "docs/digests/autry2011.md:4", "unsafe HTML removed: javascript: link"),
    Fault("unfilled-template", {"docs/digests/murrough2013.md": digest(f"{checks.PLACEHOLDER} the summary here -->")},
          "docs/digests/murrough2013.md:4", "the digest is still the template"),
]


def apply(root: Path, fault: Fault) -> None:
    for name, content in fault.files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content.startswith("+"):
            path.write_text(path.read_text(encoding="utf-8") + content[1:], encoding="utf-8")
        else:
            path.write_text(content, encoding="utf-8")


def run_check(root: Path, annotate: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    code = cli.check(root / "mkdocs.yml", out, annotate=annotate)
    return code, out.getvalue().splitlines()


def expected_line(fault: Fault, lines: list[str]) -> str:
    found = [line for line in lines if line.startswith(fault.where) and fault.says in line]
    assert found, f"{fault.name}: no message starting {fault.where!r} saying {fault.says!r} in\n" + "\n".join(lines)
    return found[0]


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_project(tmp_path_factory.mktemp("pristine"))


def test_the_project_itself_passes_the_check(pristine: Path) -> None:
    code, lines = run_check(pristine)
    assert code == 0, "\n".join(lines)
    assert lines[-1].startswith("No problems in ")


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_each_fault_fails_the_check_naming_file_and_line(fault: Fault, tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    apply(root, fault)
    code, lines = run_check(root)
    assert code == 1
    message = expected_line(fault, lines)
    assert re.match(r"^[\w./-]+(:\d+)?: .+; .+", message), message
    assert not any("Traceback" in line for line in lines)
    assert lines[-1].endswith("then run make check again")


def test_annotations_for_github_actions(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    apply(root, FAULTS[3])
    code, lines = run_check(root, annotate=True)
    assert code == 1
    annotation = [line for line in lines if line.startswith("::error file=bib/zz-dupdoi.bib,line=6,title=duplicate-doi::")]
    assert annotation and "it is already lener2016 at bib/starter.bib:5" in annotation[0]


def test_check_from_the_command_line_as_make_runs_it(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = copy_project(tmp_path)
    apply(root, FAULTS[0])
    env = {**os.environ, "PYTHONPATH": str(ROOT / "hooks"), "GITHUB_ACTIONS": "true"}
    command = [sys.executable, "-m", "digest", "check"]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "bib/bad.bib:" in done.stdout and "::error file=bib/bad.bib,line=" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr


def test_strict_build_fails_on_every_fault_with_the_same_messages(tmp_path: Path) -> None:
    """All faults in one copy (they touch different files): one check, one strict build."""
    from mkdocs.exceptions import Abort

    root = copy_project(tmp_path)
    for fault in FAULTS:
        if fault.name not in ("key-with-dots", "key-with-space", "ftp-url"):  # same files as others
            apply(root, fault)
    code, lines = run_check(root)
    assert code == 1
    problems = lines[:-1]
    handler = WarningCollector()
    logging.getLogger("mkdocs").addHandler(handler)
    try:
        with pytest.raises(Abort):
            build_site(root, strict=True)
    finally:
        logging.getLogger("mkdocs").removeHandler(handler)
    missing = [line for line in problems if line not in handler.messages]
    assert not missing, "reported by make check but not by the strict build:\n" + "\n".join(missing)
    for fault in FAULTS:
        if fault.name not in ("key-with-dots", "key-with-space", "ftp-url"):
            expected_line(fault, problems)


# Units on in-memory entries: what passes.

@pytest.mark.parametrize("year", ["2020", "1999b", "in press", "n.d."])
def test_years_that_are_years(year: str) -> None:
    assert checks.bad_year(make_entry(year=year), checks.FieldLines(None)) == []


@pytest.mark.parametrize("doi", ["10.1016/j.biopsych.2016.05.005", "https://doi.org/10.1038/nature17998",
                                 "doi:10.1001/archpsyc.63.8.856", "10.1002/1531-8249(199902)45:2<265::AID-ANA21>3.0.CO;2-3"])
def test_dois_that_are_dois(doi: str) -> None:
    assert checks.bad_doi(make_entry(doi=doi), checks.FieldLines(None)) == []


def test_several_http_urls_in_one_field_pass() -> None:
    assert checks.bad_links(make_entry(url="http://a.org/x https://b.org/y"), checks.FieldLines(None)) == []


def test_howpublished_text_is_not_a_link() -> None:
    assert checks.bad_links(make_entry(howpublished="Online: on request"), checks.FieldLines(None)) == []


def test_a_vocabulary_value_that_looks_like_an_impossible_date_is_text(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    topics = root / "bib" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\ndates:\n  name: 2026-02-30\n  synonyms: [2026-13-01]\n",
                      encoding="utf-8")
    code, lines = run_check(root)
    assert code == 0, "\n".join(lines)
    assert 'class="digest-topic-list"' in build_site(root, strict=True).page("topics/")


def test_html_in_code_is_shown_as_text_and_passes() -> None:
    body = "Write `<script>` in code.\n\n```html\n<script>alert(1)</script>\n```\n<!-- a comment -->\n<em>fine</em>"
    cleaned = Renderer().body(body, "docs/digests/k.md", 5)
    assert cleaned.problems == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cleaned.html and "<em>fine</em>" in cleaned.html


def test_misc_entry_needs_only_a_title() -> None:
    assert checks.missing_fields(make_entry(type_="misc", title="A web page")) == []
    assert [p.kind for p in checks.missing_fields(make_entry(type_="misc"))] == ["missing-field"]


def test_an_article_with_a_publisher_and_no_journal_is_asked_whether_it_is_a_book() -> None:
    """Zotero's Embedded Metadata exports a book without ISBN as a journal article: one message, its hint
    the likelier fix; an article with neither publisher nor ISBN is only asked for its journal."""
    def journal(made: Entry) -> list[Problem]:
        return [p for p in checks.missing_fields(made) if "journal" in p.message]

    [problem] = journal(make_entry("stahl2013", title="Essential Psychopharmacology", publisher="CUP", year="2013"))
    assert problem.hint == ("it has a publisher and no journal: if it is a book, write `@book{stahl2013,` instead of "
                            "`@article`; else add `journal = {...}` to it (check the publisher's page)")
    [plain] = journal(make_entry(title="A paper", year="2013"))
    assert plain.hint == "add `journal = {...}` to it (check the publisher's page)"


def test_references_in_bib_that_are_not_read_are_named_with_what_to_do(tmp_path: Path) -> None:
    """A .bib named in capitals, a .bibtex, a .ris or .nbib dropped into bib/: each is named, never silently
    left out; the .bib files beside them are read as before."""
    root = copy_project(tmp_path)
    record = "@article{capital2020, author = {Doe, Jane}, title = {Capitals}, journal = {J}, year = {2020}}\n"
    (root / "bib" / "Refs.BIB").write_text(record, encoding="utf-8")
    (root / "bib" / "more").mkdir()
    (root / "bib" / "more" / "export.bibtex").write_text(record.replace("capital2020", "export2020"), encoding="utf-8")
    (root / "bib" / "pubmed.nbib").write_text("PMID- 1\nTI  - A title.\n", encoding="utf-8")
    (root / "bib" / "zotero.ris").write_text("TY  - JOUR\nTI  - A title\nER  - \n", encoding="utf-8")
    (root / "bib" / "notes.txt").write_text("not references\n", encoding="utf-8")
    code, lines = run_check(root)
    said = [line for line in lines if "not read" in line]
    assert said == [
        "bib/Refs.BIB: not read: only BibTeX files ending in .bib are; rename it Refs.bib",
        "bib/more/export.bibtex: not read: only BibTeX files ending in .bib are; rename it export.bib",
        "bib/pubmed.nbib: not read: only BibTeX files ending in .bib are; add its records as BibTeX with "
        "`make new FROM=bib/pubmed.nbib`, then delete it",
        "bib/zotero.ris: not read: only BibTeX files ending in .bib are; add its records as BibTeX with "
        "`make new FROM=bib/zotero.ris`, then delete it",
    ], lines
    assert code == 1
    assert not any("duplicate" in line or "no .bib files" in line for line in lines)
