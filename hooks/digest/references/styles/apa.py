"""APA 7 references and in-text citations (Publication Manual, 7th edition, chapters 8-10).

Titles of articles, chapters, books and reports in sentence case, journal names in title case
(``references/casing.py``: braces, acronyms, inner capitals and known proper nouns keep their case;
a title already in sentence case is left as written).

Written by hand rather than through CSL: on the three real corpora this module formats an entry
in about 0.1 ms where citeproc-py with the APA CSL style takes about 6 ms (see the issue note),
and every rule it follows is pinned by a golden test under ``tests/golden/apa/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from digest.model import Entry, Person, PubDate
from digest.references import casing
from digest.references.parts import ARCHIVES, Part, Parts, page_range, people, tidy
from digest.urls import doi_url

LABEL = "APA 7"
"""How pages name the style."""

MAX_LISTED = 20
"""APA 7 lists up to 20 authors; from 21 on, the first 19, an ellipsis and the last."""

MONTHS = ("January February March April May June July August September October November December").split()
_MONTH_ABBR = {m[:3].lower(): m for m in MONTHS}


def name(person: Person) -> str:
    """"Zarate, C. A., Jr." / "van der Veen, A." / "World Health Organization"."""
    if person.group or not person.given:
        return person.full_family
    text = f"{person.full_family}, {person.initials()}"
    return f"{text}, {person.suffix}" if person.suffix else text


def name_initials_first(person: Person) -> str:
    """Editors inside a reference: "E. E. Editor"."""
    if person.group or not person.given:
        return person.full_family
    text = f"{person.initials()} {person.full_family}"
    return f"{text}, {person.suffix}" if person.suffix else text


def name_list(names_of: list[Person], fmt: Callable[[Person], str] = name) -> str:
    """Up to 20 names with "&" before the last; 21 or more: the first 19, ". . .", the last.

    Inverted names (the author list) take a comma before "&" even when there are two, because
    each name holds a comma itself; editors' names in a chapter reference do not.
    """
    names = [fmt(p) for p in names_of]
    if len(names) > MAX_LISTED:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    if fmt is name_initials_first and len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def strip_period(text: str) -> str:
    """A name without its closing period, unless it is abbreviated throughout ("Proc. Natl. Acad. Sci.")."""
    text = text.strip()
    return text if text.count(".") > 1 and not text.endswith("..") else text.rstrip(". ")


def _sentence(text: str) -> str:
    """End ``text`` with exactly one period (or its own ? or !)."""
    text = tidy(text.strip())
    if not text:
        return ""
    text = re.sub(r"\.+$", "", text) if not text.endswith("...") else text
    return text if text[-1] in "?!…" else text + "."


def month_day(entry: Entry) -> str:
    """", May 3" for records that carry a month (and day), as APA dates web pages; ", June 3–5" for a range."""
    date = entry.date
    if date is None or not date.month:
        return ""
    text = f", {MONTHS[date.month - 1]}" + (f" {date.day}" if date.day else "")
    end = date.end
    if end and end[0] == date.year and end[1]:
        if end[1] == date.month and end[2] and date.day:
            return f"{text}–{end[2]}"
        return f"{text}–{MONTHS[end[1] - 1]}" + (f" {end[2]}" if end[2] else "")
    return text


def long_date(date: PubDate) -> str:
    """"May 3, 2020" (a retrieval date)."""
    if not date.month:
        return str(date.year)
    return f"{MONTHS[date.month - 1]}{f' {date.day}' if date.day else ''}, {date.year}"


DATED_TYPES = {"online", "webpage", "www", "electronic"}
_DATED_SUBTYPES = {"magazine", "newspaper"}
"""biblatex's ``entrysubtype`` of an @article in a magazine or newspaper, which APA dates to the day."""


def _date(entry: Entry) -> str:
    if not entry.year:
        return "(n.d.)."
    year = entry.year
    end = entry.date.end if entry.date else None
    if end and end[0] and end[0] != int(year):
        year = f"{year}–{end[0]}"
    dated = (entry.type in DATED_TYPES or (entry.type == "misc" and not entry.fields.get("publisher"))
             or entry.fields.get("entrysubtype", "").strip().lower() in _DATED_SUBTYPES)
    return f"({year}{month_day(entry) if dated else ''})."


def _pages(pages: str) -> str:
    return page_range(pages)


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


_ORDINAL_WORDS = {
    "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10,
}


def edition_label(edition: str) -> str:
    """"4" -> "4th ed."; "second" -> "2nd ed."; a first edition is not mentioned; "Rev." stays."""
    edition = edition.strip().rstrip(".")
    number = re.sub(r"(?<=\d)(st|nd|rd|th)$", "", edition.lower())
    number = str(_ORDINAL_WORDS.get(number, number))
    if number.isdigit():
        return "" if number == "1" else f"{_ordinal(int(number))} ed."
    if not edition or edition.lower() in ("first", "1st"):
        return ""
    return edition + "." if re.search(r"\bed$", edition) else (edition if "ed." in edition else f"{edition} ed.")


def _link(entry: Entry) -> Parts:
    if entry.doi:
        return [Part(" "), Part(f"https://doi.org/{entry.doi}", href=doi_url(entry.doi))]
    url = entry.url or howpublished_url(entry)
    if not url:
        return []
    visited = entry.url_date
    # APA 7 (9.16): a retrieval date only for a page designed to change, which is an undated web page.
    if visited and not entry.year and (entry.type in DATED_TYPES or entry.type == "misc"):
        return [Part(f" Retrieved {long_date(visited)}, from "), Part(url, href=url)]
    return [Part(" "), Part(url, href=url)]


def _original(entry: Entry) -> Parts:
    """" (Original work published 1900)" for a republished or translated work (biblatex ``origdate``)."""
    found = re.search(r"\d{4}", entry.fields.get("origdate", "") or entry.fields.get("origyear", ""))
    return [Part(f" (Original work published {found.group()})")] if found and found.group() != entry.year else []


def howpublished_url(entry: Entry) -> str:
    value = entry.fields.get("howpublished", "").strip()
    return value if value.lower().startswith(("http://", "https://")) else ""


def _roles(editors: list[Person]) -> str:
    return "(Ed.)" if len(editors) == 1 else "(Eds.)"


def _contributors(entry: Entry, with_editors: bool) -> str:
    """"J. Strachey, Trans." / "B. A. Mowat & P. Werstine, Eds." / "E. Editor, Ed. & Trans." (APA 7, 9.40-9.41)."""
    editors = people(entry, "editor") if with_editors else []
    translators = entry.translators
    if editors and editors == translators:
        return f"{name_list(editors, name_initials_first)}, {'Ed.' if len(editors) == 1 else 'Eds.'} & Trans."
    found = []
    if editors:
        found.append(f"{name_list(editors, name_initials_first)}, {'Ed.' if len(editors) == 1 else 'Eds.'}")
    if translators:
        found.append(f"{name_list(translators, name_initials_first)}, Trans.")
    return "; ".join(found)


def _bracket(*groups: str) -> str:
    """"(J. Strachey, Trans.; 2nd ed.)": people first, then edition and volume, "" when empty."""
    found = [g for g in groups if g]
    return f"({'; '.join(found)})" if found else ""


def _author_block(entry: Entry) -> tuple[Parts, bool]:
    """Authors (or editors, marked "(Ed.)") and whether the title must stand in for them."""
    authors = people(entry)
    if authors:
        return [Part(_sentence(name_list(authors)))], False
    editors = people(entry, "editor")
    if editors and entry.type not in CHAPTER_TYPES:
        return [Part(f"{name_list(editors)} {_roles(editors)}.")], False
    return [], True


def _in_book(entry: Entry, book: str) -> Parts:
    """" In E. E. Editor & F. Editor (Eds.), *Book* (2nd ed., Vol. 2, pp. 1–10)." """
    parts: Parts = [Part(" In ")]
    editors = people(entry, "editor")
    if editors:
        parts.append(Part(f"{name_list(editors, name_initials_first)} {_roles(editors)}, "))
    book = casing.sentence_case(tidy(book), entry.raw.get("booktitle", "") + " " + entry.raw.get("booksubtitle", ""))[0]
    parts.append(Part(strip_period(book), italic=True))
    details = ", ".join(d for d in (edition_label(entry.fields.get("edition", "")), _vol(entry), _pp(entry)) if d)
    if details:
        parts.append(Part(f" ({details})"))
    if not parts[-1].text.endswith("."):
        parts.append(Part("."))
    return parts


def _vol(entry: Entry) -> str:
    volume = entry.fields.get("volume", "")
    return f"Vol. {volume}" if volume and entry.type != "article" else ""


def _pp(entry: Entry) -> str:
    pages = entry.fields.get("pages", "")
    if not pages:
        return ""
    pages = _pages(pages)
    return f"pp. {pages}" if "–" in pages or "," in pages else f"p. {pages}"


def _publisher(entry: Entry, *names: str) -> Parts:
    """" Publisher." from the first of ``names`` that the record has (not a URL, not the author)."""
    authors = {p.full_family for p in entry.authors if p.group}
    for field in names:
        value = entry.fields.get(field, "").strip()
        if value and not value.lower().startswith("http") and value not in authors:
            return [Part(" " + _sentence(value))]
    return []


def journal_name(entry: Entry) -> str:
    """The journal in title case ("science" -> "Science"), the words its record protects as written."""
    raw = entry.raw.get("journal", "") or entry.raw.get("journaltitle", "")
    return casing.title_case(tidy(entry.journal), raw + " " + entry.raw.get("journalsubtitle", ""))


def title_text(entry: Entry) -> str:
    """The title in sentence case (APA 7, 6.17), the words its record protects as written."""
    raw = entry.raw.get("title", "") + " " + entry.raw.get("subtitle", "")
    return casing.sentence_case(tidy(entry.title.strip()), raw)[0]


def _journal(entry: Entry) -> Parts:
    """" *Journal*, *12*(3), 45–67." (each piece only when the record has it)."""
    journal = journal_name(entry)
    volume = entry.fields.get("volume", "")
    issue = entry.fields.get("number") or entry.fields.get("issue", "")
    pages = entry.fields.get("pages", "") or entry.fields.get("eid", "")
    parts: Parts = []
    if journal:
        parts += [Part(" "), Part(strip_period(journal), italic=True)]
    if volume:
        parts += [Part(", " if journal else " "), Part(volume, italic=True)]
    if issue:
        parts.append(Part(f"({issue})"))
    if pages:
        parts.append(Part(f", {_pages(pages)}" if parts else f" {_pages(pages)}"))
    if parts and not parts[-1].text.endswith("."):
        parts.append(Part("."))
    return parts


_BRACKETS = {
    "phdthesis": "Doctoral dissertation",
    "mastersthesis": "Master’s thesis",
    "thesis": "Thesis",
}
_TYPE_KEYS = {
    "phdthesis": "Doctoral dissertation", "mathesis": "Master’s thesis", "mastersthesis": "Master’s thesis",
    "candthesis": "Candidate thesis", "techreport": "Technical Report", "resreport": "Research Report",
    "software": "Computer software", "datacd": "Data CD", "audiocd": "Audio CD",
}
"""biblatex's localisation keys in ``type`` (``type = {phdthesis}``) -> the words APA brackets."""
CHAPTER_TYPES = {"incollection", "inbook", "inproceedings", "conference", "inreference"}
_BOOK_TYPES = {"book", "booklet", "proceedings", "collection", "mvbook", "manual"}


def _title(entry: Entry, italic: bool, extra: str = "") -> Parts:
    """The title and its trailer: "Title." / "Title (2nd ed.)." / "Title?" (no double periods);
    biblatex's ``titleaddon`` is a description in square brackets: "Title [Letter to the editor]."."""
    title = title_text(entry)
    bare = re.sub(r"\s*\.+$", "", title) if not title.endswith("...") else title
    if entry.title_addon:
        extra = f"{extra} [{re.sub(r'[.]+$', '', entry.title_addon)}]".strip()
    if extra:
        trailer = f" {extra}."
    else:
        trailer = "" if bare[-1:] in ("?", "!", "…") else "."
    return [Part(bare, italic=italic), Part(trailer)]


def _kind_label(value: str) -> str:
    """A record's own ``type`` as APA brackets it: "preprint" -> "Preprint"."""
    value = value.strip()
    value = _TYPE_KEYS.get(value.lower(), value)
    return value[:1].upper() + value[1:]


def _body(entry: Entry) -> Parts:
    """Everything after the author and date: title, source, publisher."""
    kind = entry.type
    f = entry.fields
    own_type = f.get("type", "").strip()
    archive = ARCHIVES.get(entry.eprint_type, "") if not entry.journal and kind in ("article", "misc", "online") else ""
    if kind == "article" and not archive:
        return _title(entry, False) + _journal(entry)
    if kind in _BOOK_TYPES:
        details = ", ".join(d for d in (edition_label(f.get("edition", "")), _vol(entry)) if d)
        extra = _bracket(_contributors(entry, bool(people(entry))), details)
        return _title(entry, True, extra) + _publisher(entry, "publisher", "organization", "institution")
    if kind in CHAPTER_TYPES:
        book = entry.booktitle
        if not book:
            return _title(entry, True, _bracket(_contributors(entry, False))) + _publisher(entry, "publisher", "organization")
        # A translated chapter: "Title (G. Translator, Trans.). In E. Editor (Ed.), *Book* (pp. 3–18)." (APA 7, 10.3)
        return _title(entry, False, _bracket(_contributors(entry, False))) + _in_book(entry, book) + _publisher(
            entry, "publisher", "organization")
    if kind in _BRACKETS:
        return _thesis(entry, own_type)
    if own_type.lower() == "preprint" or kind == "unpublished" or archive:
        label = "Preprint" if own_type.lower() == "preprint" or entry.doi or archive else "Unpublished manuscript"
        source = _publisher(entry, "institution", "publisher", "howpublished", "note", "journal") or (
            [Part(f" {archive}.")] if archive else [])
        return _title(entry, True, f"[{label}]") + source
    if kind in ("techreport", "report"):
        number = f.get("number", "")
        label = _kind_label(own_type) if own_type else "Report"
        extra = f"({label} No. {number})" if number else (f"[{label}]" if own_type else "")
        extra = _bracket(_contributors(entry, bool(people(entry))), extra[1:-1] if extra.startswith("(") else "") or extra
        return _title(entry, True, extra) + _publisher(entry, "institution", "publisher", "organization")
    if kind == "dataset":
        return _title(entry, True, "[Data set]") + _publisher(entry, "publisher", "organization", "institution")
    if kind in DATED_TYPES:
        return _title(entry, True) + _publisher(entry, "organization", "publisher", "howpublished")
    # misc and every type APA has no form for: the generic form of a stand-alone work.
    return _title(entry, True) + _publisher(entry, "publisher", "organization", "institution", "journal", "howpublished")


def _thesis(entry: Entry, own_type: str) -> Parts:
    """"Title (Publication No. 123) [Doctoral dissertation, University]. Database." (APA 7, 10.6): the number
    and database of a thesis published in one (``number``, ``publisher``/``organization``), else the bracket alone."""
    f = entry.fields
    school = f.get("school") or f.get("institution", "")
    label = _kind_label(own_type) if own_type else _BRACKETS[entry.type]
    number = f.get("number", "").strip()
    extra = f"[{label}, {school}]" if school else f"[{label}]"
    if number:
        extra = f"(Publication No. {re.sub(r'^(Publication )?No[.]? *', '', number)}) {extra}"
    return _title(entry, True, extra) + _publisher(entry, "publisher", "organization", "howpublished")


def reference(entry: Entry) -> Parts:
    """The APA 7 reference-list entry."""
    authors, title_first = _author_block(entry)
    body = _body(entry)
    link = _link(entry) + _original(entry)
    if title_first:
        # No author: the title moves into the author position, the date follows it.
        return [*body[:2], Part(" " + _date(entry)), *body[2:], *link]
    return [*authors, Part(" " + _date(entry) + " "), *body, *link]


def cite_names(entry: Entry) -> str:
    """The author part of an in-text citation: "Lener et al.", "Luscher & Fuchs", a group or a title."""
    persons = people(entry) or people(entry, "editor")
    if not persons:
        words = entry.title.split()
        short = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
        return f"“{short}”" if entry.type in ("article", *CHAPTER_TYPES) else short
    names = [p.full_family for p in persons]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


def cite(entry: Entry) -> str:
    """"Lener et al., 2016" (without parentheses: the citation module adds them)."""
    return f"{cite_names(entry)}, {entry.year or 'n.d.'}"
