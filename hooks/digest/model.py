"""The entry model: what one BibTeX record and its digest are, as plain data."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from datetime import date

from digest.cached import cached

_YEAR = re.compile(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b")
_PMID = re.compile(r"^\d{1,9}$")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# biblatex (ISO 8601-2 level 1) dates: "2010", "2010-10", "2010-10-05", with "~" (approximate), "?" (uncertain)
# or "%" (both) after a part, and ranges "2010/2012", "2010-10-05/2010-10-07", "2010/" (open-ended).
_ISO_PART = r"(\d{4})[?~%]?(?:-(\d{1,2})[?~%]?(?:-(\d{1,2})[?~%]?)?)?"
_ISO_DATE = re.compile(rf"^\s*{_ISO_PART}\s*(?:/\s*(?:{_ISO_PART})?\s*)?$")
_EPRINT_URLS = {
    "arxiv": "https://arxiv.org/abs/{}", "pubmed": "https://pubmed.ncbi.nlm.nih.gov/{}/",
    "hdl": "https://hdl.handle.net/{}", "handle": "https://hdl.handle.net/{}", "jstor": "https://www.jstor.org/stable/{}",
    "pmcid": "https://www.ncbi.nlm.nih.gov/pmc/articles/{}/", "googlebooks": "https://books.google.com/books?id={}",
}
"""biblatex's ``eprinttype`` values (and BibTeX's ``archiveprefix``) -> the URL of the eprint."""


def month_number(text: str) -> int:
    """1-12 from a month as records write it ("jun", "June", "6", "06"), else 0."""
    text = text.strip().strip("{}").strip().lower().rstrip(".")
    if text.isdigit():
        return int(text) if 1 <= int(text) <= 12 else 0
    return MONTH_NAMES.index(text[:3]) + 1 if text[:3] in MONTH_NAMES and text.isalpha() else 0


@dataclass(frozen=True)
class PubDate:
    """A publication date; 0 for a part the record does not give. ``end`` is the end of a range."""

    year: int
    month: int = 0
    day: int = 0
    end: tuple[int, int, int] | None = None

    @property
    def parts(self) -> list[int]:
        """[year], [year, month] or [year, month, day], as precise as the record is (CSL's date-parts)."""
        return _precise(self.year, self.month, self.day)

    @property
    def end_parts(self) -> list[int]:
        return _precise(*self.end) if self.end else []


def _precise(year: int, month: int, day: int) -> list[int]:
    if not month:
        return [year] if year else []
    return [year, month, day] if day else [year, month]


def parse_date(text: str) -> PubDate | None:
    """A biblatex ``date`` (or ``urldate``) field read into a :class:`PubDate`, None if it is not one."""
    match = _ISO_DATE.match(text)
    if not match:
        return None
    year, month, day, year2, month2, day2 = (int(g) if g else 0 for g in match.groups())
    if month > 12 or day > 31:
        return None
    end = (year2, month2 if month2 <= 12 else 0, day2) if year2 else None
    return PubDate(year, month, day, end)


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


CHANGE_KINDS = ("facts", "topics", "conclusion")
"""What a ``changes:`` note in a digest's front matter may say a revision changed (library/history.py)."""


@dataclass(frozen=True)
class Change:
    """A contributor's note on one revision of a digest: its date, what it changed, in a sentence."""

    date: date
    what: tuple[str, ...] = ()
    """Some of :data:`CHANGE_KINDS`: a revision that changed the study facts, the topics or the conclusion."""
    note: str = ""


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
    study: object = None
    """``study:`` as written (any YAML value): ``library/study.py`` checks it against the design vocabulary."""
    study_lines: dict[str, int] = field(default_factory=dict)
    """Line of each key under ``study:``."""
    changes: tuple[Change, ...] = ()
    """The ``changes:`` notes of the front matter, oldest first."""
    unread: bool = False
    """Its front matter could not be read (never closed, not YAML): that is reported, and nothing in it
    is then reported as missing."""
    refused: set[str] = field(default_factory=set)
    """Keys whose value was refused at the door (reported there, with what to write): not reported as
    missing as well."""


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
    translators: list[Person] = field(default_factory=list)
    """biblatex ``translator`` (and ``editora``... with ``editoratype = {translator}``)."""

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
                     digest.teaser, digest.full_text, repr(digest.study), digest.changes))

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

    @cached
    def title(self) -> str:
        """The full title: biblatex's ``subtitle`` joined to it ("Resistance to Authority: Methodological ...")."""
        title = join_subtitle(self.fields.get("title", ""), self.fields.get("subtitle", ""))
        return title or f"[Untitled entry {self.key}]"

    @property
    def title_addon(self) -> str:
        """biblatex's ``titleaddon``: a description printed after the title ("Review of ...", "Letter")."""
        return self.fields.get("titleaddon", "").strip()

    @cached
    def journal(self) -> str:
        """The journal: BibTeX's ``journal`` or biblatex's ``journaltitle`` (with its ``journalsubtitle``)."""
        return join_subtitle(self.fields.get("journal", "") or self.fields.get("journaltitle", ""),
                             self.fields.get("journalsubtitle", ""))

    @property
    def booktitle(self) -> str:
        """The book a chapter or paper is in: ``booktitle`` (+ ``booksubtitle``), else ``maintitle``."""
        book = join_subtitle(self.fields.get("booktitle", ""), self.fields.get("booksubtitle", ""))
        return book or join_subtitle(self.fields.get("maintitle", ""), self.fields.get("mainsubtitle", ""))

    @property
    def location(self) -> str:
        """Where it was published: BibTeX's ``address`` or biblatex's ``location``."""
        return self.fields.get("address", "") or self.fields.get("location", "")

    @cached
    def date(self) -> PubDate | None:
        """The publication date: biblatex's ``date``, else ``year`` with ``month`` and ``day``."""
        found = parse_date(self.fields.get("date", ""))
        if found:
            return found
        if not self.year:
            return None
        month = month_number(self.fields.get("month", ""))
        day = self.fields.get("day", "").strip()
        return PubDate(int(self.year), month, int(day) if month and day.isdigit() and 1 <= int(day) <= 31 else 0)

    @property
    def url_date(self) -> PubDate | None:
        """When the URL was visited (``urldate``), for pages designed to change."""
        return parse_date(self.fields.get("urldate", ""))

    @cached
    def eprint_type(self) -> str:
        """``eprinttype`` (biblatex) or ``archiveprefix`` (BibTeX arXiv records), lower case."""
        return (self.fields.get("eprinttype", "") or self.fields.get("archiveprefix", "")).strip().lower()

    @property
    def eprint_url(self) -> str:
        """The URL of the record's ``eprint`` ("arXiv:2101.00001" -> its abs page), "" if unknown."""
        eprint = self.fields.get("eprint", "").strip()
        pattern = _EPRINT_URLS.get(self.eprint_type)
        if not eprint or not pattern:
            return ""
        return safe_url(pattern.format(re.sub(r"^arxiv:", "", eprint, flags=re.IGNORECASE)))

    @cached
    def year(self) -> str:
        """The four-digit year, or "" when the record has none that reads as a year (read once: lists
        sort and show it many times)."""
        match = _YEAR.search(self.fields.get("year", "") or self.fields.get("date", ""))
        return match.group(1) if match else ""

    @cached
    def doi(self) -> str:
        doi = self.fields.get("doi", "").strip() or (self.fields.get("eprint", "").strip() if self.eprint_type == "doi" else "")
        return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:)", "", doi, flags=re.IGNORECASE)

    @cached
    def url(self) -> str:
        """The first http(s) URL of the ``url`` field (Mendeley puts several in one)."""
        for url in re.split(r"[\s,]+", self.fields.get("url", "")):
            if url.lower().startswith(("http://", "https://")):
                return safe_url(url)
        return self.eprint_url if self.eprint_type not in ("pubmed", "doi") else ""

    @cached
    def pmid(self) -> str:
        pmid = self.fields.get("pmid", "").strip()
        if not pmid and self.eprint_type == "pubmed":
            pmid = self.fields.get("eprint", "").strip()
        return pmid if _PMID.match(pmid) else ""

    @cached
    def venue(self) -> str:
        """Where it appeared: the journal, the book, the publisher or the institution."""
        for value in (self.journal, self.booktitle):
            if value:
                return value
        for name in ("publisher", "school", "institution", "howpublished"):
            if self.fields.get(name):
                return self.fields[name]
        return ""

    @property
    def sort_date(self) -> tuple[str, str]:
        """Newest first sorts on this: the paper's year, then the digest's own date."""
        digest_date = self.digest.date.isoformat() if self.digest and self.digest.date else ""
        return (self.year, digest_date)


def join_subtitle(title: str, subtitle: str) -> str:
    """"Title: Subtitle" (no colon after a title that ends in its own punctuation: "Why?  Because")."""
    title, subtitle = title.strip(), subtitle.strip()
    if not subtitle:
        return title
    if not title:
        return subtitle
    return f"{title} {subtitle}" if title[-1] in ":.?!" else f"{title}: {subtitle}"


_UNSAFE_IN_URL = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def safe_url(url: str) -> str:
    """``url`` with every character a URL may not hold percent-encoded (``<``, ``>``, spaces, quotes, non-ASCII
    in the path of an unencoded DOI link); what is already encoded, and the reserved characters, stay."""
    if not _UNSAFE_IN_URL.search(url):
        return url
    return _UNSAFE_IN_URL.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)
