"""The BibTeX record of an entry, as a reader pastes it into a .bib file of their own.

Written from the fields as they stand in the .bib file (``Entry.raw``), so that accents and
protected capitals survive the round trip; reference-manager bookkeeping (local file paths,
Mendeley groups) is left out. The exports write whole files from the same records.
"""

from __future__ import annotations

import re

from digest.model import Entry
from digest.styles import Part, Parts, apa

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
    """(name, value as written) of the fields a record keeps, the usual ones first."""
    kept = [(name, value) for name, value in entry.raw.items() if name not in PRIVATE_FIELDS and value.strip()]
    return sorted(kept, key=lambda item: _FIRST.index(item[0]) if item[0] in _FIRST else len(_FIRST))


def record(entry: Entry, leave_out: tuple[str, ...] = ()) -> str:
    """The entry as one BibTeX record: ``@article{key,\\n  title = {...},\\n}``, without the fields
    named in ``leave_out``."""
    kept = [(name, value) for name, value in fields(entry) if name not in leave_out]
    width = max((len(name) for name, _ in kept), default=0)
    lines = [f"@{entry.type}{{{entry.key},"]
    lines += [f"  {name.ljust(width)} = {{{balanced(value)}}}," for name, value in kept]
    lines.append("}")
    return "\n".join(lines)


def reference(entry: Entry) -> Parts:
    """The record as the one part of a "reference" (shown preformatted by the pages)."""
    return [Part(record(entry))]


def cite(entry: Entry) -> str:
    """BibTeX has no in-text form of its own: lists of entries show APA's short label."""
    return apa.cite(entry)
