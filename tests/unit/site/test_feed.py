"""The Atom feed of the newest digests: valid, escaped, newest first."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from digest.site.feed import FeedItem, atom, newest_digests
from factories import make_digest, make_entry

NS = {"a": "http://www.w3.org/2005/Atom"}


def test_newest_digests_are_dated_ones_newest_first() -> None:
    entries = [make_entry(key, digest=make_digest(key, "Body.", when=when))
               for key, when in [("old", date(2020, 1, 1)), ("none", None), ("b", date(2024, 5, 1)), ("a", date(2024, 5, 1))]]
    assert [e.key for e in newest_digests(entries, 3)] == ["a", "b", "old"]
    assert [e.key for e in newest_digests(entries, 1)] == ["a"]


def test_feed_is_valid_atom_with_escaped_text_and_relative_links() -> None:
    evil = make_entry("evil", title='Title <script>alert("x")</script> & more',
                      digest=make_digest("evil", "Body.", when=date(2025, 2, 3), contributors=["Ann <b>Bold</b>"]))
    text = atom([FeedItem(evil, "digests/evil/", "Teaser & <i>summary</i>")], "Site & co")
    assert "<script>" not in text and "&lt;script&gt;" in text
    feed = ET.fromstring(text)
    assert feed.findtext("a:title", namespaces=NS) == "Site & co"
    assert feed.findtext("a:updated", namespaces=NS) == "2025-02-03T00:00:00Z"
    [item] = feed.findall("a:entry", NS)
    assert item.findtext("a:title", namespaces=NS) == 'Title <script>alert("x")</script> & more'
    assert item.find("a:link", NS).get("href") == "digests/evil/"  # type: ignore[union-attr]
    assert item.findtext("a:id", namespaces=NS) == "urn:x-research-digests:evil"
    assert item.findtext("a:author/a:name", namespaces=NS) == "Ann <b>Bold</b>"
    assert item.findtext("a:summary", namespaces=NS) == "Teaser & <i>summary</i>"


def test_feed_links_are_absolute_when_the_site_has_an_address() -> None:
    feed = ET.fromstring(atom([FeedItem(make_entry("k", digest=make_digest("k", when=date(2025, 1, 1))), "digests/k/", "")], "S", "https://x.org/repo"))
    assert feed.findtext("a:id", namespaces=NS) == "https://x.org/repo/"
    assert [link.get("href") for link in feed.findall("a:link", NS)] == ["https://x.org/repo/feed.xml", "https://x.org/repo/"]
    assert feed.find("a:entry/a:link", NS).get("href") == "https://x.org/repo/digests/k/"  # type: ignore[union-attr]


def test_an_empty_feed_is_still_valid() -> None:
    feed = ET.fromstring(atom([], "S"))
    assert feed.findtext("a:updated", namespaces=NS) == "1970-01-01T00:00:00Z" and feed.findall("a:entry", NS) == []
