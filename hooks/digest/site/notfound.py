"""The 404 page, made to work at any address when the site has no ``site_url``.

A host serves ``404.html`` for every missing address, at any depth (GitHub Pages serves a project's
``/<repo>/404.html`` for anything missing under ``/<repo>/``). MkDocs links its assets from the
``site_url``'s path, or from ``/`` without one: under a sub-path the page then loses every style and
script. Without a ``site_url`` the page is made standalone: its stylesheets are copied into it (its
styles no longer depend on where it is served from), and an inline script (``notfound.js``, allowed
by its hash like the theme's own) works out the site's root from the address, then points the
links at it and loads the site's scripts from it. With a ``site_url`` MkDocs's page is right as it is.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

_STYLESHEET = re.compile(r'<link rel="stylesheet" href="/([^"]+)">')
_SCRIPT = re.compile(r'<script src="/([^"]+)"></script>')
_SCOPE = 'new URL("/",location)'
EXTRA_NAMES = ("download", "exports")
"""Top-level folders that are no file of MkDocs' (`make offline-zip`; the downloads, written at the
end of a build by outputs.write_later), which a missing address may be under."""


_ROOT_SCOPE = 'new URL(window.__digest_root||"/",location)'


class Standalone(NamedTuple):
    """The standalone 404 page, and the inline scripts it holds besides the theme's."""

    html: str
    scripts: tuple[str, ...]
    """The loader's text: for the page's Content-Security-Policy (the site wrote it, from notfound.js)."""


def _loader(names: list[str], scripts: list[str]) -> str:
    source = (Path(__file__).with_name("notfound.js")).read_text(encoding="utf-8")
    return source.replace("__NAMES__", json.dumps(names)).replace("__SCRIPTS__", json.dumps(scripts))


def theme_script(text: str) -> str:
    """One of the theme's inline scripts as :func:`standalone` leaves it (Material's scope script
    scoped to the site's root)."""
    return text.replace(_SCOPE, _ROOT_SCOPE)


def _inline_css(match: re.Match[str], site_dir: Path) -> str:
    path = site_dir / match.group(1)
    if not path.is_file():
        return match.group(0)
    css = path.read_text(encoding="utf-8").replace("</style", "<\\/style")
    return f"<style>{css}</style>"


def standalone(page: str, site_dir: Path, top: Iterable[str]) -> Standalone:
    """``page`` (the theme's 404.html, built with base URL ``/``) with its stylesheets inside it and its
    links and scripts pointed at the root its address shows, by an inline script; ``top``: the first
    segment of every file the build writes (the site's top-level names, known before any is written)."""
    names = sorted({*top, *EXTRA_NAMES})
    scripts = [f"/{src}" for src in _SCRIPT.findall(page)]
    page = _SCRIPT.sub("", page)
    page = _STYLESHEET.sub(lambda m: _inline_css(m, site_dir), page)
    # Material's scope of stored preferences (the palette picked): the site's root, not the host's.
    page = theme_script(page)
    head = page.find("<head>")
    if head == -1:
        return Standalone(page, ())
    at = page.find("<script", head)
    at = at if at != -1 else page.find("</head>")
    loader = _loader(names, scripts)
    return Standalone(page[:at] + f"<script>{loader}</script>" + page[at:], (loader,))
