"""Pages 2, 3, ... of the long lists (a topic's digests, all digests), so that no page grows with the
library: ``topics/<slug>/2/``, ``<digests_dir>/page/2/``. Template: ``templates/list.html`` (the view
as ``listing``)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from digest.model import Entry
from digest.site.pages.maker import PageMaker, PageOut, constant
from digest.site.pieces import LIST_PAGE, View, list_src, safe_title


def pages(maker: PageMaker) -> Iterator[PageOut]:
    lib, links = maker.lib, maker.links
    for topic in lib.topics.values():
        yield from _more(maker, links.topic(topic.slug), f"{topic.name}: digests", lib.index.entries(topic.slug))
    yield from _more(maker, f"{links.digests_dir}/index.md", "All digests", lib.index.newest())


def _more(maker: PageMaker, first: str, title: str, entries: list[Entry]) -> Iterator[PageOut]:
    count = -(-len(entries) // LIST_PAGE)
    for number in range(2, count + 1):
        here = list_src(first, number)
        shown = entries[(number - 1) * LIST_PAGE:number * LIST_PAGE]
        heading = f"{title}, page {number} of {count}"
        yield maker.page(here, "list.html", "listing", partial(view, maker, here, first, heading, number, shown, len(entries)),
                         constant({"title": safe_title(heading)}), heading,
                         partial(maker.pieces.list_signature, shown, heading, len(entries)))


def view(maker: PageMaker, here: str, first: str, heading: str, number: int, shown: list[Entry], count: int) -> View:
    pieces = maker.pieces
    return {"title": heading, "items": pieces.items(here, shown), "pager": pieces.pager(here, first, number, count)}
