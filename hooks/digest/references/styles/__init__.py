"""Citation styles. A style turns an entry into a :data:`Parts` list; `to_plain` makes it text.

Styles never know about pages or HTML: they return text parts marked italic or linked, and the
templates decide how to show them (`templates/partials/reference.html`).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from digest.model import Entry, Person
from digest.problems import Problem


@dataclass(frozen=True)
class Part:
    """A run of reference text: plain, italic, or a link."""

    text: str
    italic: bool = False
    href: str = ""


Parts = list[Part]


def to_plain(parts: Parts) -> str:
    """The reference as plain text, as a reader would paste it."""
    return "".join(part.text for part in parts)


def people(entry: Entry, role: str = "author") -> list[Person]:
    """The authors (or editors) of ``entry`` (tidied when read, by ``bibfiles.to_person``)."""
    return entry.authors if role == "author" else entry.editors


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
"""The built-in styles every site offers, the first being the default; ``extra.digest.style`` may also
name any CSL style or .csl file (``styles/csl.py``), which then comes first."""


def get(name: str) -> ModuleType:
    """The style module called ``name`` (``apa``, ``vancouver``, ``bibtex``)."""
    if name not in NAMES:
        raise KeyError(name)
    return importlib.import_module(f"digest.references.styles.{name}")


def check(name: str, root: Path, path: str = "mkdocs.yml") -> list[Problem]:
    """A problem naming the setting if ``extra.digest.style`` names no built-in style, CSL style or .csl file."""
    if name in NAMES:
        return []
    from digest.references.styles import csl

    return csl.check(name, root, path)


def site_style(name: str, root: Path) -> Any:
    """The style of the site's references and citations: a built-in module, or a CSL style (APA when ``name``
    is neither: :func:`check` reports it)."""
    if name in NAMES:
        return get(name)
    from digest.references.styles import csl

    try:
        return csl.load(name, root)
    except csl.StyleError:
        return get("apa")
