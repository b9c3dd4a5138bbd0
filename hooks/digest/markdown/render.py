"""What contributors write in markdown (digest bodies, hand-written pages) -> clean HTML.

The markdown is rendered with the site's own Markdown configuration, then cleaned by the
allow-list sanitizer (``sanitizer.py``); what the sanitizer removed is reported with the file and
line. Citations (``[@key]``) and list markers (``<!-- digest:newest -->``) are taken out before
Markdown and replaced by tokens, which come back as HTML made by the templates after cleaning:
text from BibTeX (the authors' names in "Lener et al., 2016") never passes through Markdown, and
the site's own markup never passes through the sanitizer.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import markdown
from markupsafe import escape

from digest import ahead, limits
from digest.markdown import citations, sanitizer
from digest.problems import Problem

MARKER = re.compile(r"<!--\s*digest:(newest|topics)\s*-->")
BUDGET_HINT = "split it or simplify it (lists and quotes nested less deep, fewer brackets); until then it is shown as plain text"
HINT = "remove it: digests and pages are plain markdown (write links as [text](https://...)); the site shows them without it"
IMAGE_HINT = ("save the image under docs/ (docs/assets/, say) and link it by its relative path: readers' browsers load "
              "nothing from other sites; the site shows the page without it")


@dataclass
class Prepared:
    """Markdown with citations and markers replaced by tokens, and what each token stands for."""

    markdown: str
    cites: list[tuple[citations.Cite, ...]] = field(default_factory=list)
    markers: list[str] = field(default_factory=list)
    over_budget: list[tuple[int, str]] = field(default_factory=list)
    """(line in the text, what) of each Markdown budget the text is over: then ``markdown`` shows it as plain text."""
    local: list[str] = field(default_factory=list)
    """A digest's links and images to files of the site, as written (relative to its file): the clean HTML
    holds a token for each, which :meth:`Renderer.fill` makes into the link from the page that shows it."""

    @property
    def keys(self) -> list[str]:
        """The keys cited, in order of first citation."""
        return list(dict.fromkeys(c.key for cites in self.cites for c in cites))


@dataclass
class Cleaned:
    """Clean HTML (tokens still in it), the keys it cites, and what the sanitizer removed."""

    html: str
    prepared: Prepared
    problems: list[Problem]


RENDER_BESIDE = 400
"""Digest bodies to render from which half are rendered in a forked child (where the build may fork)."""


class Renderer:
    """Renders and cleans contributors' markdown; one Markdown instance, reset between documents."""

    def __init__(self, extensions: list[Any] | None = None, configs: dict[str, Any] | None = None) -> None:
        self._md = markdown.Markdown(extensions=extensions or ["toc", "tables", "fenced_code"], extension_configs=configs or {})
        self._nonce = secrets.token_hex(4)
        self._token = re.compile(rf"(<p>)?dgst{self._nonce}([cmu])(\d+)x(</p>)?")
        self._cache: dict[tuple[str, str, int], Cleaned] = {}

    def prepare(self, text: str) -> Prepared:
        """``text`` with its citations and markers replaced by tokens (code blocks untouched); a text over a
        budget of :mod:`digest.limits` is shown as it is, as plain text, since Markdown would take minutes."""
        over = limits.markdown_budget(text)
        if over:
            return Prepared(limits.as_plain_text(text), over_budget=over)
        prepared = Prepared(text)

        def cite(cites: tuple[citations.Cite, ...]) -> str:
            prepared.cites.append(cites)
            return f"dgst{self._nonce}c{len(prepared.cites) - 1}x"

        def marker(match: re.Match[str]) -> str:
            prepared.markers.append(match.group(1))
            return f"dgst{self._nonce}m{len(prepared.markers) - 1}x"

        prepared.markdown = MARKER.sub(marker, citations.replace(text, cite))
        return prepared

    def to_html(self, text: str) -> str:
        """Markdown -> HTML with the site's extensions (heading ids as the toc extension makes them); Markdown
        recurses once a nesting level: text it cannot render is shown as plain text (:meth:`render` reports it)."""
        self._md.reset()
        try:
            return self._md.convert(text)
        except RecursionError:
            self._md.reset()
            return self._md.convert(limits.as_plain_text(text))

    def render(self, text: str, path: str, first_line: int, local: bool = False) -> Cleaned:
        """Markdown (a digest body, a page's) rendered and cleaned, with a problem for each budget it is over;
        ``local``: a digest's, whose links and images to files of the site are kept for :meth:`fill`
        (a hand-written page's are MkDocs' to make)."""
        prepared = self.prepare(text)
        problems = [Problem(path, first_line + line - 1, f"the text is over a budget: {what}", BUDGET_HINT, "too-large")
                    for line, what in prepared.over_budget]
        self._md.reset()
        try:
            html = self._md.convert(prepared.markdown)
        except RecursionError:
            problems.append(Problem(path, first_line, "the text is nested too deeply for Markdown", BUDGET_HINT, "too-deep"))
            html = self.to_html(limits.as_plain_text(text))
        prepared.markdown = ""  # converted: only its citations and markers are needed from now on
        cleaned = self.clean(html, text, path, first_line, prepared, local)
        cleaned.problems[:0] = problems
        return cleaned

    def clean(self, html: str, source: str, path: str, first_line: int, prepared: Prepared,
              local: bool = False) -> Cleaned:
        """``html`` cleaned, with a problem at its line for each thing the sanitizer removed; where ``local``,
        each link and image to a file of the site is a token (:attr:`Prepared.local`)."""
        def token(url: str) -> str:
            prepared.local.append(url)
            return f"dgst{self._nonce}u{len(prepared.local) - 1}x"

        safe = sanitizer.clean(html, token if local else None)
        problems = []
        if safe != html:
            lines = source.split("\n")
            for removal in sanitizer.removed(html, safe):
                line = sanitizer.line_of(removal.needles, lines, first_line)
                hint = IMAGE_HINT if removal.what.startswith("external image") else HINT
                problems.append(Problem(path, line, f"unsafe HTML removed: {removal.what}", hint, "unsafe-html"))
        return Cleaned(safe, prepared, problems)

    def body(self, text: str, path: str, first_line: int) -> Cleaned:
        """A digest body, rendered and cleaned once per text (and reused under ``mkdocs serve``)."""
        slot = (text, path, first_line)
        found = self._cache.get(slot)
        if found is None:
            found = self._cache[slot] = self.render(text, path, first_line, local=True)
        return found

    def render_all(self, slots: list[tuple[str, str, int]], fork: bool = False) -> None:
        """The bodies (text, path, first line) not rendered yet, rendered now for :meth:`body`; in two
        processes where ``fork`` (a forked child renders half of them: :func:`ahead.in_halves`)."""
        todo = [slot for slot in dict.fromkeys(slots) if slot not in self._cache]
        made = ahead.in_halves(lambda part: [self.render(text, path, line, local=True) for text, path, line in part],
                               todo, fork, least=RENDER_BESIDE)
        self._cache.update(zip(todo, made, strict=True))

    def forget_except(self, keep: set[tuple[str, str, int]]) -> None:
        """Drop cached bodies that are no longer in the library (edited or deleted digests)."""
        for slot in [s for s in self._cache if s not in keep]:
            del self._cache[slot]

    def fill(self, html: str, prepared: Prepared, cite: Callable[[tuple[citations.Cite, ...]], str],
             marker: Callable[[str], str], local: Callable[[str], str] = str) -> str:
        """The tokens in ``html`` replaced by the HTML of their citation or list (made by the templates), and by
        what ``local`` makes of each link to a file of the site (escaped here: it is an attribute's value)."""
        def put(match: re.Match[str]) -> str:
            index = int(match.group(3))
            if match.group(2) == "u":
                made = str(escape(local(prepared.local[index])))
            elif match.group(2) == "m":
                made = marker(prepared.markers[index])
                # A marker alone in its paragraph replaces the paragraph: a list may not sit in a <p>.
                if match.group(1) and match.group(4):
                    return made
            else:
                made = cite(prepared.cites[index])
            return (match.group(1) or "") + made + (match.group(4) or "")
        return self._token.sub(put, html)
