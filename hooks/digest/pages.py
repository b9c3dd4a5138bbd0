"""The markdown of every generated page: entry pages, topic pages, the indexes, the home lists.

Text from BibTeX and front matter is HTML-escaped here, and only here; the digest bodies are
contributors' markdown and go through Markdown as written. Pages are returned as strings keyed
by their source path under docs/; the hook hands them to MkDocs.
"""

from __future__ import annotations

import heapq
import html
import json
import re
from collections import defaultdict
from collections.abc import Iterator
from functools import cached_property

import yaml

from digest import charts, citations, exports, meta, styles, topicmap
from digest.library import CitingPage, Library
from digest.model import Entry
from digest.styles import Parts, apa, to_html, to_plain
from digest.topics import Topic
from digest.urls import Links

esc = html.escape
SIMPLE_KEY = re.compile(r"^[a-z_]+$")
STYLES = {name: styles.get(name) for name in styles.NAMES}


def safe_title(text: str) -> str:
    """A page title or description with no markup characters.

    Themes print ``page.title`` and ``page.meta.description`` into HTML and attributes without
    escaping them, so what goes there must hold nothing that HTML would read as markup.
    """
    return text.replace("<", "‹").replace(">", "›").replace("&", "and").replace('"', "”").strip()


def front_matter(**meta: object) -> str:
    """YAML front matter written by a serializer, never by string formatting.

    Each value is written as JSON, which YAML reads back as the same value, at a fiftieth of the
    cost of safe_dump (1 ms a page at 20,000 pages); text JSON leaves unescaped that YAML would
    not read back as written (non-printable characters) goes through safe_dump.
    """
    values = [json.dumps(value, ensure_ascii=False) for value in meta.values()]
    if all(value.isprintable() for value in values) and all(SIMPLE_KEY.match(key) for key in meta):
        return "---\n" + "".join(f"{key}: {value}\n" for key, value in zip(meta, values, strict=True)) + "---\n\n"
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def _people(entry: Entry) -> str:
    people = entry.authors or entry.editors
    names = [" ".join(x for x in (p.given, p.full_family, p.suffix) if x) if not p.group else p.full_family for p in people]
    return ", ".join(names)


REVIEW_WORDS = re.compile(r"\b(reviews?|overview|meta-analys[ie]s|hypothes[ie]s|towards?)\b", re.IGNORECASE)
START_HERE = 3
"""How many reviews, landmarks and newest papers a topic's "Start here" lists."""
PAIR_LIST = 100
"""How many of the digests two topics share their cross-topic page lists (newest first)."""
LIST_PAGE = 200
"""Entries on one page of a long list (a topic's digests, all digests), so that no page grows with N;
pages 2, 3, ... are ``topics/<slug>/2/`` and ``<digests_dir>/page/2/``."""


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


_ENTRY_PAGES: dict[tuple[str, str], tuple[int, str]] = {}
"""(project, page) -> (signature of its inputs, markdown): entry pages kept between serve rebuilds."""


class PageMaker:
    """Makes pages for one library with one link scheme.

    With ``reuse_pages`` (under ``mkdocs serve``), an entry page whose inputs have not changed
    since the previous build is not made again: most rebuilds follow an edit to one digest.
    """

    def __init__(self, library: Library, links: Links, reuse_pages: bool = False, project: str = "") -> None:
        self.lib = library
        self.links = links
        self.style = STYLES.get(library.settings.style, apa)
        self.reuse_pages = reuse_pages
        self.project = project
        self._cites: dict[str, str] = {}
        self._items: dict[str, tuple[str, str, str]] = {}

    # -- pieces -----------------------------------------------------------------------------

    def entry_src(self, key: str) -> str:
        return self.links.entry(self.lib.slugs[key])

    def topic_chips(self, here: str, slugs: list[str]) -> str:
        chips = []
        for slug in slugs:
            topic = self.lib.topics.get(slug)
            if topic:
                href = self.links.rel(here, self.links.topic(slug))
                chips.append(f'<a class="digest-chip" href="{esc(href)}" data-topic="{esc(slug)}">{esc(topic.name)}</a>')
        return " ".join(chips)

    def cite_text(self, entry: Entry) -> str:
        """The style's in-text citation of ``entry`` ("Lener et al., 2016"), made once a build."""
        text = self._cites.get(entry.key)
        if text is None:
            text = self._cites[entry.key] = self.style.cite(entry)
        return text

    def entry_item(self, here: str, entry: Entry, note: str = "") -> str:
        """One line of a list of entries: linked title, short citation, teaser."""
        href = self.links.rel(here, self.entry_src(entry.key))
        title, cite, teaser = self._item_parts(entry)
        extra = f' <span class="digest-note">{esc(note)}</span>' if note else ""
        return f'<li><a href="{esc(href)}">{title}</a> {cite}{extra}{teaser}</li>'

    def _item_parts(self, entry: Entry) -> tuple[str, str, str]:
        # An entry is listed on many pages (related digests, topics, indexes): its HTML is made once.
        found = self._items.get(entry.key)
        if found is None:
            teaser = entry.digest.teaser if entry.digest else ""
            found = self._items[entry.key] = (
                esc(entry.title),
                f'<span class="digest-cite">({esc(self.cite_text(entry))})</span>',
                f'<br><span class="digest-teaser">{esc(teaser)}</span>' if teaser else "",
            )
        return found

    def cite(self, here: str, cites: tuple[citations.Cite, ...], numbers: dict[str, int] | None = None) -> str:
        """An in-text citation linked to the entries' pages; numbered ("[1, 2]") in numeric styles."""
        def label(key: str) -> tuple[str, str] | None:
            entry = self.lib.entries.get(key)
            if entry is None:
                return None
            text = str(numbers[key]) if numbers is not None else self.cite_text(entry)
            return text, self.links.rel(here, self.entry_src(key))
        if numbers is not None:
            return citations.render_numeric(cites, label)
        return citations.render_parenthetical(cites, label)

    def numbers(self, keys: list[str]) -> dict[str, int] | None:
        """Reference numbers in order of first citation, for numeric styles (None for author-date)."""
        if not getattr(self.style, "NUMERIC", False):
            return None
        known = [k for k in dict.fromkeys(keys) if k in self.lib.entries]
        return {key: n for n, key in enumerate(known, start=1)}

    def reference_list(self, here: str, keys: list[str]) -> str:
        """The References section for the entries cited on a page, in the style's order."""
        cited = [self.lib.entries[k] for k in dict.fromkeys(keys) if k in self.lib.entries]
        if not cited:
            return ""
        numbered = getattr(self.style, "NUMERIC", False)
        if not numbered:
            cited.sort(key=lambda e: (to_plain(self.style.reference(e)).lower(), e.key))
        items = "\n".join(
            f'<li id="ref-{esc(e.key)}"{self._number_attr(n, numbered)}>{self._reference_html(e)} '
            f'<a class="digest-ref-page" href="{esc(self.links.rel(here, self.entry_src(e.key)))}">Digest</a></li>'
            for n, e in enumerate(cited, start=1)
        )
        tag = "ol" if numbered else "ul"
        return f'\n\n\n## References\n\n<{tag} class="digest-references">\n{items}\n</{tag}>\n'

    @staticmethod
    def _number_attr(number: int, numbered: bool) -> str:
        return f' value="{number}"' if numbered else ""

    def _reference_html(self, entry: Entry) -> str:
        return to_html(self.style.reference(entry))

    def render_citations(self, here: str, markdown: str) -> tuple[str, list[str]]:
        """Markdown with its citations rendered, and the keys it cites."""
        found = citations.find(markdown)
        if not found:
            return markdown, []
        keys = [c.key for citation in found for c in citation.cites]
        numbers = self.numbers(keys)
        body = citations.replace(markdown, lambda cites: self.cite(here, cites, numbers))
        return body, keys

    def with_citations(self, here: str, markdown: str) -> str:
        """Markdown with its citations rendered and a References list appended."""
        body, keys = self.render_citations(here, markdown)
        return body + self.reference_list(here, keys)

    # -- pages ------------------------------------------------------------------------------

    def entry_page(self, entry: Entry) -> str:
        """The page of one entry (reused from the previous serve build when nothing it shows changed)."""
        related = self.lib.index.related_entries(entry, self.lib.settings.related)
        if not self.reuse_pages:
            return self._entry_page(entry, related)
        slot = (self.project, self.entry_src(entry.key))
        signature = self._entry_signature(entry, related)
        found = _ENTRY_PAGES.get(slot)
        if found is not None and found[0] == signature:
            return found[1]
        page = self._entry_page(entry, related)
        _ENTRY_PAGES[slot] = (signature, page)
        return page

    def _entry_signature(self, entry: Entry, related: list[tuple[Entry, int]]) -> int:
        """A hash of everything an entry page shows: the entry, its topics' names, its related
        entries, the pages citing it and the entries its digest cites, and how links are made."""
        lib = self.lib
        cited = [c.key for found in citations.find(entry.digest.body) for c in found.cites] if entry.digest else []
        return hash((
            lib.settings, self.links, entry.signature, lib.slugs[entry.key],
            tuple((slug, lib.topics[slug].name) for slug in entry.topics if slug in lib.topics),
            tuple((other.signature, lib.slugs[other.key], n) for other, n in related),
            tuple((page.src_uri, page.title) for page in lib.cited_in.get(entry.key, [])),
            tuple((key, lib.entries[key].signature, lib.slugs[key]) if key in lib.entries else key for key in cited),
        ))

    def _entry_page(self, entry: Entry, related: list[tuple[Entry, int]]) -> str:
        here = self.entry_src(entry.key)
        parts = [
            front_matter(title=safe_title(entry.title), description=safe_title(self._description(entry)),
                         citation=[list(tag) for tag in meta.citation_tags(entry)],
                         jsonld=meta.json_ld(entry, topics=self._topic_names(entry), description=self._description(entry))),
        ]
        summary, cited = self._summary(here, entry)
        parts += [
            f'<article class="digest-entry" data-key="{esc(entry.key)}">',
            f"<h1>{esc(entry.title)}</h1>",
            self._byline(entry),
            f'<p class="digest-topics">{self.topic_chips(here, entry.topics)}</p>' if entry.topics else "",
            self._full_text(entry),
            self._broken_note(entry),
            "</article>\n",
            summary,
            self._reference_block(entry),
            self._related(here, related),
            self._cited_in(here, entry),
            self.reference_list(here, cited),
        ]
        return "\n".join(p for p in parts if p) + "\n"

    def _topic_names(self, entry: Entry) -> list[str]:
        return [self.lib.topics[s].name for s in entry.topics if s in self.lib.topics]

    def _description(self, entry: Entry) -> str:
        if entry.digest and entry.digest.teaser:
            return entry.digest.teaser
        return f"{self.cite_text(entry)}. {entry.venue}".strip()

    def _byline(self, entry: Entry) -> str:
        names = _people(entry)
        bits = [f'<span class="digest-authors">{esc(names)}</span>'] if names else []
        if entry.venue:
            bits.append(f'<span class="digest-venue"><em>{esc(entry.venue)}</em></span>')
        bits.append(f'<span class="digest-year">{esc(entry.year or "n.d.")}</span>')
        if entry.doi:
            bits.append(f'<span class="digest-doi">doi:{esc(entry.doi)}</span>')
        return '<p class="digest-byline">' + " · ".join(bits) + "</p>"

    def _full_text(self, entry: Entry) -> str:
        links = []
        if entry.doi:
            links.append(("Full text (DOI)", f"https://doi.org/{entry.doi}"))
        url = entry.url or (entry.digest.full_text if entry.digest else "")
        if url and not (entry.doi and entry.doi in url):
            links.append(("Full text", url))
        if entry.pmid:
            links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{entry.pmid}/"))
        if not links:
            return ""
        anchors = " ".join(f'<a class="digest-fulltext" href="{esc(href)}">{esc(text)}</a>' for text, href in links)
        return f'<p class="digest-links">{anchors}</p>'

    def _broken_note(self, entry: Entry) -> str:
        if not entry.broken:
            return ""
        return (f'<p class="digest-warning">This record has a BibTeX error at {esc(entry.path)}:{entry.line}; '
                "some of its fields may be missing.</p>")

    def _summary(self, here: str, entry: Entry) -> tuple[str, list[str]]:
        """The digest (or the abstract, or a note that there is neither) and the keys it cites."""
        digest = entry.digest
        if digest and digest.body.strip():
            who = f" by {esc(', '.join(digest.contributors))}" if digest.contributors else ""
            when = f", published {digest.date.isoformat()}" if digest.date else ""
            byline = f'\n\n<p class="digest-meta">Digest{who}{when}.</p>' if who or when else ""
            body, cited = self.render_citations(here, digest.body.strip())
            return "## Digest\n\n" + body + byline + "\n", cited
        abstract = entry.fields.get("abstract", "")
        if abstract:
            return f'\n## Abstract\n\n<p class="digest-abstract">{esc(abstract)}</p>\n', []
        return '<p class="digest-empty">No digest has been written for this entry yet.</p>\n', []

    def _reference_block(self, entry: Entry) -> str:
        """The reference in every offered style (the site's first), each with a copy button; downloads."""
        here = self.entry_src(entry.key)
        key = esc(entry.key)
        default = self.lib.settings.style if self.lib.settings.style in STYLES else "apa"
        blocks = []
        for name in sorted(STYLES, key=lambda n: n != default):
            parts: Parts = STYLES[name].reference(entry)
            extra = ' class="digest-bibtex"' if name == "bibtex" else ""
            blocks.append(
                f'<div class="digest-style" data-style="{name}">\n<p class="digest-style-name">{esc(STYLES[name].LABEL)}</p>\n'
                f'<p data-citation-style="{name}" data-citation-key="{key}"{extra}>{to_html(parts)}</p>\n'
                f'<button class="digest-copy" type="button" data-copy-style="{name}" data-copy-key="{key}">Copy</button>\n</div>')
        slug = self.lib.slugs[entry.key]
        downloads = self.download_links(here, [(exports.entry_export(slug, ext), ext) for ext in ("bib", "ris")])
        return ('\n## Reference\n\n<div class="digest-reference">\n' + "\n".join(blocks)
                + f"\n{downloads}\n</div>\n")

    def download_links(self, here: str, files: list[tuple[str, str]], what: str = "Download") -> str:
        """A line of download links to generated export files (``exports/...``)."""
        links = " ".join(
            f'<a class="digest-download" download href="{esc(self.links.file(here, path))}" data-format="{ext}">'
            f"{esc(exports.FORMATS[ext])} (.{ext})</a>" for path, ext in files)
        return f'<p class="digest-downloads">{esc(what)}: {links}</p>'

    def _related(self, here: str, related: list[tuple[Entry, int]]) -> str:
        if not related:
            return ""
        items = "\n".join(self.entry_item(here, other, f"{n} shared topic{'s' if n > 1 else ''}") for other, n in related)
        return f'\n## Related digests\n\n<ul class="digest-related">\n{items}\n</ul>\n'

    def _cited_in(self, here: str, entry: Entry) -> str:
        pages: list[CitingPage] = self.lib.cited_in.get(entry.key, [])
        if not pages:
            return ""
        items = "\n".join(f'<li><a href="{esc(self.links.rel(here, p.src_uri))}">{esc(p.title)}</a></li>' for p in pages)
        return f'\n## Cited in\n\n<ul class="digest-cited-in">\n{items}\n</ul>\n'

    def topic_page(self, topic: Topic) -> str:
        here = self.links.topic(topic.slug)
        members = self.lib.index.entries(topic.slug)
        related = [s for s in topic.related if s in self.lib.topics]
        cooccurring = self.lib.index.cooccurring(topic.slug)
        parts = [
            front_matter(title=safe_title(topic.name), description=safe_title(topic.description[:300])),
            f'<h1>{esc(topic.name)}</h1>',
            f'<p class="digest-topic-description">{esc(topic.description)}</p>' if topic.description else "",
            f'<p class="digest-count">{len(members)} digest{"" if len(members) == 1 else "s"}</p>',
            self.topic_figures(topic, members),
        ]
        if related:
            parts.append(f'<p class="digest-related-topics">Related topics: {self.topic_chips(here, related)}</p>')
        if cooccurring:
            items = "\n".join(
                f'<li><a href="{esc(self.links.rel(here, self.links.topic(s)))}">{esc(self.lib.topics[s].name)}</a> '
                f'<span class="digest-count" data-count="{n}">{self._pair_link(here, topic.slug, s, n)}</span></li>'
                for s, n in cooccurring if s in self.lib.topics)
            parts.append(f'\n## Studied together with\n\n<ul class="digest-cooccurring">\n{items}\n</ul>')
        parts.append(self.start_here(here, members))
        items = "\n".join(self.entry_item(here, e) for e in members[:LIST_PAGE])
        parts.append(f'\n## Digests, newest first\n\n<ul class="digest-list">\n{items}\n</ul>')
        parts.append(self._pager(here, here, 1, len(members)))
        parts.append(self.download_links(here, [(exports.topic_export(topic.slug, ext), ext) for ext in ("bib", "ris")],
                                         "This reading list"))
        return "\n".join(p for p in parts if p) + "\n"

    def topics_index(self) -> str:
        here = "topics/index.md"
        return front_matter(title="Topics") + "# Topics\n\n" + self.topic_map(here) + self.topic_list(here) + "\n"

    # -- the topic map, timelines, cross-topic pages and reading paths (topicmap.py, charts.py) --

    @cached_property
    def shared(self) -> dict[topicmap.Pair, list[Entry]]:
        """The digests each pair of topics shares, newest first."""
        return topicmap.shared_entries(self.lib.index)

    @cached_property
    def pair_pages(self) -> set[topicmap.Pair]:
        """The pairs of topics that get a cross-topic page."""
        return set(topicmap.pages_for(self.shared, len(self.lib.entries)))

    def _pair_link(self, here: str, a: str, b: str, n: int) -> str:
        text = f'{n} shared digest{"" if n == 1 else "s"}'
        if topicmap.pair(a, b) not in self.pair_pages:
            return text
        return f'<a href="{esc(self.links.rel(here, topicmap.pair_src(a, b)))}">{text}</a>'

    def topic_map(self, here: str) -> str:
        """The map of every topic and the topics they share digests with, and its table."""
        tmap = topicmap.build_map(self.lib.index, self.lib.topics, self.links, here, self.pair_pages)
        if not tmap.nodes:
            return ""
        hidden = (f' The {tmap.hidden} weakest of the {tmap.hidden + len(tmap.edges)} links are hidden to keep the map '
                  "legible; every topic page lists all the topics it shares digests with." if tmap.hidden else "")
        wide = " digest-map-wide" if tmap.width > 900 else ""
        return (f'<figure class="digest-map{wide}" markdown="0">\n{topicmap.render_svg(tmap, "Topic map")}\n'
                '<figcaption>Each circle is a topic, sized by its number of digests; a line joins two topics that '
                'share digests, thicker the more they share. Follow a circle to its topic, a line to the digests '
                f'the two topics share.<span class="digest-map-hidden">{esc(hidden)}</span></figcaption>\n</figure>\n\n'
                '<details class="digest-map-data"><summary>The map as a table</summary>\n'
                f'{topicmap.render_table(tmap, self.links, here, "Topics, their digests and the topics they share digests with")}'
                "\n</details>\n\n")

    def topic_figures(self, topic: Topic, members: list[Entry]) -> str:
        """A small map of the topic and its neighbours beside a timeline of its digests."""
        focus = topicmap.build_focus_map(self.lib.index, self.lib.topics, self.links, topic.slug, self.pair_pages)
        figure = ""
        if len(focus.nodes) > 1:
            more = f" The {focus.hidden} other topics it shares digests with are listed below." if focus.hidden else ""
            svg = topicmap.render_svg(focus, f"{topic.name} and the topics it shares digests with", focus=topic.slug)
            figure = (f'<figure class="digest-map digest-map-small">{svg}<figcaption>Shared digests with its '
                      f"{len(focus.edges)} closest topics.{esc(more)}</figcaption></figure>")
        timeline = charts.timeline_svg(members, f"{topic.name}: digests by publication year")
        return f'\n<div class="digest-figures">\n{figure}\n{timeline}\n</div>\n'

    def start_here(self, here: str, members: list[Entry]) -> str:
        """The topic's digests as a reading path, with its rule written above it."""
        if len(members) < 2:
            return ""
        reviews, landmarks, newest = reading_path(members)
        items = [self.entry_item(here, e, "review") for e in reviews]
        items += [self.entry_item(here, e, f"landmark, {e.year}") for e in landmarks]
        items += [self.entry_item(here, e, "newest") for e in newest]
        rule = (f"Up to {START_HERE} reviews first (newest first: an entry counts as a review when its BibTeX "
                "type or keywords say review, or its title says review, overview, meta-analysis, hypothesis or "
                f"towards), then the {START_HERE} oldest papers, the landmarks the topic grew from, then the "
                f"{START_HERE} newest.")
        return (f'\n## Start here\n\n<p class="digest-rule">{rule}</p>\n'
                f'<ol class="digest-list digest-start-here">\n' + "\n".join(items) + "\n</ol>")

    def _topic_link(self, here: str, topic: Topic) -> str:
        return f'<a href="{esc(self.links.rel(here, self.links.topic(topic.slug)))}">{esc(topic.name)}</a>'

    def cross_topic_pages(self) -> Iterator[tuple[str, str]]:
        """(source path, markdown) of the page of each pair of topics that shares digests."""
        for a, b in sorted(self.pair_pages):
            yield topicmap.pair_src(a, b), self.pair_page(a, b)

    def pair_page(self, a: str, b: str) -> str:
        """``topics/<a>+<b>/``: what two topics share ("Glutamate and ketamine: 7 digests")."""
        here = topicmap.pair_src(a, b)
        first, second = self.lib.topics[a], self.lib.topics[b]
        shared = self.shared.get(topicmap.pair(a, b), [])
        title = f"{topicmap.and_names(first.name, second.name)}: {len(shared)} digest{'' if len(shared) == 1 else 's'}"
        about = f"Digests tagged with both {first.name} and {second.name}, newest first."
        # The list stops at the newest PAIR_LIST (the timeline counts them all): a page's size must not
        # grow with the corpus, and the topic pages list every digest.
        items = "\n".join(self.entry_item(here, e) for e in shared[:PAIR_LIST])
        older = len(shared) - PAIR_LIST
        more = (f'<p class="digest-note">{older} older shared digest{"" if older == 1 else "s"} are listed on the '
                f"topic pages of {self._topic_link(here, first)} and {self._topic_link(here, second)}.</p>") if older > 0 else ""
        return "\n".join([
            front_matter(title=safe_title(title), description=safe_title(about)),
            f"<h1>{esc(title)}</h1>",
            f'<p class="digest-pair-topics">Digests on both {self._topic_link(here, first)} and '
            f"{self._topic_link(here, second)}, newest first.</p>",
            f'\n<div class="digest-figures">\n{charts.timeline_svg(shared, title + " by publication year")}\n</div>\n',
            f'<ul class="digest-list">\n{items}\n</ul>',
            more,
        ]) + "\n"

    def topic_list(self, here: str) -> str:
        topics = sorted(self.lib.topics.values(), key=lambda t: t.name.lower())
        items = "\n".join(
            f'<li><a href="{esc(self.links.rel(here, self.links.topic(t.slug)))}">{esc(t.name)}</a> '
            f'<span class="digest-count" data-count="{self.lib.index.count(t.slug)}">{self.lib.index.count(t.slug)}</span></li>'
            for t in topics)
        return f'<ul class="digest-topic-list">\n{items}\n</ul>\n'

    def list_pages(self) -> Iterator[tuple[str, str]]:
        """(source path, markdown) of pages 2, 3, ... of the long lists: each topic's digests, all digests."""
        for topic in self.lib.topics.values():
            members = self.lib.index.entries(topic.slug)
            yield from self._more_pages(self.links.topic(topic.slug), f"{topic.name}: digests", members)
        yield from self._more_pages(f"{self.links.digests_dir}/index.md", "All digests", self.lib.index.newest())

    def _more_pages(self, first: str, title: str, entries: list[Entry]) -> Iterator[tuple[str, str]]:
        pages = -(-len(entries) // LIST_PAGE)
        for number in range(2, pages + 1):
            here = _list_src(first, number)
            items = "\n".join(self.entry_item(here, e) for e in entries[(number - 1) * LIST_PAGE:number * LIST_PAGE])
            heading = f"{title}, page {number} of {pages}"
            yield here, (front_matter(title=safe_title(heading)) + f"<h1>{esc(heading)}</h1>\n"
                         f'<ul class="digest-list">\n{items}\n</ul>\n' + self._pager(here, first, number, len(entries)) + "\n")

    def _pager(self, here: str, first: str, number: int, count: int) -> str:
        """Newer / older links between the pages of a list ("" when it fits on one page)."""
        pages = -(-count // LIST_PAGE)
        if pages <= 1:
            return ""
        def link(to: int, text: str, rel: str) -> str:
            return f'<a rel="{rel}" href="{esc(self.links.rel(here, _list_src(first, to)))}">{text}</a>'
        bits = [link(number - 1, "← Newer", "prev")] if number > 1 else []
        bits.append(f'<span class="digest-page">Page {number} of {pages} ({count} entries)</span>')
        bits += [link(number + 1, "Older →", "next")] if number < pages else []
        return f'<nav class="digest-pager">{" · ".join(bits)}</nav>'

    def digests_index(self) -> str:
        here = f"{self.links.digests_dir}/index.md"
        by_year: dict[str, list[Entry]] = defaultdict(list)
        for entry in self.lib.index.newest()[:LIST_PAGE]:
            by_year[entry.year or "n.d."].append(entry)
        parts = [front_matter(title="All digests"), "# All digests\n",
                 f'<p class="digest-count">{len(self.lib.entries)} entries</p>',
                 self.download_links(here, [(exports.site_export(ext), ext) for ext in exports.WRITERS], "Every entry")]
        for year, entries in by_year.items():
            items = "\n".join(self.entry_item(here, e) for e in entries)
            parts.append(f'\n## {esc(year)}\n\n<ul class="digest-list">\n{items}\n</ul>')
        parts.append(self._pager(here, here, 1, len(self.lib.entries)))
        return "\n".join(parts) + "\n"

    def newest_list(self, here: str) -> str:
        with_digest = [e for e in self.lib.entries.values() if e.digest]
        def digest_date(e: Entry) -> tuple[str, str]:
            return (e.digest.date.isoformat() if e.digest and e.digest.date else "", e.key)

        newest = sorted(with_digest, key=digest_date, reverse=True)
        items = "\n".join(self.entry_item(here, e) for e in newest[: self.lib.settings.newest])
        return f'<ul class="digest-list digest-newest">\n{items}\n</ul>\n'

    def home_page(self) -> str:
        return (front_matter(title="Home") + "# Research digests\n\n## Newest digests\n\n" + self.newest_list("index.md")
                + "\n## Topics\n\n" + self.topic_list("index.md"))

    def fill_markers(self, here: str, markdown: str) -> str:
        """Replace ``<!-- digest:newest -->`` and ``<!-- digest:topics -->`` in a hand-written page."""
        markers = {"newest": self.newest_list, "topics": self.topic_list}
        return re.sub(r"<!--\s*digest:(newest|topics)\s*-->", lambda m: markers[m.group(1)](here), markdown)


def _list_src(first: str, number: int) -> str:
    """Source path of page ``number`` of the list whose first page is ``first``."""
    if number == 1:
        return first
    stem = first[:-3]
    stem = stem[: -len("/index")] + "/page" if stem.endswith("/index") else stem
    return f"{stem}/{number}.md"
