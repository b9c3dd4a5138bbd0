"""A digest as a citable item of its own: its contributors, its date, the site as publisher, its URL.

A digest is authored work: a reader who quotes its plain-language summary cites the digest, not only
the paper. Given in the site's style (APA 7 as a web page, or Vancouver) and as a biblatex
``@online`` record. Contributors' names are written as contributors give them: ``"Family, Given"``
is always a person; ``"Given Family"`` is read as a person when every word is capitalised (name
particles such as "van" or "de" aside); anything else ("Digest editors") is a group, shown whole.
Text only: the templates escape it (templates/partials/cite-digest.html).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from digest.model import Entry, Person
from digest.references.formats.bibtex import balanced
from digest.references.styles import apa, vancouver

PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "du", "le", "la", "del", "della", "dos", "das", "ter", "ten", "zu"}
DESCRIPTION = "Research digest"
_LATEX_SPECIAL = re.compile(r"([&%$#_{}])")


def contributor(name: str) -> Person:
    """A contributor's name as a :class:`Person`, or a group when it does not read as a person's name."""
    text = " ".join(name.split())
    if "," in text:
        family, given = (part.strip() for part in text.split(",", 1))
        words = family.split()
        particle = [w for w in words[:-1] if w.lower() in PARTICLES]
        return Person(words[-1] if words else family, given, " ".join(particle)) if family else Person(text, group=True)
    words = text.split()
    if not 2 <= len(words) <= 5 or not _capitalised(words[0]) or not _capitalised(words[-1]):
        return Person(text, group=True)
    if not all(_capitalised(w) or w.lower() in PARTICLES for w in words):
        return Person(text, group=True)
    first_particle = next((i for i, w in enumerate(words[1:-1], 1) if w.lower() in PARTICLES), len(words) - 1)
    return Person(words[-1], " ".join(words[:first_particle]), " ".join(words[first_particle:-1]))


def _capitalised(word: str) -> bool:
    """ "Jane", "O'Neil", "Jean-Paul", "J." yes; "editors", "OPEN" (an acronym: a group's name) no."""
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and letters[0].isupper() and (len(letters) == 1 or any(c.islower() for c in letters))


def _part(text: str = "", italic: bool = False, url: bool = False) -> dict[str, Any]:
    """A piece of a citation: text (in italics or not), or the page's address (``url``) after ``text``,
    both left out where the address is not known (a page read from file://)."""
    return {"text": text, "italic": italic, "url": url}


def _apa_date(day: date | None) -> str:
    return f"({day.year}, {apa.MONTHS[day.month - 1]} {day.day})" if day else "(n.d.)"


def apa_parts(people: list[Person], title: str, day: date | None, site: str) -> list[dict[str, Any]]:
    """APA 7, a web page: "Doe, J., & Roe, R. (2026, July 20). *Title* [Research digest]. Site. URL"."""
    title = apa.strip_period(title)
    parts: list[dict[str, Any]] = []
    if people:
        names = apa.name_list(people)
        parts.append(_part(f"{names}{'' if names.endswith('.') else '.'} {_apa_date(day)}. "))
        parts += [_part(title, italic=True), _part(f" [{DESCRIPTION}]. ")]
    else:  # no author: the title takes the author's place
        parts += [_part(title, italic=True), _part(f" [{DESCRIPTION}]. {_apa_date(day)}. ")]
    parts.append(_part(f"{apa.strip_period(site)}. " if site else ""))
    parts.append(_part(url=True))
    return parts


def vancouver_parts(people: list[Person], title: str, day: date | None, site: str) -> list[dict[str, Any]]:
    """Vancouver (Citing Medicine), a web page: "Doe J, Roe R. Title [Internet]. Site; 2026 Jul 20. Available from: URL"."""
    when = f"{day.year} {apa.MONTHS[day.month - 1][:3]} {day.day}" if day else "[date unknown]"
    names = f"{vancouver.name_list(people)}. " if people else ""
    return [_part(f"{names}{apa.strip_period(title)} [Internet]. {site + '; ' if site else ''}{when}."),
            _part(" Available from: ", url=True)]


def latex_text(text: str) -> str:
    """Plain text as a BibTeX value: LaTeX's special characters escaped."""
    text = text.replace("\\", "\\textbackslash ").replace("~", "\\textasciitilde ").replace("^", "\\textasciicircum ")
    return _LATEX_SPECIAL.sub(r"\\\1", text)


def bibtex_name(person: Person) -> str:
    if person.group:
        return "{" + latex_text(person.family) + "}"
    family = latex_text(person.full_family)
    return f"{family}, {latex_text(person.given)}" if person.given else family


def citation(entry: Entry, site: str, url: str, style: str) -> dict[str, Any] | None:
    """The view of "Cite this digest" (templates/partials/cite-digest.html); None without a digest."""
    digest = entry.digest
    if not digest or not digest.body.strip():
        return None
    people = [contributor(name) for name in digest.contributors if name.strip()]
    format_parts = vancouver_parts if style == "vancouver" else apa_parts
    label = vancouver.LABEL if style == "vancouver" else apa.LABEL
    raw_title = entry.raw.get("title", "")
    return {
        "key": entry.key, "style": "vancouver" if style == "vancouver" else "apa", "label": label,
        "parts": format_parts(people, entry.title, digest.date, site), "url": url,
        "bibtex": {"key": f"{entry.key}-digest", "date": digest.date.isoformat() if digest.date else "", "fields": [
            (name, value) for name, value in (
                ("author", " and ".join(bibtex_name(p) for p in people)),
                ("title", balanced(raw_title) if raw_title else latex_text(entry.title)),
                ("titleaddon", DESCRIPTION),
                ("organization", latex_text(site)),
                ("date", digest.date.isoformat() if digest.date else ""),
            ) if value]},
    }
