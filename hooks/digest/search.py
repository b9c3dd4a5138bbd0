"""The site's search index: a compact list of entries and topics, written as a script.

Why not the theme's search: it rebuilds a full-text lunr index in the browser on every page
load (2.2 s at 5,000 pages from ``file://``, see MEASURED.md), and from ``file://`` it needs a
worker shim. This index holds only what a reader searches a bibliography by (title, authors,
journal, year, DOI, topics, the digest's teaser), is built once here, and is a ``.js`` file that
sets a global, so that a ``<script>`` element loads it from ``file://`` as well as over HTTP,
where ``fetch`` of a JSON file would be refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from digest.model import Entry, Person
from digest.topics import Topic

INDEX_PATH = "assets/search-index.js"
FIELDS = ("url", "title", "authors", "venue", "year", "doi", "topics", "teaser", "kind", "status")
"""Order of the values of each record; the script in overrides/ reads them by this order.

In the file, ``venue`` is an index into the list ``venues`` and ``topics`` a list of indexes into
``topics``: journals and topic names repeat across thousands of entries, and written once each
they shrink the index by a third, which is a third less for the browser to read.
"""


@dataclass(frozen=True)
class Record:
    """One searchable page. ``url`` is relative to the site root."""

    url: str
    title: str
    authors: str = ""
    venue: str = ""
    year: str = ""
    doi: str = ""
    topics: tuple[str, ...] = ()
    teaser: str = ""
    kind: str = "entry"
    status: str = ""
    """"Retracted", "Corrected", ... (bib/status.yml): shown beside the result."""


def _family(person: Person) -> str:
    return person.full_family


def entry_record(entry: Entry, url: str, topic_names: list[str], status: str = "") -> Record:
    people = entry.authors or entry.editors
    return Record(
        url=url,
        title=entry.title,
        authors=", ".join(_family(p) for p in people),
        venue=entry.venue,
        year=entry.year,
        doi=entry.doi,
        topics=tuple(topic_names),
        teaser=entry.digest.teaser if entry.digest else "",
        status=status,
    )


def topic_record(topic: Topic, url: str) -> Record:
    return Record(url=url, title=topic.name, topics=tuple(topic.synonyms), teaser=topic.description[:200], kind="topic")


def records(entries: list[Entry], topics: dict[str, Topic], url_of_entry: Callable[[Entry], str],
            url_of_topic: Callable[[Topic], str], statuses: dict[str, str] | None = None) -> list[Record]:
    """Every topic, then every entry, in the order given (the search ranks them itself);
    ``statuses`` gives the word shown beside a retracted or corrected paper, by key."""
    out = [topic_record(t, url_of_topic(t)) for t in sorted(topics.values(), key=lambda t: t.name.lower())]
    for entry in entries:
        names = [topics[s].name for s in entry.topics if s in topics]
        out.append(entry_record(entry, url_of_entry(entry), names, (statuses or {}).get(entry.key, "")))
    return out


def index_script(items: list[Record]) -> str:
    """The index as a script that sets ``window.digestSearchIndex``.

    The data is a JSON string given to ``JSON.parse``, which browsers read several times faster
    than the same data written as a JavaScript literal. ``<`` is written as ``\\u003c`` so that no
    title can end a script element, and the JSON is escaped to sit in a single-quoted string.
    """
    venues: dict[str, int] = {}
    topics: dict[str, int] = {}
    docs = []
    for r in items:
        venue = venues.setdefault(r.venue, len(venues))
        names = [topics.setdefault(name, len(topics)) for name in r.topics]
        docs.append([r.url, r.title, r.authors, venue, r.year, r.doi, names, r.teaser, r.kind, r.status])
    data = {"fields": list(FIELDS), "venues": list(venues), "topics": list(topics), "docs": docs}
    return f"window.digestSearchIndex={json_literal(data)};\n"


def json_literal(data: Any) -> str:
    """``data`` as a JavaScript expression that a ``<script>`` can hold: ``JSON.parse('...')``.

    Browsers read a JSON string given to ``JSON.parse`` several times faster than the same data
    written as a literal. ``<`` is written as ``\\u003c`` so that no text can end the script element,
    and the JSON is escaped to sit in a single-quoted string."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    quoted = payload.replace("\\", "\\\\").replace("'", "\\'").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"JSON.parse('{quoted}')"


_JS_ESCAPE = re.compile(r"\\(\\|'|u2028|u2029)")
_JS_UNESCAPED = {"\\": "\\", "'": "'", "u2028": "\u2028", "u2029": "\u2029"}


def read_index_script(text: str) -> dict[str, Any]:
    """The data of an index written by :func:`index_script`, venues and topics written out
    (topics joined by ", "), for tests and tools."""
    match = re.fullmatch(r"window\.digestSearchIndex=JSON\.parse\('(.*)'\);\s*", text, re.S)
    if not match:
        raise ValueError("not a search index written by index_script")
    data = json.loads(_JS_ESCAPE.sub(lambda m: _JS_UNESCAPED[m.group(1)], match.group(1)))
    venue, topics = FIELDS.index("venue"), FIELDS.index("topics")
    for row in data["docs"]:
        row[venue] = data["venues"][row[venue]]
        row[topics] = ", ".join(data["topics"][i] for i in row[topics])
    return data  # type: ignore[no-any-return]
