"""Everything the digest adds to a site, as one list: pages, the search index, the feed, downloads.

The hook hands each item to MkDocs as a generated file; keeping the list here means the hook
knows nothing of what the site is made of, and a test can look at the whole list without MkDocs.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass

from digest import exports, feed, search
from digest.model import Entry
from digest.pages import PageMaker
from digest.styles import to_plain
from digest.topics import Topic

FEED_SIZE = 20


@dataclass(frozen=True)
class Output:
    """One generated file: its path under docs/, its content, and how MkDocs should treat it."""

    src_uri: str
    content: str
    edit_uri: str | None = None
    """Where a contributor edits what the page shows (the digest, or the .bib file), for "Edit"."""
    in_nav: bool = False
    """Listed in the navigation: only the indexes; entry and topic pages never (the nav trap)."""


@dataclass(frozen=True)
class SiteInfo:
    """What the outputs need to know of the site's configuration."""

    name: str
    url: str = ""
    description: str = ""
    docs_dir: str = "docs"
    """The docs folder relative to the project, to point "Edit" at a .bib file outside it."""
    has_home: bool = False
    """docs/index.md exists (and fills its lists through markers); otherwise one is generated."""


def outputs(maker: PageMaker, site: SiteInfo) -> Iterator[Output]:
    """Every file the digest generates, pages first."""
    yield from pages(maker, site)
    yield from reader_files(maker, site)
    for src_uri, content in exports.for_library(maker.lib).items():
        yield Output(src_uri, content)


def pages(maker: PageMaker, site: SiteInfo) -> Iterator[Output]:
    """Entry pages, topic pages, their continuation pages, cross-topic pages and the indexes."""
    lib = maker.lib
    for key, entry in lib.entries.items():
        yield Output(maker.entry_src(key), maker.entry_page(entry), _edit_uri(entry, lib.settings.digests_dir, site))
    for topic in lib.topics.values():
        yield Output(maker.links.topic(topic.slug), maker.topic_page(topic))
    for src_uri, content in (*maker.list_pages(), *maker.cross_topic_pages()):
        yield Output(src_uri, content)
    yield Output("topics/index.md", maker.topics_index(), in_nav=True)
    yield Output(f"{lib.settings.digests_dir}/index.md", maker.digests_index(), in_nav=True)
    if not site.has_home:
        yield Output("index.md", maker.home_page(), in_nav=True)


def _edit_uri(entry: Entry, digests_dir: str, site: SiteInfo) -> str:
    if entry.digest:
        return f"{digests_dir}/{entry.key}.md"
    return posixpath.relpath(entry.path, site.docs_dir)


def reader_files(maker: PageMaker, site: SiteInfo) -> Iterator[Output]:
    """The search index and the Atom feed."""
    lib, links = maker.lib, maker.links

    def entry_url(entry: Entry) -> str:
        return links.url(maker.entry_src(entry.key))

    def topic_url(topic: Topic) -> str:
        return links.url(links.topic(topic.slug))

    records = search.records(lib.index.newest(), lib.topics, entry_url, topic_url)
    yield Output(search.INDEX_PATH, search.index_script(records))
    items = [feed.FeedItem(e, entry_url(e), (e.digest.teaser if e.digest else "") or to_plain(maker.style.reference(e)))
             for e in feed.newest_digests(lib.entries.values(), FEED_SIZE)]
    yield Output(feed.FEED_PATH, feed.atom(items, site.name, site.url, site.description))
