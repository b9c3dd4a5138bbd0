"""No script-capable markup from any contributor-controlled input reaches the built site.

tests/sites/hostile/ puts XSS payloads (the OWASP filter evasion cheat sheet classics) into every
field a contributor controls: BibTeX text, names and link fields, digest front matter and bodies,
the topic vocabulary and hand-written pages. Its mkdocs.yml, the only trusted file, is configured
as the project's (theme overrides, attr_list, md_in_html).

The site is built twice (directory URLs and ``.html`` URLs) and every page is parsed with
``html.parser``. One test per class of vector looks at every element of every page:

* ``event-handlers``: no attribute named ``on*``;
* ``script-urls``: no URL attribute whose value, decoded and without ASCII whitespace and control
  characters, starts with ``javascript:``, ``vbscript:`` or ``data:`` (the site's own downloads are
  made in the browser from the records scripts: no page carries a ``data:`` link);
* ``dangerous-elements``: no frames, plug-ins, ``<base>``, forms, ``<meta http-equiv=refresh>``,
  nor the raw-text elements ``html.parser`` reads differently from a browser (mutation XSS);
* ``unexpected-scripts``: every ``<script>`` (and script preload) is one the theme puts on the
  clean sample site built the same way; JSON data blocks must parse as JSON;
* ``unexpected-styles``: likewise every ``<style>``, stylesheet link and ``style`` attribute.

Escaping must not lose text either: the hostile strings are still shown, as text.
tests/browser/test_hostile_browser.py loads the same site in Chromium and fires events.
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import SITES, Built, build_site, copy_site

HOSTILE_KEYS = ("fields2020", "quotes2021", "editors2019", "chapter2018", "untitled2017", "abstract2016")
"""Every entry of tests/sites/hostile/bib/: each must be read (and get its page) despite its payloads."""

URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc", "cite",
    "ping", "lowsrc", "dynsrc",
})
ANIMATION_ATTRIBUTES = frozenset({"values", "to", "from", "by"})
"""SVG ``<animate>``/``<set>`` write these into another attribute (``attributeName="href"``)."""
SCRIPT_SCHEMES = ("javascript:", "vbscript:", "data:")
_CONTROL_OR_SPACE = re.compile(r"[\x00-\x20\x7f]+")

DANGEROUS_ELEMENTS = {
    "iframe": "a frame", "frame": "a frame", "frameset": "a frame set", "object": "a plug-in", "embed": "a plug-in",
    "applet": "a plug-in", "base": "a base URL for every link", "form": "a form", "isindex": "a form",
    # Raw-text elements: a browser reads "</noscript>" inside an attribute value as the end of the element
    # (what follows becomes markup) where html.parser and sanitizers may not. Nothing here should need them.
    "noscript": "a raw-text element (mutation XSS)", "xmp": "a raw-text element (mutation XSS)",
    "noembed": "a raw-text element (mutation XSS)", "noframes": "a raw-text element (mutation XSS)",
    "plaintext": "a raw-text element (mutation XSS)",
}
DATA_SCRIPT_TYPES = ("application/ld+json", "application/json")
"""Script elements of these types are data, never run (their content must still be valid JSON)."""
SCRIPT_LINKS = ("modulepreload", "import")


# -- parsing ----------------------------------------------------------------------------------------


@dataclass
class Element:
    """A start tag as html.parser reads it: names lower-cased, attribute values decoded."""

    tag: str
    attrs: list[tuple[str, str]]
    line: int
    snippet: str
    text: str = ""
    """The content of a <script> or <style> element."""

    def get(self, name: str) -> str | None:
        return next((value for key, value in self.attrs if key == name), None)


@dataclass
class Page:
    """One built page: where it is (``digests/x/index.html``), its elements, its visible text."""

    path: str
    elements: list[Element] = field(default_factory=list)
    text: str = ""
    """The text of <body> outside scripts and styles, whitespace collapsed, as a reader sees it."""

    def where(self, element: Element) -> str:
        snippet = element.snippet if len(element.snippet) <= 200 else element.snippet[:200] + "…"
        return f"{self.path}:{element.line}: {snippet}"


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.raw_text: Element | None = None
        self.in_body = False
        self.words: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, [(name, value or "") for name, value in attrs], self.getpos()[0],
                          self.get_starttag_text() or f"<{tag}>")
        self.page.elements.append(element)
        if tag in ("script", "style"):
            self.raw_text = element
        elif tag == "body":
            self.in_body = True

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.raw_text = None

    def handle_endtag(self, tag: str) -> None:
        if self.raw_text is not None and tag == self.raw_text.tag:
            self.raw_text = None

    def handle_data(self, data: str) -> None:
        if self.raw_text is not None:
            self.raw_text.text += data
        elif self.in_body:
            self.words.append(data)


def parse(path: str, markup: str) -> Page:
    page = Page(path)
    parser = _Parser(page)
    parser.feed(markup)
    parser.close()
    page.text = " ".join("".join(parser.words).split())
    return page


def parse_site(site: Path) -> dict[str, Page]:
    """Every .html page of a built site, by its path under the site folder."""
    pages = {}
    for file in sorted(site.rglob("*.html")):
        path = file.relative_to(site).as_posix()
        pages[path] = parse(path, file.read_text(encoding="utf-8"))
    return pages


# -- the sites ----------------------------------------------------------------------------------------

SCHEMES = {"directory-urls": True, "html-urls": False}


@dataclass
class Site:
    built: Built
    directory_urls: bool
    pages: dict[str, Page]

    def page(self, url: str) -> Page:
        """The page at ``url`` as the hosted site names it (``digests/x/``, "" for home), in either scheme."""
        index = url + "index.html"
        if self.directory_urls or not url:
            return self.pages[index]
        return self.pages.get(url.rstrip("/") + ".html") or self.pages[index]


@pytest.fixture(scope="module", params=list(SCHEMES))
def hostile(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The hostile site, built (not strict: it is full of problems the build reports) and parsed."""
    directory_urls = SCHEMES[request.param]
    built = build_site(copy_site("hostile", tmp_path_factory.mktemp("hostile")), strict=False,
                       use_directory_urls=directory_urls)
    return Site(built, directory_urls, parse_site(built.site))


@dataclass
class Baseline:
    """What the theme itself puts on pages: scripts, styles, style attributes (normalized), and the
    clean pages they were read from."""

    scripts: set[str]
    styles: set[str]
    style_attributes: set[tuple[str, str]]
    pages: dict[str, Page]


@pytest.fixture(scope="module")
def baselines(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Baseline]:
    """The clean sample site built with the hostile site's mkdocs.yml (and a hand-written page), in
    each URL scheme (True: directory URLs)."""
    out = {}
    for directory_urls in SCHEMES.values():
        root = copy_site("clean", tmp_path_factory.mktemp("baseline"))
        shutil.copy(SITES / "hostile" / "mkdocs.yml", root / "mkdocs.yml")
        (root / "docs" / "about.md").write_text("# About\n\nA page written by hand.\n", encoding="utf-8")
        pages = parse_site(build_site(root, strict=False, use_directory_urls=directory_urls).site)
        elements = [element for page in pages.values() for element in page.elements]
        out[directory_urls] = Baseline(
            scripts={key for e in elements if (key := script_key(e))},
            styles={key for e in elements if (key := style_key(e))},
            style_attributes={(e.tag, normalize_style(value)) for e in elements if (value := e.get("style")) is not None},
            pages=pages,
        )
    return out


# -- normalizing what the theme varies from page to page ----------------------------------------

_RELATIVE_LITERAL = re.compile(r"""(["'])(?:\.{1,2}(?:/\.\.)*/?|/)\1""")
_RELATIVE_PREFIX = re.compile(r"^(?:(?:\.{1,2}/)+|/)")


def normalize(text: str) -> str:
    """Script or style text without the relative paths to the site root that differ by page."""
    return " ".join(_RELATIVE_LITERAL.sub('"<root>"', text).split())


def normalize_style(style: str) -> str:
    """A style attribute with its numbers left out: a chart may draw the same bar at another width."""
    return re.sub(r"\d+(?:\.\d+)?", "0", normalize(style))


def normalize_url(url: str) -> str:
    return _RELATIVE_PREFIX.sub("", url.strip())


def is_data_script(element: Element) -> bool:
    return element.tag == "script" and (element.get("type") or "").strip().lower() in DATA_SCRIPT_TYPES


def script_key(element: Element) -> str:
    """What identifies a script the theme runs ("" for anything else)."""
    if element.tag == "script" and not is_data_script(element):
        src = element.get("src")
        return f"src {normalize_url(src)}" if src is not None else f"inline {normalize(element.text)}"
    if element.tag == "link":
        rel = (element.get("rel") or "").lower().split()
        if any(r in SCRIPT_LINKS for r in rel) or ("preload" in rel and (element.get("as") or "").lower() == "script"):
            return f"link {' '.join(rel)} {normalize_url(element.get('href') or '')}"
    return ""


def style_key(element: Element) -> str:
    """What identifies a style sheet the theme applies ("" for anything else)."""
    if element.tag == "style":
        return f"inline {normalize(element.text)}"
    if element.tag == "link" and "stylesheet" in (element.get("rel") or "").lower().split():
        return f"link {normalize_url(element.get('href') or '')}"
    return ""


def scheme_of(value: str) -> str:
    """The value of a URL attribute as a browser reads it: decoded (html.parser did that), without
    ASCII whitespace and control characters (browsers drop them, "jav&#x09;ascript:"), lower case."""
    return _CONTROL_OR_SPACE.sub("", value).lower()


# -- one check per class of vector ----------------------------------------------------------------


def event_handlers(page: Page, baseline: Baseline) -> list[str]:
    return [f"{page.where(e)}  [{name}=]" for e in page.elements for name, _ in e.attrs if name.startswith("on")]


def script_urls(page: Page, baseline: Baseline) -> list[str]:
    found = []
    for element in page.elements:
        for name, value in element.attrs:
            if name in URL_ATTRIBUTES:
                urls = [scheme_of(value)]
            elif name in ANIMATION_ATTRIBUTES and element.tag in ("animate", "set"):
                urls = [scheme_of(v) for v in value.split(";")]
            else:
                continue
            for url in urls:
                if url.startswith(SCRIPT_SCHEMES):
                    found.append(f"{page.where(element)}  [{name}={url[:60]}]")
    return found


def dangerous_elements(page: Page, baseline: Baseline) -> list[str]:
    found = []
    for element in page.elements:
        if element.tag in DANGEROUS_ELEMENTS:
            found.append(f"{page.where(element)}  [{DANGEROUS_ELEMENTS[element.tag]}]")
        elif element.tag == "meta" and (element.get("http-equiv") or "").strip().lower() in ("refresh", "set-cookie"):
            found.append(f"{page.where(element)}  [a meta refresh]")
    return found


def unexpected_scripts(page: Page, baseline: Baseline) -> list[str]:
    found = []
    for element in page.elements:
        if is_data_script(element):
            try:
                json.loads(element.text)
            except ValueError:
                found.append(f"{page.where(element)}  [data block that is not JSON: {element.text[:80]!r}]")
            continue
        key = script_key(element)
        if key and key not in baseline.scripts:
            found.append(f"{page.where(element)}  [not the theme's: {key[:100]!r}]")
    return found


def unexpected_styles(page: Page, baseline: Baseline) -> list[str]:
    found = []
    for element in page.elements:
        key = style_key(element)
        if key and key not in baseline.styles:
            found.append(f"{page.where(element)}  [not the theme's: {key[:100]!r}]")
        style = element.get("style")
        if style is not None and (element.tag, normalize_style(style)) not in baseline.style_attributes:
            found.append(f"{page.where(element)}  [style attribute not from the theme]")
    return found


CHECKS: dict[str, Callable[[Page, Baseline], list[str]]] = {
    "event-handlers": event_handlers,
    "script-urls": script_urls,
    "dangerous-elements": dangerous_elements,
    "unexpected-scripts": unexpected_scripts,
    "unexpected-styles": unexpected_styles,
}


# -- the tests ------------------------------------------------------------------------------------


def test_every_hostile_entry_is_read_and_built(hostile: Site) -> None:
    syntax = [w for w in hostile.built.warnings if "BibTeX syntax error" in w or "front matter is not valid" in w]
    assert syntax == [], "a payload broke a hostile file; escape it so that the file still reads"
    for key in HOSTILE_KEYS:
        assert hostile.page(f"digests/{key}/").text, key
    for url in ("", "about/", "digests/", "topics/", "topics/ketamine/", "topics/glutamate/", "topics/gaba/"):
        assert hostile.page(url).text, url


@pytest.mark.parametrize("vector_class", list(CHECKS))
def test_no_script_capable_markup(vector_class: str, hostile: Site, baselines: dict[bool, Baseline]) -> None:
    baseline = baselines[hostile.directory_urls]
    check = CHECKS[vector_class]
    found = [problem for page in hostile.pages.values() for problem in check(page, baseline)]
    if found:
        pytest.fail(f"{len(found)} {vector_class} on the hostile site:\n" + "\n".join(found), pytrace=False)


@pytest.fixture(scope="module")
def hostile_csl(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The hostile site in CSL styles (references from citeproc-py), with directory URLs."""
    extra = {"digest": {"bib_dir": "bib", "topics_file": "bib/topics.yml", "style": "harvard-cite-them-right"}}
    built = build_site(copy_site("hostile", tmp_path_factory.mktemp("hostile-csl")), strict=False, extra=extra)
    return Site(built, True, parse_site(built.site))


@pytest.mark.parametrize("vector_class", list(CHECKS))
def test_no_script_capable_markup_in_a_csl_style(vector_class: str, hostile_csl: Site, baselines: dict[bool, Baseline]) -> None:
    found = [problem for page in hostile_csl.pages.values() for problem in CHECKS[vector_class](page, baselines[True])]
    if found:
        pytest.fail(f"{len(found)} {vector_class} on the hostile site in a CSL style:\n" + "\n".join(found), pytrace=False)
    assert any("Harvard" in page.text for page in hostile_csl.pages.values())


@pytest.mark.parametrize("directory_urls", list(SCHEMES.values()), ids=list(SCHEMES))
def test_the_checks_pass_on_the_clean_site(directory_urls: bool, baselines: dict[bool, Baseline]) -> None:
    """The theme alone trips no check: what the checks find on the hostile site are the payloads."""
    baseline = baselines[directory_urls]
    assert any(key.startswith("src ") for key in baseline.scripts), "no theme scripts seen: is the baseline built?"
    found = [problem for page in baseline.pages.values() for check in CHECKS.values() for problem in check(page, baseline)]
    assert found == []


def test_the_checks_catch_each_kind_of_payload(baselines: dict[bool, Baseline]) -> None:
    """Each check fails on a sample of what it is for (so a passing suite means something)."""
    baseline = baselines[True]
    samples = {
        "event-handlers": '<svg/onload=alert(1)><details open ontoggle="alert(1)">',
        "script-urls": '<a href="&#106;ava&#x09;script&colon;alert(1)">x</a><a download href="data:text/html,x">d</a>'
                       '<svg><a><set attributeName="href" to="javascript:alert(1)"/></a></svg>',
        "dangerous-elements": '<iframe></iframe><base href="/"><meta http-equiv="Refresh" content="0"><noscript></noscript>',
        "unexpected-scripts": '<script>alert(1)</script><script type="application/ld+json">{"a": "</script>',
        "unexpected-styles": '<style>*{}</style><p style="color:red">x</p><link rel="stylesheet" href="data:text/css,*{}">',
    }
    for name, markup in samples.items():
        page = parse("sample.html", f"<body>{markup}</body>")
        assert len(CHECKS[name](page, baseline)) >= 2, name


SHOWN = {
    # BibTeX text fields, on the entry's page (the title, the venue, the references, the BibTeX record).
    "bib-title": ("digests/fields2020/", "Title <script>alert(1)</script> with <img src=x onerror=alert(1)> and glutamate"),
    "bib-journal": ("digests/fields2020/", "Journal of <svg/onload=alert(1)> Studies"),
    "bib-note": ("digests/fields2020/", 'Note <a href="javascript:alert(1)">bib-note-anchor</a>'),
    "bib-keywords": ("digests/fields2020/", "<script>alert(document.domain)</script>"),
    "bib-title-quotes": ("digests/quotes2021/", "Quote \" onmouseover=\"alert(1)\" x=\" and ' onfocus='alert(1)' and "
                                                "</script><script>alert(1)</script> ketamine"),
    "bib-journal-title-tag": ("digests/quotes2021/", "</title><script>alert(document.domain)</script>"),
    "bib-publisher": ("digests/editors2019/", "Press <script>alert(1)</script> [bib-publisher-link](javascript:alert(1))"),
    "bib-title-details": ("digests/editors2019/", "Edited book on GABA <details open ontoggle=alert(1)>"),
    "bib-booktitle": ("digests/chapter2018/", "Booktitle <img src=x onerror=alert(1)> [bib-booktitle-link](javascript:alert(1))"),
    "bib-publisher-srcdoc": ("digests/chapter2018/", 'Publisher <iframe srcdoc="<script>alert(1)</script>"></iframe>'),
    "bib-abstract": ("digests/abstract2016/", 'Only abstract: <script>alert(1)</script> <a href="javascript&colon;alert(1)">'
                                              "bib-abstract-anchor</a> [bib-abstract2-link](javascript:alert(1)) glutamate."),
    "bib-note-object": ("digests/abstract2016/", "<object data=javascript:alert(1)></object>"),
    # Author and editor names: on the entry's page...
    "name-braced-attr": ("digests/chapter2018/", "*bib-braced-attr*{: onmouseover=alert(1) }"),
    "name-braced-link": ("digests/fields2020/", "[bib-name-link](javascript:alert(1))"),
    "editor-braced-svg": ("digests/chapter2018/", "<svg onload=alert(1)>"),
    # ...and in the in-text citations of the pages citing it (each followed by a word of the digest).
    "cite-braced-attr": ("digests/chapter2018/", "(*bib-braced-attr*{: onmouseover=alert(1) } & Writer, 2018) cites-braced-name"),
    "cite-editor-link": ("digests/chapter2018/",
                         "([bib-editor-link](javascript:alert(document.domain)) & Editor, 2019) cites-editors"),
    "cite-group-img": ("digests/chapter2018/", "(<img src=x onerror=alert(1)> et al., 2016) cites-group-name"),
    "cite-plain-name-link": ("digests/chapter2018/",
                             "(Linkname[bib-plain-name-link](javascript:alert(1)) & Second, 2021) cites-plain-name"),
    "cite-title-link": ("digests/chapter2018/",
                        "(“[bib-title-link](javascript:alert(1)) *bib-title-attr*{:onclick=alert(1)} about "
                        "ketamine”, 2017) cites-title"),
    "cite-name-link": ("digests/quotes2021/", "(Mallory & [bib-name-link](javascript:alert(1)), 2020) cites-name-link"),
    "cite-on-hand-written-page": ("", "(Mallory & [bib-name-link](javascript:alert(1)), 2020; "
                                      "Linkname[bib-plain-name-link](javascript:alert(1)) & Second, 2021)"),
    # Digest front matter and the topic vocabulary.
    "fm-contributors": ("digests/fields2020/", "[fm-contributor-link](javascript:alert(1))"),
    "fm-teaser": ("digests/",
                  "<img src=x onerror=alert(1)> [fm-teaser-link](javascript:alert(1)) *fm-teaser-attr*{: onclick=alert(1) }"),
    "topic-name-script": ("topics/ketamine/", "Ketamine <script>alert(1)</script>"),
    "topic-description": ("topics/ketamine/",
                          "A drug <img src=x onerror=alert(1)> and [topic-desc-link](javascript:alert(1)) and "
                          "*topic-desc-attr*{: onclick=alert(1) }."),
    "topic-name-link": ("topics/glutamate/", "[topic-name-link](javascript:alert(1))"),
    "topic-name-attr": ("topics/gaba/", "*topic-name-attr*{: onmouseover=alert(1) }"),
    # The harmless words of digest bodies and hand-written pages survive their payloads being removed.
    "body-raw-html": ("digests/fields2020/", "Raw HTML in a digest body, citing"),
    "body-markdown": ("digests/quotes2021/", "An attr_list on a paragraph."),
    "body-mutation": ("digests/editors2019/", "Mutation XSS and SVG/MathML payloads, citing"),
    "body-unclosed": ("digests/untitled2017/", "ends in an element left open"),
    "notice": ("digests/fields2020/", "Not advice<script>alert('notice')</script><img src=x onerror=alert('notice')>"),
    "page-home": ("", "Hand-written citations"),
    "page-about": ("about/", "Inline list markers, where the lists become part of a paragraph:"),
}


@pytest.mark.parametrize("what", list(SHOWN))
def test_hostile_text_is_shown_as_text(what: str, hostile: Site) -> None:
    """Made harmless by escaping, not by dropping: the reader still sees what the record says.

    ``page.text`` is what html.parser reads as text, so a "<" in it was written escaped.
    """
    url, text = SHOWN[what]
    page = hostile.page(url)
    wanted = " ".join(text.split())
    if wanted not in page.text:
        words = wanted.split()
        near = [m.start() for m in re.finditer(re.escape(words[-1]), page.text)][:3]
        seen = " | ".join(page.text[max(0, at - len(wanted)):at + len(words[-1])] for at in near)
        pytest.fail(f"{page.path} does not show {text!r} as text; near its last word it shows: {seen!r}", pytrace=False)
