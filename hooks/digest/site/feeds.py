"""The Atom feeds of a living review: one per topic (``topics/<slug>/feed.xml``: new and revised digests
that carry it) and the changelog (``changes/feed.xml``: what the "What changed" page lists).

Written with ElementTree, so every text from BibTeX, front matter and commit messages is escaped by
the XML writer. Ids are ``urn:uuid:`` names made from keys and dates (revisions.stable_id): they do
not change when ``site_url`` is set later, so a reader does not see every item again. Links are
absolute with a ``site_url``, else relative to the feed's own address.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from digest.charset import xml_text
from digest.site.revisions import Event, stable_id

ATOM = "http://www.w3.org/2005/Atom"
CHANGES_FEED = "changes/feed.xml"
FEED_SIZE = 50


def topic_feed_path(slug: str) -> str:
    """Where a topic's feed is, under the site root (slugs are checked at the door: ``[a-z0-9-]``)."""
    return f"topics/{slug}/feed.xml"


@dataclass(frozen=True)
class Item:
    """One entry of a feed."""

    id: str
    title: str
    url: str
    """Site-relative address of the page it is about."""
    updated: dt.date
    published: dt.date | None = None
    summary: str = ""
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feed:
    """A feed's own data: where it is, what it is about."""

    path: str
    """Site-relative path of the feed file."""
    page: str
    """Site-relative address of the page it belongs to."""
    id: str
    title: str
    site_name: str
    site_url: str = ""

    def href(self, url: str) -> str:
        """``url`` (site-relative) as the feed links to it."""
        if self.site_url:
            return self.site_url.rstrip("/") + "/" + url
        here = posixpath.dirname(self.path) or "."
        target = posixpath.relpath(url or ".", here)
        return target + "/" if url.endswith("/") and not target.endswith("/") else target


def _stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def atom(feed: Feed, items: list[Item]) -> str:
    """The Atom document of ``feed``, items in the order given."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "title", feed.title)
    _text(root, "id", feed.id)
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=xml_text(feed.href(feed.path)))
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=xml_text(feed.href(feed.page)))
    _text(root, "updated", max((_stamp(i.updated) for i in items), default="1970-01-01T00:00:00Z"))
    _text(ET.SubElement(root, f"{{{ATOM}}}author"), "name", feed.site_name)
    for item in items:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(node, "title", item.title)
        ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=xml_text(feed.href(item.url)))
        _text(node, "id", item.id)
        _text(node, "updated", _stamp(item.updated))
        if item.published:
            _text(node, "published", _stamp(item.published))
        for name in item.authors:
            _text(ET.SubElement(node, f"{{{ATOM}}}author"), "name", name)
        if item.summary:
            _text(node, "summary", item.summary)
    ET.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = xml_text(text)


def event_summary(event: Event) -> str:
    """One line on an event: what happened, what changed, the note (or the commit's subject)."""
    parts = [event.label]
    if event.changed:
        parts.append(f"changed {event.changed}")
    if event.note or event.subject:
        parts.append(event.note or event.subject)
    return ". ".join(parts)


def event_item(event: Event, url: str) -> Item:
    """A changelog entry: one event of one entry."""
    authors = tuple(event.entry.digest.contributors) if event.entry.digest and event.kind in ("new", "revised") else ()
    return Item(event.id, f"{event.label}: {event.entry.title}", url, event.date, event.date, event_summary(event), authors)


def digest_item(key: str, title: str, url: str, first: dt.date, last: dt.date, summary: str, authors: tuple[str, ...]) -> Item:
    """A topic feed's entry: one digest, updated when it is revised (its id stays)."""
    return Item(stable_id("digest", key), title, url, last, first, summary, authors)
