"""The topic page, ``topics/<slug>/``: a topic's description, its map of neighbours, timeline, a
reading path ("Start here") and its digests, newest first. Template: ``templates/topic.html``
(the view as ``topic``)."""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterator
from functools import partial

from digest.library.study import summary
from digest.library.topics import Topic
from digest.model import Entry
from digest.site import charts, citationmap, feeds, studies, topicmap
from digest.site.pages.maker import PageMaker, PageOut, constant
from digest.site.pieces import LIST_PAGE, View, safe_title

REVIEW_WORDS = re.compile(r"\b(reviews?|overview|meta-analys[ie]s|hypothes[ie]s|towards?)\b", re.IGNORECASE)
START_HERE = 3
"""How many reviews, landmarks and newest papers a topic's "Start here" lists."""


def pages(maker: PageMaker) -> Iterator[PageOut]:
    for topic in maker.lib.topics.values():
        members = maker.lib.index.entries(topic.slug)
        head = {"title": safe_title(topic.name), "description": safe_title(topic.description[:300]),
                "feed": {"href": feed_href(maker, topic), "title": safe_title(f"{maker.site_name}: {topic.name}")}}
        yield maker.page(maker.links.topic(topic.slug), "topic.html", "topic", partial(view, maker, topic), constant(head),
                         topic.name, partial(signature, maker, topic, members))


def signature(maker: PageMaker, topic: Topic, members: list[Entry]) -> int:
    pieces = maker.pieces
    found = tuple(maker.lib.studies.get(e.key) for e in members)
    return pieces.list_signature(members, topic, pieces.topics_signature, found,
                                 tuple(citationmap.citations(pieces, members)))


def view(maker: PageMaker, topic: Topic) -> View:
    pieces, lib = maker.pieces, maker.lib
    here = maker.links.topic(topic.slug)
    members = lib.index.entries(topic.slug)
    return {
        "name": topic.name, "description": topic.description, "count": len(members),
        "focus": focus_map(maker, topic), "timeline": charts.timeline(members, f"{topic.name}: digests by publication year"),
        "related": pieces.chips(here, [s for s in topic.related if s in lib.topics]),
        "cooccurring": [{**pieces.topic_link(here, s), "count": n, "pair": pair_href(maker, here, topic.slug, s)}
                        for s, n in lib.index.cooccurring(topic.slug) if s in lib.topics],
        "start_here": start_here(maker, here, members),
        "items": pieces.items(here, members[:LIST_PAGE]),
        "pager": pieces.pager(here, here, 1, len(members)),
        "downloads": pieces.reading_list(here, topic.slug, members),
        "evidence": evidence(maker, here, members),
        "feed": feed_href(maker, topic),
        "citation_map": citationmap.view(pieces, here, members, topic.name),
    }


def evidence(maker: PageMaker, here: str, members: list[Entry]) -> View:
    """The topic's evidence table (the strongest designs first, at most :data:`studies.TABLE_ROWS` rows;
    ``evidence/`` has them all) and its one-line summary."""
    found = [(e, maker.lib.studies[e.key]) for e in members if e.key in maker.lib.studies]
    rows = [studies.row(e, s, maker.links.rel(here, maker.pieces.entry_src(e.key))) for e, s in found]
    rows.sort(key=lambda r: (r["rank"], -(r["participants"] or 0)))
    return {"rows": rows[:studies.TABLE_ROWS], "summary": summary([s for _, s in found]),
            "more": len(rows) > studies.TABLE_ROWS, "all": maker.links.rel(here, studies.PAGE), **studies.choices(rows),
            "topics": [], "shards": 0}


def feed_href(maker: PageMaker, topic: Topic) -> str:
    """The topic's Atom feed (site/pages/changes.py), from its page."""
    return maker.links.file(maker.links.topic(topic.slug), feeds.topic_feed_path(topic.slug))


def pair_href(maker: PageMaker, here: str, a: str, b: str) -> str:
    return maker.links.rel(here, topicmap.pair_src(a, b)) if topicmap.pair(a, b) in maker.pieces.pair_pages else ""


def focus_map(maker: PageMaker, topic: Topic) -> View | None:
    lib = maker.lib
    focus = topicmap.build_focus_map(lib.index, lib.topics, maker.links, topic.slug, maker.pieces.pair_pages)
    if len(focus.nodes) <= 1:
        return None
    return {"map": topicmap.drawing(focus, f"{topic.name} and the topics it shares digests with", topic.slug),
            "edges": len(focus.edges), "hidden": focus.hidden}


def start_here(maker: PageMaker, here: str, members: list[Entry]) -> View | None:
    """The topic's digests as a reading path, with its rule written above it."""
    if len(members) < 2:
        return None
    item = maker.pieces.item
    reviews, landmarks, newest = reading_path(members)
    items = [item(here, e, "review") for e in reviews]
    items += [item(here, e, f"landmark, {e.year}") for e in landmarks]
    items += [item(here, e, "newest") for e in newest]
    return {"size": START_HERE, "items": items}


def is_review(entry: Entry) -> bool:
    """Reviews, syntheses and position papers, which a newcomer should read first."""
    return bool(REVIEW_WORDS.search(f"{entry.fields.get('type', '')} ; {entry.fields.get('keywords', '')} ; {entry.title}"))


def reading_path(members: list[Entry]) -> tuple[list[Entry], list[Entry], list[Entry]]:
    """Reviews (newest first), then the oldest papers, then the newest, none twice.
    ``members`` is newest first, as :class:`TopicIndex` keeps it."""
    reviews = [e for e in members if is_review(e)][:START_HERE]
    seen = {e.key for e in reviews}
    landmarks = heapq.nsmallest(START_HERE, (e for e in members if e.year and e.key not in seen), key=lambda e: (e.year, e.key))
    seen.update(e.key for e in landmarks)
    newest = [e for e in members if e.key not in seen][:START_HERE]
    return reviews, landmarks, newest
