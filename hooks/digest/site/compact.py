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


class Unindented(jinja2.BaseLoader):
    """A Jinja loader giving ``loader``'s templates :func:`unindent`-ed."""

    def __init__(self, loader: jinja2.BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        return unindent(source), filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()

    def __getattr__(self, name: str) -> Any:  # searchpath, as MkDocs and Material read it
        return getattr(self.loader, name)
