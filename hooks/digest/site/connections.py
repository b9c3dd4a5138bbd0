"""An entry's place in the library's citations, from ``bib/enrichment.yml``: the library entries it
cites and that cite it (newest first), where it can be read free, and how often OpenAlex counts it
cited. Shown on the entry page (``templates/partials/connections.html``); nothing here asks OpenAlex."""

from __future__ import annotations

from typing import Any

from digest.model import Entry
from digest.site.pieces import Pieces, View


def linked(pieces: Pieces, here: str, keys: tuple[str, ...]) -> list[View]:
    """The entries of ``keys`` as list items, newest first."""
    entries = [pieces.lib.entries[k] for k in keys if k in pieces.lib.entries]
    entries.sort(key=lambda e: (e.sort_date, e.key), reverse=True)
    return pieces.items(here, entries)


def view(pieces: Pieces, here: str, entry: Entry) -> View | None:
    """What the entry page shows of the paper's citations and free copy; None when nothing is known."""
    lib = pieces.lib
    found = lib.enrichment.get(entry.key)
    cited_by = lib.cited_by.get(entry.key, ())
    if found is None and not cited_by:
        return None
    free = found.free if found else None
    return {
        "cites": linked(pieces, here, found.cites if found else ()),
        "cited_by": linked(pieces, here, cited_by),
        "free": {"href": free.url, "version": free.version_label, "licence": free.licence} if free else None,
        "count": found.cited_by_count if found else None,
        "read": found.read if found else "",
        "openalex": f"https://openalex.org/{found.openalex}" if found and found.openalex else "",
    }


def signature(pieces: Pieces, entry: Entry) -> Any:
    """Everything :func:`view` shows, for the page's signature."""
    lib = pieces.lib
    found = lib.enrichment.get(entry.key)
    keys = (found.cites if found else ()) + lib.cited_by.get(entry.key, ())
    return (found, tuple(map(pieces.item_signatures.get, keys)))  # a key not in the library: None
