"""The Atom feed of the newest digests, and the search index: units, then the built site."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

from conftest import Built
from digest.model import Digest, Entry
from digest.search.index import FIELDS, INDEX_PATH, Record, build, read_index
from digest.site.feed import FeedItem, atom, newest_digests

NS = {"a": "http://www.w3.org/2005/Atom"}


def entry(key: str, when: date | None, title: str = "A title", contributors: list[str] | None = None) -> Entry:
    digest = Digest(key, f"docs/digests/{key}.md", "Body.", 5, date=when, contributors=contributors or [])
    return Entry(key, "article", {"title": title}, {}, [], [], "bib/x.bib", 1, digest=digest)


def test_newest_digests_are_dated_ones_newest_first() -> None:
    entries = [entry("old", date(2020, 1, 1)), entry("none", None), entry("b", date(2024, 5, 1)), entry("a", date(2024, 5, 1))]
    assert [e.key for e in newest_digests(entries, 3)] == ["a", "b", "old"]
    assert [e.key for e in newest_digests(entries, 1)] == ["a"]


def test_feed_is_valid_atom_with_escaped_text_and_relative_links() -> None:
    evil = entry("evil", date(2025, 2, 3), 'Title <script>alert("x")</script> & more', ["Ann <b>Bold</b>"])
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
    feed = ET.fromstring(atom([FeedItem(entry("k", date(2025, 1, 1)), "digests/k/", "")], "S", "https://x.org/repo"))
    assert feed.findtext("a:id", namespaces=NS) == "https://x.org/repo/"
    assert [link.get("href") for link in feed.findall("a:link", NS)] == ["https://x.org/repo/feed.xml", "https://x.org/repo/"]
    assert feed.find("a:entry/a:link", NS).get("href") == "https://x.org/repo/digests/k/"  # type: ignore[union-attr]


def test_an_empty_feed_is_still_valid() -> None:
    feed = ET.fromstring(atom([], "S"))
    assert feed.findtext("a:updated", namespaces=NS) == "1970-01-01T00:00:00Z" and feed.findall("a:entry", NS) == []


def test_the_site_feed_lists_the_newest_digests_with_working_links(project_site: Built) -> None:
    feed = ET.fromstring((project_site.site / "feed.xml").read_text(encoding="utf-8"))
    items = feed.findall("a:entry", NS)
    assert 5 <= len(items) <= 20
    dates = [i.findtext("a:updated", namespaces=NS) or "" for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        href = item.find("a:link", NS).get("href")  # type: ignore[union-attr]
        assert (project_site.site / str(href) / "index.html").is_file(), href
    assert '<link rel="alternate" type="application/atom+xml"' in project_site.page("")




def test_search_index_is_a_script_that_no_title_can_break_out_of() -> None:
    nasty = "</script><script>alert('1')</script> \\ \" \n \u2028 end"
    files = build([Record("digests/x/", nasty, authors="Ö", body=nasty, abstract=nasty, teaser=nasty)])
    assert INDEX_PATH in files
    for text in files.values():
        assert "</script>" not in text and "<" not in text and "\n" not in text.rstrip("\n")
    index = read_index(files.__getitem__)
    assert index["fields"] == list(FIELDS)
    assert index["docs"][0][:3] == ["digests/x/", nasty, "Ö"]


def test_site_search_index_holds_every_entry_and_topic(project_site: Built) -> None:
    index = read_index(lambda path: (project_site.site / path).read_text(encoding="utf-8"))
    docs = {row[0]: dict(zip(index["fields"], row, strict=True)) for row in index["docs"]}
    site = project_site.site
    pages = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "digests").glob("*/index.html")}
    assert pages <= set(docs)
    lener = docs["digests/lener2016/"]
    assert (lener["year"], lener["venue"], lener["doi"]) == ("2016", "Biological Psychiatry", "10.1016/j.biopsych.2016.05.005")
    assert "Niciu" in lener["authors"] and "Glutamate" in lener["topics"]
    assert docs["topics/ketamine/"]["kind"] == "topic"
