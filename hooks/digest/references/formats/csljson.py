"""CSL-JSON (.json): an entry as the item citeproc-js, citeproc-py, pandoc and Zotero read.

Written from the shown fields (LaTeX resolved to Unicode). The CSL styles (``styles/csl.py``) format
an entry from this same item.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from digest.model import Entry, Person
from digest.references.parts import ARCHIVES, SURROGATE, page_range, web_url

NAME = "CSL-JSON"
"""How a download link names the format."""

TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "mvbook": "book",
    "collection": "book", "proceedings": "book", "incollection": "chapter", "inbook": "chapter",
    "inreference": "entry", "inproceedings": "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report",
    "report": "report", "unpublished": "manuscript", "dataset": "dataset", "online": "webpage",
    "webpage": "webpage", "www": "webpage", "electronic": "webpage", "manual": "book",
    "software": "article", "patent": "patent", "misc": "article",
}
"""BibTeX type -> CSL type, keeping to the types CSL 1.0.1 and 1.0.2 share ("article" is CSL's generic work)."""
_FIELDS = (("volume", "volume"), ("edition", "edition"), ("publisher", "publisher"),
           ("abstract", "abstract"), ("isbn", "ISBN"), ("issn", "ISSN"), ("note", "note"),
           ("keywords", "keyword"), ("language", "language"), ("eventtitle", "event-title"),
           ("venue", "event-place"), ("version", "version"), ("series", "collection-title"))
_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
"""biblatex ``entrysubtype`` of an @article -> CSL type."""
_GENRES = {"phdthesis": "Doctoral dissertation", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
           "techreport": "Technical report", "resreport": "Research report"}
"""biblatex localisation keys in ``type`` -> the words a CSL style prints as the genre."""


def _name(person: Person) -> dict[str, str]:
    if person.group or not person.given:
        return {"literal": person.full_family}
    name = {"family": person.family, "given": person.given}
    if person.particle:
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


def _issued(entry: Entry) -> dict[str, list[list[int]]] | None:
    """CSL's date: as precise as the record ([2010], [2010, 10] or [2010, 10, 5]), a range as two."""
    date = entry.date
    if date is None:
        return None
    ranges = [date.parts] + ([date.end_parts] if date.end_parts else [])
    return {"date-parts": ranges}


def item(entry: Entry) -> dict[str, object]:
    """One CSL-JSON item."""
    f = entry.fields
    kind = TYPES.get(entry.type, "article")
    archive = ARCHIVES.get(entry.eprint_type, "") if not entry.journal else ""
    preprint = f.get("type", "").lower() == "preprint" or (archive and entry.type in ("article", "misc", "online"))
    if preprint:
        kind = "article"  # CSL's generic work, with genre "Preprint": what styles print as "[Preprint]"
    if kind == "article-journal":
        kind = _SUBTYPES.get(f.get("entrysubtype", "").strip().lower(), kind)
    if entry.type == "misc" and not f.get("publisher") and not entry.url and web_url(entry):
        kind = "webpage"  # a page cited by its address in howpublished, as APA dates it
    # CSL styles add their own punctuation after a title: one left by the record doubles it ("patients.”.").
    title = re.sub(r"(?<=[a-z]{3})\.$", "", entry.title)  # not "U.S." nor "..."
    data: dict[str, object] = {"id": entry.key, "type": kind, "title": title}
    if entry.authors:
        data["author"] = [_name(p) for p in entry.authors]
    if entry.editors:
        data["editor"] = [_name(p) for p in entry.editors]
    if entry.translators:
        data["translator"] = [_name(p) for p in entry.translators]
    container = entry.journal or entry.booktitle
    if container:
        data["container-title"] = container
    if entry.location:
        data["publisher-place"] = entry.location
    for name, variable in _FIELDS:
        if f.get(name):
            data[variable] = f[name]
    issue = f.get("number") or f.get("issue", "")
    if issue:
        data["issue" if kind.startswith("article-") or kind == "paper-conference" else "number"] = issue
    if f.get("pages"):
        data["page"] = page_range(f["pages"], "-")
    if entry.title_addon:
        data["title"] = f"{title} [{entry.title_addon}]"
    visited = entry.url_date
    if visited:
        data["accessed"] = {"date-parts": [visited.parts]}
    original = re.search(r"\d{4}", f.get("origdate", "") or f.get("origyear", ""))
    if original:
        data["original-date"] = {"date-parts": [[int(original.group())]]}
    publisher = f.get("school") or f.get("institution", "")
    if publisher and kind == "thesis" and "publisher" in data:
        data["archive"] = data["publisher"]  # a thesis's "publisher" is the database it is in (APA's ProQuest)
        data["publisher"] = publisher
    elif publisher and "publisher" not in data:
        data["publisher"] = publisher
    genre = f.get("type", "") or {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}.get(entry.type, "")
    if genre and kind in ("thesis", "report"):
        data["genre"] = _GENRES.get(genre.strip().lower(), genre)
    if preprint:
        data["genre"] = "Preprint"
        if archive and "publisher" not in data:
            data["publisher"] = archive
    issued = _issued(entry)
    if issued:
        data["issued"] = issued
    if entry.doi:
        data["DOI"] = entry.doi
    if web_url(entry):
        data["URL"] = web_url(entry)
    if entry.pmid:
        data["PMID"] = entry.pmid
    return data


def record(entry: Entry) -> str:
    """One CSL-JSON item as JSON text (one line: the C encoder is 5x faster than an indenting one)."""
    return SURROGATE.sub("\ufffd", json.dumps(item(entry), ensure_ascii=False))  # no UTF-8 file holds one



HEAD, BETWEEN, TAIL = "[\n", ",\n", "\n]\n"
"""What a file holds before, between and after its records: a JSON array, one item a line."""


def join(records: list[str]) -> str:
    """A CSL-JSON file of ``records``: a JSON array, one item a line."""
    return HEAD + BETWEEN.join(records) + TAIL


def write(entries: Iterable[Entry]) -> str:
    """A CSL-JSON file (a JSON array of items, one a line) of ``entries``."""
    return join([record(entry) for entry in entries])
