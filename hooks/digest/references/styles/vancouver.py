"""Vancouver references (ICMJE recommendations, NLM's *Citing Medicine*, 2nd edition).

The biomedical numbered style: references are numbered in the order they are first cited, and
the text cites them as "[1]" or "[1, 2]". Names are "Family Initials" without periods; more than
six authors give the first six and "et al."; page ranges are abbreviated ("351-4").
"""

from __future__ import annotations

import re

from digest.model import Entry, Person
from digest.references.parts import ARCHIVES, Part, Parts, page_range, people, tidy
from digest.references.styles import apa
from digest.urls import doi_url

LABEL = "Vancouver"
"""How pages name the style."""

NUMERIC = True
"""In-text citations are numbers, given by the page in order of first citation."""

MAX_LISTED = 6


def name(person: Person) -> str:
    """"Zarate CA Jr" / "van der Veen A" / "World Health Organization"."""
    if person.group or not person.given:
        return person.full_family
    initials = person.initials("").replace(".", "").replace("-", "")
    text = f"{person.full_family} {initials}"
    suffix = person.suffix.rstrip(".")
    return f"{text} {suffix}" if suffix else text


def name_list(persons: list[Person]) -> str:
    """Up to six names separated by commas; more: the first six and "et al."."""
    names = [name(p) for p in persons]
    if len(names) > MAX_LISTED:
        names = [*names[:MAX_LISTED], "et al"]
    return ", ".join(names)


def _stop(text: str) -> str:
    """``text`` ending with one period (or its own ? or !)."""
    text = tidy(text.strip()).rstrip()
    if not text:
        return ""
    return text if text[-1] in ".?!" else text + "."


def _link(entry: Entry) -> Parts:
    if entry.doi:
        return [Part(" "), Part(f"doi:{entry.doi}", href=doi_url(entry.doi))]
    url = entry.url or apa.howpublished_url(entry)
    if url:
        return [Part(" Available from: "), Part(url, href=url)]
    return []


def _pages(entry: Entry) -> str:
    pages = entry.fields.get("pages", "") or entry.fields.get("eid", "")
    return page_range(pages, "-", abbreviate=True) if pages else ""


def _publication(entry: Entry, *names: str) -> str:
    """"Place: Publisher; 2016." with whatever of it the record has."""
    publisher = next((entry.fields[n] for n in names if entry.fields.get(n) and not entry.fields[n].startswith("http")), "")
    place = entry.location
    year = entry.year or "[date unknown]"
    who = f"{place}: {publisher}" if place and publisher else publisher or place
    return f" {who}; {year}." if who else f" {year}."


def _journal(entry: Entry) -> str:
    """" Biol Psychiatry. 2000;47(4):351-4." """
    f = entry.fields
    journal = apa.strip_period(apa.journal_name(entry))
    volume, issue, pages = f.get("volume", ""), f.get("number") or f.get("issue", ""), _pages(entry)
    text = f" {journal}." if journal else ""
    text += f" {entry.year or '[date unknown]'}"
    if volume or issue:
        text += f";{volume}" + (f"({issue})" if issue else "")
    if pages:
        text += f":{pages}"
    return text + "."


def _editors(entry: Entry) -> str:
    editors = people(entry, "editor")
    if not editors:
        return ""
    return f"{name_list(editors)}, editor{'s' if len(editors) > 1 else ''}. "


def _secondary(entry: Entry, with_editors: bool) -> str:
    """" Mowat BA, Werstine P, editors. Strachey J, translator." after the title (Citing Medicine, ch. 2)."""
    text = ""
    editors = people(entry, "editor") if with_editors else []
    if editors and editors == entry.translators:
        return f" {name_list(editors)}, editor{'s' if len(editors) > 1 else ''} and translator{'s' if len(editors) > 1 else ''}."
    if editors:
        text += f" {name_list(editors)}, editor{'s' if len(editors) > 1 else ''}."
    if entry.translators:
        text += f" {name_list(entry.translators)}, translator{'s' if len(entry.translators) > 1 else ''}."
    return text


def _body(entry: Entry) -> str:
    f = entry.fields
    kind = entry.type
    title = _stop(apa.title_text(entry) + (f" [{entry.title_addon.rstrip('.')}]" if entry.title_addon else ""))
    edition = apa.edition_label(f.get("edition", ""))
    edition_text = f" {edition}" if edition else ""
    if kind == "article" and not (entry.eprint_type in ARCHIVES and not entry.journal):
        return title + _journal(entry)
    if kind in apa.CHAPTER_TYPES and entry.booktitle:
        book = _stop(entry.booktitle) + _secondary(entry, False)
        pages = _pages(entry)
        where = _publication(entry, "publisher", "organization")
        return f"{title} In: {_editors(entry)}{book}{edition_text}{where}" + (f" p. {pages}." if pages else "")
    archive = ARCHIVES.get(entry.eprint_type, "") if not entry.journal and kind in ("article", "misc", "online") else ""
    if kind == "unpublished" or f.get("type", "").lower() == "preprint" or archive:
        source = f.get("institution") or f.get("publisher") or f.get("journal", "") or archive
        return f"{title} {_stop(source) + ' ' if source else ''}[Preprint]. {entry.year or '[date unknown]'}."
    if kind in ("phdthesis", "mastersthesis", "thesis"):
        own = f.get("type", "").strip().lower()
        doctoral = kind == "phdthesis" or own in ("phdthesis", "phd thesis", "doctoral dissertation", "dissertation")
        master = kind == "mastersthesis" or own == "mathesis" or "master" in own
        label = "dissertation" if doctoral else "master's thesis" if master else "thesis"
        return f"{title[:-1] if title.endswith('.') else title} [{label}].{_publication(entry, 'school', 'institution')}"
    if kind in ("techreport", "report"):
        number = f.get("number", "")
        report_number = f" Report No.: {number}." if number else ""
        return title + _publication(entry, "institution", "publisher", "organization") + report_number
    if kind in apa.DATED_TYPES or (kind == "misc" and apa.howpublished_url(entry) and not f.get("publisher")):
        bare = title[:-1] if title.endswith(".") else title
        visited = entry.url_date
        cited = f" [cited {visited.year} {apa.MONTHS[visited.month - 1][:3]}{f' {visited.day}' if visited.day else ''}]." if (
            visited and visited.month) else ""
        where = _publication(entry, 'organization', 'publisher')
        return f"{bare} [Internet].{where[:-1] + cited if cited else where}"
    if kind == "dataset":
        bare = title[:-1] if title.endswith(".") else title
        return f"{bare} [dataset].{_publication(entry, 'publisher', 'organization', 'institution')}"
    secondary = _secondary(entry, bool(people(entry)))
    return title + secondary + edition_text + _publication(entry, "publisher", "organization", "institution", "journal")


def reference(entry: Entry) -> Parts:
    """The Vancouver reference-list entry (without its number, which the list gives)."""
    authors = people(entry)
    editors = people(entry, "editor")
    lead = ""
    if authors:
        lead = _stop(name_list(authors)) + " "
    elif editors and entry.type not in apa.CHAPTER_TYPES:
        lead = f"{name_list(editors)}, editor{'s' if len(editors) > 1 else ''}. "
    body = re.sub(r"\.\.+", ".", _body(entry))
    return [Part(lead + body), *_link(entry)]


def cite(entry: Entry) -> str:
    """The short label lists of entries show ("Lener et al., 2016"); numbers come from the page."""
    return apa.cite(entry)
