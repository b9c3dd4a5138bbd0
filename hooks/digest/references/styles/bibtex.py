"""The BibTeX record of an entry, as a reader pastes it into a .bib file of their own.

Written from the fields as they stand in the .bib file (``Entry.raw``), so that accents and
protected capitals survive the round trip; reference-manager bookkeeping (local file paths,
Mendeley groups) is left out. The exports write whole files from the same records.
"""

from __future__ import annotations

import re

from digest.model import MONTH_NAMES, Entry, month_number
from digest.references.styles import Part, Parts, apa, page_range

LABEL = "BibTeX"
"""How pages name the style."""

# Fields that only make sense on the exporting machine, or only to its reference manager.
PRIVATE_FIELDS = {"file", "mendeley-groups", "mendeley-tags", "annote", "owner", "timestamp", "groups"}
_BRACE = re.compile(r"[{}]")
_FIRST = ("author", "editor", "title", "journal", "booktitle", "year", "month", "volume", "number", "pages")


def balanced(value: str) -> str:
    """``value`` with every brace that has no partner dropped, so that the record always parses."""
    if "\\" not in value and value.count("{") == value.count("}") and value.find("}") >= value.find("{"):
        if "}" not in value or _nested_ok(value):
            return value
    out: list[str] = []
    opened: list[int] = []
    escaped = False
    for char in value:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            opened.append(len(out))
        elif char == "}":
            if not opened:
                continue
            opened.pop()
        out.append(char)
    for index in reversed(opened):
        del out[index]
    text = "".join(out)
    return text[:-1] if text.endswith("\\") and not text.endswith("\\\\") else text


def _nested_ok(value: str) -> bool:
    depth = 0
    for match in _BRACE.finditer(value):
        depth += 1 if match.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def fields(entry: Entry) -> list[tuple[str, str]]:
    """(name, value as written) of the fields a record keeps, the usual ones first; months, pages and
    dates as every reader takes them (:func:`_readable`)."""
    kept = [(name, value) for name, value in entry.raw.items() if name not in PRIVATE_FIELDS and value.strip()]
    kept = _readable(entry, kept)
    return sorted(kept, key=lambda item: _FIRST.index(item[0]) if item[0] in _FIRST else len(_FIRST))


_NUMERIC_PAGES = re.compile(r"^\s*\d+\s*[-‐‑–—]+\s*\d+\s*$")


def _readable(entry: Entry, kept: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """What BibTeX, biber and bibtexparser all read: ``month`` as its three-letter macro (biber reads neither
    "June" nor ``{jun}`` as a month: 1,024 of the corpora's 1,495 records), "316--29" as "316--329", and a
    biblatex ``date`` mirrored into ``year`` and ``month`` for BibTeX styles, which read no ``date``
    (biber reads both without a warning)."""
    names = {name for name, _ in kept}
    out: list[tuple[str, str]] = []
    for name, value in kept:
        if name == "month":
            number = month_number(value)
            value = MONTH_NAMES[number - 1] if number else value
        elif name == "pages" and _NUMERIC_PAGES.match(value):
            value = page_range(value, "--")
        out.append((name, value))
    date = entry.date
    if "date" in names and "year" not in names and date:
        out.append(("year", str(date.year)))
        if date.month and "month" not in names:
            out.append(("month", MONTH_NAMES[date.month - 1]))
    return out


def record(entry: Entry, leave_out: tuple[str, ...] = ()) -> str:
    """The entry as one BibTeX record: ``@article{key,\\n  title = {...},\\n}``; a month is its unbraced macro.
    ``leave_out``: fields to leave out (the abstract, from the record an entry page shows)."""
    kept = [(name, value) for name, value in fields(entry) if name not in leave_out]
    width = max((len(name) for name, _ in kept), default=0)
    lines = [f"@{entry.type}{{{entry.key},"]
    lines += [f"  {name.ljust(width)} = {_value(name, value)}," for name, value in kept]
    lines.append("}")
    return "\n".join(lines)


def _value(name: str, value: str) -> str:
    return value if name == "month" and value in MONTH_NAMES else f"{{{balanced(value)}}}"


def reference(entry: Entry) -> Parts:
    """The record as the one part of a "reference" (shown preformatted by the pages)."""
    return [Part(record(entry))]


def cite(entry: Entry) -> str:
    """BibTeX has no in-text form of its own: lists of entries show APA's short label."""
    return apa.cite(entry)
