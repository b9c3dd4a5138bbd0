"""What reference managers and search engines read from an entry page, as plain data.

Zotero's connector and Google Scholar read Highwire Press ``citation_*`` meta tags; search engines
read schema.org JSON-LD. Both are made here from an :class:`Entry`; the theme override prints them
(escaped) in the page head, so this module knows nothing of HTML or of the theme.
"""

from __future__ import annotations

import re
from typing import Any

from digest.charset import xml_text
from digest.model import Entry, Person, safe_url
from digest.references import parts
from digest.urls import doi_url

# Highwire has a tag for the container of each kind of record; Zotero's Embedded Metadata translator
# takes the item type from the last of them (journal -> journalArticle, inbook -> bookSection,
# conference -> conferencePaper, dissertation -> thesis, technical report -> report).
_CHAPTER_TYPES = {"incollection", "inbook", "inreference"}
_PAPER_TYPES = {"inproceedings", "conference"}
_THESIS_TYPES = {"phdthesis", "mastersthesis", "thesis"}
_REPORT_TYPES = {"techreport", "report"}
_SCHEMA_TYPE = {"article": "ScholarlyArticle", "book": "Book", "mvbook": "Book", "collection": "Book", "proceedings": "Book",
                "phdthesis": "Thesis", "mastersthesis": "Thesis", "thesis": "Thesis", "incollection": "Chapter",
                "inbook": "Chapter", "inreference": "Chapter", "techreport": "Report", "report": "Report",
                "dataset": "Dataset", "online": "WebPage", "software": "SoftwareSourceCode"}


def author_name(person: Person) -> str:
    """Highwire's author form, "Family, Given" (groups whole, ending in a comma); a suffix last, "Bowers, Malcolm B., Jr.", which
    Zotero splits at the first two commas into family and given names (its ``cleanAuthor``)."""
    if person.group or not person.given:
        # "World Health Organization," – the comma tells Zotero's cleanAuthor that the whole is a family
        # name (without it the last word is: "Organization", given "World Health").
        return f"{person.full_family},"
    return ", ".join(x for x in (person.full_family, person.given, person.suffix) if x)


def publication_date(entry: Entry) -> tuple[int, int, int] | None:
    """(year, month, day) from ``date`` or ``year``/``month``/``day``; 0 for a part that is not known."""
    date = entry.date
    return (date.year, date.month, date.day) if date else None


def _highwire_date(entry: Entry) -> str:
    """"2010/10/05" or "2010": Google Scholar's inclusion guidelines take a full date or a year alone."""
    date = publication_date(entry)
    if date is None:
        return ""
    year, month, day = date
    return f"{year}/{month:02d}/{day:02d}" if month and day else str(year)


def iso_date(entry: Entry) -> str:
    """"2010", "2010-10" or "2010-10-05", as precise as the record (schema.org's ISO 8601)."""
    date = entry.date
    return "-".join(str(x) if i == 0 else f"{x:02d}" for i, x in enumerate(date.parts)) if date else ""


_PAGE = re.compile(r"^[A-Za-z]*\d+$|^[ivxlcdmIVXLCDM]+$")


def page_range(entry: Entry) -> tuple[str, str]:
    """First and last page, the last in full ("316--29" -> ("316", "329"), as every other output has it)."""
    pages = entry.fields.get("pages", "").strip()
    if not pages:
        return "", ""
    first, _, last = parts.page_range(pages, "–").partition("–")
    first, last = first.strip(), last.strip()
    if not _PAGE.match(first) or (last and not _PAGE.match(last)):
        return "", ""
    return first, last


def pdf_url(entry: Entry) -> str:
    """A direct link to the PDF, when the record has one (``pdf``/``file`` field or a ``.pdf`` URL)."""
    value = entry.fields.get("pdf", "").strip()
    if value.lower().startswith(("http://", "https://")):
        return safe_url(value)
    for url in (entry.fields.get("file", "").strip(), entry.url):
        if url.lower().startswith(("http://", "https://")) and url.lower().split("?")[0].split("#")[0].endswith(".pdf"):
            return safe_url(url)
    return ""


def fulltext_url(entry: Entry) -> str:
    """The full text on the web: the record's URL, else its DOI."""
    if entry.url and entry.url != pdf_url(entry):
        return entry.url
    return doi_url(entry.doi) if entry.doi else ""


def citation_tags(entry: Entry, page_url: str = "") -> list[tuple[str, str]]:
    """The Highwire Press ``citation_*`` meta tags of an entry page, as (name, content) pairs.

    ``page_url`` is the page's own absolute URL (empty when the site has no ``site_url``).
    Empty values are left out: a tag with no content confuses Zotero more than a missing one.
    """
    fields = entry.fields
    first, last = page_range(entry)
    tags: list[tuple[str, str]] = [("citation_title", entry.title)]
    tags += [("citation_author", author_name(p)) for p in entry.authors]
    tags += [("citation_editor", author_name(p)) for p in entry.editors]
    tags += [
        ("citation_publication_date", _highwire_date(entry)),
        ("citation_journal_title", entry.journal if entry.type not in _CHAPTER_TYPES | _PAPER_TYPES else ""),
        ("citation_journal_abbrev", fields.get("shortjournal", "")),
        ("citation_publisher", fields.get("publisher", "")),
        ("citation_volume", fields.get("volume", "")),
        ("citation_issue", fields.get("number", "") or fields.get("issue", "") if not _numbered(entry) else ""),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", entry.doi),
        ("citation_pmid", entry.pmid),
        ("citation_issn", fields.get("issn", "")),
        ("citation_isbn", fields.get("isbn", "")),
        ("citation_language", fields.get("language", "") or fields.get("langid", "")),
        ("citation_abstract", fields.get("abstract", "")),
    ]
    tags += _container_tags(entry)
    tags += [
        ("citation_pdf_url", pdf_url(entry)),
        ("citation_fulltext_html_url", fulltext_url(entry)),
        ("citation_abstract_html_url", page_url),
    ]
    return [(name, xml_text(" ".join(value.split()))) for name, value in tags if value and value.strip()]


def type_tags(entry: Entry) -> list[tuple[str, str]]:
    """The tags of :func:`citation_tags` that say what kind of work it is (the journal title, the ISBN,
    the container tags), in their order there, with their values as given: what ``coins`` needs,
    without the abstract and authors made printable a second time."""
    tags = [("citation_journal_title", entry.journal if entry.type not in _CHAPTER_TYPES | _PAPER_TYPES else ""),
            ("citation_isbn", entry.fields.get("isbn", "")), *_container_tags(entry)]
    return [(name, value) for name, value in tags if value and value.strip()]


def _numbered(entry: Entry) -> bool:
    """A report's or thesis's ``number`` is its report or publication number, not an issue."""
    return entry.type in _REPORT_TYPES | _THESIS_TYPES


def _container_tags(entry: Entry) -> list[tuple[str, str]]:
    """The tags that say what kind of work it is, the deciding one last (Zotero keeps the last)."""
    fields = entry.fields
    if entry.type in _CHAPTER_TYPES:
        return [("citation_inbook_title", entry.booktitle)]
    if entry.type in _PAPER_TYPES:
        event = fields.get("eventtitle", "") or entry.booktitle
        return [("citation_inbook_title", entry.booktitle), ("citation_conference_title", event)]
    if entry.type in _THESIS_TYPES:
        return [("citation_dissertation_institution", fields.get("school", "") or fields.get("institution", ""))]
    if entry.type in _REPORT_TYPES:
        return [("citation_technical_report_number", fields.get("number", "")),
                ("citation_technical_report_institution", fields.get("institution", "") or fields.get("publisher", ""))]
    return []


def _person_ld(person: Person) -> dict[str, str]:
    if person.group or not person.given:
        return {"@type": "Organization", "name": person.full_family}
    data = {"@type": "Person", "name": " ".join(x for x in (person.given, person.full_family, person.suffix) if x),
            "givenName": person.given, "familyName": person.full_family}
    if person.suffix:
        data["honorificSuffix"] = person.suffix
    return data


def json_ld(entry: Entry, page_url: str = "", topics: list[str] | None = None, description: str = "") -> dict[str, Any]:
    """The schema.org JSON-LD of an entry: a ``ScholarlyArticle`` (or Book, Chapter, ...).

    Returned as a dict: the theme serialises it with Jinja's ``tojson``, which escapes ``<``
    so that no field can close the ``<script>`` element it sits in.
    """
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": _SCHEMA_TYPE.get(entry.type, "ScholarlyArticle"),
                            "headline": entry.title[:110], "name": entry.title}
    if entry.authors:
        data["author"] = [_person_ld(p) for p in entry.authors]
    if entry.editors:
        data["editor"] = [_person_ld(p) for p in entry.editors]
    if entry.translators:
        data["translator"] = [_person_ld(p) for p in entry.translators]
    # No "abstract": citation_abstract carries it for Zotero and Scholar; twice more per page would cost the
    # site about 1.4 KB an entry (200-word abstracts), a twentieth of its size.
    for name, field in (("isbn", "isbn"), ("publisher", "publisher"), ("bookEdition", "edition")):
        if entry.fields.get(field) and (name != "isbn" or data["@type"] == "Book"):
            data[name] = {"@type": "Organization", "name": entry.fields[field]} if name == "publisher" else entry.fields[field]
    if iso_date(entry):
        data["datePublished"] = iso_date(entry)
    if entry.doi:
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "DOI", "value": entry.doi}
        data["sameAs"] = doi_url(entry.doi)
    if fulltext_url(entry):
        data["url"] = fulltext_url(entry)
    if page_url:
        data["mainEntityOfPage"] = page_url
    if description:
        data["description"] = description
    if topics:
        data["keywords"] = ", ".join(topics)
    data.update(_is_part_of(entry))
    return _printable(data)


def _printable(data: Any) -> Any:
    """``data`` with no control character and no lone surrogate in any string, whatever serialises it.
    Every character :func:`xml_text` removes or replaces is one Python's ``repr`` writes as an escape
    (it is not printable): a ``repr`` without a backslash has none (nearly always: one pass in C, not
    a call for every string)."""
    if "\\" not in repr(data):
        return data
    return _printable_each(data)


def _printable_each(data: Any) -> Any:
    if isinstance(data, str):
        return xml_text(data)
    if isinstance(data, dict):
        return {key: _printable_each(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_printable_each(value) for value in data]
    return data


def _is_part_of(entry: Entry) -> dict[str, Any]:
    """The journal issue, volume and periodical an article is in; the book a chapter or paper is in."""
    if entry.type in _CHAPTER_TYPES | _PAPER_TYPES and entry.booktitle:
        book: dict[str, Any] = {"@type": "Book", "name": entry.booktitle}
        if entry.fields.get("isbn"):
            book["isbn"] = entry.fields["isbn"]
        if entry.editors:
            book["editor"] = [_person_ld(p) for p in entry.editors]
        return {"isPartOf": book, **_pages_ld(entry)}
    journal = entry.journal
    if not journal:
        return {}
    part: dict[str, Any] = {"@type": "Periodical", "name": journal}
    if entry.fields.get("issn"):
        part["issn"] = entry.fields["issn"]
    if entry.fields.get("volume"):
        part = {"@type": "PublicationVolume", "volumeNumber": entry.fields["volume"], "isPartOf": part}
    issue = entry.fields.get("number", "") or entry.fields.get("issue", "")
    if issue:
        part = {"@type": "PublicationIssue", "issueNumber": issue, "isPartOf": part}
    return {"isPartOf": part, **_pages_ld(entry)}


def _pages_ld(entry: Entry) -> dict[str, str]:
    first, last = page_range(entry)
    out = {"pageStart": first} if first else {}
    if last:
        out["pageEnd"] = last
    return out
