"""A Content-Security-Policy for every page, as a ``<meta http-equiv>`` (GitHub Pages sets no headers).

Scripts may come only from the site itself and from the inline scripts the theme's own templates
write, each allowed by its SHA-256 hash. Those hashes are worked out from the templates
(:func:`template_scripts`), rendered for the depth of the page (Material's scope script names the
page's ``base_url``), never from the page being judged: a script that got into a page by any other
way, past the sanitizer or not, is refused, as are inline event handlers (``onclick=``) and
``javascript:`` URLs. ``'self'`` alone does not cover pages read from ``file://`` in Chromium, so
``file:`` is listed too: a hosted page cannot load ``file:`` URLs anyway. Images are the site's own
(``img-src 'self' data:``): no contributor can make every reader's browser call another site.
Measured in the browser tests (tests/browser/test_csp.py).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from digest.site.compact import unindent

_CHARSET = re.compile(r"<meta charset=[\"']?utf-8[\"']?>", re.I)
_BARE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
          "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
          "base-uri 'none'; form-action 'none'; frame-src 'none'")


def source_of(script: str) -> str:
    """The CSP source that allows the inline script whose text is ``script``."""
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def inline_scripts(text: str) -> list[str]:
    """The text of each bare ``<script>`` element of ``text`` (one a browser runs as JavaScript).

    Every other script element has a ``src`` or a data ``type`` (JSON-LD, Material's JSON config)
    and needs no hash. A plain string search: a regular expression over every page costs a second
    at 5,000 pages.
    """
    found: list[str] = []
    start = text.find("<script>")
    while start != -1:
        end = text.find("</script>", start)
        if end == -1:
            break
        found.append(text[start + len("<script>"):end])
        start = text.find("<script>", end)
    return found


def script_hashes(text: str) -> list[str]:
    """CSP sources for the inline scripts written in ``text``: for text the site itself wrote (its
    templates, a page its maintainers trust), never for a finished page to be judged."""
    return list(dict.fromkeys(source_of(script) for script in inline_scripts(text)))


def template_scripts(folders: Iterable[str | Path]) -> tuple[str, ...]:
    """The Jinja source of every bare inline script in the HTML templates under ``folders`` (the
    theme's directories: the site's overrides, Material's, MkDocs's), icons aside."""
    found: list[str] = []
    for folder in folders:
        for top, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))  # .icons: ten thousand SVGs
            for name in sorted(n for n in names if n.endswith(".html")):
                # As the pages' templates are loaded (site/compact.py): their lines unindented.
                found += _BARE_SCRIPT.findall(unindent(Path(top, name).read_text(encoding="utf-8", errors="replace")))
    return tuple(dict.fromkeys(found))


class ThemeScripts:
    """The inline scripts the theme writes, rendered for a page at a given ``base_url``.

    ``render(source, base_url)`` renders one template snippet as the theme would for such a page
    (the hook passes the theme's own Jinja environment and the site's config); a snippet that
    does not render is not allowed. Made once a build; each depth is rendered once.
    """

    def __init__(self, sources: Iterable[str], render: Callable[[str, str], str]) -> None:
        self.sources = tuple(sources)
        self.render = render
        self._made: dict[str, tuple[str, ...]] = {}
        self._hashes: dict[str, tuple[str, ...]] = {}

    def texts(self, base_url: str) -> tuple[str, ...]:
        """Each inline script's text on a page whose ``base_url`` is this one."""
        found = self._made.get(base_url)
        if found is None:
            rendered = []
            for source in self.sources:
                try:
                    rendered.append(self.render(source, base_url))
                except Exception:  # a snippet the theme cannot render alone is simply not allowed
                    continue
            found = self._made[base_url] = tuple(dict.fromkeys(rendered))
        return found

    def hashes(self, base_url: str) -> tuple[str, ...]:
        """CSP sources of :meth:`texts` (hashed once a depth, not once a page)."""
        found = self._hashes.get(base_url)
        if found is None:
            found = self._hashes[base_url] = tuple(dict.fromkeys(source_of(text) for text in self.texts(base_url)))
        return found


def policed(page: str, allowed: Iterable[str]) -> tuple[str, list[str]]:
    """``page`` with a Content-Security-Policy right after ``<meta charset>`` (before any script) that
    runs only the inline scripts hashed in ``allowed``, and of those only the ones the page holds (the
    theme's other scripts are not on it: a narrower policy, and 300 bytes less a page); and the inline
    scripts of ``page`` the policy refuses (something the site did not write reached the page, or a
    template's script did not render as expected). Its inline scripts found and hashed once for both."""
    scripts = inline_scripts(page)
    sources = [source_of(script) for script in scripts]
    kept = dict.fromkeys(allowed)
    refused_scripts = [script for script, source in zip(scripts, sources, strict=True) if source not in kept]
    present = set(sources)
    policy = POLICY.format(hashes=" ".join(h for h in kept if h in present))
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy}">'
    found = _CHARSET.search(page)
    if not found:
        return page, refused_scripts
    return page[: found.end()] + tag + page[found.end():], refused_scripts
