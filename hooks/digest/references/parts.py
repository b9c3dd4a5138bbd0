"""The neutral form of a reference, and the pieces of an entry that styles and file formats both read.

A style (``styles/``) turns an entry into :data:`Parts`: text marked plain, italic or linked, which
the templates show and :func:`to_plain` makes text. A file format (``formats/``) writes an entry as a
record other programs read. Both read an entry through the helpers here; neither imports the other's
package for them (``styles/`` may use a writer of ``formats/``; ``formats/`` never imports ``styles/``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from digest.model import Entry, Person, safe_url


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


# -- an entry's people and addresses ------------------------------------------------------------

ARCHIVES = {"arxiv": "arXiv", "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "psyarxiv": "PsyArXiv", "ssrn": "SSRN"}
"""Preprint archives by ``eprinttype``: a record with an eprint there and no journal is a preprint (APA 7, 10.8)."""


def people(entry: Entry, role: str = "author") -> list[Person]:
    """The authors (or editors) of ``entry`` (tidied when read, by ``bibfiles.to_person``)."""
    return entry.authors if role == "author" else entry.editors


def web_url(entry: Entry) -> str:
    """The record's web address: its ``url`` (or eprint), else a URL given as ``howpublished`` (BibTeX's @misc)."""
    if entry.url:
        return entry.url
    value = entry.fields.get("howpublished", "").strip()
    return safe_url(value) if value.lower().startswith(("http://", "https://")) and " " not in value else ""


# -- text ------------------------------------------------------------------------------------------

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


_CONTROL_CHARS = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"
_SURROGATE_CHARS = "\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROL_CHARS}]")
SURROGATE = re.compile(f"[{_SURROGATE_CHARS}]")
"""A lone surrogate, which no UTF-8 file can hold."""
_CONTROL_OR_SURROGATE = re.compile(f"[{_CONTROL_CHARS}{_SURROGATE_CHARS}]")


def one_line(value: str) -> str:
    """``value`` on one line, for a file format whose records end at a line break (BibTeX for bibtexparser,
    RIS): every run of spaces and line breaks (``str.split`` knows them all) one space, control characters
    dropped, a lone surrogate (which no UTF-8 file can hold) replaced."""
    if _CONTROL_OR_SURROGATE.search(value):  # rare: most values need only their spacing made one line
        value = _CONTROL.sub("", SURROGATE.sub("\ufffd", value))
    return " ".join(value.split())
