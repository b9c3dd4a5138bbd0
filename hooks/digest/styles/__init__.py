"""Citation styles. A style turns an entry into a :data:`Parts` list; ``render`` makes HTML or text.

Styles never know about pages or HTML: they return text parts marked italic or linked, and the
pages decide how to show them.
"""

from __future__ import annotations

import functools
import html
import importlib
import re
from dataclasses import dataclass
from types import ModuleType

from digest.model import Entry, Person
from digest.problems import Problem


@dataclass(frozen=True)
class Part:
    """A run of reference text: plain, italic, or a link."""

    text: str
    italic: bool = False
    href: str = ""


Parts = list[Part]


def to_html(parts: Parts) -> str:
    """HTML of a reference, every piece of text escaped."""
    out = []
    for part in parts:
        text = html.escape(part.text)
        if part.italic:
            text = f"<em>{text}</em>"
        if part.href:
            text = f'<a href="{html.escape(part.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


def to_plain(parts: Parts) -> str:
    """The reference as plain text, as a reader would paste it."""
    return "".join(part.text for part in parts)


# -- names as reference managers export them ---------------------------------------------------

_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la", "ter", "ten", "zu", "af", "op",
}
_PACKED_INITIALS = re.compile(r"^[A-Z]{2,4}$")
# Embase/Ovid exports write a whole name as one braced group: {Coughlin J.M.}.
_FAMILY_INITIALS = re.compile(r"^([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) ((?:[A-Z]\.-?)+)$")


@functools.lru_cache(maxsize=65536)
def tidy_person(person: Person) -> Person:
    """Undo the name-splitting mistakes of real exports, so that every style shows names alike.

    "Naalt, J. van der" (particle after the given names), "Stein, MB" (packed initials),
    "{Coughlin J.M.}" (a person braced as if a group), and Mendeley's "{NSPN Consortium}, the NSPN"
    (a group with a junk given name).
    """
    if person.group:
        match = _FAMILY_INITIALS.match(person.family)
        if match:
            return Person(family=match.group(1), given=match.group(2))
        return person
    given = person.given
    if given.startswith("the ") and person.family[:1].isupper():
        return Person(family=person.family, group=True)
    words = given.split()
    tail: list[str] = []
    while words and words[-1] in _PARTICLES and len(words) > 1:
        tail.insert(0, words.pop())
    particle = " ".join(tail + ([person.particle] if person.particle else []))
    given = " ".join(words)
    if _PACKED_INITIALS.match(given):
        given = " ".join(given)
    if particle == person.particle and given == person.given:
        return person
    return Person(family=person.family, given=given, particle=particle, suffix=person.suffix)


def people(entry: Entry, role: str = "author") -> list[Person]:
    """The authors (or editors) of ``entry``, tidied."""
    return [tidy_person(p) for p in (entry.authors if role == "author" else entry.editors)]


# -- page ranges --------------------------------------------------------------------------------

_RANGE = re.compile(r"^\s*([A-Za-z]*)(\d+)\s*[-‐‑–—]+\s*([A-Za-z]*)(\d+)\s*$")


def page_range(pages: str, dash: str = "–", abbreviate: bool = False) -> str:
    """"1299--320" -> "1299–1320" (APA: full numbers); with ``abbreviate``, "1299-320" (NLM)."""
    match = _RANGE.match(pages)
    if not match:
        return re.sub(r"\s*[-‐‑–—]+\s*", dash, pages.strip())
    prefix1, first, prefix2, last = match.groups()
    if len(last) < len(first) and not prefix2:
        last = first[: len(first) - len(last)] + last
    if abbreviate and len(first) == len(last) and not prefix1 and not prefix2 and int(last) > int(first):
        common = 0
        while common < len(first) - 1 and first[common] == last[common]:
            common += 1
        last = last[common:]
    return f"{prefix1}{first}{dash}{prefix2}{last}"


def tidy(text: str) -> str:
    """Spacing as exports get it wrong: "Components , Cores" -> "Components, Cores"."""
    return re.sub(r"\s+([,;])", r"\1", text)


# -- the registry -------------------------------------------------------------------------------

NAMES = ("apa", "vancouver", "bibtex")
"""Every style a site can offer, the first being the default."""


def get(name: str) -> ModuleType:
    """The style module called ``name`` (``apa``, ``vancouver``, ``bibtex``)."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"digest.styles.{name}")


def check(name: str, path: str = "mkdocs.yml") -> list[Problem]:
    """A problem if ``extra.digest.style`` names no style this site knows."""
    if name in NAMES:
        return []
    hint = f"use one of {', '.join(NAMES)} (apa is used for now)"
    return [Problem(path, None, f"unknown citation style extra.digest.style: {name!r}", hint, "settings")]
