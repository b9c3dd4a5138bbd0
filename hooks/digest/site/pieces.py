"""View data that page kinds share, and the signatures of what it shows.

Page kinds (``site/pages/<kind>.py``) choose what a page shows from these pieces: a list item, topic
chips, a reference in a style, an in-text citation, download links, a pager. They are plain dicts and
lists that a template prints; the templates in ``templates/`` own all the markup; neither formats
references (the styles do) nor reads files (the library does). Text goes into views as it was read
(BibTeX and front matter, LaTeX resolved) and is escaped once, by the templates' autoescape. The one
value that is trusted HTML is a digest's body: contributor markdown after it was rendered and cleaned
(``markdown/render.py``), with its citations made by the templates.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from digest.cached import cached
from digest.library.loader import Library
from digest.model import Entry
from digest.references import styles
from digest.references.parts import Part, Parts, to_plain
from digest.references.styles import apa
from digest.site import downloads as exports
from digest.site import topicmap
from digest.urls import Links

View = dict[str, Any]
STYLES = {name: styles.get(name) for name in styles.NAMES}
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


def list_src(first: str, number: int) -> str:
    """Source path of page ``number`` of the list whose first page is ``first``."""
    if number == 1:
        return first
    stem = first[:-3]
    stem = stem[: -len("/index")] + "/page" if stem.endswith("/index") else stem
    return f"{stem}/{number}.md"


class Pieces:
    """The view data that page kinds share (list items, chips, references, downloads, pager) and the
    signatures of what they show, for one library and one link scheme."""

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
        self._item_signatures: dict[str, int] = {}
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
        browser from the records scripts (site/scripts/records.js); without script the links give the
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
                found = [Part(exports.record("bib", entry, leave_out=SHOWN_BIBTEX_LEAVES_OUT))]
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

    # -- topic pages -----------------------------------------------------------------------------

    @cached_property
    def shared(self) -> dict[topicmap.Pair, list[Entry]]:
        """The digests each pair of topics shares, newest first."""
        return topicmap.shared_entries(self.lib.index)

    @cached_property
    def pair_pages(self) -> set[topicmap.Pair]:
        """The pairs of topics that get a cross-topic page."""
        return set(topicmap.pages_for(self.shared, len(self.lib.entries)))

    def topic_list(self, here: str) -> list[View]:
        topics = sorted(self.lib.topics.values(), key=lambda t: t.name.lower())
        return [{**self.topic_link(here, t.slug), "count": self.lib.index.count(t.slug)} for t in topics]

    # -- lists and indexes -------------------------------------------------------------------------

    def newest(self, here: str) -> list[View]:
        """The digests with the newest dates, for the home page."""
        with_digest = [e for e in self.lib.entries.values() if e.digest]
        def digest_date(e: Entry) -> tuple[str, str]:
            return (e.digest.date.isoformat() if e.digest and e.digest.date else "", e.key)
        return self.items(here, sorted(with_digest, key=digest_date, reverse=True)[: self.lib.settings.newest])

    # -- signatures ----------------------------------------------------------------------------------

    def item_signature(self, entry: Entry) -> int:
        """What a list shows of an entry: title, citation, teaser, address (not its digest's body)."""
        found = self._item_signatures.get(entry.key)
        if found is None:
            # Title and citation come from the record: its signature stands for them.
            teaser = entry.digest.teaser if entry.digest else ""
            found = self._item_signatures[entry.key] = hash((entry.key, entry.record_signature, teaser,
                                                             self.lib.slugs[entry.key], self.lib.statuses.get(entry.key)))
        return found

    @cached
    def item_signatures(self) -> dict[str, int]:
        """:meth:`item_signature` of every entry by key, for signatures that list many (a topic's
        members, an entry's citations: hundreds of thousands of lookups at 20,000 entries)."""
        return {key: self.item_signature(entry) for key, entry in self.lib.entries.items()}

    def list_signature(self, entries: list[Entry], *more: Any) -> int:
        signatures = self.item_signatures
        return hash((tuple([signatures[e.key] for e in entries]), more))

    @cached
    def topics_signature(self) -> int:
        """Every topic page shows its neighbours, the map and pair links: they change together."""
        return hash((tuple(self.lib.topics.values()), tuple(sorted(self.pair_pages)),
                     tuple((s, self.lib.index.count(s)) for s in self.lib.topics)))
