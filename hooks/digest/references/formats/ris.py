"""RIS (.ris): an entry as the tagged record EndNote, Zotero and Mendeley import.

Written from the shown fields (LaTeX resolved to Unicode): the programs that read RIS expect plain text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from digest.model import Entry, Person
from digest.references.parts import ARCHIVES, one_line, page_range, web_url

NAME = "RIS"
"""How a download link names the format."""

TYPES = {
    "article": "JOUR", "book": "BOOK", "booklet": "BOOK", "mvbook": "BOOK", "collection": "EDBOOK",
    "proceedings": "CONF", "incollection": "CHAP", "inbook": "CHAP", "inreference": "CHAP",
    "inproceedings": "CPAPER", "conference": "CPAPER", "phdthesis": "THES", "mastersthesis": "THES",
    "thesis": "THES", "techreport": "RPRT", "report": "RPRT", "unpublished": "UNPB", "dataset": "DATA",
    "online": "ELEC", "webpage": "ELEC", "www": "ELEC", "electronic": "ELEC", "manual": "BOOK",
    "software": "COMP", "patent": "PAT",
}
"""BibTeX type -> RIS type (``GEN`` for the rest)."""


@functools.lru_cache(maxsize=65536)
def _name(person: Person) -> str:
    """"Family, Given, Suffix" as RIS wants it; a group author as its name alone."""
    if person.group or not person.given:
        return person.full_family
    return ", ".join(x for x in (person.full_family, person.given, person.suffix) if x)


def record(entry: Entry) -> str:
    """One RIS record, from ``TY`` to ``ER``."""
    f = entry.fields
    kind = TYPES.get(entry.type, "GEN")
    if f.get("type", "").lower() == "preprint" or (entry.eprint_type in ARCHIVES and not entry.journal):
        kind = "UNPB"
    lines = [("TY", kind), ("ID", entry.key)]
    lines += [("AU", _name(p)) for p in entry.authors]
    lines += [("A2" if kind in ("CHAP", "CPAPER") else "ED", _name(p)) for p in entry.editors]
    lines += [("A4", _name(p)) for p in entry.translators]
    lines.append(("TI", entry.title))
    container = entry.journal or entry.booktitle
    if container:
        lines.append(("T2", container))
    if entry.year:
        lines.append(("PY", entry.year))
    date = entry.date
    if date and date.month:
        lines.append(("DA", f"{date.year}/{date.month:02d}/{f'{date.day:02d}' if date.day else ''}/"))
    visited = entry.url_date
    if visited:
        lines.append(("Y2", "/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(visited.parts))))
    if entry.location:
        lines.append(("CY", entry.location))
    simple = (("volume", "VL"), ("edition", "ET"), ("publisher", "PB"),
              ("isbn", "SN"), ("issn", "SN"), ("abstract", "AB"), ("note", "N1"))
    for name, tag in simple:
        if f.get(name):
            lines.append((tag, f[name]))
    issue = f.get("number") or f.get("issue", "")
    if issue and kind in ("JOUR", "CPAPER"):
        lines.append(("IS", issue))
    elif issue:
        lines.append(("M1", issue))
    publisher = f.get("school") or f.get("institution", "")
    if publisher and not f.get("publisher"):
        lines.append(("PB", publisher))
    start, end = _page_pair(f.get("pages", ""))
    if start:
        lines.append(("SP", start))
    if end:
        lines.append(("EP", end))
    if entry.doi:
        lines.append(("DO", entry.doi))
    if web_url(entry):
        lines.append(("UR", web_url(entry)))
    lines += [("KW", word) for word in _keywords(entry)]
    body = "\n".join(f"{tag}  - {text}" for tag, value in lines if (text := one_line(value)))
    return body + "\nER  - \n"


def _page_pair(pages: str) -> tuple[str, str]:
    if not pages.strip():
        return "", ""
    full = page_range(pages, "–")
    start, _, end = full.partition("–")
    return start.strip(), end.strip()


def _keywords(entry: Entry) -> list[str]:
    return [word.strip() for word in re.split(r"[;,]", entry.fields.get("keywords", "")) if word.strip()]


HEAD, BETWEEN, TAIL = "", "\n", ""
"""What a file holds before, between and after its records (each ends with its ``ER`` line)."""


def join(records: list[str]) -> str:
    """A .ris file of ``records`` (each ends with its ``ER`` line)."""
    return HEAD + BETWEEN.join(records) + TAIL


def write(entries: Iterable[Entry]) -> str:
    """A .ris file of ``entries``."""
    return join([record(entry) for entry in entries])
