"""APA 7 references and in-text citations (Publication Manual, 7th edition, chapters 8-10).

Titles keep the case the record gives: APA asks for sentence case, but lower-casing a title
without knowing its proper nouns does more harm (``Gaba``, ``Nmda``) than leaving it as written.
"""

from __future__ import annotations

import re

from digest.model import Entry, Person
from digest.styles import Part, Parts

MAX_LISTED = 20


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


def name_list(people: list[Person], fmt=name) -> str:  # type: ignore[no-untyped-def]
    """Up to 20 names with "&" before the last; 21 or more: the first 19, ". . .", the last."""
    names = [fmt(p) for p in people]
    if len(names) > MAX_LISTED:
        return ", ".join(names[:19]) + ", . . . " + names[-1]
    if len(names) == 1:
        return names[0]
    if fmt is name_initials_first and len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _sentence(text: str) -> str:
    """End ``text`` with exactly one period (or its own ? or !)."""
    text = text.strip()
    if not text:
        return ""
    text = re.sub(r"\.+$", "", text) if not text.endswith("...") else text
    return text if text[-1] in "?!…" else text + "."


def _date(entry: Entry) -> str:
    return f"({entry.year or 'n.d.'})."


def _pages(pages: str) -> str:
    return re.sub(r"\s*[-–—]+\s*", "–", pages.strip())


def _ordinal(number: int) -> str:
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def _edition(edition: str) -> str:
    """"4" -> "4th ed."; a first edition is not mentioned; "Rev." stays as written."""
    edition = edition.strip()
    if edition.isdigit():
        return "" if edition == "1" else f"{_ordinal(int(edition))} ed."
    if not edition or edition.lower() in ("first", "1st"):
        return ""
    return edition if "ed" in edition.lower() else f"{edition} ed."


def _link(entry: Entry) -> Parts:
    if entry.doi:
        url = f"https://doi.org/{entry.doi}"
        return [Part(" "), Part(url, href=url)]
    if entry.url:
        return [Part(" "), Part(entry.url, href=entry.url)]
    return []


def _author_block(entry: Entry) -> tuple[Parts, bool]:
    """Authors (or editors, marked "(Ed.)") and whether the title must stand in for them."""
    if entry.authors:
        return [Part(_sentence(name_list(entry.authors)))], False
    if entry.editors:
        role = "(Ed.)" if len(entry.editors) == 1 else "(Eds.)"
        return [Part(f"{name_list(entry.editors)} {role}.")], False
    return [], True


def _in_book(entry: Entry, book: str) -> Parts:
    parts: Parts = [Part("In ")]
    if entry.editors and entry.authors:
        role = "(Ed.)" if len(entry.editors) == 1 else "(Eds.)"
        parts.append(Part(f"{name_list(entry.editors, name_initials_first)} {role}, "))
    parts.append(Part(book, italic=True))
    details = [d for d in (_edition(entry.fields.get("edition", "")), _vol(entry), _pp(entry)) if d]
    if details:
        parts.append(Part(f" ({', '.join(details)})"))
    parts.append(Part("."))
    return parts


def _vol(entry: Entry) -> str:
    volume = entry.fields.get("volume", "")
    return f"Vol. {volume}" if volume and entry.type not in ("article",) else ""


def _pp(entry: Entry) -> str:
    pages = entry.fields.get("pages", "")
    if not pages:
        return ""
    pages = _pages(pages)
    return f"pp. {pages}" if "–" in pages else f"p. {pages}"


def _publisher(entry: Entry, *names: str) -> Parts:
    for field in names:
        value = entry.fields.get(field, "")
        if value:
            return [Part(" " + _sentence(value))]
    return []


def _journal(entry: Entry) -> Parts:
    journal = entry.fields.get("journal") or entry.fields.get("journaltitle", "")
    volume = entry.fields.get("volume", "")
    issue = entry.fields.get("number") or entry.fields.get("issue", "")
    pages = entry.fields.get("pages", "") or entry.fields.get("eid", "")
    parts: Parts = []
    if journal:
        parts.append(Part(" "))
        parts.append(Part(journal, italic=True))
    if volume:
        parts.append(Part(", "))
        parts.append(Part(volume, italic=True))
    if issue:
        parts.append(Part(f"({issue})" if volume else f", ({issue})"))
    if pages:
        parts.append(Part(f", {_pages(pages)}"))
    if parts:
        parts.append(Part("."))
    return parts


_BRACKETS = {
    "phdthesis": "Doctoral dissertation",
    "mastersthesis": "Master's thesis",
    "thesis": "Thesis",
}


def _title(entry: Entry, italic: bool, extra: str = "") -> Parts:
    """The title and its trailer: "Title." / "Title (2nd ed.)." / "Title?" (no double periods)."""
    bare = re.sub(r"\s*\.+$", "", entry.title.strip()) if not entry.title.endswith("...") else entry.title
    if extra:
        trailer = f" {extra}."
    else:
        trailer = "" if bare[-1:] in ("?", "!", "…") else "."
    return [Part(bare, italic=italic), Part(trailer)]


def reference(entry: Entry) -> Parts:
    """The APA 7 reference-list entry."""
    authors, title_first = _author_block(entry)
    kind = entry.type
    f = entry.fields
    body: Parts
    if kind == "article":
        body = _title(entry, False) + _journal(entry)
    elif kind in ("book", "booklet", "proceedings", "collection", "mvbook"):
        details = [d for d in (_edition(f.get("edition", "")), _vol(entry)) if d]
        extra = f"({', '.join(details)})" if details else ""
        body = _title(entry, True, extra) + _publisher(entry, "publisher", "organization", "institution")
    elif kind in ("incollection", "inbook", "inproceedings", "conference", "inreference"):
        book = f.get("booktitle", "") or f.get("maintitle", "")
        body = _title(entry, False) + (_in_book(entry, book) if book else []) + _publisher(entry, "publisher", "organization")
    elif kind in _BRACKETS or kind == "thesis":
        label = _BRACKETS.get(kind, "Thesis")
        school = f.get("school") or f.get("institution", "")
        extra = f"[{label}, {school}]" if school else f"[{label}]"
        body = _title(entry, True, extra)
    elif kind in ("techreport", "report"):
        number = f.get("number", "")
        kind_name = f.get("type", "") or "Report"
        extra = f"({kind_name} No. {number})" if number else (f"[{kind_name}]" if f.get("type") else "")
        body = _title(entry, True, extra) + _publisher(entry, "institution", "publisher", "organization")
    elif kind == "unpublished" or f.get("type", "").lower() == "preprint":
        source = f.get("publisher") or f.get("howpublished") or f.get("note", "")
        body = _title(entry, True, "[Preprint]" if "preprint" in (kind + f.get("type", "").lower()) else "[Unpublished manuscript]")
        body += [Part(" " + _sentence(source))] if source and not source.startswith("http") else []
    elif kind == "dataset":
        body = _title(entry, True, "[Data set]") + _publisher(entry, "publisher", "organization", "institution")
    elif kind in ("online", "webpage", "electronic", "www"):
        body = _title(entry, True) + _publisher(entry, "organization", "publisher", "howpublished")
    else:
        body = _title(entry, True) + _publisher(entry, "publisher", "organization", "institution", "journal")
        howpublished = f.get("howpublished", "")
        if howpublished and not howpublished.lower().startswith("http"):
            body += [Part(" " + _sentence(howpublished))]
    return _assemble(entry, authors, title_first, body)


def _assemble(entry: Entry, authors: Parts, title_first: bool, body: Parts) -> Parts:
    link = _link(entry)
    if not link and entry.type in ("misc", "online", "webpage") and entry.fields.get("howpublished", "").startswith("http"):
        url = entry.fields["howpublished"]
        link = [Part(" "), Part(url, href=url)]
    if title_first:
        # No author: the title moves into the author position, the date follows it.
        return body[:2] + [Part(" " + _date(entry))] + body[2:] + link
    return authors + [Part(" " + _date(entry) + " ")] + body + link


def cite_names(entry: Entry) -> str:
    """The author part of an in-text citation: "Lener et al.", "Luscher & Fuchs", a group or a title."""
    people = entry.authors or entry.editors
    if not people:
        words = entry.title.split()
        short = " ".join(words[:4]) + ("…" if len(words) > 4 else "")
        return f"“{short}”" if entry.type == "article" else short
    names = [p.full_family for p in people]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} & {names[1]}"
    return f"{names[0]} et al."


def cite(entry: Entry) -> str:
    """"Lener et al., 2016" (without parentheses: the citation module adds them)."""
    return f"{cite_names(entry)}, {entry.year or 'n.d.'}"
