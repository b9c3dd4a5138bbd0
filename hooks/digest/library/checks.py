"""Everything ``make check`` reports beyond what loading the library already found.

:func:`digest.library.load` reports what stops a file or entry from being read (syntax, encoding,
keys, front matter, topics) and :meth:`Library.cite_pages` unknown citations. This module looks at
what was read: fields a citation needs, years, DOIs, duplicates (``duplicates``), links, and HTML in digests that could run
script. The hook reports these during every build and ``python -m digest check`` without one, so
``mkdocs build --strict`` and ``make check`` fail on the same problems with the same messages.
"""

from __future__ import annotations

import re
from pathlib import Path

from digest import ahead, urls
from digest.library import duplicates
from digest.library.digestfiles import FRONT_MATTER_KEYS, split_front_matter
from digest.library.loader import Library
from digest.markdown import citations, sanitizer
from digest.markdown.render import Renderer
from digest.model import Digest, Entry
from digest.problems import Problem
from digest.urls import Links

# Per BibTeX/biblatex type, the fields a reference cannot do without; "a|b" means either.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal|journaltitle", "year|date"),
    "book": ("author|editor", "title", "publisher", "year|date"),
    "inbook": ("author|editor", "title", "publisher", "year|date"),
    "incollection": ("author", "title", "booktitle", "year|date"),
    "inproceedings": ("author", "title", "booktitle", "year|date"),
    "conference": ("author", "title", "booktitle", "year|date"),
    "phdthesis": ("author", "title", "school|institution", "year|date"),
    "mastersthesis": ("author", "title", "school|institution", "year|date"),
    "thesis": ("author", "title", "school|institution", "year|date"),
    "techreport": ("author", "title", "institution", "year|date"),
    "report": ("author", "title", "institution", "year|date"),
    "unpublished": ("author", "title"),
    "misc": ("title",),
    "online": ("title", "url"),
    "manual": ("title",),
    "booklet": ("title",),
}
DEFAULT_REQUIRED = ("title",)
YEAR = re.compile(r"^(1[5-9]\d\d|20\d\d|21\d\d)[a-z]?$")
YEAR_WORDS = {"n.d.", "in press", "forthcoming", "submitted"}
DATE = re.compile(r"^(1[5-9]\d\d|20\d\d|21\d\d)(-\d\d(-\d\d)?)?(/|$)")
DOI = re.compile(r"^10\.\d{4,9}/[^\s\"{}]+$")
LINK_FIELDS = ("url", "pdf", "link", "howpublished")
SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")
PLACEHOLDER = "<!-- digest: write"


def run(library: Library, root: Path | None = None, renderer: Renderer | None = None) -> list[Problem]:
    """Every problem this module finds in ``library``; ``root`` (the folder of mkdocs.yml) lets
    messages point at the line of the offending field rather than the start of its entry. Digest
    bodies are rendered with ``renderer`` (the site's Markdown) and what the sanitizer removes
    from them is reported; the entry pages reuse the rendering."""
    renderer = renderer or Renderer()
    lines = FieldLines(root)
    problems: list[Problem] = []
    for entry in library.entries.values():
        if entry.broken:
            continue  # its syntax error is reported; the fields it lost would only add noise
        problems += missing_fields(entry)
        problems += bad_year(entry, lines)
        problems += bad_doi(entry, lines)
        problems += bad_links(entry, lines)
    problems += duplicates.find(library.entries.values(), lines.of)
    renderer.render_all([(d.body, d.path, d.body_line) for e in library.entries.values() if (d := e.digest) and d.body.strip()],
                        ahead.may_fork(library.settings.workers))
    for entry in library.entries.values():
        if entry.digest:
            problems += unfilled(entry.digest)
            problems += missing_front_matter(entry.digest, library.settings.required_front_matter)
            if entry.digest.body.strip():
                problems += renderer.body(entry.digest.body, entry.digest.path, entry.digest.body_line).problems
    return problems


LOCAL_HINT = ("write the path from the digest's file: ../assets/figure.png for docs/assets/figure.png, "
              "lener2016.md for another entry's page (or cite it: [@lener2016]); the link is shown but leads nowhere")
SECTIONS = ("digests", "topics", "evidence", "changes")
"""Folders of generated pages, each with an index page (``topics/index.md``)."""


def local_links(library: Library, renderer: Renderer, links: Links, pages: set[str], files: set[str]) -> list[Problem]:
    """A problem for each link or image of a digest to a file of the site that is not there, at its line:
    ``pages`` are the hand-written pages (their ``src_uri``), ``files`` every other file of docs/. A page's
    ``.md`` names an entry's page (``digests/<key>.md``), a topic's, a section's index or a hand-written page."""
    known = pages | files | {f"{section}/index.md" for section in SECTIONS} \
        | {links.entry(slug) for slug in library.slugs.values()} | {links.topic(slug) for slug in library.topics}
    problems: list[Problem] = []
    for entry in library.entries.values():
        digest = entry.digest
        if not digest or not digest.body.strip():
            continue
        lines: list[str] | None = None
        for url in dict.fromkeys(renderer.body(digest.body, digest.path, digest.body_line).prepared.local):
            path, _ = urls.written_at(links, url)
            if urls.leaves_docs(path):
                what = "leaves docs/"
            elif path in known or _pair_page(path, library):
                continue
            else:
                what = f"names docs/{path}, which is not a file or page of the site"
            lines = lines if lines is not None else digest.body.split("\n")
            line = sanitizer.line_of(_written_as(url), lines, digest.body_line)
            problems.append(Problem(digest.path, line, f"link {url!r} {what}", LOCAL_HINT, "broken-link"))
    return problems


def _written_as(url: str) -> tuple[str, ...]:
    """How ``url`` is written as a link (``(url``, ``"url"``, ``]: url``...), before its text alone: what
    finds its line."""
    return (f"({url}", f'"{url}"', f"'{url}'", f"]: {url}", f"<{url}>", f"={url}", url)


def _pair_page(path: str, library: Library) -> bool:
    """``topics/<a>+<b>.md``: the page of the entries on two topics."""
    name = path.removeprefix("topics/").removesuffix(".md")
    return path.startswith("topics/") and name.count("+") == 1 and all(slug in library.topics for slug in name.split("+"))


def missing_fields(entry: Entry) -> list[Problem]:
    """A field the citation style needs for this type of entry is absent or empty."""
    present = {name for name, value in entry.raw.items() if value.strip()}
    problems = []
    for need in REQUIRED.get(entry.type, DEFAULT_REQUIRED):
        names = need.split("|")
        if not present.intersection(names):
            wanted = " or ".join(names)
            hint = f"add `{names[0]} = {{...}}` to it (check the publisher's page)"
            if entry.type == "article" and "journal" in names and present & {"publisher", "isbn"}:
                # Zotero's Embedded Metadata exports a book without ISBN as a journal article.
                hint = f"it has a {'publisher' if 'publisher' in present else 'ISBN'} and no journal: if it is a book, " \
                       f"write `@book{{{entry.key},` instead of `@article`; else {hint}"
            message = f"entry {entry.key} (@{entry.type}) has no {wanted}"
            problems.append(Problem(entry.path, entry.line, message, hint, "missing-field"))
    return problems


def bad_year(entry: Entry, lines: FieldLines) -> list[Problem]:
    """``year`` is not a four-digit year (or ``date`` does not start with one)."""
    year = entry.raw.get("year", "").strip().strip("{}").strip()
    if year and not YEAR.match(year) and year.lower() not in YEAR_WORDS:
        hint = "write the year of publication as four digits, e.g. `year = {2016}`"
        return [Problem(entry.path, lines.of(entry, "year"), f"entry {entry.key}: year {year!r} is not a year", hint, "bad-year")]
    date = entry.raw.get("date", "").strip()
    if date and "year" not in entry.raw and not DATE.match(date):
        hint = "write it as YYYY, YYYY-MM or YYYY-MM-DD"
        return [Problem(entry.path, lines.of(entry, "date"), f"entry {entry.key}: date {date!r} is not a date", hint, "bad-year")]
    return []


def bad_doi(entry: Entry, lines: FieldLines) -> list[Problem]:
    """A DOI that is not ``10.<registrant>/<suffix>`` (a URL to doi.org is accepted)."""
    if not entry.fields.get("doi", "").strip() or DOI.match(entry.doi):
        return []
    hint = "write it as 10.xxxx/suffix, e.g. `doi = {10.1016/j.biopsych.2016.05.005}` (no spaces)"
    message = f"entry {entry.key}: {entry.fields['doi']!r} is not a DOI"
    return [Problem(entry.path, lines.of(entry, "doi"), message, hint, "bad-doi")]


def bad_links(entry: Entry, lines: FieldLines) -> list[Problem]:
    """A link with a scheme other than http or https: ``javascript:`` would run on a click."""
    problems = []
    for name in LINK_FIELDS:
        value = entry.fields.get(name, "")
        for token in re.split(r"[\s,]+", value):
            scheme = SCHEME.match(token)
            if not scheme or scheme.group(1).lower() in ("http", "https"):
                continue
            if name == "howpublished" and "/" not in token and scheme.group(1).lower() not in ("javascript", "vbscript", "data"):
                continue  # "Online: available on request" is text, not a link
            hint = "link to the paper with an http:// or https:// address"
            message = f"entry {entry.key}: {name} {token[:60]!r} is a {scheme.group(1)}: link"
            problems.append(Problem(entry.path, lines.of(entry, name), message, hint, "bad-url"))
    return problems


def unfilled(digest: Digest) -> list[Problem]:
    """The digest still holds the placeholder ``make new`` wrote."""
    hint = "write the digest in your own words and delete the placeholder comment"
    return [Problem(digest.path, digest.body_line + number - 1, "the digest is still the template", hint, "unfilled-digest")
            for number, line in citations.outside_code(digest.body) if PLACEHOLDER in line]


def missing_front_matter(digest: Digest, required: tuple[str, ...]) -> list[Problem]:
    """Front matter the site requires (``extra.digest.required_front_matter``) that a digest leaves empty."""
    if digest.unread:
        return []  # the front matter's own problem is the one cause
    values = {"teaser": digest.teaser, "contributors": digest.contributors, "date": digest.date, "topics": digest.topics}
    problems = []
    for key in required:
        if key in values and not values[key] and key not in digest.refused:
            hint = f"write `{key}:` as {FRONT_MATTER_KEYS[key]}"
            line = digest.lines.get(key) or 1
            problems.append(Problem(digest.path, line, f"`{key}` is empty; this site requires it", hint, "front-matter"))
    return problems


def hand_written(renderer: Renderer, path: str, markdown: str, trusted: bool = False) -> list[Problem]:
    """What the sanitizer removes from a hand-written page (nothing is checked on a trusted page)."""
    if trusted:
        return []
    _, body, first_line = split_front_matter(markdown)
    # Budgets are reported with the page's other door problems (Library.page_citations), by the build too.
    return [p for p in renderer.render(body, path, first_line).problems if p.kind != "too-large"]


class FieldLines:
    """The line of a field inside its entry, found by reading the .bib file once per file (``make verify``
    reports its differences at these lines too)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.files: dict[str, list[str]] = {}

    def of(self, entry: Entry, name: str) -> int:
        if self.root is None:
            return entry.line
        text = self.files.get(entry.path)
        if text is None:
            try:
                raw = (self.root / entry.path).read_bytes()
            except OSError:
                raw = b""
            text = self.files[entry.path] = raw.decode("utf-8", errors="replace").split("\n")
        field = re.compile(rf"^\s*{re.escape(name)}\s*=|[,{{]\s*{re.escape(name)}\s*=", re.IGNORECASE)
        for number in range(entry.line, min(len(text), entry.line + 200) + 1):
            line = text[number - 1]
            if number > entry.line and re.match(r"\s*@", line):
                break
            if field.search(line):
                return number
        return entry.line


