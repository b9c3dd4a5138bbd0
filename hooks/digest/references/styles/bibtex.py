"""The BibTeX "style": an entry shown as the BibTeX record a reader pastes into a .bib file of their own.

The record is the .bib download's (``formats/bibtex.py``); lists of entries cite it as APA does.
"""

from __future__ import annotations

from digest.model import Entry
from digest.references.formats import bibtex
from digest.references.parts import Part, Parts
from digest.references.styles import apa

LABEL = "BibTeX"
"""How pages name the style."""


def reference(entry: Entry) -> Parts:
    """The record as the one part of a "reference" (shown preformatted by the pages)."""
    return [Part(bibtex.record(entry))]


def cite(entry: Entry) -> str:
    """BibTeX has no in-text form of its own: lists of entries show APA's short label."""
    return apa.cite(entry)
