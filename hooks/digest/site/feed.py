"""The Atom feed of the newest digests (``feed.xml``), as a string.

Built with ElementTree so that every text from BibTeX and front matter is escaped by the XML
writer. The feed's dates are the digests' own dates, so building twice gives the same file.
Links are absolute when the site has a ``site_url`` (feed readers need them), and otherwise
relative to ``feed.xml`` at the site root, which readers resolve against the feed's own URL.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

from digest.charset import xml_text
from digest.model import Entry

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class FeedItem:
    """One digest in the feed."""

    entry: Entry
    url: str
    """The entry page's URL relative to the site root (``digests/lener2016/``)."""
    summary: str
    """One line on the paper: the digest's teaser, or its formatted reference."""


def newest_digests(entries: Iterable[Entry], count: int) -> list[Entry]:
    """Entries with a dated digest, newest digest first (ties by key, for a stable feed)."""
    dated = [e for e in entries if e.digest and e.digest.date]
    dated.sort(key=lambda e: e.key)
    dated.sort(key=lambda e: e.digest.date if e.digest and e.digest.date else None, reverse=True)  # type: ignore[arg-type,return-value]
    return dated[:count]


def _timestamp(entry: Entry) -> str:
    date = entry.digest.date if entry.digest else None
    return f"{date.isoformat()}T00:00:00Z" if date else EPOCH


def atom(items: list[FeedItem], title: str, site_url: str = "", subtitle: str = "") -> str:
    """The Atom document for ``items`` (already in feed order)."""
    base = site_url.rstrip("/") + "/" if site_url else ""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _text(feed, "title", title)
    if subtitle:
        _text(feed, "subtitle", subtitle)
    _text(feed, "id", base or "urn:x-research-digests:feed")
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=xml_text(base + FEED_PATH))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=xml_text(base or "./"))
    _text(feed, "updated", max((_timestamp(i.entry) for i in items), default=EPOCH))
    _text(ET.SubElement(feed, f"{{{ATOM}}}author"), "name", title)
    for item in items:
        _item(feed, item, base)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _item(feed: ET.Element, item: FeedItem, base: str) -> None:
    entry = item.entry
    node = ET.SubElement(feed, f"{{{ATOM}}}entry")
    _text(node, "title", entry.title)
    link = base + item.url if base else item.url or "./"
    ET.SubElement(node, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=xml_text(link))
    _text(node, "id", base + item.url if base else f"urn:x-research-digests:{entry.key}")
    _text(node, "updated", _timestamp(entry))
    _text(node, "published", _timestamp(entry))
    # The digest's writers are the authors of the feed entry; the paper's authors are in the summary.
    for name in entry.digest.contributors if entry.digest else []:
        _text(ET.SubElement(node, f"{{{ATOM}}}author"), "name", name)
    if item.summary:
        _text(node, "summary", item.summary)


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    child.text = xml_text(text)
    return child

