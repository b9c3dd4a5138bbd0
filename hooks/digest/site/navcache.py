"""The theme's navigation made once for all the pages it is the same on, not once a page.

Material renders ``partials/nav.html`` for every page: the site's name, logo and the navigation's
links, each made relative to the page (the ``url`` filter). On a page that is not in the navigation
(an entry, a topic, a list page: nearly all of them) no item is active or current, so what the
partial writes depends on nothing of the page but those relative links: the same HTML for every page
of a folder. :class:`Navigations` keeps it by exactly those links, and the partial, as it is loaded
(:class:`Loader`), writes the kept HTML where it has it and makes it as before where not: a page in
the navigation, an active item, or links not seen yet. A fifth of the theme's time a page.

The theme's ``__config`` script (the ``config`` block: the site's root, the search worker's address,
translations) is kept the same way, by the root and the link to ``assets/`` (``overrides/main.html``),
and the palette's toggles, the same on every page, once a build (``overrides/partials/palette.html``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import jinja2

from digest.site.compact import Source, Wrapping

NAV = "partials/nav.html"


def wrap(source: str) -> str:
    """``partials/nav.html`` written from :class:`Navigations` when it can be (``digest_navs``, a global
    the hook sets each build), else as the theme wrote it. The same output either way: the theme's
    source sits whole inside ``{% set %}``, whose output is written once made; Jinja drops a
    template's last newline, so it is dropped here too."""
    body = source[:-1] if source.endswith("\n") else source
    return ("{%- set digest_nav_key = digest_navs.key(page, nav, base_url) if digest_navs is defined else none -%}"
            "{%- if digest_nav_key is not none and digest_nav_key in digest_navs.made -%}"
            "{{ digest_navs.made[digest_nav_key] }}"
            "{%- else -%}"
            "{% set digest_nav_html %}" + body + "{% endset %}"
            "{{ digest_navs.keep(digest_nav_key, digest_nav_html) if digest_navs is defined else digest_nav_html }}"
            "{%- endif -%}")


class Loader(Wrapping):
    """``loader``'s templates, ``partials/nav.html`` :func:`wrap`-ped."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return (wrap(source) if template == NAV else source), filename, uptodate


class Navigations:
    """The navigation's HTML made in one build, by what it depends on of the page."""

    def __init__(self, config: Any, url: Callable[..., str]) -> None:
        """``url``: MkDocs' ``normalize_url(path, page=, base=)``, what the theme's ``url`` filter calls."""
        self.config = config
        self.url = url
        self.made: dict[tuple[Any, ...], str] = {}

    def key(self, page: Any, nav: Any, base_url: str) -> tuple[Any, ...] | None:
        """What the navigation's HTML depends on of ``page``: each link it writes, made relative to the
        page as the theme makes it; None where it depends on more (the page is in the navigation, or
        an item is active)."""
        if page is None or nav is None or getattr(page, "url", None) is None:
            return None
        targets = []
        for item in _items(nav.items):
            if item is page or getattr(item, "active", False):
                return None
            url = getattr(item, "url", None)
            if url is not None:
                targets.append(url)
        homepage = getattr(nav, "homepage", None)
        targets.append(self.config.extra.get("homepage") or (homepage.url if homepage is not None else ""))
        logo = self.config.theme.get("logo")
        # As the `url` filter makes them (mkdocs.utils.templates.url_filter).
        links = [self.url(str(target), page=page, base=base_url) for target in targets]
        return (base_url, *links, self.url(str(logo), page=page, base=base_url) if logo else "")

    def links(self, page: Any, base_url: str, part: str, *targets: str) -> tuple[Any, ...] | None:
        """The key of a ``part`` of the page template that depends on the page by nothing but
        ``base_url`` and the links to ``targets`` (``overrides/main.html``'s ``config`` block); None
        for no page."""
        if page is None or getattr(page, "url", None) is None:
            return None
        return (part, base_url, *(self.url(target, page=page, base=base_url) for target in targets))

    def keep(self, key: tuple[Any, ...] | None, html: str) -> str:
        if key is not None:
            self.made[key] = html
        return html


def _items(items: list[Any]) -> Iterator[Any]:
    """Every item of the navigation, sections' children included."""
    for item in items:
        yield item
        yield from _items(getattr(item, "children", None) or [])
