"""The generated files that are not pages: the search index and the Atom feed."""

from __future__ import annotations

from digest import feed, search
from digest.model import Entry
from digest.pages import PageMaker
from digest.styles import to_plain
from digest.topics import Topic, newest_first

FEED_SIZE = 20


def reader_files(maker: PageMaker, site_name: str, site_url: str = "", description: str = "") -> dict[str, str]:
    """Path under the site root -> content, for every generated file that is not a page."""
    lib, links = maker.lib, maker.links

    def entry_url(entry: Entry) -> str:
        return links.url(maker.entry_src(entry.key))

    def topic_url(topic: Topic) -> str:
        return links.url(links.topic(topic.slug))

    entries = sorted(lib.entries.values(), key=newest_first)
    index = search.index_script(search.records(entries, lib.topics, entry_url, topic_url))
    items = [feed.FeedItem(e, entry_url(e), (e.digest.teaser if e.digest else "") or to_plain(maker.style.reference(e)))
             for e in feed.newest_digests(lib.entries.values(), FEED_SIZE)]
    return {search.INDEX_PATH: index, feed.FEED_PATH: feed.atom(items, site_name, site_url, description)}
