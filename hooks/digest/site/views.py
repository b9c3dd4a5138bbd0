"""View data: what each generated page shows, as plain dicts and lists that a template prints.

A view function chooses what to show; the templates in ``templates/`` own all the markup; neither
formats references (the styles do) nor reads files (the library does). Text goes into views as
it was read (BibTeX and front matter, LaTeX resolved) and is escaped once, by the templates'
autoescape. The one value that is trusted HTML is a digest's body: contributor markdown after it
was rendered and cleaned (``contributed.py``), with its citations made by the templates.
"""

from __future__ import annotations

import heapq
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from functools import cached_property, partial
from typing import Any

from digest.references import digestcite, formats as exports, meta, styles
from digest.site import charts, share, topicmap
from digest.library.loader import CitingPage, Library
from digest.model import Entry
from digest.references.styles import Parts, apa, to_plain
from digest.library.topics import Topic
from digest.urls import Links, doi_url

View = dict[str, Any]
MorePage = tuple[str, str, list[Entry], int, Callable[[], View]]
"""A continuation page of a long list: source path, title, entries listed, length of the list, its view."""
STYLES = {name: styles.get(name) for name in styles.NAMES}
REVIEW_WORDS = re.compile(r"\b(reviews?|overview|meta-analys[ie]s|hypothes[ie]s|towards?)\b", re.IGNORECASE)
START_HERE = 3
"""How many reviews, landmarks and newest papers a topic's "Start here" lists."""
PAIR_LIST = 100
"""How many of the digests two topics share their cross-topic page lists (newest first)."""
LIST_PAGE = 200
"""Entries on one page of a long list (a topic's digests, all digests), so that no page grows with N;
pages 2, 3, ... are ``topics/<slug>/2/`` and ``<digests_dir>/page/2/``."""
SHOWN_BIBTEX_LEAVES_OUT = ("abstract",)
"""Fields the BibTeX shown (and copied) on an entry page leaves out: what a reader pastes into a paper's
.bib needs no abstract, and the page shows the abstract already. The .bib download has every field."""


def safe_title(text: str) -> str:
    """A page title or description with no markup characters.

    Themes print ``page.title`` and ``page.meta.description`` into HTML and attributes without
    escaping them (MkDocs' template engine has no autoescape, and ``striptags`` unescapes), so
    what goes there must hold nothing that HTML would read as markup.
    """
    return text.replace("<", "‹").replace(">", "›").replace("&", "and").replace('"', "”").strip()


def people(entry: Entry) -> str:
    """The byline's names, "Given Family Suffix", comma-separated (editors when there are no authors)."""
    persons = entry.authors or entry.editors
    return ", ".join(p.full_family if p.group else " ".join(x for x in (p.given, p.full_family, p.suffix) if x)
                     for p in persons)


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


def list_src(first: str, number: int) -> str:
    """Source path of page ``number`` of the list whose first page is ``first``."""
    if number == 1:
        return first
    stem = first[:-3]
    stem = stem[: -len("/index")] + "/page" if stem.endswith("/index") else stem
    return f"{stem}/{number}.md"


class Views:
    """The view data of every page of one library, with one link scheme."""

    def __init__(self, library: Library, links: Links, style: Any = None, site_name: str = "", site_url: str = "") -> None:
        self.lib = library
        self.links = links
        self.site_name = site_name
        self.site_url = site_url
        """The published address (``site_url``), "" when the site has none: then pages learn theirs in the browser."""
        self.style = style or STYLES.get(library.settings.style, apa)
        self.styles = {**STYLES, library.settings.style: self.style} if style is not None else STYLES
        """Every style an entry page offers: the built-in ones and the site's own (a CSL style)."""
        self.numeric = bool(getattr(self.style, "NUMERIC", False))
        self._cites: dict[str, str] = {}
        self._items: dict[str, View] = {}
        self._references: dict[tuple[str, str], Parts] = {}
        self._position = {key: i for i, key in enumerate(library.entries)}
        """Entry key -> its place in the library, which the records scripts keep (exports.records_script)."""

    # -- pieces ---------------------------------------------------------------------------------

    def entry_src(self, key: str) -> str:
        return self.links.entry(self.lib.slugs[key])

    def cite_text(self, entry: Entry) -> str:
        """The style's in-text citation of ``entry`` ("Lener et al., 2016"), made once a build."""
        text = self._cites.get(entry.key)
        if text is None:
            text = self._cites[entry.key] = self.style.cite(entry)
        return text

    def chips(self, here: str, slugs: list[str]) -> list[View]:
        """Topic chips: each known topic's name and link."""
        return [{"slug": s, "name": self.lib.topics[s].name, "href": self.links.rel(here, self.links.topic(s))}
                for s in slugs if s in self.lib.topics]

    def item(self, here: str, entry: Entry, note: str = "") -> View:
        """One line of a list of entries: linked title, short citation, teaser, an optional note."""
        parts = self._items.get(entry.key)
        if parts is None:  # an entry is listed on many pages: its text is looked up once
            found = self.lib.statuses.get(entry.key)
            parts = self._items[entry.key] = {
                "title": entry.title, "cite": self.cite_text(entry),
                "teaser": entry.digest.teaser if entry.digest else "", "key": entry.key,
                "status": found.label if found else ""}
        return {**parts, "href": self.links.rel(here, self.entry_src(entry.key)), "note": note}

    def items(self, here: str, entries: list[Entry]) -> list[View]:
        return [self.item(here, e) for e in entries]

    def topic_link(self, here: str, slug: str) -> View:
        return {"name": self.lib.topics[slug].name, "href": self.links.rel(here, self.links.topic(slug))}

    def downloads(self, here: str, what: str, files: list[tuple[str, str]]) -> View:
        """A line of links to export files under ``exports/``."""
        return {"what": what, "links": [{"href": self.links.file(here, path), "format": ext,
                                          "label": f"{exports.FORMATS[ext]} (.{ext})", "name": ""}
                                         for path, ext in files]}

    def whole_library(self, here: str) -> View:
        """The whole library's files; the .bib and .ris are also made in the browser from the records
        scripts (``data-entries="0-<last>"``), so that they download from ``file://`` as well, where a
        browser opens a linked file instead of saving it."""
        files = self.downloads(here, "Every entry", [(exports.site_export(ext), ext) for ext in exports.WRITERS])
        if not self.lib.entries:
            return files
        made = self.record_links(here, "Every entry", "all", f"0-{len(self.lib.entries) - 1}")
        return {**files, "links": made["links"] + [link for link in files["links"] if link["format"] not in ("bib", "ris")]}

    def reading_list(self, here: str, slug: str, members: list[Entry]) -> View:
        """A topic's .bib and .ris."""
        return self.record_links(here, "This reading list", slug, self.positions(members))

    def positions(self, members: list[Entry]) -> str:
        """``data-entries``: the entries' places in the records scripts."""
        return " ".join(str(self._position[e.key]) for e in members)

    def record_links(self, here: str, what: str, slug: str, entries: str) -> View:
        """.bib and .ris links for ``entries`` (places in the library, "0-19999" for a run), made in the
        browser from the records scripts (docs/assets/digest.js); without script the links give the
        whole library's files."""
        base = self.links.file(here, exports.RECORDS_DIR) + "/"
        return {"what": what, "links": [
            {"href": self.links.file(here, exports.site_export(ext)), "format": ext, "label": f"{exports.FORMATS[ext]} (.{ext})",
             "name": f"{slug}.{ext}", "entries": entries, "records": base, "shard": exports.SHARD} for ext in ("bib", "ris")]}

    def pager(self, here: str, first: str, number: int, count: int) -> View | None:
        """Newer / older links between the pages of a list (None when it fits on one page)."""
        pages = -(-count // LIST_PAGE)
        if pages <= 1:
            return None
        def href(to: int) -> str:
            return self.links.rel(here, list_src(first, to))
        return {"number": number, "pages": pages, "count": count,
                "newer": href(number - 1) if number > 1 else "", "older": href(number + 1) if number < pages else ""}

    # -- references and citations ----------------------------------------------------------------

    def reference(self, entry: Entry, style: str = "") -> Parts:
        """The entry's reference in ``style`` (the site's by default), formatted once a build: an entry
        is referenced on its own page, in the reference lists of pages citing it and in the feed."""
        name = style or self.lib.settings.style
        slot = (entry.key, name)
        found = self._references.get(slot)
        if found is None:
            if name == "bibtex":  # the record to paste into a paper's .bib; the downloads hold the whole record
                found = [styles.Part(exports.record("bib", entry, leave_out=SHOWN_BIBTEX_LEAVES_OUT))]
            else:
                found = (self.styles[style] if style else self.style).reference(entry)
            self._references[slot] = found
        return found

    def numbers(self, keys: list[str]) -> dict[str, int] | None:
        """Reference numbers in order of first citation, for numeric styles (None for author-date)."""
        if not self.numeric:
            return None
        known = [k for k in dict.fromkeys(keys) if k in self.lib.entries]
        return {key: n for n, key in enumerate(known, start=1)}

    def citation(self, here: str, cites: tuple[Any, ...], numbers: dict[str, int] | None) -> View:
        """An in-text citation: each cited key's prefix, label, link and locator."""
        pieces = []
        for cite in cites:
            entry = self.lib.entries.get(cite.key)
            label = "" if entry is None else str(numbers[cite.key]) if numbers is not None else self.cite_text(entry)
            href = self.links.rel(here, self.entry_src(cite.key)) if entry is not None else ""
            pieces.append({"key": cite.key, "prefix": cite.prefix, "locator": cite.locator, "label": label, "href": href})
        plain = all(not c.prefix and not c.locator for c in cites)
        joiner = ", " if numbers is not None and plain else "; "  # "[1, 2]", "[see 1, p. 12; 2]", "(A, 2000; B, 2001)"
        return {"numeric": numbers is not None, "pieces": pieces, "joiner": joiner}

    def reference_list(self, here: str, keys: list[str]) -> View | None:
        """The References section for the entries cited on a page, in the style's order."""
        cited = [self.lib.entries[k] for k in dict.fromkeys(keys) if k in self.lib.entries]
        if not cited:
            return None
        if not self.numeric:
            cited.sort(key=lambda e: (to_plain(self.reference(e)).lower(), e.key))
        return {"numbered": self.numeric, "items": [
            {"key": e.key, "number": n, "parts": self.reference(e), "href": self.links.rel(here, self.entry_src(e.key))}
            for n, e in enumerate(cited, start=1)]}

    # -- entry pages -----------------------------------------------------------------------------

    def description(self, entry: Entry) -> str:
        if entry.digest and entry.digest.teaser:
            return entry.digest.teaser
        return f"{self.cite_text(entry)}. {entry.venue}".strip()

    def topic_names(self, entry: Entry) -> list[str]:
        return [self.lib.topics[s].name for s in entry.topics if s in self.lib.topics]

    def entry_meta(self, entry: Entry) -> View:
        """What the page head carries: description, Highwire tags, JSON-LD (printed by overrides/main.html)."""
        description = self.description(entry)
        return {"title": safe_title(entry.title), "description": safe_title(description),
                "citation": meta.citation_tags(entry),
                "jsonld": meta.json_ld(entry, topics=self.topic_names(entry), description=description)}

    def entry(self, entry: Entry, related: list[tuple[Entry, int]], body: str, cited: list[str]) -> View:
        """An entry page; ``body`` is the digest's cleaned HTML ("" without a digest)."""
        here = self.entry_src(entry.key)
        digest = entry.digest
        return {
            "key": entry.key, "title": entry.title, "authors": people(entry), "venue": entry.venue,
            "status": self.status(entry),
            "year": entry.year or "n.d.", "doi": entry.doi,
            "chips": self.chips(here, entry.topics),
            "links": self.full_text(entry),
            "broken": f"{entry.path}:{entry.line}" if entry.broken else "",
            "body": body,
            "contributors": ", ".join(digest.contributors) if digest and body else "",
            "date": digest.date.isoformat() if digest and body and digest.date else "",
            "abstract": "" if body else entry.fields.get("abstract", ""),
            "styles": self.reference_styles(entry),
            "downloads": self.entry_downloads(here, entry),
            "related": [self.item(here, other, f"{n} shared topic{'s' if n > 1 else ''}") for other, n in related],
            "cited_in": [{"title": p.title, "href": self.links.rel(here, p.src_uri)} for p in self._citing(entry)],
            "references": self.reference_list(here, cited),
        }

    def page_url(self, src_uri: str) -> str:
        """The absolute address of a page, "" when the site has no ``site_url``."""
        return f"{self.site_url.rstrip('/')}/{self.links.url(src_uri)}" if self.site_url else ""

    def entry_extras(self, entry: Entry) -> View:
        """What an entry page offers around the paper: the site's notice, share links, "Cite this digest"."""
        notice = self.lib.settings.notice
        url = self.page_url(self.entry_src(entry.key))
        return {"notice": notice.text if notice.show else "",
                "share": share.share(entry.title, url),
                "cite_digest": digestcite.citation(entry, self.site_name, url, self.lib.settings.style)}

    def status(self, entry: Entry) -> View | None:
        """What happened to the paper since (``bib/status.yml``): the notice an entry page shows."""
        found = self.lib.statuses.get(entry.key)
        if found is None:
            return None
        return {"kind": found.kind, "label": found.label, "href": found.href, "date": found.date, "source": found.source}

    def _citing(self, entry: Entry) -> list[CitingPage]:
        return self.lib.cited_in.get(entry.key, [])

    def full_text(self, entry: Entry) -> list[View]:
        links = []
        if entry.doi:
            links.append({"text": "Full text (DOI)", "href": doi_url(entry.doi)})
        url = entry.url or (entry.digest.full_text if entry.digest else "")
        if url and not (entry.doi and entry.doi in url):
            links.append({"text": "Full text", "href": url})
        if entry.pmid:
            links.append({"text": "PubMed", "href": f"https://pubmed.ncbi.nlm.nih.gov/{entry.pmid}/"})
        return links

    def reference_styles(self, entry: Entry) -> list[View]:
        """The reference in every offered style, the site's own first."""
        default = self.lib.settings.style if self.lib.settings.style in self.styles else "apa"
        return [{"name": name, "label": self.styles[name].LABEL, "parts": self.reference(entry, name)}
                for name in sorted(self.styles, key=lambda n: n != default)]

    def entry_downloads(self, here: str, entry: Entry) -> View:
        """The entry's .bib and .ris: like a topic's reading list, made in the browser from the records
        scripts, which hold every record once (no file per entry, no copy of the records in the page)."""
        return self.record_links(here, "Download", self.lib.slugs[entry.key], self.positions([entry]))

    # -- topic pages -----------------------------------------------------------------------------

    @cached_property
    def shared(self) -> dict[topicmap.Pair, list[Entry]]:
        """The digests each pair of topics shares, newest first."""
        return topicmap.shared_entries(self.lib.index)

    @cached_property
    def pair_pages(self) -> set[topicmap.Pair]:
        """The pairs of topics that get a cross-topic page."""
        return set(topicmap.pages_for(self.shared, len(self.lib.entries)))

    def topic(self, topic: Topic) -> View:
        here = self.links.topic(topic.slug)
        members = self.lib.index.entries(topic.slug)
        return {
            "name": topic.name, "description": topic.description, "count": len(members),
            "focus": self.focus_map(topic), "timeline": charts.timeline(members, f"{topic.name}: digests by publication year"),
            "related": self.chips(here, [s for s in topic.related if s in self.lib.topics]),
            "cooccurring": [{**self.topic_link(here, s), "count": n, "pair": self._pair_href(here, topic.slug, s)}
                            for s, n in self.lib.index.cooccurring(topic.slug) if s in self.lib.topics],
            "start_here": self.start_here(here, members),
            "items": self.items(here, members[:LIST_PAGE]),
            "pager": self.pager(here, here, 1, len(members)),
            "downloads": self.reading_list(here, topic.slug, members),
        }

    def _pair_href(self, here: str, a: str, b: str) -> str:
        return self.links.rel(here, topicmap.pair_src(a, b)) if topicmap.pair(a, b) in self.pair_pages else ""

    def focus_map(self, topic: Topic) -> View | None:
        focus = topicmap.build_focus_map(self.lib.index, self.lib.topics, self.links, topic.slug, self.pair_pages)
        if len(focus.nodes) <= 1:
            return None
        return {"map": topicmap.drawing(focus, f"{topic.name} and the topics it shares digests with", topic.slug),
                "edges": len(focus.edges), "hidden": focus.hidden}

    def start_here(self, here: str, members: list[Entry]) -> View | None:
        """The topic's digests as a reading path, with its rule written above it."""
        if len(members) < 2:
            return None
        reviews, landmarks, newest = reading_path(members)
        items = [self.item(here, e, "review") for e in reviews]
        items += [self.item(here, e, f"landmark, {e.year}") for e in landmarks]
        items += [self.item(here, e, "newest") for e in newest]
        return {"size": START_HERE, "items": items}

    def topic_list(self, here: str) -> list[View]:
        topics = sorted(self.lib.topics.values(), key=lambda t: t.name.lower())
        return [{**self.topic_link(here, t.slug), "count": self.lib.index.count(t.slug)} for t in topics]

    def topics_index(self) -> View:
        here = "topics/index.md"
        tmap = topicmap.build_map(self.lib.index, self.lib.topics, self.links, here, self.pair_pages)
        return {"map": topicmap.drawing(tmap, "Topic map") if tmap.nodes else None,
                "table": topicmap.table(tmap, "Topics, their digests and the topics they share digests with"),
                "topics": self.topic_list(here)}

    def pair(self, a: str, b: str) -> View:
        """``topics/<a>+<b>/``: what two topics share ("Glutamate and ketamine: 7 digests")."""
        here = topicmap.pair_src(a, b)
        shared = self.shared.get(topicmap.pair(a, b), [])
        title, description = self.pair_title(a, b)
        # The list stops at the newest PAIR_LIST (the timeline counts them all): a page's size must not
        # grow with the corpus, and the topic pages list every digest.
        return {"title": title, "first": self.topic_link(here, a), "second": self.topic_link(here, b),
                "timeline": charts.timeline(shared, title + " by publication year"),
                "items": self.items(here, shared[:PAIR_LIST]), "older": max(0, len(shared) - PAIR_LIST),
                "description": description}

    def pair_title(self, a: str, b: str) -> tuple[str, str]:
        """The title and description of the page of two topics."""
        first, second = self.lib.topics[a], self.lib.topics[b]
        n = len(self.shared.get(topicmap.pair(a, b), []))
        title = f"{topicmap.and_names(first.name, second.name)}: {n} digest{'' if n == 1 else 's'}"
        return title, f"Digests tagged with both {first.name} and {second.name}, newest first."

    # -- lists and indexes -------------------------------------------------------------------------

    def more_pages(self) -> Iterator[MorePage]:
        """Pages 2, 3, ... of the long lists (each topic's digests, all digests): source path, title,
        the entries listed, the length of the whole list, and how to make the view."""
        for topic in self.lib.topics.values():
            yield from self._more(self.links.topic(topic.slug), f"{topic.name}: digests", self.lib.index.entries(topic.slug))
        yield from self._more(f"{self.links.digests_dir}/index.md", "All digests", self.lib.index.newest())

    def _more(self, first: str, title: str, entries: list[Entry]) -> Iterator[MorePage]:
        pages = -(-len(entries) // LIST_PAGE)
        for number in range(2, pages + 1):
            here = list_src(first, number)
            shown = entries[(number - 1) * LIST_PAGE:number * LIST_PAGE]
            heading = f"{title}, page {number} of {pages}"
            yield here, heading, shown, len(entries), partial(self._more_view, here, first, heading, number, shown, len(entries))

    def _more_view(self, here: str, first: str, heading: str, number: int, shown: list[Entry], count: int) -> View:
        return {"title": heading, "items": self.items(here, shown), "pager": self.pager(here, first, number, count)}

    def digests_index(self) -> View:
        here = f"{self.links.digests_dir}/index.md"
        by_year: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.lib.index.newest()[:LIST_PAGE]:
            by_year[entry.year or "n.d."].append(entry)
        return {"count": len(self.lib.entries),
                "downloads": self.whole_library(here),
                "years": [{"year": year, "items": self.items(here, entries)} for year, entries in by_year.items()],
                "pager": self.pager(here, here, 1, len(self.lib.entries))}

    def newest(self, here: str) -> list[View]:
        """The digests with the newest dates, for the home page."""
        with_digest = [e for e in self.lib.entries.values() if e.digest]
        def digest_date(e: Entry) -> tuple[str, str]:
            return (e.digest.date.isoformat() if e.digest and e.digest.date else "", e.key)
        return self.items(here, sorted(with_digest, key=digest_date, reverse=True)[: self.lib.settings.newest])

    def home(self) -> View:
        return {"newest": self.newest("index.md"), "topics": self.topic_list("index.md")}
