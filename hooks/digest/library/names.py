"""The one grammar of names that become paths or URLs: entry keys, topic slugs, digest and page files.

A name is ``[A-Za-z0-9][A-Za-z0-9._-]*``, at most :data:`digest.limits.NAME_LENGTH` characters, with
no ``..``; it is none of the site's own top-level names (:data:`RESERVED`) and does not end like a file
the site writes (:data:`RESERVED_SUFFIXES`), so that no entry or topic page can take the place of
another page, escape its folder or be served as another type.
"""

from __future__ import annotations

import re

from digest.limits import NAME_LENGTH

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*\Z")
RESERVED = frozenset({
    "index", "page", "search", "404", "assets", "topics", "digests", "exports", "feed", "sitemap", "download",
    "robots", "favicon", "stylesheets", "javascripts",
})
"""Names of the site's own pages and folders (compared without case)."""
RESERVED_SUFFIXES = (".html", ".htm", ".xhtml", ".xml", ".json", ".js", ".mjs", ".css", ".svg", ".md", ".markdown",
                     ".txt", ".zip", ".gz", ".bib", ".ris", ".map")
"""Endings of files the site writes or a browser would treat by type."""
FILE_NAME = re.compile(r"[A-Za-z0-9._ -]+\Z")
"""A file under docs/: letters, digits, ``-``, ``_``, ``.`` and spaces in each part of its path."""


def why_not(name: str) -> str:
    """Why ``name`` may not be a key, slug or file name ("" when it may): the end of a sentence."""
    if not name:
        return "is empty"
    if len(name) > NAME_LENGTH:
        return f"is longer than {NAME_LENGTH} characters"
    if not NAME.match(name):
        return "holds characters other than letters, digits, '-', '_' and '.', or does not start with a letter or digit"
    if ".." in name:
        return "holds '..'"
    lower = name.lower()
    if lower in RESERVED:
        return "is reserved for a page of the site"
    if lower.endswith(RESERVED_SUFFIXES):
        return f"ends in {lower[lower.rindex('.'):]}, as files of the site do"
    return ""


HINT = f"use letters, digits, '-', '_' and '.' only (no '..'), at most {NAME_LENGTH} characters"


def file_name_problem(src_uri: str) -> str:
    """Why a file's path under docs/ is refused ("" when it is fine): each part letters, digits, ``-_.`` and spaces."""
    for part in src_uri.split("/"):
        if not FILE_NAME.match(part) or part in (".", ".."):
            return f"the file name {part!r} holds characters other than letters, digits, '-', '_', '.' and spaces"
    return ""
