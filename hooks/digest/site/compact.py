"""The theme's templates without the indentation of their lines (about 2 KB of every page).

Material's templates indent their HTML for their readers; the indentation reaches every page. A
line's leading white space is dropped from the templates' source as they are loaded (not from each
page: nothing is done per page): the same text to a browser (white space between tags collapses),
and no ``<pre>`` or ``<textarea>`` in the theme's templates, where white space would be content. The
Content-Security-Policy hashes the theme's inline scripts from the same source, dropped the same way
(:mod:`digest.site.csp`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2

_INDENT = re.compile(r"\n\s+")
_KEEPS_WHITE_SPACE = re.compile(r"<(pre|textarea)\b", re.I)


def unindent(source: str) -> str:
    """``source`` with the leading white space of every line and its blank lines dropped (unless it
    holds a ``<pre>`` or ``<textarea>``, whose white space is content: then as it is)."""
    if _KEEPS_WHITE_SPACE.search(source):
        return source
    return _INDENT.sub("\n", source).lstrip(" \t")


Source = tuple[str, str | None, Callable[[], bool] | None]
"""What a Jinja loader's ``get_source`` gives: the source, its file name, whether it is up to date."""


class Wrapping(jinja2.BaseLoader):
    """A Jinja loader passing on ``loader``'s templates, as a subclass's ``get_source`` changes them; the
    rest (``list_templates``, ``searchpath``, as MkDocs and Material read it) is ``loader``'s."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        return self.loader.get_source(environment, template)

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)


class Unindented(Wrapping):
    """A Jinja loader giving ``loader``'s templates :func:`unindent`-ed."""

    def get_source(self, environment: jinja2.Environment, template: str) -> Source:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return unindent(source), filename, uptodate
