"""The same paper entered twice: same DOI, PMID or arXiv id, or the same title, year and first author.

A DOI is not enough: Google Scholar's BibTeX has none, so the paper already in the library as
``duman2012`` came back as ``duman2012synaptic``. Titles are compared normalized (casefolded, accents
and punctuation removed, whitespace collapsed), with the year and the first author's family name, so
that two papers that merely share a title ("Ketamine", "Editorial") are not taken for one.

Each pair is reported at both entries, each naming the other. Two records that only look alike
(an erratum and its paper, a preprint and its publication, kept on purpose) are marked with
``distinct = {otherkey}`` in either one (several keys separated by commas).
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable

from digest.model import Entry
from digest.problems import Problem

DISTINCT = "distinct"
_ARXIV = re.compile(r"^(?:arxiv:)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?/\d{7})(?:v\d+)?$", re.IGNORECASE)
_NOT_WORD = re.compile(r"[\W_]+")


@functools.lru_cache(maxsize=100_000)  # every title and first author, read again by each serve rebuild
def folded(text: str) -> str:
    """``text`` casefolded, accents and punctuation removed, whitespace collapsed."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def arxiv_id(entry: Entry) -> str:
    """The arXiv identifier without version ("2101.00001"), from ``eprint`` or the ``arxiv`` field."""
    value = entry.fields.get("eprint", "") if entry.eprint_type == "arxiv" else entry.fields.get("arxiv", "")
    found = _ARXIV.match(value.strip())
    return found.group(1).lower() if found else ""


def identities(entry: Entry) -> list[tuple[str, str]]:
    """What names the paper of ``entry``: (what, value) pairs, the strongest first."""
    found = [("DOI", entry.doi.strip().lower()), ("PMID", entry.pmid), ("arXiv id", arxiv_id(entry))]
    title = folded(entry.fields.get("title", ""))
    year = entry.date.year if entry.date else 0
    first = folded(entry.authors[0].family) if entry.authors else ""
    if title and year and first:
        found.append(("title, year and first author", f"{title}\n{year}\n{first}"))
    return [(what, value) for what, value in found if value]


def distinct_from(entry: Entry) -> set[str]:
    """The keys ``entry`` is marked distinct from (``distinct = {a, b}``)."""
    return {key.strip().lower() for key in re.split(r"[,\s]+", entry.fields.get(DISTINCT, "")) if key.strip()}


def alike(entry: Entry, other: Entry) -> str:
    """What ``entry`` and ``other`` share that makes them one paper ("" if nothing, or marked distinct)."""
    if other.key.lower() in distinct_from(entry) or entry.key.lower() in distinct_from(other):
        return ""
    theirs = dict(identities(other))
    return next((what for what, value in identities(entry) if theirs.get(what) == value), "")


def likely_duplicate(entry: Entry, library: Iterable[Entry]) -> tuple[Entry, str] | None:
    """The entry of ``library`` that is the paper of ``entry``, and what they share (for ``make new``)."""
    for other in library:
        shared = alike(entry, other)
        if shared:
            return other, shared
    return None


def find(entries: Iterable[Entry], line_of: Callable[[Entry, str], int]) -> list[Problem]:
    """Every pair of entries that are one paper, reported at both (``line_of(entry, field)``: where)."""
    seen: dict[tuple[str, str], list[Entry]] = {}
    pairs: dict[tuple[str, str], str] = {}
    for entry in entries:
        if entry.broken:
            continue
        for what, value in identities(entry):
            for other in seen.setdefault((what, value), []):
                pair = (other.key, entry.key)
                if pair not in pairs and alike(entry, other) == what:
                    pairs[pair] = what
            seen[(what, value)].append(entry)
    by_key = {entry.key: entry for group in seen.values() for entry in group}
    problems = []
    for (first, second), what in pairs.items():
        problems.append(_problem(by_key[second], by_key[first], what, "already", line_of))
        problems.append(_problem(by_key[first], by_key[second], what, "also", line_of))
    return sorted(problems, key=lambda p: (p.path, p.line))


def _problem(entry: Entry, other: Entry, what: str, how: str, line_of: Callable[[Entry, str], int]) -> Problem:
    field = {"DOI": "doi", "PMID": "pmid", "arXiv id": "eprint"}.get(what, "title")
    shown = {"DOI": entry.doi, "PMID": entry.pmid, "arXiv id": arxiv_id(entry)}.get(what)
    message = (f"entry {entry.key} has the {what} {shown} of another entry" if shown
               else f"entry {entry.key} has the {what} of another entry")
    hint = (f"it is {how} {other.key} at {other.path}:{other.line}; delete one entry and cite the other key, "
            f"or, if they are different works, add `{DISTINCT} = {{{other.key}}}` to {entry.key}")
    kind = "duplicate-doi" if what == "DOI" else "duplicate-entry"
    return Problem(entry.path, line_of(entry, field), message, hint, kind)
