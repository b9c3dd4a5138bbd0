"""Property-based, as an attacker would write a pull request: hostile values of every YAML type in
every field a contributor controls (BibTeX fields and keys, digests' front matter and bodies, a
hand-written page's front matter, the topic vocabulary, ``status.yml``, file names).

Whatever Hypothesis writes: ``make check`` and the build raise nothing; no page holds markup that
can run script (an inline script the theme does not write, an event handler, a ``javascript:`` URL,
an element that loads another document); no file is written outside ``site/``; every entry keeps
its page or is reported; every run stays within a time and memory budget.
"""

from __future__ import annotations

import io
import json
import re
import resource
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITES, braced, build_site
from digest.commands import cli

PAYLOADS = [
    "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)", "<svg onload=alert(1)>",
    "'><a href=\"javascript:alert(1)\">x</a>", "</script><script>alert(1)</script>", "<iframe src=//evil>",
    '<a class="md-consent__overlay" href="https://evil.example">sign in</a>', '<span id="digestSearchIndex">',
    "{{ 7*7 }}", "{% raw %}", "\\}", "}, @article{forged2020, title={x", "x\n::stop-commands::t", "`<img src=https://e/x>`",
    "../../../../etc/passwd", "index", "a/b", "<!--", "]]>", "\u202eevil", "\x00\x01\x1b[31m\x85\x9b",
    "[" * 50, "1. " * 40, "> " * 40, "*" * 60, "&#x6a;avascript:alert(1)", "data:text/html,<script>alert(1)</script>",
]
"""Values attackers try; Hypothesis mixes them with arbitrary text."""

TEXT = st.one_of(
    st.sampled_from(PAYLOADS),
    st.text(st.characters(exclude_categories=("Cs",)), max_size=30),
    st.builds(lambda a, b: a + b, st.sampled_from(PAYLOADS), st.text(st.characters(exclude_categories=("Cs",)), max_size=10)),
)
SCALAR = st.one_of(TEXT, st.integers(-10**12, 10**12), st.floats(allow_nan=True), st.booleans(), st.none(),
                   st.dates().map(str), st.just("2026-02-31"))
VALUE = st.recursive(SCALAR, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text("abc<>", min_size=1, max_size=3), inner, max_size=2)), max_leaves=8)
"""A YAML value of any type: text with payloads, numbers, dates real and impossible, lists, dicts, nested."""
KEY = st.one_of(st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True),
                st.sampled_from(["index", "index.html", "search", "404", "assets", "../../x", "a\"b", "k" * 300, "x<y>",
                                 "con", "a b", "é2020", "-x", ".hidden"]))
DIGEST_FIELDS = ["topics", "date", "contributors", "teaser", "title", "full_text", "template", "study", "changes"]
PAGE_FIELDS = ["title", "description", "author", "template", "revision_date", "hide", "search", "status"]
BIB_FIELDS = ["title", "journal", "abstract", "keywords", "doi", "url", "pages", "volume", "note", "booktitle"]
FILE_NAMES = st.sampled_from(["about", "notes", "<!--<script>", "a'b", "x y", "über", "index"])


def _yaml(value: object) -> str:
    return yaml.safe_dump(value, allow_unicode=False, default_flow_style=True, width=10**6).strip().removesuffix("...").strip()


def _bib_value(value: object) -> str:
    """Any value as a BibTeX value that parses (backslashes doubled, braces balanced)."""
    return braced(str(value).replace("\\", "\\\\"))


@st.composite
def projects(draw: st.DrawFn) -> dict[str, object]:
    keys = draw(st.lists(KEY, min_size=1, max_size=4, unique=True))
    bib = []
    for key in keys:
        fields = {name: draw(VALUE) for name in draw(st.lists(st.sampled_from(BIB_FIELDS), unique=True, max_size=4))}
        fields.setdefault("title", draw(TEXT))
        body = ",\n".join(f"  {name} = {{{_bib_value(value)}}}" for name, value in fields.items())
        author = _bib_value(draw(TEXT))
        bib.append((key, f"@article{{{key},\n  author = {{{author} and Doe, Jane}},\n  year = {{2020}},\n{body}\n}}\n"))
    digests = {}
    for key in draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))):
        front = {name: draw(VALUE) for name in draw(st.lists(st.sampled_from(DIGEST_FIELDS), unique=True, max_size=5))}
        lines = "".join(f"{name}: {_yaml(value)}\n" for name, value in front.items())
        digests[key] = f"---\n{lines}---\n{draw(TEXT)} [@{draw(st.sampled_from(keys))}]\n\n## {draw(TEXT)}\n\n{draw(TEXT)}\n"
    page_front = {name: draw(VALUE) for name in draw(st.lists(st.sampled_from(PAGE_FIELDS), unique=True, max_size=4))}
    page = "".join(f"{name}: {_yaml(value)}\n" for name, value in page_front.items())
    page = f"---\n{page}---\n# {draw(TEXT)}\n\n<h2 id='{draw(TEXT)}'>x</h2>\n\n{draw(TEXT)}\n"
    topics = {"glutamate": {"name": "Glutamate"}}
    for slug in draw(st.lists(st.one_of(st.from_regex(r"[a-z]{3,6}", fullmatch=True), st.sampled_from(["index", "../t", "a b"])),
                              unique=True, max_size=3)):
        topics[slug] = {name: draw(VALUE) for name in draw(st.lists(
            st.sampled_from(["name", "description", "synonyms", "related"]), unique=True, max_size=4))}
    status = {draw(st.sampled_from(keys)): {name: draw(VALUE) for name in ("kind", "date", "href", "source")}}
    return {"bib": bib, "digests": digests, "page": page, "page_name": draw(FILE_NAMES), "topics": topics, "status": status}


def _write(root: Path, project: dict[str, object]) -> None:
    shutil.copytree(SITES / "clean", root, ignore=shutil.ignore_patterns("bib", "digests", "site"))
    for shared in ("hooks", "overrides"):
        shutil.copytree(ROOT / shared, root / shared, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "bib").mkdir()
    bib = project["bib"]
    assert isinstance(bib, list)
    (root / "bib" / "refs.bib").write_text("".join(record for _, record in bib), encoding="utf-8")
    (root / "bib" / "topics.yml").write_text(yaml.safe_dump(project["topics"], allow_unicode=False), encoding="utf-8")
    (root / "bib" / "status.yml").write_text(yaml.safe_dump(project["status"], allow_unicode=False), encoding="utf-8")
    folder = root / "docs" / "digests"
    folder.mkdir(parents=True)
    digests = project["digests"]
    assert isinstance(digests, dict)
    for key, text in digests.items():
        try:
            (folder / f"{key}.md").write_text(text, encoding="utf-8")
        except OSError:  # a key the file system refuses (too long): the entry has no digest then
            pass
    (root / "docs" / f"{project['page_name']}.md").write_text(str(project["page"]), encoding="utf-8")


class _Scripts(HTMLParser):
    """What in a page could run script: inline scripts, event handlers, script URLs, embedding elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inline: list[str] = []
        self.bad: list[str] = []
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.bad.append(f"<{tag} {name}=>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value and \
                    re.sub(r"[\s\x00-\x20]", "", value).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                self.bad.append(f"<{tag} {name}={value[:40]}>")
        if tag in ("iframe", "object", "embed", "base", "frame"):
            self.bad.append(f"<{tag}>")
        if tag == "meta" and (names.get("http-equiv") or "").lower() == "refresh":
            self.bad.append("<meta http-equiv=refresh>")
        if tag == "script":
            kind = (names.get("type") or "").lower()
            self._in_script = "src" if names.get("src") else kind or "inline"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script == "inline":
            self.inline.append(data)
        elif self._in_script in ("application/ld+json", "application/json"):
            try:
                json.loads(data)
            except ValueError:
                self.bad.append(f"a JSON script that is not JSON: {data[:60]!r}")


def _shape(script: str) -> str:
    """An inline script with its string literals emptied and its lists of them collapsed: the theme's
    scripts differ by the page's depth, the 404 page's loader by the site's top-level names."""
    emptied = re.sub(r'"(?:[^"\\]|\\.)*"', '""', script)
    return re.sub(r'\[""(?:,\s*"")*\]', "[]", emptied)


def _scan(site: Path) -> tuple[set[str], list[str]]:
    inline: set[str] = set()
    bad: list[str] = []
    for page in site.rglob("*.html"):
        parser = _Scripts()
        parser.feed(page.read_text(encoding="utf-8"))
        inline.update(_shape(script) for script in parser.inline)
        bad += [f"{page.relative_to(site)}: {b}" for b in parser.bad]
    return inline, bad


def _has_page(site: Path, key: str) -> bool:
    try:
        return (site / "digests" / key / "index.html").is_file()
    except OSError:  # a name the file system refuses (too long): no page
        return False


def _tree(folder: Path, site: Path) -> set[str]:
    """Every file and folder under ``folder`` but ``site``."""
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p != site and site not in p.parents}


@pytest.fixture(scope="module")
def theme_scripts(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The inline scripts the theme writes, from a build of the clean sample site."""
    root = tmp_path_factory.mktemp("baseline") / "site"
    shutil.copytree(SITES / "clean", root)
    for shared in ("hooks", "overrides"):
        shutil.copytree(ROOT / shared, root / shared, ignore=shutil.ignore_patterns("__pycache__"))
    built = build_site(root)
    return _scan(built.site)[0]


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                                                 HealthCheck.data_too_large])
@given(project=projects())
def test_hostile_values_in_every_field(theme_scripts: set[str], project: dict[str, object]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as work:
        outer = Path(work)
        root = outer / "project"
        _write(root, project)
        before = _tree(outer, root / "site")
        started = time.monotonic()
        out = io.StringIO()
        cli.check(root / "mkdocs.yml", out, annotate=False)  # the first property: no exception
        problems = out.getvalue().splitlines()[:-1]
        built = build_site(root)
        took = time.monotonic() - started
        assert _tree(outer, root / "site") == before, "files written outside site/"
        assert took < 60, f"check and build took {took:.0f} s"
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 2 * 1024 * 1024, "over 2 GB"
        bib = project["bib"]
        assert isinstance(bib, list)
        for key, _ in bib:
            reported = any(key[:40] in line or "refs.bib:" in line for line in problems)
            assert _has_page(built.site, key) or reported, f"{key!r}: no page and no problem"
        inline, bad = _scan(built.site)
        assert not bad, bad
        assert inline <= theme_scripts, inline - theme_scripts
