"""The allow-list HTML sanitizer for everything a contributor writes, and a report of what it removed.

Digest bodies and hand-written pages are markdown, which passes raw HTML through; the HTML that
Markdown makes of them is cleaned here by nh3 (the Python binding of Rust's ammonia, an html5ever
parser): only the tags, attributes and URL schemes listed below survive, whatever the spelling
(entities, ``javascript&colon;``, control characters, mutation-XSS nesting). A blocklist of bad
patterns, which this replaces, missed exactly those spellings.

:func:`removed` compares the tags and attributes before and after, so that ``make check`` and the
build can say what was taken out and where.
"""

from __future__ import annotations

import contextvars
import html
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import nh3

TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
}
ATTRIBUTES = {
    "*": {"id", "class", "title", "lang", "dir"},
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "align"}, "th": {"colspan", "rowspan", "scope", "align"},
    "ol": {"start", "reversed", "type"}, "li": {"value"}, "time": {"datetime"},
    "details": {"open"}, "blockquote": {"cite"}, "q": {"cite"}, "del": {"cite", "datetime"}, "ins": {"cite", "datetime"},
    "col": {"span"}, "colgroup": {"span"},
}
URL_SCHEMES = {"http", "https", "mailto"}
URL_ATTRIBUTES = {"href", "src", "cite", "action", "formaction", "xlink:href", "data", "poster", "background"}
RESERVED_ID = re.compile(r"^(__|md[-_]|digest-|digest[A-Z])")
"""Ids a contributor may not set: the theme and the site's scripts look elements up by these
(``__config`` holds Material's settings, ``digest-search-list`` is the search box's), and an element
with an id is also a global of the page's scripts (``window.digestSearchIndex``, ``window.digestRecords``):
a second element with one would take its place (DOM clobbering)."""
SAFE_ID = re.compile(r"^[\w.:-]+$")
"""The characters an id may have (what the toc extension makes of a heading, footnotes' ``fn:1``):
an id is printed into the table of contents and its links by the theme, unescaped."""
RESERVED_CLASS = re.compile(r"^(md|digest)[-_]", re.I)
"""Class names of the theme (``md-consent__overlay``) and of the site (``digest-share``): their
styles and scripts would let a contributor's element pass for the theme's (a fake overlay, a
"sign in" box over the page) or be picked up by the site's scripts."""

_TAG = re.compile(r"<([A-Za-z][\w:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ATTRIBUTE = re.compile(r"([^\s\"'>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_IGNORED = re.compile(r"[\x00-\x20]")


_LOCAL: contextvars.ContextVar[Callable[[str], str] | None] = contextvars.ContextVar("local", default=None)
"""What :func:`clean` does with a link or image to a file of the site, while it cleans a digest."""


def _keep_attribute(element: str, attribute: str, value: str) -> str | None:
    if (element, attribute) in LOCAL_ATTRIBUTES:
        local = _LOCAL.get()
        if local is not None and is_local(value):
            return local(value)
    if attribute == "id":
        return value if SAFE_ID.match(value) and not RESERVED_ID.match(value) else None
    if attribute == "class":
        return " ".join(name for name in value.split() if not RESERVED_CLASS.match(name)) or None
    if element == "img" and attribute == "src" and external(value):
        return None
    return value


LOCAL_ATTRIBUTES = {("a", "href"), ("img", "src")}


def is_local(url: str) -> bool:
    """Whether ``url`` names a file of the site by a path relative to the page's own file (``../assets/a.png``,
    ``li2010.md#methods``): not another site, not a path from the root, not a place on the same page."""
    plain = _IGNORED.sub("", url).replace("\\", "/")
    return bool(plain) and not external(plain) and plain[0] not in "/#?"


def external(url: str) -> bool:
    """Whether ``url`` points out of the site (a scheme, or ``//host``; browsers read ``\\`` as ``/``):
    images are the site's own files (README: every asset local), so that no reader is counted."""
    plain = _IGNORED.sub("", url).replace("\\", "/")
    return bool(_SCHEME.match(plain)) or plain.startswith("//")


_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None,
                       attribute_filter=_keep_attribute, strip_comments=True)


def clean(fragment: str, local: Callable[[str], str] | None = None) -> str:
    """``fragment`` with every tag, attribute and URL not on the allow-list removed; each link and image
    :func:`is_local` finds, replaced by what ``local`` makes of it, where given (a digest's: its page is
    not where its file is, so the path it was written with must be made again for the page)."""
    if local is None:
        return _CLEANER.clean(fragment)
    token = _LOCAL.set(local)
    try:
        return _CLEANER.clean(fragment)
    finally:
        _LOCAL.reset(token)


@dataclass(frozen=True)
class Removal:
    """One thing the sanitizer took out, and text to find it by in the source."""

    what: str
    """As a contributor would read it: "element <script>", "attribute onclick= on <p>", "javascript: link (href of <a>)"."""
    needles: tuple[str, ...]


def _inventory(fragment: str) -> tuple[Counter[str], Counter[tuple[str, str]], dict[tuple[str, str], list[str]]]:
    tags: Counter[str] = Counter()
    attributes: Counter[tuple[str, str]] = Counter()
    values: dict[tuple[str, str], list[str]] = {}
    for match in _TAG.finditer(fragment):
        tag = match.group(1).lower()
        tags[tag] += 1
        for attribute in _ATTRIBUTE.finditer(match.group(2)):
            name = attribute.group(1).lower()
            attributes[(tag, name)] += 1
            values.setdefault((tag, name), []).append(html.unescape((attribute.group(2) or "").strip("\"'")))
    return tags, attributes, values


def removed(before: str, after: str) -> list[Removal]:
    """What :func:`clean` took out of ``before`` to make ``after``: elements, attributes, links."""
    tags_before, attrs_before, values = _inventory(before)
    tags_after, attrs_after, _ = _inventory(after)
    found = [Removal(f"element <{tag}>", (f"<{tag}",)) for tag in sorted(tags_before - tags_after)]
    for tag, name in sorted(attrs_before - attrs_after):
        if tag in (tags_before - tags_after):
            continue  # its element is reported
        links = _bad_links(values.get((tag, name), [])) if name in URL_ATTRIBUTES else []
        if links:  # each link named, so that each is found at its own line
            found += [Removal(f"{scheme}: link ({name} of <{tag}>)", (value[:80], value[:12], scheme, "&#", name))
                      for scheme, value in links]
        elif name == "id":
            found.append(Removal(f"id= on <{tag}> that the site reserves (__…, md-…, digest-…) or with characters "
                                 "other than letters, digits, -, _, . and :", ("id=", "#")))
        elif tag == "img" and name == "src":
            found.append(Removal("external image (src of <img>): images must be files of the site, under docs/",
                                 ("http", "//", "src")))
        elif name == "class":
            continue  # reported name by name below
        else:
            found.append(Removal(f"attribute {name}= on <{tag}>", (name,)))
    return found + _reserved_classes(values, tags_before - tags_after)


def _bad_links(values: list[str]) -> list[tuple[str, str]]:
    """(scheme, link) of each distinct link in ``values`` whose scheme the site does not link to, in order."""
    found: dict[tuple[str, str], None] = {}
    for value in values:
        match = _SCHEME.match(_IGNORED.sub("", value))
        if match and match.group(1).lower() not in URL_SCHEMES:
            found.setdefault((match.group(1).lower(), value), None)
    return list(found)


def _reserved_classes(values: dict[tuple[str, str], list[str]], gone: Counter[str]) -> list[Removal]:
    names = sorted({(tag, name) for (tag, attribute), found in values.items() if attribute == "class" and tag not in gone
                    for value in found for name in value.split() if RESERVED_CLASS.match(name)})
    return [Removal(f'class "{name}" on <{tag}>: the theme\'s or the site\'s own', (name,)) for tag, name in names]


def line_of(needles: Iterable[str], lines: list[str], first_line: int) -> int:
    """The line of the source (``lines``, numbered from ``first_line``) holding the first of ``needles``
    found, tried in order, in any case (a :class:`Removal`'s, a link's); the first line when none is
    (Markdown does not keep source positions)."""
    for needle in needles:
        lowered = needle.lower()
        for number, line in enumerate(lines, start=first_line):
            if lowered in line.lower():
                return number
    return first_line
