"""The one way tests make in-memory entries and digests: every field a keyword, defaults that read as a
plain valid article, so that a test names only what it is about."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from digest.model import Digest, Entry, Person


def make_entry(key: str = "k2020", type_: str = "article", *, authors: Iterable[Person] = (),
               editors: Iterable[Person] = (), raw: dict[str, str] | None = None, path: str = "bib/x.bib",
               line: int = 1, topics: Iterable[str] = (), digest: Digest | None = None, **fields: str) -> Entry:
    """An entry as the loader makes one: ``fields`` are its values as shown (LaTeX resolved), ``raw``
    as written in the .bib file (the same as ``fields`` unless given); ``type_`` is the BibTeX type
    (``type=...`` is the record's own ``type`` field, as in ``type = {Review}``)."""
    return Entry(key, type_, dict(fields), dict(fields) if raw is None else raw, list(authors), list(editors),
                 path, line, digest=digest, topics=list(topics))


def make_digest(key: str = "k2020", body: str = "", *, path: str = "", line: int = 5, when: date | None = None,
                topics: list[str] | None = None, contributors: Iterable[str] = (), lines: dict[str, int] | None = None
                ) -> Digest:
    """The digest ``docs/digests/<key>.md`` (or ``path``) whose body starts at ``line``; ``topics`` None
    is a digest that names none (its entry is tagged from its keywords and title)."""
    return Digest(key, path or f"docs/digests/{key}.md", body, line, topics=topics, date=when,
                  contributors=list(contributors), lines=dict(lines or {}))
