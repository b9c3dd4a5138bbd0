"""Files under docs/ that a browser would run, published only when the site's maintainers trust them.

MkDocs copies every file of docs/ that is not a page into the site as it is. An HTML, SVG or XML
file opened by its address, or a script, runs on the site's origin with no Content-Security-Policy
and no sanitizer: a contributor's ``docs/evil.html`` would be a page of the site. Such files are
refused unless ``extra.digest.trusted_files`` (or ``extra_javascript``/``extra_css``) lists them.

The digest's own scripts (``assets/digest.js``) are written by the digest (site/scripts/): a copy
under docs/, left from before they were, would replace them unseen, so it is reported instead.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from digest.problems import Problem
from digest.urls import SCRIPTS

ACTIVE = frozenset({".html", ".htm", ".xhtml", ".xht", ".shtml", ".js", ".mjs", ".svg", ".svgz", ".xml", ".xsl", ".xslt"})
"""Suffixes of files a browser runs script in (or loads as a document that may)."""


def active(src_uri: str) -> bool:
    """Whether the file at ``src_uri`` (under docs/) is one a browser would run."""
    return PurePosixPath(src_uri).suffix.lower() in ACTIVE


def trusted(src_uri: str, patterns: Iterable[str]) -> bool:
    """Whether ``src_uri`` is listed (by path or glob pattern) in ``patterns``."""
    return any(src_uri == pattern or fnmatchcase(src_uri, pattern) for pattern in patterns)


def refused(src_uris: Iterable[str], patterns: Iterable[str], docs_dir: str = "docs") -> list[tuple[str, Problem]]:
    """Each file of ``src_uris`` a browser would run and no pattern trusts, or that the digest writes
    itself, with its problem."""
    kept = tuple(patterns)
    return [(uri, _ours(f"{docs_dir}/{uri}") if uri == SCRIPTS else _untrusted(f"{docs_dir}/{uri}"))
            for uri in src_uris if uri == SCRIPTS or (active(uri) and not trusted(uri, kept))]


def _untrusted(path: str) -> Problem:
    return Problem(path, None, "a file a browser runs (HTML, JavaScript, SVG, XML) is not published",
                   "use a page (.md) or an image (.png, .jpg), or list it under extra.digest.trusted_files", "untrusted-file")


def _ours(path: str) -> Problem:
    return Problem(path, None,
                   f"the digest writes {SCRIPTS} itself (from hooks/digest/site/scripts/): this copy is not published",
                   "delete it; a script of the site's own goes in a file of another name, listed under extra_javascript",
                   "replaced-file")
