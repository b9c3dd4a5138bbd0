"""Everything the digest adds to a site, as one list: pages, the search index, the feed, downloads, scripts.

The hook hands each item to MkDocs as a generated file; keeping the list here means the hook
knows nothing of what the site is made of, and a test can look at the whole list without MkDocs.
Every item is made on demand (``make``) and carries a signature of what it holds, so that an
unchanged file is neither made nor written again under ``mkdocs serve --dirty``.
"""

from __future__ import annotations

import functools
import os
import posixpath
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial

from digest.cached import cached
from digest.library.topics import Topic
from digest.model import Entry
from digest.references.parts import to_plain
from digest.search import index as search
from digest.site import downloads as exports
from digest.site import feed, scripts, studies
from digest.site.pages import changes, every_page, evidence
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import Pieces
from digest.urls import SCRIPTS

FEED_SIZE = 20


@dataclass
class FileOut:
    """One generated file that is not a page: its path under docs/, how to make it, its signature."""

    src_uri: str
    make: Callable[[], str]
    sign: Callable[[], int]
    """Its signature, made only when asked (under `mkdocs serve --dirty`)."""
    chunks: Callable[[], Iterable[str]] | None = None
    """Its text in pieces, keeping nothing of them (:func:`write_later`), where it is big."""

    @cached
    def signature(self) -> int:
        return self.sign()


@dataclass(frozen=True)
class SiteInfo:
    """What the outputs need to know of the site's configuration."""

    name: str
    url: str = ""
    description: str = ""
    docs_dir: str = "docs"
    """The docs folder relative to the project, to point "Edit" at a .bib file outside it."""
    has_home: bool = False
    """docs/index.md exists (and fills its lists through markers); otherwise one is generated."""
    pages: tuple[tuple[str, str], ...] = ()
    """The hand-written pages, (src_uri, markdown), for the search index."""


def outputs(maker: PageMaker, site: SiteInfo, later: bool = False) -> Iterator[PageOut | FileOut]:
    """Every file the digest generates, pages first; ``later``: not the search index and the
    downloads, which the caller writes itself (:func:`write_later`)."""
    lib = maker.lib
    edit_uris = {key: _edit_uri(entry, lib.settings.digests_dir, site) for key, entry in lib.entries.items()}
    yield from every_page(maker, edit_uris, site.has_home)
    yield from living_review(maker, site)
    yield from reader_files(maker.pieces, site, maker.site_signature, not later)
    yield FileOut(SCRIPTS, scripts.joined, scripts.signature)
    if not later:
        yield from downloads(maker.pieces)


def living_review(maker: PageMaker, site: SiteInfo) -> Iterator[PageOut | FileOut]:
    """The "What changed" page, its feed and a feed per topic (site/pages/changes.py)."""
    found = changes.Changes(maker)
    yield from changes.pages(maker, found)
    for path, make, sign in changes.feed_files(maker, found, site.name, site.url):
        yield FileOut(path, make, lambda sign=sign: hash((maker.site_signature, sign())))  # type: ignore[misc]


def _edit_uri(entry: Entry, digests_dir: str, site: SiteInfo) -> str:
    if entry.digest:
        return f"{digests_dir}/{entry.key}.md"
    return _relative(entry.path, site.docs_dir)


@functools.lru_cache(maxsize=1024)
def _relative(path: str, start: str) -> str:
    return posixpath.relpath(path, start)


def reader_files(pieces: Pieces, site: SiteInfo, site_signature: int, with_search: bool = True) -> Iterator[FileOut]:
    """The search index and the Atom feed; ``site_signature``: what every output depends on (PageMaker's)."""
    lib, links = pieces.lib, pieces.links

    def entry_url(entry: Entry) -> str:
        return links.url(pieces.entry_src(entry.key))

    def topic_url(topic: Topic) -> str:
        return links.url(links.topic(topic.slug))

    # What the index and the feed hold of an entry: its record, address, topics, teaser and date
    # (not its digest's body: an edit of the text of one digest does not make them again).
    def everything() -> int:
        entries = tuple((e.record_signature, lib.slugs[e.key], tuple(e.topics), e.digest.teaser if e.digest else None,
                         e.digest.date if e.digest else None) for e in lib.entries.values())
        return hash((site_signature, entries, tuple(lib.topics.values()), site, tuple(lib.statuses.items())))

    def atom() -> str:
        items = [feed.FeedItem(e, entry_url(e), (e.digest.teaser if e.digest else "") or to_plain(pieces.reference(e)))
                 for e in feed.newest_digests(lib.entries.values(), FEED_SIZE)]
        return feed.atom(items, site.name, site.url, site.description)

    yield FileOut(feed.FEED_PATH, atom, everything)
    if with_search:
        for path, text in search_index(pieces, site).items():
            yield FileOut(path, partial(_text, text), partial(hash, text))


def search_index(pieces: Pieces, site: SiteInfo) -> dict[str, str]:
    """The files of the search index (digest/search/index.py), by path under the site, kept for
    the next rebuild: under `mkdocs serve --dirty` they are files of the build, written again only
    when one of them changed. In a build, :func:`write_later` writes them one at a time."""
    return search.build_once(*_search_records(pieces, site, _ENTRY_RECORDS))


_ENTRY_RECORDS: dict[str, tuple[object, search.Record]] = {}
"""Each entry's search record, with what it was made from, kept from one `mkdocs serve` rebuild to the next."""


def _search_records(pieces: Pieces, site: SiteInfo,
                    memo: dict[str, tuple[object, search.Record]] | None = None) -> tuple[list[search.Record], str]:
    """The search index's records, and the URL of its results page (``memo``: search.records')."""
    lib, links = pieces.lib, pieces.links
    statuses = {key: found.label for key, found in lib.statuses.items()}
    pages = [(links.url(src_uri), markdown) for src_uri, markdown in site.pages]
    return (search.records(lib.index.newest(), lib.topics, lambda e: links.url(pieces.entry_src(e.key)),
                           lambda t: links.url(links.topic(t.slug)), statuses, pages, lib.studies, memo),
            links.url(search.PAGE))


def write_later(pieces: Pieces, site: SiteInfo, site_dir: str) -> int:
    """Make the search index and the downloads and write their files under ``site_dir``; how many.

    In a build (not under `mkdocs serve`) the hook calls this in a forked child while MkDocs renders
    the pages (the first share a worker takes, digest_hooks.Workers): they are a fifth of the work of a build and need nothing
    of the pages."""
    def write(path: str, texts: Iterable[str]) -> None:
        target = os.path.join(site_dir, *path.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as written:
            written.writelines(texts)

    count = 0
    for path, text in search.files(*_search_records(pieces, site)):  # one file, or one record, in memory at a time
        write(path, (text,))
        count += 1
    done = _records_and_exports(list(pieces.lib.entries.values()), site_dir, write)
    count += len(done)
    for out in downloads(pieces, keep=False):
        if out.src_uri not in done:
            write(out.src_uri, out.chunks() if out.chunks else (out.make(),))
            count += 1
    return count


def _records_and_exports(everything: list[Entry], site_dir: str, write: Callable[[str, Iterable[str]], None]) -> set[str]:
    """The records scripts and the whole library's .bib and .ris in one pass, each entry's two records
    made once for both (as ``downloads`` gives them, made one by one, they were made twice); the paths
    written."""
    done = set()
    files = {ext: exports.site_export(ext) for ext in ("bib", "ris")}
    for path in files.values():
        os.makedirs(os.path.dirname(os.path.join(site_dir, *path.split("/"))), exist_ok=True)
    opened = {ext: open(os.path.join(site_dir, *path.split("/")), "w", encoding="utf-8", newline="")
              for ext, path in files.items()}
    try:
        for ext, written in opened.items():
            written.write(exports.MODULES[ext].HEAD)
        for shard in range(-(-len(everything) // exports.SHARD)):
            entries = everything[shard * exports.SHARD:(shard + 1) * exports.SHARD]
            rows = [[exports.record("bib", entry, keep=False), exports.record("ris", entry, keep=False)] for entry in entries]
            write(exports.records_src(shard), (exports.packed_script(shard, rows),))
            done.add(exports.records_src(shard))
            for number, row in enumerate(rows, start=shard * exports.SHARD):
                for (ext, written), text in zip(opened.items(), row, strict=True):
                    written.write(exports.MODULES[ext].BETWEEN + text if number else text)
        for ext, written in opened.items():
            written.write(exports.MODULES[ext].TAIL)
    finally:
        for written in opened.values():
            written.close()
    return done | set(files.values())


def _text(text: str) -> str:
    return text


def downloads(pieces: Pieces, keep: bool = True) -> Iterator[FileOut]:
    """The whole library as .bib, .ris and CSL-JSON, and every record in scripts of SHARD entries,
    from which an entry's own .bib and .ris and a topic's reading list are made in the browser; all
    made when written.

    A file per entry would be tens of thousands of files, which cost far more to write than their
    bytes; a ``data:`` copy in each entry page was a fifth of the page; a file per topic repeated
    every entry once per topic: a third of the site at 20,000 entries. ``keep``: whether the records
    made are kept for the next build (under `mkdocs serve`), not in a build that writes them once.
    """
    lib = pieces.lib
    everything = list(lib.entries.values())
    for shard in range(0, -(-len(everything) // exports.SHARD)):
        entries = everything[shard * exports.SHARD:(shard + 1) * exports.SHARD]
        yield FileOut(exports.records_src(shard), partial(exports.records_script, shard, entries, keep),
                      partial(_records, entries))
    for ext in exports.WRITERS:
        yield FileOut(exports.site_export(ext), partial(exports.write, ext, everything), partial(_records, everything),
                      partial(exports.chunks, ext, everything))
    yield from evidence_files(pieces)


def evidence_files(pieces: Pieces) -> Iterator[FileOut]:
    """The evidence page's scripts (every study, in shards) and the whole library's evidence.csv and .json."""
    if not pieces.lib.studies:
        return
    made = functools.lru_cache(maxsize=1)(partial(evidence.records, pieces))
    sign = partial(evidence.signature, pieces)
    for shard in range(-(-len(pieces.lib.studies) // evidence.SHARD)):
        def script(shard: int = shard) -> str:
            return evidence.shard_script(shard, made()[shard * evidence.SHARD:(shard + 1) * evidence.SHARD])
        yield FileOut(f"{evidence.SCRIPTS_DIR}/{shard}.js", script, sign)
    yield FileOut(evidence.FILES["csv"], lambda: studies.evidence_csv(made()), sign)
    yield FileOut(evidence.FILES["json"], lambda: studies.evidence_json(made()), sign)


def _records(entries: list[Entry]) -> int:
    """What a download holds: the entries' records alone."""
    return hash(tuple(e.record_signature for e in entries))
