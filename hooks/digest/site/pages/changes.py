"""The "What changed" page, ``changes/``: new digests, revisions (with what they changed when a
``changes:`` note says), entries added without a digest, retractions and corrections, newest first;
and the feeds of a living review: the changelog (``changes/feed.xml``) and one per topic. Template:
``templates/changes.html`` (the view as ``changes``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from digest.library.topics import Topic
from digest.site import feeds, revisions
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import View
from digest.site.revisions import Event

PAGE = "changes/index.md"
SHOWN = 200
"""How many events the page lists (the newest); the feed has :data:`feeds.FEED_SIZE`."""


class Changes:
    """The library's events, worked out once a build for the page and every feed."""

    def __init__(self, maker: PageMaker) -> None:
        self.maker = maker
        self._events: list[Event] | None = None
        self._signature: int | None = None

    @property
    def events(self) -> list[Event]:
        if self._events is None:
            self._events = revisions.events(self.maker.lib)
        return self._events

    def signature(self) -> int:
        """What the page and every feed show of the events (worked out once: the page and each topic's feed ask)."""
        if self._signature is None:
            self._signature = hash(tuple((e.date, e.kind, e.entry.key, e.entry.record_signature, e.what, e.note, e.subject)
                                         for e in self.events))
        return self._signature

    def url(self, event: Event) -> str:
        return self.maker.links.url(self.maker.pieces.entry_src(event.entry.key))


def pages(maker: PageMaker, changes: Changes) -> Iterator[PageOut]:
    yield maker.page(PAGE, "changes.html", "changes", partial(view, maker, changes), lambda: {"title": "What changed"},
                     "What changed", changes.signature, in_nav=True)


def view(maker: PageMaker, changes: Changes) -> View:
    here = PAGE
    lib = maker.lib
    shown = changes.events[:SHOWN]
    return {
        "count": len(changes.events), "shown": len(shown),
        "from_git": lib.history.from_git,
        "feed": maker.links.file(here, feeds.CHANGES_FEED),
        "events": [{"date": e.date.isoformat(), "kind": e.kind, "label": e.label,
                    "title": e.entry.title, "href": maker.links.rel(here, maker.pieces.entry_src(e.entry.key)),
                    "changed": e.changed, "note": e.note or e.subject} for e in shown],
    }


FeedFile = tuple[str, Callable[[], str], Callable[[], int]]


def feed_files(maker: PageMaker, changes: Changes, site_name: str, site_url: str) -> Iterator[FeedFile]:
    """Every feed of the living review: (path under the site, how to make it, its signature)."""
    def changelog() -> str:
        feed = feeds.Feed(feeds.CHANGES_FEED, maker.links.url(PAGE), revisions.stable_id("changes"),
                          f"{site_name}: what changed", site_name, site_url)
        return feeds.atom(feed, [feeds.event_item(e, changes.url(e)) for e in changes.events[:feeds.FEED_SIZE]])

    def signed() -> int:
        return hash((changes.signature(), site_name, site_url))
    yield feeds.CHANGES_FEED, changelog, signed
    for topic in maker.lib.topics.values():
        yield feeds.topic_feed_path(topic.slug), partial(topic_feed, maker, changes, topic, site_name, site_url), signed


def topic_feed(maker: PageMaker, changes: Changes, topic: Topic, site_name: str, site_url: str) -> str:
    """A topic's digests, newest revision first: a revised digest comes back to the top with the same id."""
    lib = maker.lib
    latest: dict[str, Event] = {}
    first: dict[str, Event] = {}
    for event in changes.events:  # newest first
        if event.kind in ("new", "revised") and topic.slug in event.entry.topics:
            latest.setdefault(event.entry.key, event)
            first[event.entry.key] = event
    items = []
    for key, event in list(latest.items())[:feeds.FEED_SIZE]:
        entry = lib.entries[key]
        summary = (entry.digest.teaser if entry.digest else "") or feeds.event_summary(event)
        if event.kind == "revised":
            summary = f"{feeds.event_summary(event)}. {summary}"
        items.append(feeds.digest_item(key, entry.title, changes.url(event), first[key].date, event.date, summary,
                                       tuple(entry.digest.contributors) if entry.digest else ()))
    feed = feeds.Feed(feeds.topic_feed_path(topic.slug), maker.links.url(maker.links.topic(topic.slug)),
                      revisions.stable_id("topic", topic.slug), f"{site_name}: {topic.name}", site_name, site_url)
    return feeds.atom(feed, items)
