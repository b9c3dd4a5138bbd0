"""The entry model: what one BibTeX record and its digest are, as plain data."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date

from digest.cached import cached

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b")
_PMID = re.compile(r"^\d{1,9}$")


@dataclass(frozen=True)
class Person:
    """An author or editor with the name parts the citation styles need, LaTeX already resolved."""

    family: str
    given: str = ""
    particle: str = ""
    suffix: str = ""
    group: bool = False
    """A group author ("World Health Organization"), shown whole and never abbreviated."""

    @property
    def full_family(self) -> str:
        """The family name with its particle, as sorted and cited: "van der Veen"."""
        return f"{self.particle} {self.family}".strip()

    def initials(self, sep: str = " ") -> str:
        """Given names as initials with periods ("Marc S." -> "M. S."; "Jean-Paul" -> "J.-P.")."""
        parts = []
        for word in self.given.replace(".", ". ").split():
            pieces = [p for p in word.split("-") if p]
            letters = [p[0] + "." if p[0].isalpha() else p for p in pieces]
            parts.append("-".join(letters))
        return sep.join(parts)


@dataclass
class Digest:
    """A contributor's digest of one entry: ``docs/<digests_dir>/<key>.md``."""

    key: str
    path: str
    body: str
    body_line: int
    """Line of the file on which ``body`` starts, so that problems in the body point into the file."""
    topics: list[str] | None = None
    date: date | None = None
    contributors: list[str] = field(default_factory=list)
    teaser: str = ""
    full_text: str = ""
    lines: dict[str, int] = field(default_factory=dict)
    """Line of each front matter key in the file, for messages about its value."""


@dataclass
class Entry:
    """One bibliographic record with its digest and topics."""

    key: str
    type: str
    fields: dict[str, str]
    """Field values as shown (LaTeX resolved), names in lower case."""
    raw: dict[str, str]
    """Field values as written in the .bib file, for exports."""
    authors: list[Person]
    editors: list[Person]
    path: str
    line: int
    broken: bool = False
    """The record had a syntax error; what could be read is shown, with a note."""
    digest: Digest | None = None
    topics: list[str] = field(default_factory=list)

    @cached
    def signature(self) -> int:
        """A hash of everything read from the entry's files: equal signatures, equal pages parts.

        Used to reuse formatted text between the builds of one ``mkdocs serve`` process.
        """
        digest = self.digest
        own = self.record_signature
        if digest is None:
            return own
        return hash((own, digest.body, tuple(digest.topics or ()), digest.date, tuple(digest.contributors),
                     digest.teaser, digest.full_text))

    @cached
    def record_signature(self) -> int:
        """A hash of the BibTeX record alone: what a formatted reference of the entry shows."""
        return hash((self.key, self.type, tuple(self.raw.items()), self.path, self.line, self.broken))

    def fresh(self) -> Entry:
        """A copy with no digest and no topics, for a new build (``dataclasses.replace`` costs
        seconds at 20,000 entries); what was worked out from the record alone is kept."""
        new = copy.copy(self)
        new.__dict__.pop("signature", None)  # it covers the digest too
        new.digest, new.topics = None, []
        return new

    @property
    def title(self) -> str:
        return self.fields.get("title", "") or f"[Untitled entry {self.key}]"

    @cached
    def year(self) -> str:
        """The four-digit year, or "" when the record has none that reads as a year (read once: lists
        sort and show it many times)."""
        match = _YEAR.search(self.fields.get("year", "") or self.fields.get("date", ""))
        return match.group(1) if match else ""

    @property
    def doi(self) -> str:
        doi = self.fields.get("doi", "").strip()
        return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)

    @property
    def url(self) -> str:
        """The first http(s) URL of the ``url`` field (Mendeley puts several in one)."""
        for url in re.split(r"[\s,]+", self.fields.get("url", "")):
            if url.lower().startswith(("http://", "https://")):
                return url
        return ""

    @property
    def pmid(self) -> str:
        pmid = self.fields.get("pmid", "").strip()
        return pmid if _PMID.match(pmid) else ""

    @property
    def venue(self) -> str:
        """Where it appeared: the journal, the book, the publisher or the institution."""
        for name in ("journal", "journaltitle", "booktitle", "publisher", "school", "institution", "howpublished"):
            if self.fields.get(name):
                return self.fields[name]
        return ""

    @property
    def sort_date(self) -> tuple[str, str]:
        """Newest first sorts on this: the paper's year, then the digest's own date."""
        digest_date = self.digest.date.isoformat() if self.digest and self.digest.date else ""
        return (self.year, digest_date)
