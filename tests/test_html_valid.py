"""Our HTML is valid HTML5, by the W3C Nu HTML checker (vnu.jar, run with java).

"Our markup" is what the project makes, as opposed to Material's theme: the page body the hook
writes (the content of Material's ``<article class="md-content__inner md-typeset">``) and the head
elements of overrides/main.html (``citation_*`` meta tags, the feed's ``link rel=alternate``,
JSON-LD). For every kind of page of the clean sample site, those are wrapped into a minimal HTML5
document and must check with no error and no warning. The full pages are checked too; their
errors that are not in our markup, Material's, are only counted and printed. The copy of the clean
site gets one more entry, whose DOI holds ``<`` and ``>`` (EXTRA_BIB).

vnu.jar is the npm package vnu-jar, installed by `make test` (the Makefile's ``$(VNU_JAR)`` rule, into
.cache/vnu/); ``DIGEST_VNU_JAR`` points elsewhere. Without java or the jar the tests skip with a loud
message, and in CI (``CI=true``) fail instead. All files go to one java run (the JVM is slow to start).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Built, build_site, copy_site

THEME = {"name": "material", "font": False, "custom_dir": "overrides"}
"""The project's overrides (as in mkdocs.yml), so that entry pages carry citation tags and JSON-LD."""
SITE_URL = "https://example.org/repo/"
"""An address makes canonical URLs, hence citation_abstract_html_url and JSON-LD's mainEntityOfPage."""

EXTRA_BIB = """
@article{sici1996,
  author = {Maker, Mia},
  title = {A paper whose DOI holds angle brackets},
  journal = {Journal Two},
  year = {1996},
  doi = {10.1002/(SICI)1097-4636(199603)31:3<297::AID-JBM1>3.0.CO;2-P}
}
"""
"""Added to the copy of the clean site: a real kind of DOI (SICI) with characters a URL must escape."""

JAVA_TIMEOUT = 180


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def _default_jar() -> Path:
    """Where the Makefile's rule installs vnu.jar, for the VNU_VERSION pinned there."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    version = re.search(r"^VNU_VERSION\s*:?=\s*(\S+)", makefile, re.MULTILINE)
    assert version, "the Makefile pins VNU_VERSION"
    return Path(ROOT) / ".cache" / "vnu" / version.group(1) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu() -> list[str]:
    """The command that runs the checker; skip (fail in CI) with a loud message without java or the jar."""
    jar = Path(os.environ["DIGEST_VNU_JAR"]) if os.environ.get("DIGEST_VNU_JAR") else _default_jar()
    java = shutil.which("java")
    missing = []
    if not java:
        missing.append("*** no `java`: install a JRE, e.g. `apt-get install default-jre-headless` (as .ci/run does) ***")
    if not jar.is_file():
        missing.append(f"*** no vnu.jar at {jar}: `make test` installs it (npm's vnu-jar) ***")
    if java and not missing:
        return [java, "-jar", str(jar)]
    message = "\n\n*** HTML VALIDATION NOT RUN ***\n" + "\n".join(missing) + "\n"
    if _in_ci():
        pytest.fail(message + "*** CI=true: a missing HTML checker is a failure ***", pytrace=False)
    pytest.skip(message)


STUDY = ("study:\n  design: rct\n  species: human\n  participants: 18\n  comparator: '<b>saline</b>'\n"
         "  registration: NCT01234567\n---\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("html-valid"))
    with (root / "bib" / "refs.bib").open("a", encoding="utf-8") as bib:
        bib.write(EXTRA_BIB)
    digest = root / "docs" / "digests" / "one2020.md"  # a study: its facts, the topic's table, evidence/
    digest.write_text(digest.read_text(encoding="utf-8").replace("---\n", STUDY, 2).replace(STUDY, "---\n", 1), encoding="utf-8")
    built = build_site(root, strict=True, theme=THEME, site_url=SITE_URL)
    assert built.warnings == []
    return built


def page_kinds(site: Path) -> dict[str, str]:
    """URL → kind for every page the hook makes or fills: home, indexes, entries, topics, topic pairs."""
    pages = {"": "home", "digests/": "digests index", "topics/": "topics index", "evidence/": "evidence"}
    for folder, kind in (("digests", "entry"), ("topics", "topic")):
        for page in sorted((site / folder).glob("*/index.html")):
            name = page.parent.name
            pages[f"{folder}/{name}/"] = "topic pair" if kind == "topic" and "+" in name else kind
    return pages


class _Parts(HTMLParser):
    """The raw text of our parts of a Material page: head elements, and the content article."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.head: list[str] = []
        self.content: str | None = None
        self._in_head = False
        self._json_ld_start: int | None = None
        self._content_start: int | None = None
        self._depth = 0

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {name: value or "" for name, value in attrs}
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head = False
        elif self._in_head and tag == "meta" and attr.get("name", "").startswith("citation_"):
            self.head.append(self.get_starttag_text() or "")
        elif self._in_head and tag == "link" and "alternate" in attr.get("rel", "").split():
            self.head.append(self.get_starttag_text() or "")
        elif self._in_head and tag == "script" and attr.get("type") == "application/ld+json":
            self._json_ld_start = self._offset()
        elif tag == "article" and self.content is None:
            if self._content_start is not None:
                self._depth += 1
            elif {"md-content__inner", "md-typeset"} <= set(attr.get("class", "").split()):
                self._content_start = self._offset() + len(self.get_starttag_text() or "")
                self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._json_ld_start is not None:
            end = self.source.index(">", self._offset()) + 1
            self.head.append(self.source[self._json_ld_start:end])
            self._json_ld_start = None
        elif tag == "article" and self._content_start is not None and self.content is None:
            self._depth -= 1
            if self._depth == 0:
                self.content = self.source[self._content_start:self._offset()]


def our_markup(page: str, title: str) -> str:
    """Our parts of a built page, wrapped into a minimal HTML5 document.

    The body keeps them in an ``<article>``, as Material does, for the checks that look at where an
    element is (a heading's level, say).
    """
    parts = _Parts(page)
    parts.feed(page)
    parts.close()
    assert parts.content is not None, f"no <article class=\"md-content__inner md-typeset\"> in {title}"
    head = "\n".join(parts.head)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{html.escape(title)}</title>\n'
            f"{head}\n</head>\n<body>\n<article>{parts.content}</article>\n</body>\n</html>\n")


@dataclass
class Checked:
    """vnu's messages per page, for our markup and for the full pages."""

    kinds: dict[str, str]
    ours: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    full: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    seconds: float = 0.0


@pytest.fixture(scope="module")
def checked(site: Built, vnu: list[str], tmp_path_factory: pytest.TempPathFactory) -> Checked:
    """Every page, ours and full, checked in one java run."""
    folder = tmp_path_factory.mktemp("vnu")
    kinds = page_kinds(site.site)
    files: dict[Path, tuple[str, str]] = {}  # checked file → ("ours" or "full", page URL)
    for number, url in enumerate(kinds):
        page = site.page(url)
        for which, text in (("ours", our_markup(page, f"/{url} (our markup)")), ("full", page)):
            path = folder / f"{which}-{number}.html"
            path.write_text(text, encoding="utf-8")
            files[path] = (which, url)
    start = time.monotonic()
    result = subprocess.run([*vnu, "--format", "json", "--stdout", *map(str, files)],
                            capture_output=True, text=True, timeout=JAVA_TIMEOUT, check=False)
    seconds = time.monotonic() - start
    try:
        messages = json.loads(result.stdout)["messages"]
    except (ValueError, KeyError) as error:
        pytest.fail(f"vnu gave no JSON ({error}), exit {result.returncode}:\n{result.stdout}\n{result.stderr}", pytrace=False)
    by_name = {path.name: where for path, where in files.items()}
    out = Checked(kinds, {url: [] for url in kinds}, {url: [] for url in kinds}, seconds)
    for message in messages:
        which, url = by_name.get(Path(message.get("url", "")).name, ("ours", "(no file)"))
        getattr(out, which).setdefault(url, []).append(message)
    return out


def _is_error(message: dict[str, Any]) -> bool:
    return message.get("type") in ("error", "non-document-error")


def _is_warning(message: dict[str, Any]) -> bool:
    return message.get("type") == "info" and message.get("subType") == "warning"


def _snippet(message: dict[str, Any]) -> str:
    extract = message.get("extract", "")
    start, length = message.get("hiliteStart"), message.get("hiliteLength")
    if isinstance(start, int) and isinstance(length, int):
        extract = extract[start:start + length]
    return " ".join(extract.split())


def deduplicated(messages: Iterable[tuple[str, dict[str, Any]]], kinds: dict[str, str]) -> str:
    """One line per distinct (message, snippet), with the pages it is on."""
    pages: dict[tuple[str, str], list[str]] = defaultdict(list)
    for url, message in messages:
        key = (message.get("message", ""), _snippet(message))
        where = f"/{url} ({kinds.get(url, '?')})"
        if where not in pages[key]:
            pages[key].append(where)
    return "\n".join(f"- {text}\n    {snippet}\n    on {', '.join(where)}" for (text, snippet), where in pages.items())


def test_every_kind_of_page_is_checked(site: Built) -> None:
    kinds = set(page_kinds(site.site).values())
    assert kinds == {"home", "digests index", "topics index", "entry", "topic", "topic pair", "evidence"}, kinds


def test_our_markup_is_valid_html(checked: Checked, capsys: pytest.CaptureFixture[str]) -> None:
    errors = [(url, m) for url, messages in checked.ours.items() for m in messages if _is_error(m)]
    warnings = [(url, m) for url, messages in checked.ours.items() for m in messages if _is_warning(m)]
    with capsys.disabled():
        print(f"\nvnu checked {len(checked.kinds)} pages twice (ours, full) in {checked.seconds:.1f} s")
    if errors or warnings:
        pytest.fail(f"vnu finds {len(errors)} errors and {len(warnings)} warnings in our markup:\n"
                    f"{deduplicated(errors + warnings, checked.kinds)}", pytrace=False)


def test_full_pages_errors_are_counted(checked: Checked, capsys: pytest.CaptureFixture[str]) -> None:
    """Not asserted: what remains on the full pages, less what is in our markup, is Material's."""
    ours = {(m.get("message"), _snippet(m)) for messages in checked.ours.values() for m in messages if _is_error(m)}
    theirs = [(url, m) for url, messages in checked.full.items() for m in messages
              if _is_error(m) and (m.get("message"), _snippet(m)) not in ours]
    total = sum(map(_is_error, (m for messages in checked.full.values() for m in messages)))
    counts = {url: sum(1 for u, _ in theirs if u == url) for url in checked.full}
    with capsys.disabled():
        print(f"\nvnu errors on the full pages (not asserted): {total}, of which {len(theirs)} not in our markup "
              f"(Material's): {', '.join(f'/{url} {n}' for url, n in counts.items())}")
        if theirs:
            print(deduplicated(theirs, checked.kinds))
