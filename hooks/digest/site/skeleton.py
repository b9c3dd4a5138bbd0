"""The theme's page rendered once for all the generated pages it is the same around, then filled.

Material's ``main.html`` costs a generated page as much CPU as a plain site's whole page (a fifth of
the build at 20,000 entries), yet what it writes depends on the page through a few values it prints
as they are (the title, the canonical address, the description, the content) and one part of our
overrides (``partials/digest-head.html``: the page's feed link, citation tags and JSON-LD). Pages of
one *shape* (one folder, the same front matter but for those values, and a table of contents that is
empty or not and leads first to the same place) get the same HTML around them. So the theme renders
a shape once, with a marker in place of each value and of the table of contents (its
``partials/toc.html`` a slot, :class:`TocSlot`), and every other page of it is that HTML with its own
values and table put in (:class:`Skeletons`).

Checked, not trusted:

- a marker holds ``<``, ``&amp;`` and quotes, which escaping, tag stripping or JSON would change: a
  template that does anything to a value but print it leaves a broken marker, and the shape is
  rendered by the theme as before;
- a template that reads the table of contents anywhere but its slot (beyond whether it is empty and
  where its first entry leads) is seen doing so while the skeleton is made (:class:`_Toc`);
- the second page of a shape is rendered by the theme and from the skeleton, made with the first
  page's address and context: any difference, and the shape is rendered by the theme for the rest
  of the build. Same bytes as the theme's render: ``bench/same_bytes.py``, and the tests.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping
from typing import Any

import jinja2

from digest.site.compact import Source, Wrapping

PAGE = "digest-theme-page.html"
"""The template MkDocs' loop renders for a generated page: the skeletons' (``GLOBAL``) render of ``main.html``."""
GLOBAL = "digest_theme_page"
PAGE_SOURCE = "{{ " + GLOBAL + "() }}"
HEAD = "partials/digest-head.html"
"""Our overrides' part of the head that is the page's own; ``digest_head_slot`` stands in for it."""
HEAD_KEYS = frozenset({"feed", "citation", "jsonld"})
"""Front matter only :data:`HEAD` prints."""
TEXT_META = ("title", "description")
"""Front matter the theme prints as it is."""

TOC = "partials/toc.html"
"""The theme's table of contents (the sidebar's "On this page"), served by :class:`TocSlot`."""
THEME_TOC = "digest-theme-toc.html"
"""The theme's own ``partials/toc.html``, under another name."""
TOC_SLOT_SOURCE = ("{% if digest_toc_slot is defined %}{{ digest_toc_slot }}"
                   "{% else %}{% include \"" + THEME_TOC + "\" %}{% endif %}")
TOC_ALONE = "digest-theme-toc-alone.html"
TOC_ALONE_SOURCE = "{% import \"partials/language.html\" as lang with context %}{% include \"" + THEME_TOC + "\" %}"
"""The table of contents rendered on its own, with what base.html gives it (``lang``)."""

NAMES = frozenset({"title", "content", "canonical", "metatitle", "metadescription", "head", "toc"})
"""The values a skeleton is filled with (:meth:`Skeletons._fill`)."""
_FILLER = "<i>&amp;\"'</i>"
_MARK = re.compile("\ue000(\\w+)\ue002" + re.escape(_FILLER) + "(?:<h1)?\ue001")
_STRAY = re.compile("[\ue000\ue001\ue002]")


def marker(name: str, h1: bool = False) -> str:
    """What the theme is given instead of a value: ``<h1`` in it where the value has one (the theme
    writes a heading where the content has none)."""
    return f"\ue000{name}\ue002{_FILLER}{'<h1' if h1 else ''}\ue001"


class _Unfrozen(Exception):
    pass


def _freeze(value: Any) -> Any:
    """``value`` as a key: text, numbers and their lists and mappings; anything else raises."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (list, tuple)):
        return tuple(_freeze(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((str(key), _freeze(item)) for key, item in value.items()))
    raise _Unfrozen


def _toc(items: Any) -> tuple[Any, ...]:
    return tuple((item.title, item.url, item.level, _toc(item.children)) for item in items)


class TocSlot(Wrapping):
    """``loader``'s templates, but ``partials/toc.html``: a slot that prints ``digest_toc_slot`` where a
    skeleton is made and includes the theme's own (``digest-theme-toc.html``) everywhere else. So
    pages that differ only in their table of contents are one shape, the table filled in."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        if template == TOC:
            return TOC_SLOT_SOURCE, None, lambda: True
        if template == TOC_ALONE:
            return TOC_ALONE_SOURCE, None, lambda: True
        return self.loader.get_source(environment, TOC if template == THEME_TOC else template)

    def list_templates(self) -> list[str]:
        return sorted({*self.loader.list_templates(), THEME_TOC, TOC_ALONE})


def shape(page: Any, base_url: str) -> tuple[Any, ...] | None:
    """What the theme's HTML around a page's values depends on; None for a page rendered as before
    (one in the navigation, with neighbours, an edit link or front matter of another kind)."""
    if page is None or page.previous_page is not None or page.next_page is not None or page.edit_url:
        return None
    try:
        meta = tuple(sorted((key, bool(value) if key in TEXT_META else _freeze(value))
                            for key, value in page.meta.items() if key not in HEAD_KEYS))
        first = next(iter(page.toc), None)  # the theme's "skip to content" link goes to it
        toc = (first.url if first is not None else None, not page.toc)
    except (_Unfrozen, AttributeError, TypeError):
        return None
    content = page.content or ""
    return (base_url, posixpath.dirname(page.url.rstrip("/")), meta, toc, bool(page.title),
            bool(page.canonical_url), "<h1" in content, page.is_homepage)


class _Toc(list):  # type: ignore[type-arg]
    """A page's table of contents as the theme sees it when a skeleton is made: whether it is empty and
    its first entry's address (the "skip to content" link) are the shape's; anything more a template
    reads of it (another entry, the first one's title, its length) is noted in ``read``, and the
    shape is then rendered by the theme (its table, not in the shape, is printed elsewhere than in
    the slot)."""

    def __init__(self, items: Any) -> None:
        super().__init__(items)
        self.read = False

    def __iter__(self) -> Any:
        for index, item in enumerate(super().__iter__()):
            if index:
                self.read = True
            yield _First(item, self) if index == 0 else item

    def __len__(self) -> int:
        self.read = True
        return super().__len__()

    def __getitem__(self, index: Any) -> Any:
        self.read = True
        return super().__getitem__(index)

    def __contains__(self, item: object) -> bool:
        self.read = True
        return super().__contains__(item)

    def __reversed__(self) -> Any:
        self.read = True
        return super().__reversed__()

    def __bool__(self) -> bool:  # whether it is empty: the shape's
        return super().__len__() > 0


class _First:
    """The first entry of a :class:`_Toc`: its ``url`` is the shape's, anything else is noted."""

    def __init__(self, item: Any, toc: _Toc) -> None:
        self._item, self._toc = item, toc

    @property
    def url(self) -> Any:
        return self._item.url

    def __getattr__(self, name: str) -> Any:
        self._toc.read = True
        return getattr(self._item, name)


class _Marked:
    """A page as the theme sees it when a skeleton is made: its values markers, its address another page's."""

    def __init__(self, page: Any, url: str) -> None:
        self._page = page
        self.url = url
        self.toc = _Toc(page.toc)
        self.title = marker("title") if page.title else page.title
        self.content = marker("content", "<h1" in (page.content or ""))
        self.canonical_url = marker("canonical") if page.canonical_url else page.canonical_url
        self.meta = {key: marker("meta" + key) if key in TEXT_META and value else value
                     for key, value in page.meta.items() if key not in HEAD_KEYS}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._page, name)


_MISSING = object()


class Skeletons:
    """The generated pages' theme HTML of one build, by shape (:func:`shape`)."""

    def __init__(self, env: jinja2.Environment, ok: Callable[[Any], bool] = lambda page: True) -> None:
        """``ok(page)``: whether the page may be filled (the hook: a generated page outside the navigation)."""
        self.env = env
        self.ok = ok
        self.first: dict[tuple[Any, ...], tuple[str, dict[str, Any]]] = {}
        """Shape -> the address and context of its first page, until its second comes."""
        self.made: dict[tuple[Any, ...], list[str] | None] = {}
        """Shape -> its skeleton (text and values' names, alternating); None: rendered by the theme."""
        self.filled = 0
        self.tocs: dict[tuple[Any, ...], str] = {}
        """A table of contents -> the theme's HTML of it."""

    def render(self, context: Mapping[str, Any]) -> str:
        """The theme's ``main.html`` for the page of ``context``."""
        page = context.get("page")
        key = shape(page, context.get("base_url", "")) if page is not None and self.ok(page) else None
        parts = self.made.get(key, _MISSING) if key is not None else None
        if parts is None:  # no shape, or one the theme renders
            return self.env.get_template("main.html").render(context)
        if parts is _MISSING:
            assert key is not None and page is not None  # a shape is only worked out for a page
            output = self.env.get_template("main.html").render(context)
            first = self.first.pop(key, None)
            if first is None:
                self.first[key] = (page.url, {name: value for name, value in context.items() if name != "page"})
                return output
            made = self._skeleton(page, *first)
            try:
                same = made is not None and self._fill(made, page, context) == output
            except Exception:  # a value that cannot be filled in so (the table of contents rendered alone)
                same = False
            self.made[key] = made if same else None
            return output
        self.filled += 1
        return self._fill(parts, page, context)  # type: ignore[arg-type]

    def _skeleton(self, page: Any, url: str, context: dict[str, Any]) -> list[str] | None:
        try:
            marked = _Marked(page, url)
            html = self.env.get_template("main.html").render({**context, "page": marked,
                                                              "digest_head_slot": marker("head"),
                                                              "digest_toc_slot": marker("toc")})
        except Exception:  # a page the theme cannot render so: rendered as before
            return None
        if marked.toc.read:
            return None  # a template reads the table of contents beyond what the shape holds
        parts = _MARK.split(html)
        if any(_STRAY.search(text) for text in parts[::2]):
            return None  # a value changed on its way to the page (escaped, stripped, quoted)
        if not set(parts[1::2]) <= NAMES:
            return None  # a marker that is not ours: text of the page's that looks like one
        return parts

    def _fill(self, parts: list[str], page: Any, context: Mapping[str, Any]) -> str:
        values = {"title": page.title, "content": page.content, "canonical": page.canonical_url,
                  "metatitle": page.meta.get("title"), "metadescription": page.meta.get("description")}
        out = []
        for i, text in enumerate(parts):
            if i % 2 == 0:
                out.append(text)
            elif text == "head":
                out.append(self.env.get_template(HEAD).render(page=page, config=context.get("config")))
            elif text == "toc":
                out.append(self._toc_html(page, context))
            else:
                out.append(str(values[text]))
        return "".join(out)

    def _toc_html(self, page: Any, context: Mapping[str, Any]) -> str:
        """The theme's table of contents of ``page``, rendered once for each table there is."""
        key = _toc(page.toc)
        found = self.tocs.get(key)
        if found is None:
            found = self.tocs[key] = self.env.get_template(TOC_ALONE).render({**context, "page": page})
        return found


__all__ = ["GLOBAL", "HEAD", "PAGE", "PAGE_SOURCE", "Skeletons", "TocSlot", "marker", "shape"]
