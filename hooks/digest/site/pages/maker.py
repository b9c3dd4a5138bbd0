"""The rendering of generated pages: a page kind's view data through its template, with its table of contents.

One template per page kind in ``site/templates/`` (a site overrides any of them, or a partial, by a file
of the same name under ``<theme custom_dir>/digest/``). The engine's autoescape is the one place
where text from BibTeX and front matter is escaped. Pages skip Python-Markdown: the hook hands
MkDocs their HTML, title, meta and table of contents directly (``hooks/digest_hooks.py``).

Each page comes with a signature, a hash of everything it shows, made without rendering it: under
``mkdocs serve --dirty`` a page whose signature did not change is neither made nor written again.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from digest import urls
from digest.cached import cached
from digest.library.loader import Library
from digest.markdown import sanitizer
from digest.markdown.render import Cleaned, Prepared, Renderer
from digest.model import Entry
from digest.problems import Problem
from digest.site.pieces import Pieces, View, safe_title
from digest.urls import Links

TEMPLATES = Path(__file__).parent.parent / "templates"
RESERVED_IDS = {"digest", "abstract", "reference", "related-digests", "cited-in", "references"}
"""Ids of the entry page's own sections; a heading of the digest with the same id gets a suffix."""
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_HEADING = re.compile(r'<h([1-6])\b[^>]*\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_ID = re.compile(r' id="([^"]+)"')
_TAGS = re.compile(r"<[^>]+>")


def printable(page: str) -> str:
    """A page without the control characters HTML and SVG forbid (BibTeX and YAML may hold them):
    one pass over the finished page, cheaper than one call for every value a template prints."""
    return _NOT_XML.sub("", page)


def environment(override_dirs: list[Path] | None = None, signature: int | None = None) -> jinja2.Environment:
    """The templates' engine: the site's overrides first, then the project's own templates.

    Kept from one build to the next while no template file changes (compiling them costs a third
    of a second, much of a `mkdocs serve` rebuild); ``signature`` is :func:`templates_signature`
    when the caller has it already.
    """
    dirs = tuple(d for d in (override_dirs or []) if d.is_dir())
    return _environment(dirs, templates_signature(list(dirs)) if signature is None else signature)


class _Views(jinja2.Environment):
    """Jinja for view data: ``entry.title`` looks the key up in a dict first (Jinja tries the attribute,
    and raises and catches an AttributeError, before it looks: a tenth of the templates' time), and
    anything else as Jinja does."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)

    def make_globals(self, d: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
        """A template's globals as one dict, not Jinja's ChainMap over the environment's: every render
        and every ``{% from ... import %}`` copies or compares them, and a ChainMap is slow to walk (a
        template sees the environment's globals as they were when it was loaded; ours are all set
        before the first)."""
        return {**self.globals, **(d or {})}


@functools.lru_cache(maxsize=4)
def _environment(dirs: tuple[Path, ...], signature: int) -> jinja2.Environment:
    loaders = [jinja2.FileSystemLoader(str(d)) for d in dirs]
    env = _Views(
        loader=jinja2.ChoiceLoader([*loaders, jinja2.FileSystemLoader(str(TEMPLATES))]),
        autoescape=True, trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined, auto_reload=False)
    made: dict[tuple[str, str, str], Markup] = {}

    def item_html(item: dict[str, Any]) -> Markup:
        """The ``entry_item`` macro, rendered once for each entry, note and link: an entry is listed
        on many pages (related digests, topics, cross-topic pages) with the same link from pages of
        the same depth, the commonest piece of markup of a site."""
        slot = (item["key"], item["href"], item["note"])
        found = made.get(slot)
        if found is None:
            found = made[slot] = Markup(env.get_template("partials/entry-item.html").module.entry_item(item))  # type: ignore[attr-defined]
        return found

    env.globals["item_html"] = item_html
    env.globals["item_html_made"] = made
    return env


def forget_items(env: jinja2.Environment) -> None:
    """Start a build with no list item kept from the previous one (titles and teasers may have changed)."""
    made = env.globals["item_html_made"]
    assert isinstance(made, dict)
    made.clear()


def constant(value: Any) -> Callable[[], Any]:
    """A function that gives ``value``: view data made up front, handed over like data made on demand."""
    return lambda: value


def templates_signature(override_dirs: list[Path] | None = None) -> int:
    """A hash of every template file's path, size and time: an edited template changes every page."""
    stats = []
    for folder in [*(override_dirs or []), TEMPLATES]:
        for path in sorted(folder.rglob("*.html")) if folder.is_dir() else []:
            stat = path.stat()
            stats.append((str(path), stat.st_size, stat.st_mtime_ns))
    return hash(tuple(stats))


def render_macro(env: jinja2.Environment, template: str, macro: str, *args: Any) -> str:
    """One macro of a partial template, rendered: the markup of a piece of a page (tests, tools)."""
    return str(getattr(env.get_template(template).module, macro)(*args))


@dataclass
class Rendered:
    """A generated page's HTML and what MkDocs needs beside it."""

    html: str
    toc: list[dict[str, Any]]
    """Python-Markdown's ``toc_tokens`` form: level, id, name (as HTML), children."""
    anchors: set[str]
    meta: dict[str, Any]


@dataclass
class PageOut:
    """One generated page: where it goes, its title, and how to make it (on demand)."""

    src_uri: str
    title: str
    sign: Callable[[], int]
    """Its signature, made only when asked (under `mkdocs serve --dirty`; a plain build never asks)."""
    make: Callable[[], Rendered]
    edit_uri: str | None = None
    in_nav: bool = False

    @cached
    def signature(self) -> int:
        """A hash of everything the page shows: equal signatures, equal pages."""
        return self.sign()


def table_of_contents(page_html: str, top: int = 2) -> tuple[list[dict[str, Any]], set[str]]:
    """The headings of ``page_html`` from ``<h{top}>`` to ``<h6>`` nested as a table of contents, and
    every id on the page.

    The theme prints an entry's id and name unescaped: ids are taken only when they are made of
    the sanitizer's safe characters (a heading with another id is left out), names as escaped text.
    """
    root: list[dict[str, Any]] = []
    stack: list[dict[str, Any]] = []
    for match in _HEADING.finditer(page_html):
        level, anchor = int(match.group(1)), html.unescape(match.group(2))
        if level < top or not sanitizer.SAFE_ID.match(anchor):
            continue
        name = html.escape(html.unescape(_TAGS.sub("", match.group(3))).strip(), quote=False)
        token = {"level": level, "id": anchor, "name": name, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root, {html.unescape(i) for i in _ID.findall(page_html)}


def unique_ids(body: str) -> str:
    """Heading ids of a digest body that the entry page's own sections use get a suffix, as the toc
    extension would give a repeated heading."""
    return _ID.sub(lambda m: f' id="{m.group(1)}_1"' if m.group(1) in RESERVED_IDS else m.group(0), body)


@dataclass(slots=True, eq=False)
class _Made:
    """How one page is made and signed (:meth:`PageMaker.page`)."""

    maker: PageMaker
    template: str
    name: str
    view: Callable[..., View]
    meta: Callable[..., dict[str, Any]]
    signature: Callable[..., Any]
    args: tuple[Any, ...]

    def make(self) -> Rendered:
        page_html = self.maker.render(self.template, **{self.name: self.view(*self.args)})
        toc, anchors = table_of_contents(page_html)
        return Rendered(page_html, toc, anchors, self.meta(*self.args))

    def sign(self) -> int:
        return hash((self.maker.site_signature, self.template, self.signature(*self.args)))


@dataclass
class PageMaker:
    """Renders the pages of one library: a kind's view through its template, with its table of contents.

    The page kinds (``site/pages/<kind>.py``) say what each page shows and what its signature is;
    this only renders, and fills contributors' HTML with the citations and lists the templates make.
    """

    lib: Library
    links: Links
    env: jinja2.Environment
    renderer: Renderer
    site_signature: int = 0
    """A hash of what every page depends on beyond its own data (settings, templates, links)."""
    site_name: str = ""
    site_url: str = ""
    """``site_url``: entry pages share and cite their own address when the site has one."""
    pieces: Pieces = field(init=False)
    problems: dict[str, list[str]] = field(default_factory=dict)
    """Entry key ("" for none) -> the content problems to show on its page (under `mkdocs serve`)."""
    style: Any = None
    """The site's style (``styles.site_style``); None: the built-in one the settings name."""

    def __post_init__(self) -> None:
        self.pieces = Pieces(self.lib, self.links, self.style, self.site_name, self.site_url)
        forget_items(self.env)

    def render(self, template: str, **data: Any) -> str:
        return printable(self.env.get_template(template).render(**data))

    def macro(self, template: str, name: str) -> Any:
        return getattr(self.env.get_template(template).module, name)

    def page(self, src_uri: str, template: str, name: str, view: Callable[..., View], meta: Callable[..., dict[str, Any]],
             title: str, signature: Callable[..., Any], args: tuple[Any, ...] = (), **kw: Any) -> PageOut:
        """A page made on demand: ``view(*args)`` rendered by ``template`` as the variable ``name``;
        its head's data ``meta(*args)``, its signature from ``signature(*args)`` (``args``: what the
        functions need, held once a page rather than in closures: tens of thousands of pages)."""
        made = _Made(self, template, name, view, meta, signature, args)
        return PageOut(src_uri, safe_title(title), made.sign, made.make, **kw)

    # -- contributors' markdown, with citations -----------------------------------------------------

    def show_problems(self, problems: list[Problem]) -> None:
        """Show each problem on the page of the entry it concerns (under `mkdocs serve`, so that a
        contributor sees it in the preview); problems of no entry go to the digests index."""
        if not problems:
            return
        by_file: dict[str, list[Entry]] = {}
        for entry in self.lib.entries.values():
            by_file.setdefault(entry.path, []).append(entry)
            if entry.digest:
                by_file.setdefault(entry.digest.path, []).append(entry)
        for problem in problems:
            found: Entry | None = next(iter(by_file.get(problem.path, [])), None)
            if problem.path.endswith(".bib"):  # the entry whose record holds the line
                found = max((e for e in by_file.get(problem.path, []) if e.line <= (problem.line or 0)),
                            key=lambda e: e.line, default=None)
            self.problems.setdefault(found.key if found else "", []).append(str(problem))

    def digest_body(self, entry: Entry) -> Cleaned | None:
        digest = entry.digest
        if not digest or not digest.body.strip():
            return None
        return self.renderer.body(digest.body, digest.path, digest.body_line)

    def fill(self, here: str, cleaned_html: str, prepared: Prepared) -> str:
        """Clean HTML with its citations and lists put in, made by the templates."""
        pieces = self.pieces
        numbers = pieces.numbers(prepared.keys)
        citation = self.macro("partials/citation.html", "citation")
        markers = {"newest": lambda: self.macro("partials/entry-item.html", "entry_list")(
                       pieces.newest(here), "digest-list digest-newest"),
                   "topics": lambda: self.macro("partials/topic-list.html", "topic_list")(pieces.topic_list(here))}
        return self.renderer.fill(cleaned_html, prepared, lambda cites: str(citation(pieces.citation(here, cites, numbers))),
                                  lambda name: str(markers[name]()), lambda url: urls.local_link(self.links, here, url))

    def references(self, here: str, keys: list[str]) -> str:
        refs = self.pieces.reference_list(here, keys)
        return str(self.macro("partials/reference.html", "reference_list")(refs)) if refs else ""


__all__ = ["PageMaker", "PageOut", "Rendered", "constant", "environment", "render_macro", "table_of_contents",
           "templates_signature", "unique_ids"]
