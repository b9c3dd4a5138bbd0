"""The page of two topics, ``topics/<a>+<b>/``: the digests they share ("Glutamate and ketamine:
7 digests"), newest first, with a timeline. Template: ``templates/pair.html`` (the view as ``pair``)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from digest.site import charts, topicmap
from digest.site.pages.maker import PageMaker, PageOut, constant
from digest.site.pieces import View, safe_title

PAIR_LIST = 100
"""How many of the digests two topics share their page lists (newest first)."""


def pages(maker: PageMaker) -> Iterator[PageOut]:
    pieces, topics = maker.pieces, maker.lib.topics
    for a, b in sorted(pieces.pair_pages):
        shared = pieces.shared.get(topicmap.pair(a, b), [])
        title, description = title_of(maker, a, b)
        head = {"title": safe_title(title), "description": safe_title(description)}
        yield maker.page(topicmap.pair_src(a, b), "pair.html", "pair", partial(view, maker, a, b), constant(head), title,
                         partial(pieces.list_signature, shared, topics[a], topics[b]))


def view(maker: PageMaker, a: str, b: str) -> View:
    pieces = maker.pieces
    here = topicmap.pair_src(a, b)
    shared = pieces.shared.get(topicmap.pair(a, b), [])
    title, description = title_of(maker, a, b)
    # The list stops at the newest PAIR_LIST (the timeline counts them all): a page's size must not
    # grow with the corpus, and the topic pages list every digest.
    return {"title": title, "first": pieces.topic_link(here, a), "second": pieces.topic_link(here, b),
            "timeline": charts.timeline(shared, title + " by publication year"),
            "items": pieces.items(here, shared[:PAIR_LIST]), "older": max(0, len(shared) - PAIR_LIST),
            "description": description}


def title_of(maker: PageMaker, a: str, b: str) -> tuple[str, str]:
    """The title and description of the page of two topics."""
    first, second = maker.lib.topics[a], maker.lib.topics[b]
    n = len(maker.pieces.shared.get(topicmap.pair(a, b), []))
    title = f"{topicmap.and_names(first.name, second.name)}: {n} digest{'' if n == 1 else 's'}"
    return title, f"Digests tagged with both {first.name} and {second.name}, newest first."
