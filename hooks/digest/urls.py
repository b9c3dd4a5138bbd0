"""Where each generated page lives, and relative links between pages.

Generated HTML is passed through by Markdown untouched, so MkDocs does not rewrite its links:
they are made relative here, the way MkDocs makes them, for directory URLs (the hosted site) and
for ``.html`` URLs (the site read from ``file://``).
"""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import quote, unquote

SCRIPTS = "assets/digest.js"
"""The digest's scripts, joined (site/scripts/), as the pages load them through ``extra_javascript``."""

SAFE_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def doi_url(doi: str) -> str:
    """The doi.org link of a DOI, percent-encoded: DOIs may hold ``<``, ``>``, ``#``, spaces, which a URL may not."""
    return "https://doi.org/" + quote(doi, safe="/:;()")


def key_slug(key: str) -> str:
    """The file-name form of an entry key: the key itself when it is URL-safe."""
    if SAFE_KEY.match(key) and ".." not in key:
        return key
    return re.sub(r"[^A-Za-z0-9_-]+", "-", key).strip("-") or "entry"


@dataclass(frozen=True)
class Links:
    """Relative URLs between pages named by their source path (``digests/lener2016.md``)."""

    directory_urls: bool = True
    digests_dir: str = "digests"

    def entry(self, slug: str) -> str:
        return f"{self.digests_dir}/{slug}.md"

    def topic(self, slug: str) -> str:
        return f"topics/{slug}.md"

    def url(self, src_uri: str) -> str:
        """The site-relative URL MkDocs gives the page built from ``src_uri``."""
        stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
        if not self.directory_urls:
            return stem + ".html"
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    def rel(self, from_src: str, to_src: str) -> str:
        """Link from the page of ``from_src`` to the page of ``to_src``."""
        target = self.file(from_src, self.url(to_src) or ".")
        if not self.directory_urls:
            return target
        return "./" if target == "." else target + "/"

    def file(self, from_src: str, path: str) -> str:
        """Link from the page of ``from_src`` to a file at ``path`` under the site root."""
        return _relative(path, _base(self, from_src))


def written_at(links: Links, url: str) -> tuple[str, str]:
    """A digest's link to a file of the site (``../assets/a.png``, ``li2010.md#methods``), written relative
    to its file in the digests folder, as (the file's path under docs/, percent-escapes read, and the
    query and fragment after it); a path that leaves docs/ starts with ``../``."""
    cut = min((i for i in (url.find("#"), url.find("?")) if i >= 0), default=len(url))
    path = posixpath.normpath(posixpath.join(links.digests_dir, unquote(url[:cut]).replace("\\", "/")))
    return path, url[cut:]


def leaves_docs(path: str) -> bool:
    """Whether a path :func:`written_at` gives is outside docs/."""
    return path == ".." or path.startswith("../")


def local_link(links: Links, here: str, url: str) -> str:
    """The link from the page of ``here`` to what a digest's ``url`` names (:func:`written_at`): a page's
    ``.md`` file to the page, as MkDocs links pages; any other file to itself. A path that leaves docs/
    stays as written (a problem says so)."""
    path, rest = written_at(links, url)
    if leaves_docs(path):
        return url
    return quote(links.rel(here, path) if path.endswith(".md") else links.file(here, path), safe="/") + rest


@functools.lru_cache(maxsize=64)
def _base(links: Links, from_src: str) -> tuple[str, ...]:
    """The folder the page of ``from_src`` is in, as path parts. A page makes all its links in a row,
    so a few pages' folders cover the calls (tens of thousands a build)."""
    here = links.url(from_src)
    base = here if here.endswith("/") or not here else posixpath.dirname(here)
    return _parts(base)


def _parts(path: str) -> tuple[str, ...]:
    return tuple([part for part in path.split("/") if part and part != "."])


def _relative(path: str, base: tuple[str, ...]) -> str:
    """``posixpath.relpath(path, "/".join(base))`` for the normalized relative paths of site URLs,
    without its calls to ``os.getcwd`` (a quarter of a millisecond a link: seconds at 20,000 pages)."""
    to = (path[:-1] if path.endswith("/") else path).split("/")  # a folder's URL ends in "/"
    if "" in to or "." in to:
        to = list(_parts(path))
    common, most = 0, min(len(to), len(base))
    while common < most and to[common] == base[common]:
        common += 1
    if common == len(base):
        return "/".join(to[common:]) if common < len(to) else "."
    return "/".join([".."] * (len(base) - common) + to[common:])
