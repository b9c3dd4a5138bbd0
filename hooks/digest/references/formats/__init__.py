"""The file formats the downloads are written in, one writer a module, as pybtex's ``database/output/``:

- ``bibtex``: .bib, from the fields as they stand in the source files (``Entry.raw``)
- ``ris``: .ris, from the shown fields (LaTeX resolved to Unicode)
- ``csljson``: CSL-JSON (.json), from the shown fields; the CSL styles format from its items

Each module has ``NAME`` (what a download link shows), ``record(entry)`` (one entry's record as text),
``join(records)`` (a file of records: ``HEAD``, the records with ``BETWEEN`` between two, ``TAIL``) and
``write(entries)``. The programs that import RIS and CSL-JSON
(Zotero, EndNote, pandoc) expect plain text there; BibTeX keeps the source's LaTeX.

May import the shared nouns and ``references.parts``; never ``references.styles`` (styles use these
writers: the BibTeX style shows the .bib record, a CSL style formats the CSL-JSON item), so no circle.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from types import ModuleType

from digest.model import Entry
from digest.references.formats import bibtex, csljson, ris

MODULES: dict[str, ModuleType] = {"bib": bibtex, "ris": ris, "json": csljson}
"""File extension -> the module that writes it."""
FORMATS = {ext: module.NAME for ext, module in MODULES.items()}
"""File extension -> the name a download link shows."""
WRITERS: dict[str, Callable[[Iterable[Entry]], str]] = {ext: module.write for ext, module in MODULES.items()}
"""File extension -> the writer of a whole file (without the per-build cache of :func:`write`)."""


def write(ext: str, entries: Iterable[Entry]) -> str:
    """A download file of ``entries`` in format ``ext`` (bib, ris, json); each entry's record is made once
    a build, however many topic files hold it (and kept between ``mkdocs serve`` builds while unchanged)."""
    return MODULES[ext].join([record(ext, entry) for entry in entries])  # type: ignore[no-any-return]


def chunks(ext: str, entries: Iterable[Entry]) -> Iterator[str]:
    """What :func:`write` gives, a record at a time, keeping none of the records it makes: the whole
    library's file written in a build without holding the file or its records (a CSL-JSON of
    20,000 entries is 44 MB)."""
    module = MODULES[ext]
    yield module.HEAD
    for number, entry in enumerate(entries):
        if number:
            yield module.BETWEEN
        yield record(ext, entry, keep=False)
    yield module.TAIL


_RECORDS: dict[tuple[str, str], tuple[int, str]] = {}


def record(ext: str, entry: Entry, leave_out: tuple[str, ...] = (), keep: bool = True) -> str:
    """One entry's record in format ``ext``, made once for all the files and pages that show it;
    ``leave_out``: BibTeX fields to leave out (the record an entry page shows); ``keep``: whether a
    record made now is kept for the next call (not by what is made once a build)."""
    slot = ("-".join((ext, *leave_out)), entry.key)
    found = _RECORDS.get(slot)
    if found is not None and found[0] == entry.record_signature:
        return found[1]
    made: str = bibtex.record(entry, leave_out) if leave_out else MODULES[ext].record(entry)
    if keep:
        _RECORDS[slot] = (entry.record_signature, made)
    return made
