"""Bibliographic records from what contributors have at hand: BibTeX, RIS, PubMed .nbib, a DOI.

RIS and .nbib are read by the pybtex plugins ``pybtexris`` and ``pybtexnbib``; this module cleans
up what they leave (RIS type labels, MEDLINE bookkeeping fields, .nbib continuation lines) and
escapes their plain text for BibTeX. A DOI is looked up by content negotiation, asking the DOI
resolver for ``application/x-bibtex``.
"""

from __future__ import annotations

import re
import unicodedata
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from pybtex.database import BibliographyData, parse_string
from pybtex.scanner import PybtexError

from digest.library.bibfiles import to_person
from digest.library.latex import to_text
from digest.library.loader import RECORD_SUFFIXES
from digest.problems import log_line
from digest.references import casing
from digest.references.formats.bibtex import balanced

DEFAULT_RESOLVER = "https://doi.org/"
DOI_SOURCE = re.compile(r"^\s*(?:https?://(?:dx\.)?doi\.org/|doi:\s*)?(10\.\d{4,9}/\S+)\s*$", re.IGNORECASE)
# What RIS and .nbib records keep; everything else there is database bookkeeping.
KEEP = (
    "title", "journal", "booktitle", "publisher", "address", "school", "institution", "edition",
    "year", "month", "volume", "number", "pages", "doi", "url", "pmid", "isbn", "issn", "keywords", "abstract",
)
ORDER = ("author", "editor", "title", "journal", "journaltitle", "booktitle", "publisher", "school",
         "institution", "year", "date", "month", "volume", "number", "pages", "doi", "url", "pmid")
STOPWORDS = set("a an the on of in and for to with from by at as is are be its their our into".split())


class SourceError(Exception):
    """The source could not be read; the message says why and what to do."""


@dataclass
class Record:
    """One entry to add, with its field values as BibTeX source (LaTeX escapes included)."""

    type: str
    key: str
    fields: dict[str, str]
    persons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def doi(self) -> str:
        match = DOI_SOURCE.match(self.fields.get("doi", "").replace("{", "").replace("}", ""))
        return match.group(1) if match else ""


def read_source(source: str, resolver: str = DEFAULT_RESOLVER, timeout: float = 20) -> list[Record]:
    """Records from a file (.bib, .ris, .nbib), a BibTeX snippet or a DOI, journal names in title case."""
    records = _read_source(source, resolver, timeout)
    for record in records:
        for name in ("journal", "journaltitle"):
            if record.fields.get(name):
                record.fields[name] = casing.title_case(record.fields[name], record.fields[name])
    return records


def casing_note(record: Record, titles: list[str]) -> str:
    """What the APA title of ``record`` lowers that no rule could decide, as a line for ``make new`` ("" if nothing):
    a proper noun among them is to be protected with braces. Words the library's ``titles`` write in lower
    case somewhere are common words, not in doubt."""
    title = record.fields.get("title", "")
    common = {w for t in titles for w in t.split() if w.islower()}
    undecided = [w for w in casing.sentence_case(to_text(title), title)[1] if w.lower() not in common]
    if not undecided:
        return ""
    shown = ", ".join(dict.fromkeys(w[:40] for w in undecided[:8])) + (", ..." if len(undecided) > 8 else "")
    return log_line(f"{record.key}: APA prints its title in sentence case, lowering: {shown}; if one is a proper noun, "
            "write it in braces in the .bib ({Bonn}) to keep its capital")


def _read_source(source: str, resolver: str, timeout: float) -> list[Record]:
    path = Path(source)
    if len(source) < 4096 and "\n" not in source and path.is_file():
        text = _read_text(path)
        kind = _kind(path, text)
        return {"ris": from_ris, "nbib": from_nbib}.get(kind, from_bibtex)(text)
    if source.lstrip().startswith("@"):
        return from_bibtex(source)
    doi = DOI_SOURCE.match(source)
    if doi:
        return from_doi(doi.group(1), resolver, timeout)
    raise SourceError(f"{source!r} is neither a file, a BibTeX record nor a DOI; give a .bib, .ris or .nbib file, "
                      "a record starting with @, or a DOI such as 10.1038/nature17998")


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _kind(path: Path, text: str) -> str:
    suffix = path.suffix.lower()
    if suffix in RECORD_SUFFIXES:
        return suffix[1:]
    if re.search(r"^TY  - ", text, re.MULTILINE):
        return "ris"
    if re.search(r"^PMID- ", text, re.MULTILINE):
        return "nbib"
    return "bibtex"


def from_bibtex(text: str) -> list[Record]:
    """Records from BibTeX source, field values kept exactly as written."""
    data = _parse(text, "bibtex")
    records = []
    for key, entry in data.entries.items():
        fields = {name.lower(): str(value) for name, value in entry.fields.items()}
        persons = {role.lower(): [str(p) for p in people] for role, people in entry.persons.items()}
        records.append(Record(entry.type.lower(), key, fields, persons))
    return records


def from_ris(text: str) -> list[Record]:
    """Records from a RIS export (Zotero, EndNote, Mendeley, publishers' "download citation")."""
    return _plain_records(_parse(text, "ris"))


def from_nbib(text: str) -> list[Record]:
    """Records from a PubMed .nbib (MEDLINE) file."""
    # Long values continue on lines indented by six spaces; the plugin joins them without a space.
    text = re.sub(r"\r?\n {6}", " ", text)
    records = _plain_records(_parse(text, "nbib"))
    for record in records:
        if record.fields.get("pages"):
            record.fields["pages"] = _full_pages(record.fields["pages"])
    return records


def _parse(text: str, kind: str) -> BibliographyData:
    try:
        return parse_string(text, bib_format=kind)
    except PybtexError as error:
        raise SourceError(f"could not read it as {kind}: {error}; check the file, or paste the BibTeX record instead") from None
    except Exception as error:  # the plugins raise plain Python errors on malformed input
        raise SourceError(f"could not read it as {kind} ({type(error).__name__}: {error}); check the file") from None


def _plain_records(data: BibliographyData) -> list[Record]:
    records = []
    for key, entry in data.entries.items():
        raw = {name.lower(): str(value) for name, value in entry.fields.items()}
        if raw.get("ip") and not raw.get("number"):
            raw["number"] = raw["ip"]  # MEDLINE's issue
        _tidy(raw)
        fields = {name: bibtex_text(raw[name], name) for name in KEEP if raw.get(name, "").strip()}
        persons = {role.lower(): [bibtex_text(_name(str(p)), role) for p in people] for role, people in entry.persons.items()}
        records.append(Record(entry.type.lower(), key, fields, persons))
    return records


_MONTHS = {m: n for n, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), start=1)}
_SUFFIX = re.compile(r"^(jr|sr|[ivx]+)\.?$", re.IGNORECASE)


def _tidy(raw: dict[str, str]) -> None:
    """Fields as a reference manager would store them, from what RIS and MEDLINE write.

    ``Y1 - 2019/02/01`` and ``DP - 2021 Mar 4``: the year, and the month as a number (as biblatex
    reads it); keywords (RIS ``KW`` lines, joined by the plugin with " | ") as a comma-separated
    list; the publication type "Review" as a keyword (reviews lead a topic's "Start here"); ISSNs
    without PubMed's "(Electronic)"/"(Linking)"; a title without MEDLINE's closing period.
    """
    when = raw.get("date", "") if re.search(r"\d{4}", raw.get("date", "")) else raw.get("year", "")
    year = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", when)
    if year:
        raw["year"] = year.group(1)
        rest = when[year.end():]
        month = re.match(r"[/-](\d{1,2})\b", rest) or re.match(r"\s+([A-Za-z]{3})", rest)
        number = (int(month.group(1)) if month.group(1).isdigit() else _MONTHS.get(month.group(1).lower(), 0)) if month else 0
        if 1 <= number <= 12 and not raw.get("month"):
            raw["month"] = str(number)
    keywords = [k.strip() for k in re.split(r"\s*\|\s*|;", raw.get("keywords", "")) if k.strip()]
    if re.search(r"\breview\b", raw.get("type", ""), re.IGNORECASE) and "Review" not in keywords:
        keywords.append("Review")
    raw["keywords"] = ", ".join(keywords)
    issns = re.findall(r"\b\d{4}-\d{3}[\dXx]\b", raw.get("issn", ""))
    if issns:
        raw["issn"] = ", ".join(dict.fromkeys(issns))
    title = raw.get("title", "").strip()
    if title.endswith(".") and not title.endswith(("..", " al.")):
        raw["title"] = title[:-1]


def _name(name: str) -> str:
    """RIS writes a suffix last ("Zarate, Carlos A, Jr"); BibTeX wants it second ("Zarate, Jr, Carlos A")."""
    parts = [p.strip() for p in name.split(",")]
    if len(parts) == 3 and _SUFFIX.match(parts[2]) and not _SUFFIX.match(parts[1]):
        return f"{parts[0]}, {parts[2]}, {parts[1]}"
    return name


def bibtex_text(value: str, name: str = "") -> str:
    """Plain text as a BibTeX value: braces dropped, TeX's special characters escaped."""
    value = re.sub(r"\s+", " ", value.replace("{", "").replace("}", "")).strip()
    if name in ("doi", "url"):
        return value
    return re.sub(r"(?<!\\)([&%$#_])", r"\\\1", value)


def _full_pages(pages: str) -> str:
    """MEDLINE's abbreviated ranges written out: "351-4" gives "351--354"."""
    match = re.match(r"^(\d+)-(\d+)$", pages.strip())
    if not match:
        return pages.replace("-", "--") if "--" not in pages else pages
    first, last = match.groups()
    if len(last) < len(first):
        last = first[: len(first) - len(last)] + last
    return f"{first}--{last}"


def from_doi(doi: str, resolver: str = DEFAULT_RESOLVER, timeout: float = 20) -> list[Record]:
    """The record of ``doi`` from the DOI resolver, by content negotiation."""
    url = resolver.rstrip("/") + "/" + doi
    headers = {"Accept": "application/x-bibtex; charset=utf-8", "User-Agent": "research-digests/1 (make new)"}
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            text = response.read().decode("utf-8", errors="replace")
    except urllib.error.HTTPError as error:
        if error.code == 404:
            raise SourceError(f"{resolver} knows no DOI {doi} (HTTP 404); check it for typos") from None
        message = f"{resolver} answered HTTP {error.code} for {doi}; try again later, or add the entry from a BibTeX file"
        raise SourceError(message) from None
    except (urllib.error.URLError, OSError) as error:
        reason = getattr(error, "reason", error)
        raise SourceError(
            f"could not reach {resolver} to look up {doi} ({reason}): are you offline? Download the "
            "citation as BibTeX or RIS from the publisher's page and run `make new FROM=<that file>`"
        ) from None
    if "@" not in text:
        raise SourceError(f"{resolver} did not answer {doi} with BibTeX; add the entry from a BibTeX file")
    records = from_bibtex(text)
    for record in records:
        record.fields.setdefault("doi", doi)
    return records


def suggest_key(record: Record) -> str:
    """The key ``firstauthorYEARword``: "lener2016glutamate"."""
    people = record.persons.get("author") or record.persons.get("editor") or []
    family = _ascii(to_person(people[0]).family) if people else "anon"
    year = re.search(r"\d{4}", record.fields.get("year", "") or record.fields.get("date", ""))
    words = [_ascii(w) for w in to_text(record.fields.get("title", "")).split()]
    word = next((w for w in words if w and w not in STOPWORDS), "")
    return f"{family or 'anon'}{year.group(0) if year else 'nd'}{word}"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss").replace("ø", "o").replace("ł", "l"))
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def to_bibtex(record: Record) -> str:
    """The record as a BibTeX entry, one field a line, in the order people read them."""
    values = {role: " and ".join(names) for role, names in record.persons.items() if names}
    values.update({name: value for name, value in record.fields.items() if value.strip()})
    names = [n for n in ORDER if n in values] + sorted(n for n in values if n not in ORDER)
    width = max((len(n) for n in names), default=0)
    lines = [f"  {name.ljust(width)} = {{{_balanced(values[name])}}}" for name in names]
    return f"@{record.type}{{{record.key},\n" + ",\n".join(lines) + "\n}\n"


def _balanced(value: str) -> str:
    """The value as the exports write it, so that every reader ends it where pybtex does."""
    return balanced(value)
