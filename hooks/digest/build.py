"""The build sequence: read the library, format and cite, check; what the build and ``make check`` share.

The hook (``hooks/digest_hooks.py``, in ``on_files``) and ``make check`` (``commands/cli.py``) both call
:func:`run`, so that ``mkdocs build --strict`` and ``make check`` report the same problems with the same
messages. Each caller lists the files as MkDocs does (the hook from its ``Files``, ``make check``
through ``commands/project.py``) and hands them in as :class:`Sources`; nothing here imports MkDocs.

What happens after the sequence is the caller's: the hook makes the pages, ``make check`` also runs
the sanitizer over the hand-written pages (which the build does page by page, as MkDocs renders them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from digest.library import checks, rawfiles
from digest.library.loader import Library, load
from digest.markdown.render import Renderer
from digest.problems import Problem
from digest.references import casing, styles
from digest.settings import Settings
from digest.urls import Links


class HandWritten(NamedTuple):
    """A page a person wrote (the digests aside): where it is under docs/, its path in messages, its text."""

    src_uri: str
    path: str
    markdown: str


@dataclass(frozen=True)
class Site:
    """What the sequence needs from mkdocs.yml."""

    root: Path
    """The folder of mkdocs.yml: paths in messages are relative to it."""
    docs_dir: Path
    settings: Settings
    links: Links
    own_files: tuple[str, ...] = ()
    """``extra_javascript`` and ``extra_css``: the site's own files, trusted as raw files (rawfiles.py)."""
    repo_url: str = ""
    """mkdocs.yml's ``repo_url``: entry pages link to their digest's history there."""

    @property
    def shown_docs_dir(self) -> str:
        """docs_dir as messages name it (``docs``)."""
        return os.path.relpath(self.docs_dir, self.root)


@dataclass(frozen=True)
class Sources:
    """The files of docs/ as MkDocs lists them (its ``exclude_docs`` and drafts left out)."""

    pages: list[HandWritten]
    """Every hand-written page, the digests aside."""
    others: list[str]
    """The src_uri of every other file of docs/ (not a page): what MkDocs would copy as it is."""


@dataclass
class Built:
    """What the sequence made: the library (its problems included) and what is not to be published."""

    library: Library
    style: Any
    """The site's citation style (a module, or a prepared CSL style)."""
    refused: list[tuple[str, Problem]]
    """Files of docs/ a browser runs that nothing trusts: their src_uri and the problem to report."""

    @property
    def problems(self) -> list[Problem]:
        """Every problem the sequence found, in the order the build reports them."""
        return [*self.library.problems, *(problem for _, problem in self.refused)]


def run(site: Site, sources: Sources, renderer: Renderer) -> Built:
    """Read the library, format its references, record every citation, run the content checks, and
    refuse the raw files nothing trusts. ``renderer`` is the site's Markdown; it keeps the rendered
    digest bodies for the entry pages (and, under ``mkdocs serve``, for the next rebuild)."""
    library = load(site.root, site.docs_dir, site.settings)
    library.history.repo_url = site.repo_url
    casing.learn(text for t in library.topics.values() for text in (t.name, t.description, *t.synonyms))
    style = styles.site_style(site.settings.style, site.root)
    if hasattr(style, "prepare"):  # a CSL style: every reference formatted now (or read from .cache/), before any page
        library.problems += style.prepare(library.entries.values(), site.root)
    library.cite_pages(library.digest_citations(site.links) + library.page_citations(list(sources.pages)))
    library.problems += checks.run(library, site.root, renderer)
    library.problems += checks.local_links(library, renderer, site.links, {page.src_uri for page in sources.pages},
                                           set(sources.others))
    renderer.forget_except({(d.body, d.path, d.body_line) for e in library.entries.values() if (d := e.digest)})
    trusted = [*site.settings.trusted_files, *site.own_files]
    return Built(library, style, rawfiles.refused(sources.others, trusted, site.shown_docs_dir))
