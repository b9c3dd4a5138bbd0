"""The generated pages, one module per page kind; each holds its view data and its signature side by side.

- ``entry``: ``digests/<key>/``, one paper (template ``entry.html``)
- ``topic``: ``topics/<slug>/`` (``topic.html``)
- ``pair``: ``topics/<a>+<b>/``, what two topics share (``pair.html``)
- ``lists``: pages 2, 3, ... of long lists (``list.html``)
- ``indexes``: ``topics/``, ``<digests_dir>/``, ``search/`` and a home page (``*-index.html``, ``search.html``, ``home.html``)
- ``evidence``: ``evidence/``, every study (``evidence.html``)
- ``changes``: ``changes/``, "What changed" (``changes.html``), its feed and the feed of every topic
- ``maker``: ``PageMaker``, which renders a view with its template and makes the table of contents

A kind's ``pages(maker)`` (``page(maker, entry)`` for entries) gives ``PageOut`` items: where the
page goes, its title, its signature and how to make it, all on demand.
"""

from __future__ import annotations

from collections.abc import Iterator

from digest.site.pages import entry, evidence, indexes, lists, pair, topic
from digest.site.pages.maker import PageMaker, PageOut


def every_page(maker: PageMaker, edit_uris: dict[str, str], has_home: bool) -> Iterator[PageOut]:
    """Every generated page: entries, topics, pages of two topics, list continuations, indexes."""
    for key, found in maker.lib.entries.items():
        yield entry.page(maker, found, edit_uris.get(key))
    yield from topic.pages(maker)
    yield from pair.pages(maker)
    yield from lists.pages(maker)
    yield from indexes.pages(maker, has_home)
    yield from evidence.pages(maker)
