"""The Zotero item type of an entry, and the COinS that gives it to Zotero where Highwire tags cannot.

Zotero's connector saves a page with the first translator, by priority, that recognises it: COinS (310)
before Embedded Metadata (320, the Highwire ``citation_*`` tags). Embedded Metadata takes the item type
from the tag naming the container (journal, inbook, conference, dissertation or technical report
institution), else from ``citation_isbn`` (book), else guesses a journal article: a book without ISBN, a
thesis without institution or a chapter without book title would be saved as articles. COinS
(``<span class="Z3988" title="ctx_ver=Z39.88-2004&...">``) names the type itself, but Zotero's reader of
it keeps less (no editors, no PDF, no PMID, no report number, no abstract of a thesis): so a page carries
COinS only where the Highwire tags would give the wrong type. :func:`highwire_type` mirrors the
translator's choice, checked against the translator itself by tests/test_zotero.py.
"""

from __future__ import annotations

from urllib.parse import quote

from digest.charset import xml_text
from digest.model import Entry
from digest.references import meta

_ZOTERO_TYPE = {
    "article": "journalArticle", "book": "book", "mvbook": "book", "collection": "book", "mvcollection": "book",
    "proceedings": "book", "incollection": "bookSection", "inbook": "bookSection", "inreference": "bookSection",
    "inproceedings": "conferencePaper", "conference": "conferencePaper", "phdthesis": "thesis",
    "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report", "report": "report",
    "misc": "document", "online": "webpage", "electronic": "webpage", "www": "webpage", "dataset": "dataset",
    "software": "computerProgram",
}
"""The Zotero item type of each BibTeX/biblatex type Zotero has one for; others are left to Embedded Metadata."""

# OpenURL 1.0 KEV formats and genres as Zotero's parseContextObject (zotero/utilities openurl.js) reads them.
_FORMAT = {"journalArticle": ("journal", "article"), "book": ("book", "book"), "bookSection": ("book", "bookitem"),
           "conferencePaper": ("book", "proceeding"), "report": ("book", "report"), "document": ("book", "document"),
           "thesis": ("dc", ""), "webpage": ("dc", ""), "dataset": ("dc", ""), "computerProgram": ("dc", "")}
_HIGHWIRE_TYPE = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
                  "citation_conference_title": "conferencePaper", "citation_inbook_title": "bookSection",
                  "citation_dissertation_institution": "thesis"}


def zotero_type(entry: Entry) -> str:
    """The Zotero item type the entry should be saved as, "" for a type Zotero is left to guess."""
    return _ZOTERO_TYPE.get(entry.type, "")


def highwire_type(tags: list[tuple[str, str]]) -> str:
    """The item type Zotero's Embedded Metadata takes from these Highwire tags: the last container tag,
    else "book" for an ISBN, else "journalArticle" (its guess for any page with ``citation_title``)."""
    found = [_HIGHWIRE_TYPE[name] for name, _ in tags if name in _HIGHWIRE_TYPE]
    if found:
        return found[-1]
    return "book" if any(name == "citation_isbn" for name, _ in tags) else "journalArticle"


def coins(entry: Entry) -> str:
    """The COinS ContextObject of the entry page ("" when its Highwire tags already give Zotero the right
    type). Each value is percent-encoded (nothing of it can end the attribute or add a key); the template
    escapes the whole once more as an attribute."""
    wanted = zotero_type(entry)
    if not wanted or highwire_type(meta.type_tags(entry)) == wanted:
        return ""
    return "&".join(f"{key}={quote(xml_text(' '.join(value.split())), safe='')}"
                    for key, value in _pairs(entry, wanted) if value and value.strip())


def _pairs(entry: Entry, kind: str) -> list[tuple[str, str]]:
    fields = entry.fields
    fmt, genre = _FORMAT[kind]
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", f"info:ofi/fmt:kev:mtx:{fmt}"), ("rft.genre", genre)]
    pairs += _titles(entry, kind)
    # Zotero reads rft.au with "Family, Given[, Suffix]" as Embedded Metadata reads citation_author; it has
    # no editor role in COinS: editors come in as contributors rather than not at all.
    pairs += [("rft.au", meta.author_name(p)) for p in entry.authors]
    pairs += [("rft.contributor", meta.author_name(p)) for p in entry.editors]
    first, last = meta.page_range(entry)
    pairs += [("rft.date", meta.iso_date(entry)), ("rft.spage", first), ("rft.epage", last),
              ("rft_id", f"info:doi/{entry.doi}" if entry.doi else ""), ("rft_id", entry.url),
              ("rft.isbn", fields.get("isbn", "")), ("rft.issn", fields.get("issn", "")),
              ("rft.edition", fields.get("edition", "")), ("rft.series", fields.get("series", "")),
              ("rft.place", entry.location)]
    publisher = fields.get("publisher", "") or (fields.get("institution", "") if kind == "report" else "")
    pairs += [("rft.pub", publisher), ("rft.language", fields.get("language", "") or fields.get("langid", "")),
              ("rft.description", fields.get("abstract", ""))]
    if fmt != "dc" or kind == "webpage":
        return pairs
    # Zotero reads the keys in order, by the type it has so far: a Dublin Core record (a web page, whose
    # reader keeps the abstract and language) turned into its real type by rft.type at the end. The
    # dissertation format would name a thesis at once, and lose its abstract.
    pairs.append(("rft.type", kind))
    if kind == "thesis":  # read as a thesis's own keys, now that it is one
        pairs += [("rft.inst", fields.get("school", "") or fields.get("institution", "")), ("rft.degree", _degree(entry))]
    return pairs


def _titles(entry: Entry, kind: str) -> list[tuple[str, str]]:
    if kind == "journalArticle":
        return [("rft.atitle", entry.title), ("rft.jtitle", entry.journal), ("rft.volume", entry.fields.get("volume", "")),
                ("rft.issue", entry.fields.get("number", "") or entry.fields.get("issue", ""))]
    if kind in ("bookSection", "conferencePaper"):
        return [("rft.atitle", entry.title), ("rft.btitle", entry.booktitle)]
    if kind in ("book", "report"):
        return [("rft.btitle", entry.title)]
    return [("rft.title", entry.title)]


def _degree(entry: Entry) -> str:
    kind = (entry.fields.get("type", "") or entry.type).lower().replace(" ", "")
    if kind in ("phdthesis", "phd", "doctoralthesis", "dissertation"):
        return "PhD thesis"
    if kind in ("mastersthesis", "mathesis", "masterthesis", "msthesis"):
        return "Master's thesis"
    return entry.fields.get("type", "") if entry.type == "thesis" else ""
