"""What reference managers and search engines read from an entry page, as plain data.

Zotero's connector and Google Scholar read Highwire Press ``citation_*`` meta tags; search engines
read schema.org JSON-LD. Both are made here from an :class:`Entry`; the theme override prints them
(escaped) in the page head, so this module knows nothing of HTML or of the theme.
"""

from __future__ import annotations

import re
from typing import Any

from digest.model import Entry, Person
from digest.urls import doi_url

_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")
_PAGES = re.compile(r"^\s*([^\s\-–—]+)\s*(?:[-–—]+\s*([^\s\-–—]+))?\s*$")

# Highwire has a tag for the container of each kind of record; an article's is the journal.
_CONTAINER_TAG = {
    "inproceedings": ("citation_conference_title", "booktitle"),
    "conference": ("citation_conference_title", "booktitle"),
    "incollection": ("citation_inbook_title", "booktitle"),
    "inbook": ("citation_inbook_title", "booktitle"),
}
_INSTITUTION_TAG = {
    "phdthesis": ("citation_dissertation_institution", "school"),
    "mastersthesis": ("citation_dissertation_institution", "school"),
    "techreport": ("citation_technical_report_institution", "institution"),
}
_SCHEMA_TYPE = {"article": "ScholarlyArticle", "book": "Book", "phdthesis": "Thesis", "mastersthesis": "Thesis",
                "incollection": "Chapter", "inbook": "Chapter", "techreport": "Report"}


def _author_name(person: Person) -> str:
    """Highwire's preferred author form, "Family, Given" (groups whole)."""
    if person.group or not person.given:
        return person.full_family
    family = f"{person.full_family} {person.suffix}".strip() if person.suffix else person.full_family
    return f"{family}, {person.given}"


def publication_date(entry: Entry) -> tuple[int, int, int] | None:
    """(year, month, day) from ``date`` or ``year``/``month``; 0 for a part that is not known."""
    match = _ISO_DATE.match(entry.fields.get("date", "").strip())
    if match:
        return int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if not entry.year:
        return None
    month_field = entry.fields.get("month", "").strip().lower()
    month = _MONTHS.get(month_field[:3], 0) or (int(month_field) if month_field.isdigit() and int(month_field) <= 12 else 0)
    return int(entry.year), month, 0


def _highwire_date(entry: Entry) -> str:
    date = publication_date(entry)
    if date is None:
        return ""
    year, month, day = date
    return "/".join(str(x) if i == 0 else f"{x:02d}" for i, x in enumerate((year, month, day)) if x)


def _iso_date(entry: Entry) -> str:
    return _highwire_date(entry).replace("/", "-")


def page_range(entry: Entry) -> tuple[str, str]:
    """First and last page of the ``pages`` field ("351--354" -> ("351", "354"))."""
    match = _PAGES.match(entry.fields.get("pages", ""))
    if not match:
        return "", ""
    return match.group(1), match.group(2) or ""


def pdf_url(entry: Entry) -> str:
    """A direct link to the PDF, when the record has one (``pdf``/``file`` field or a ``.pdf`` URL)."""
    for name in ("pdf", "file"):
        value = entry.fields.get(name, "").strip()
        if value.lower().startswith(("http://", "https://")):
            return value
    url = entry.url
    return url if url.lower().split("?")[0].endswith(".pdf") else ""


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
    tags += [("citation_author", _author_name(p)) for p in entry.authors]
    tags += [
        ("citation_publication_date", _highwire_date(entry)),
        ("citation_journal_title", fields.get("journal", "") or fields.get("journaltitle", "")),
        ("citation_journal_abbrev", fields.get("shortjournal", "")),
        ("citation_publisher", fields.get("publisher", "")),
        ("citation_volume", fields.get("volume", "")),
        ("citation_issue", fields.get("number", "") or fields.get("issue", "")),
        ("citation_firstpage", first),
        ("citation_lastpage", last),
        ("citation_doi", entry.doi),
        ("citation_pmid", entry.pmid),
        ("citation_issn", fields.get("issn", "")),
        ("citation_isbn", fields.get("isbn", "")),
        ("citation_language", fields.get("language", "") or fields.get("langid", "")),
    ]
    for table in (_CONTAINER_TAG, _INSTITUTION_TAG):
        if entry.type in table:
            name, field = table[entry.type]
            tags.append((name, fields.get(field, "")))
    tags += [
        ("citation_pdf_url", pdf_url(entry)),
        ("citation_fulltext_html_url", fulltext_url(entry)),
        ("citation_abstract_html_url", page_url),
    ]
    return [(name, " ".join(value.split())) for name, value in tags if value and value.strip()]


def _person_ld(person: Person) -> dict[str, str]:
    if person.group or not person.given:
        return {"@type": "Organization", "name": person.full_family}
    return {"@type": "Person", "name": f"{person.given} {person.full_family}".strip(),
            "givenName": person.given, "familyName": person.full_family}


def json_ld(entry: Entry, page_url: str = "", topics: list[str] | None = None, description: str = "") -> dict[str, Any]:
    """The schema.org JSON-LD of an entry: a ``ScholarlyArticle`` (or Book, Chapter, ...).

    Returned as a dict: the theme serialises it with Jinja's ``tojson``, which escapes ``<``
    so that no field can close the ``<script>`` element it sits in.
    """
    data: dict[str, Any] = {"@context": "https://schema.org", "@type": _SCHEMA_TYPE.get(entry.type, "ScholarlyArticle"),
                            "headline": entry.title[:110], "name": entry.title}
    if entry.authors:
        data["author"] = [_person_ld(p) for p in entry.authors]
    if _iso_date(entry):
        data["datePublished"] = _iso_date(entry)
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
    return data


def _is_part_of(entry: Entry) -> dict[str, Any]:
    journal = entry.fields.get("journal", "") or entry.fields.get("journaltitle", "")
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
    out: dict[str, Any] = {"isPartOf": part}
    first, last = page_range(entry)
    if first:
        out["pageStart"] = first
    if last:
        out["pageEnd"] = last
    return out
