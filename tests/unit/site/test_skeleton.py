"""The theme's page made once a shape and filled (site/skeleton.py): the same text as the theme's own
render, whatever the values, and the theme's render wherever a template does more than print them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import jinja2
import pytest

from digest.site import skeleton

HEAD = "{% if page.meta.citation %}<meta name=\"citation_title\" content=\"{{ page.meta.citation | e }}\">{% endif %}"
PRINTS = ("<html><head><title>{{ page.meta.title }} - Site</title>"
          "{% if page.canonical_url %}<link rel=\"canonical\" href=\"{{ page.canonical_url }}\">{% endif %}"
          "{% if digest_head_slot is defined %}{{ digest_head_slot }}"
          "{% else %}{% include \"partials/digest-head.html\" %}{% endif %}"
          "</head><body><a href=\"{{ base_url }}/assets/\">home</a>"
          "{% if page.toc | first is defined %}<a class=\"skip\" href=\"{{ (page.toc | first).url }}\">skip</a>{% endif %}"
          "<nav>{% include \"partials/toc.html\" %}</nav>"
          "{% if '<h1' not in page.content %}<h1>{{ page.title }}</h1>{% endif %}{{ page.content }}</body></html>")


@dataclass
class Toc:
    title: str
    id: str
    level: int = 2
    children: list[Any] = field(default_factory=list)

    @property
    def url(self) -> str:
        return "#" + self.id


@dataclass
class Page:
    url: str
    title: str
    content: str
    meta: dict[str, Any]
    toc: list[Toc] = field(default_factory=lambda: [Toc("Summary", "summary"), Toc("Reference", "reference")])
    canonical_url: str | None = None
    previous_page: Any = None
    next_page: Any = None
    edit_url: str | None = None
    is_homepage: bool = False


HOSTILE = ["<script>alert(1)</script>", "a &amp; b &lt;i&gt;", "\"'><img src=x onerror=alert(1)>", "{{ 7*7 }}{% raw %}",
           "<h1>own heading</h1>", skeleton.marker("content"), skeleton.marker("evil"), "\ue000\ue002\ue001", "ü → ∞", ""]


THEME_TOC = "{{ lang.t('toc') }}:{% for item in page.toc %}<a href=\"{{ item.url }}\">{{ item.title }}</a>{% endfor %}"
LANGUAGE = "{% macro t(key) %}On this page{% endmacro %}"
INLINE_TOC = PRINTS.replace("<nav>", "<nav>{% for item in page.toc %}<a href=\"{{ item.url }}\">{{ item.title }}</a>{% endfor %}")


def _env(main: str) -> jinja2.Environment:
    """The theme's templates as the hook serves them: ``partials/toc.html`` a slot (skeleton.TocSlot)."""
    return jinja2.Environment(loader=skeleton.TocSlot(jinja2.DictLoader({
        "main.html": "{% import \"partials/language.html\" as lang with context %}" + main, skeleton.HEAD: HEAD,
        skeleton.TOC: THEME_TOC, "partials/language.html": LANGUAGE})))


def _pages(n: int, folder: str = "digests") -> list[Page]:
    pages = []
    for i in range(n):
        value = HOSTILE[i % len(HOSTILE)]
        pages.append(Page(f"{folder}/key{i}/", f"Title {i} {value}", f"<p>{value} {i}</p>",
                          {"title": f"Meta {value}", "citation": f"cite {value}"},
                          canonical_url=f"https://example.org/{folder}/key{i}/?q={value}"))
    return pages


def _render_all(main: str, pages: list[Page]) -> tuple[skeleton.Skeletons, list[str], list[str]]:
    env = _env(main)
    skeletons = skeleton.Skeletons(env)
    filled = [skeletons.render({"page": page, "base_url": "../.."}) for page in pages]
    theme = [env.get_template("main.html").render({"page": page, "base_url": "../.."}) for page in pages]
    return skeletons, filled, theme


def test_a_filled_page_is_the_theme_s_page_whatever_its_values() -> None:
    skeletons, filled, theme = _render_all(PRINTS, _pages(30))
    assert filled == theme
    assert skeletons.filled >= 20  # all but the first two pages of each shape
    assert all(parts is not None for parts in skeletons.made.values())


@pytest.mark.parametrize("main", [
    PRINTS.replace("{{ page.meta.title }}", "{{ page.meta.title | e }}"),  # escaped
    PRINTS.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.title | striptags }}</h1>"),  # stripped
    PRINTS.replace("{{ page.content }}", "{{ page.content | tojson }}"),  # quoted
    PRINTS.replace("</body>", "<a href=\"{{ page.url }}\">here</a></body>"),  # the page's own address
    PRINTS.replace("</body>", "{{ page.title | length }}</body>"),  # a value's length
])
def test_a_template_that_does_more_than_print_a_value_is_rendered_by_the_theme(main: str) -> None:
    skeletons, filled, theme = _render_all(main, _pages(30))
    assert filled == theme
    assert None in skeletons.made.values()  # the shape where it shows (pages with a heading of their own: another)


def test_a_page_with_a_heading_of_its_own_is_another_shape() -> None:
    pages = _pages(6)
    for page in pages[::2]:
        page.content = "<h1 id=\"x\">Own</h1>" + page.content
    skeletons, filled, theme = _render_all(PRINTS, pages)
    assert filled == theme
    assert skeletons.filled == 2


def test_pages_of_other_folders_tables_of_contents_or_front_matter_are_other_shapes() -> None:
    pages = _pages(3, "digests") + _pages(3, "topics") + _pages(3, "digests")
    pages[6].toc = [Toc("Other", "other")]
    pages[7].meta["hide"] = ["toc"]
    skeletons, filled, theme = _render_all(PRINTS, pages)
    assert filled == theme
    assert len(skeletons.made) == 2  # digests (pages 0-2, 5... ) and topics; 6 and 7 seen once
    assert len(skeletons.first) == 2


def test_a_marker_in_a_page_s_own_text_is_text() -> None:
    pages = _pages(6)
    for page in pages:
        page.toc = [Toc(skeleton.marker("content"), "a"), Toc(skeleton.marker("nothing"), "b")]
    skeletons, filled, theme = _render_all(PRINTS, pages)
    assert filled == theme
    skeletons, filled, theme = _render_all(INLINE_TOC, pages)
    assert filled == theme
    assert skeletons.filled == 0


def test_pages_whose_tables_of_contents_differ_past_the_first_entry_are_one_shape() -> None:
    pages = _pages(12)
    for i, page in enumerate(pages):
        page.toc = [Toc("Summary", "summary"), *[Toc(f"Part {j} {HOSTILE[j % len(HOSTILE)]}", f"part-{j}") for j in range(i % 4)]]
    skeletons, filled, theme = _render_all(PRINTS, pages)
    assert filled == theme
    # All but the shape's first two pages and the one with a heading of its own (another shape, seen once).
    assert len(skeletons.made) == 1 and skeletons.filled == 9
    assert len(skeletons.tocs) == 4  # each table rendered once


@pytest.mark.parametrize("main", [
    INLINE_TOC,  # every entry, outside the slot
    PRINTS.replace("skip</a>", "{{ (page.toc | first).title }}</a>"),  # the first entry's title
    PRINTS.replace("</body>", "{{ page.toc | length }}</body>"),  # its length
])
def test_a_template_that_reads_the_table_of_contents_outside_its_slot_is_rendered_by_the_theme(main: str) -> None:
    pages = _pages(12)
    for i, page in enumerate(pages):
        page.toc = [Toc("Summary", "summary"), *[Toc(f"Part {j}", f"part-{j}") for j in range(i % 3)]]
    skeletons, filled, theme = _render_all(main, pages)
    assert filled == theme
    assert list(skeletons.made.values()) == [None]


def test_pages_in_the_navigation_or_with_neighbours_are_the_theme_s() -> None:
    pages = _pages(6)
    for page in pages:
        page.next_page = pages[0]
    skeletons, filled, theme = _render_all(PRINTS, pages)
    assert filled == theme
    assert skeletons.filled == 0 and not skeletons.made
    env = _env(PRINTS)
    refused = skeleton.Skeletons(env, ok=lambda page: False)
    assert [refused.render({"page": page, "base_url": "."}) for page in _pages(5)] == [
        env.get_template("main.html").render({"page": page, "base_url": "."}) for page in _pages(5)]
    assert refused.filled == 0


def test_a_value_escaped_by_the_template_is_found_out_even_when_the_first_pages_need_no_escaping() -> None:
    pages = _pages(12)
    for page in pages[:2]:
        page.title, page.meta["title"], page.content = "Plain", "Plain", "<p>plain</p>"
    for main in (PRINTS.replace("{{ page.meta.title }}", "{{ page.meta.title | e }}"),
                 PRINTS.replace("<h1>{{ page.title }}</h1>", "<h1>{{ page.title | striptags }}</h1>")):
        skeletons, filled, theme = _render_all(main, pages)
        assert filled == theme
        assert skeletons.filled == 0
