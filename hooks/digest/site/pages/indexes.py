"""The site's index pages: the topics index (``topics/``, with the topic map), all digests by year
(``<digests_dir>/``, with the whole library's downloads), the search results page (``search/``) and,
when the site has no ``docs/index.md``, a home page. Templates: ``topics-index.html`` (``topics``),
``digests-index.html`` (``digests``), ``search.html`` (``search``), ``home.html`` (``home``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from markdown.extensions.toc import slugify

from digest.model import Entry
from digest.search import index as search_index
from digest.site import topicmap
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import LIST_PAGE, View


def pages(maker: PageMaker, has_home: bool) -> Iterator[PageOut]:
    pieces = maker.pieces

    def everything() -> int:
        return pieces.list_signature(maker.lib.index.newest(), pieces.topics_signature, tuple(maker.problems.get("", ())))
    yield maker.page("topics/index.md", "topics-index.html", "topics", lambda: topics_view(maker),
                     lambda: {"title": "Topics"}, "Topics", everything, in_nav=True)
    yield maker.page(f"{maker.links.digests_dir}/index.md", "digests-index.html", "digests", lambda: digests_view(maker),
                     lambda: {"title": "All digests"}, "All digests", everything, in_nav=True)
    yield maker.page(search_index.PAGE, "search.html", "search", lambda: search_view(maker), lambda: {"title": "Search"},
                     "Search", lambda: hash((pieces.topics_signature, tuple(maker.lib.studies.values()))))
    if not has_home:
        yield maker.page("index.md", "home.html", "home", lambda: home_view(maker), lambda: {"title": "Home"}, "Home",
                         everything, in_nav=True)


def topics_view(maker: PageMaker) -> View:
    here = "topics/index.md"
    lib = maker.lib
    tmap = topicmap.build_map(lib.index, lib.topics, maker.links, here, maker.pieces.pair_pages)
    return {"map": topicmap.drawing(tmap, "Topic map") if tmap.nodes else None,
            "table": topicmap.table(tmap, "Topics, their digests and the topics they share digests with"),
            "topics": maker.pieces.topic_list(here)}


def digests_view(maker: PageMaker) -> View:
    """The newest LIST_PAGE entries by year (each year with its anchor), the library's downloads."""
    pieces, lib = maker.pieces, maker.lib
    here = f"{maker.links.digests_dir}/index.md"
    by_year: dict[str, list[Entry]] = defaultdict(list)
    for entry in lib.index.newest()[:LIST_PAGE]:
        by_year[entry.year or "n.d."].append(entry)
    return {"count": len(lib.entries),
            "downloads": pieces.whole_library(here),
            "years": [{"year": year, "id": slugify(year, "-") or "year", "items": pieces.items(here, entries)}
                      for year, entries in by_year.items()],
            "pager": pieces.pager(here, here, 1, len(lib.entries)),
            "problems": maker.problems.get("", [])}


def search_view(maker: PageMaker) -> View:
    """The results page: the topics of its filter, by name."""
    topics = sorted(maker.lib.topics.values(), key=lambda t: t.name.lower())
    found = maker.lib.studies.values()
    designs = sorted({s.design for s in found if s.design}, key=lambda d: d.rank)
    return {"topics": [{"slug": t.slug, "name": t.name} for t in topics],
            "designs": [{"slug": d.slug, "name": d.name} for d in designs],
            "species": sorted({s.species for s in found if s.species})}


def home_view(maker: PageMaker) -> View:
    return {"newest": maker.pieces.newest("index.md"), "topics": maker.pieces.topic_list("index.md")}
