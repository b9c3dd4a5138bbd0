"""Downloads of the corpus: BibTeX (.bib), RIS (.ris) and CSL-JSON (.json), from Entry objects.

.bib is written from the fields as they stand in the source files (``Entry.raw``); RIS and
CSL-JSON from the shown fields (LaTeX resolved to Unicode), because the programs that import
those formats (Zotero, EndNote, pandoc) expect plain text there.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import zlib
from collections.abc import Iterable

from digest.model import Entry, Person, safe_url
from digest.references.styles import apa, bibtex, page_range

FORMATS = {"bib": "BibTeX", "ris": "RIS", "json": "CSL-JSON"}
"""File extension -> the name a download link shows."""


# -- BibTeX ----------------------------------------------------------------------------------------

def to_bib(entries: Iterable[Entry]) -> str:
    """A .bib file of ``entries``, one record each."""
    return "\n\n".join(bibtex.record(entry) for entry in entries) + "\n"


# -- RIS ---------------------------------------------------------------------------------------

RIS_TYPES = {
    "article": "JOUR", "book": "BOOK", "booklet": "BOOK", "mvbook": "BOOK", "collection": "EDBOOK",
    "proceedings": "CONF", "incollection": "CHAP", "inbook": "CHAP", "inreference": "CHAP",
    "inproceedings": "CPAPER", "conference": "CPAPER", "phdthesis": "THES", "mastersthesis": "THES",
    "thesis": "THES", "techreport": "RPRT", "report": "RPRT", "unpublished": "UNPB", "dataset": "DATA",
    "online": "ELEC", "webpage": "ELEC", "www": "ELEC", "electronic": "ELEC", "manual": "BOOK",
    "software": "COMP", "patent": "PAT",
}


@functools.lru_cache(maxsize=65536)
def _ris_name(person: Person) -> str:
    """"Family, Given, Suffix" as RIS wants it; a group author as its name alone."""
    if person.group or not person.given:
        return person.full_family
    return ", ".join(x for x in (person.full_family, person.given, person.suffix) if x)


def web_url(entry: Entry) -> str:
    """The record's web address: its ``url`` (or eprint), else a URL given as ``howpublished`` (BibTeX's @misc)."""
    if entry.url:
        return entry.url
    value = entry.fields.get("howpublished", "").strip()
    return safe_url(value) if value.lower().startswith(("http://", "https://")) and " " not in value else ""


def ris_record(entry: Entry) -> str:
    """One RIS record, from ``TY`` to ``ER``."""
    f = entry.fields
    kind = RIS_TYPES.get(entry.type, "GEN")
    if f.get("type", "").lower() == "preprint" or (entry.eprint_type in apa.ARCHIVES and not entry.journal):
        kind = "UNPB"
    lines = [("TY", kind), ("ID", entry.key)]
    lines += [("AU", _ris_name(p)) for p in entry.authors]
    lines += [("A2" if kind in ("CHAP", "CPAPER") else "ED", _ris_name(p)) for p in entry.editors]
    lines += [("A4", _ris_name(p)) for p in entry.translators]
    lines.append(("TI", entry.title))
    container = entry.journal or entry.booktitle
    if container:
        lines.append(("T2", container))
    if entry.year:
        lines.append(("PY", entry.year))
    date = entry.date
    if date and date.month:
        lines.append(("DA", f"{date.year}/{date.month:02d}/{f'{date.day:02d}' if date.day else ''}/"))
    visited = entry.url_date
    if visited:
        lines.append(("Y2", "/".join(f"{x:02d}" if i else str(x) for i, x in enumerate(visited.parts))))
    if entry.location:
        lines.append(("CY", entry.location))
    simple = (("volume", "VL"), ("edition", "ET"), ("publisher", "PB"),
              ("isbn", "SN"), ("issn", "SN"), ("abstract", "AB"), ("note", "N1"))
    for name, tag in simple:
        if f.get(name):
            lines.append((tag, f[name]))
    issue = f.get("number") or f.get("issue", "")
    if issue and kind in ("JOUR", "CPAPER"):
        lines.append(("IS", issue))
    elif issue:
        lines.append(("M1", issue))
    publisher = f.get("school") or f.get("institution", "")
    if publisher and not f.get("publisher"):
        lines.append(("PB", publisher))
    start, end = _page_pair(f.get("pages", ""))
    if start:
        lines.append(("SP", start))
    if end:
        lines.append(("EP", end))
    if entry.doi:
        lines.append(("DO", entry.doi))
    if web_url(entry):
        lines.append(("UR", web_url(entry)))
    lines += [("KW", word) for word in _keywords(entry)]
    body = "\n".join(f"{tag}  - {bibtex.one_line(value)}" for tag, value in lines if bibtex.one_line(value))
    return body + "\nER  - \n"


def _page_pair(pages: str) -> tuple[str, str]:
    if not pages.strip():
        return "", ""
    full = page_range(pages, "–")
    start, _, end = full.partition("–")
    return start.strip(), end.strip()


def _keywords(entry: Entry) -> list[str]:
    return [word.strip() for word in re.split(r"[;,]", entry.fields.get("keywords", "")) if word.strip()]


def to_ris(entries: Iterable[Entry]) -> str:
    """A .ris file of ``entries``."""
    return "\n".join(ris_record(entry) for entry in entries)


# -- CSL-JSON ------------------------------------------------------------------------------------

CSL_TYPES = {
    "article": "article-journal", "book": "book", "booklet": "pamphlet", "mvbook": "book",
    "collection": "book", "proceedings": "book", "incollection": "chapter", "inbook": "chapter",
    "inreference": "entry", "inproceedings": "paper-conference", "conference": "paper-conference",
    "phdthesis": "thesis", "mastersthesis": "thesis", "thesis": "thesis", "techreport": "report",
    "report": "report", "unpublished": "manuscript", "dataset": "dataset", "online": "webpage",
    "webpage": "webpage", "www": "webpage", "electronic": "webpage", "manual": "book",
    "software": "article", "patent": "patent", "misc": "article",
}
"""BibTeX type -> CSL type, keeping to the types CSL 1.0.1 and 1.0.2 share ("article" is CSL's generic work)."""
_CSL_FIELDS = (("volume", "volume"), ("edition", "edition"), ("publisher", "publisher"),
               ("abstract", "abstract"), ("isbn", "ISBN"), ("issn", "ISSN"), ("note", "note"),
               ("keywords", "keyword"), ("language", "language"), ("eventtitle", "event-title"),
               ("venue", "event-place"), ("version", "version"), ("series", "collection-title"))
_CSL_SUBTYPES = {"magazine": "article-magazine", "newspaper": "article-newspaper"}
"""biblatex ``entrysubtype`` of an @article -> CSL type."""
_GENRES = {"phdthesis": "Doctoral dissertation", "mathesis": "Master's thesis", "mastersthesis": "Master's thesis",
           "techreport": "Technical report", "resreport": "Research report"}
"""biblatex localisation keys in ``type`` -> the words a CSL style prints as the genre."""


def _csl_name(person: Person) -> dict[str, str]:
    if person.group or not person.given:
        return {"literal": person.full_family}
    name = {"family": person.family, "given": person.given}
    if person.particle:
        name["non-dropping-particle"] = person.particle
    if person.suffix:
        name["suffix"] = person.suffix
    return name


def _issued(entry: Entry) -> dict[str, list[list[int]]] | None:
    """CSL's date: as precise as the record ([2010], [2010, 10] or [2010, 10, 5]), a range as two."""
    date = entry.date
    if date is None:
        return None
    ranges = [date.parts] + ([date.end_parts] if date.end_parts else [])
    return {"date-parts": ranges}


def csl_item(entry: Entry) -> dict[str, object]:
    """One CSL-JSON item."""
    f = entry.fields
    kind = CSL_TYPES.get(entry.type, "article")
    archive = apa.ARCHIVES.get(entry.eprint_type, "") if not entry.journal else ""
    preprint = f.get("type", "").lower() == "preprint" or (archive and entry.type in ("article", "misc", "online"))
    if preprint:
        kind = "article"  # CSL's generic work, with genre "Preprint": what styles print as "[Preprint]"
    if kind == "article-journal":
        kind = _CSL_SUBTYPES.get(f.get("entrysubtype", "").strip().lower(), kind)
    if entry.type == "misc" and not f.get("publisher") and not entry.url and web_url(entry):
        kind = "webpage"  # a page cited by its address in howpublished, as APA dates it
    # CSL styles add their own punctuation after a title: one left by the record doubles it ("patients.”.").
    title = re.sub(r"(?<=[a-z]{3})\.$", "", entry.title)  # not "U.S." nor "..."
    item: dict[str, object] = {"id": entry.key, "type": kind, "title": title}
    if entry.authors:
        item["author"] = [_csl_name(p) for p in entry.authors]
    if entry.editors:
        item["editor"] = [_csl_name(p) for p in entry.editors]
    if entry.translators:
        item["translator"] = [_csl_name(p) for p in entry.translators]
    container = entry.journal or entry.booktitle
    if container:
        item["container-title"] = container
    if entry.location:
        item["publisher-place"] = entry.location
    for name, variable in _CSL_FIELDS:
        if f.get(name):
            item[variable] = f[name]
    issue = f.get("number") or f.get("issue", "")
    if issue:
        item["issue" if kind.startswith("article-") or kind == "paper-conference" else "number"] = issue
    if f.get("pages"):
        item["page"] = page_range(f["pages"], "-")
    if entry.title_addon:
        item["title"] = f"{title} [{entry.title_addon}]"
    visited = entry.url_date
    if visited:
        item["accessed"] = {"date-parts": [visited.parts]}
    original = re.search(r"\d{4}", f.get("origdate", "") or f.get("origyear", ""))
    if original:
        item["original-date"] = {"date-parts": [[int(original.group())]]}
    publisher = f.get("school") or f.get("institution", "")
    if publisher and kind == "thesis" and "publisher" in item:
        item["archive"] = item["publisher"]  # a thesis's "publisher" is the database it is in (APA's ProQuest)
        item["publisher"] = publisher
    elif publisher and "publisher" not in item:
        item["publisher"] = publisher
    genre = f.get("type", "") or {"phdthesis": "phdthesis", "mastersthesis": "mathesis"}.get(entry.type, "")
    if genre and kind in ("thesis", "report"):
        item["genre"] = _GENRES.get(genre.strip().lower(), genre)
    if preprint:
        item["genre"] = "Preprint"
        if archive and "publisher" not in item:
            item["publisher"] = archive
    issued = _issued(entry)
    if issued:
        item["issued"] = issued
    if entry.doi:
        item["DOI"] = entry.doi
    if web_url(entry):
        item["URL"] = web_url(entry)
    if entry.pmid:
        item["PMID"] = entry.pmid
    return item


def csl_json_item(entry: Entry) -> str:
    """One CSL-JSON item as JSON text (one line: the C encoder is 5x faster than an indenting one)."""
    return _SURROGATE.sub("\ufffd", json.dumps(csl_item(entry), ensure_ascii=False))  # no UTF-8 file holds one


_SURROGATE = re.compile("[\ud800-\udfff]")


def to_csl_json(entries: Iterable[Entry]) -> str:
    """A CSL-JSON file (a JSON array of items, one a line) of ``entries``."""
    return _csl_file([csl_json_item(entry) for entry in entries])


def _csl_file(items: list[str]) -> str:
    return "[\n" + ",\n".join(items) + "\n]\n"


RECORD_WRITERS = {"bib": bibtex.record, "ris": ris_record, "json": csl_json_item}
JOINERS = {"bib": lambda records: "\n\n".join(records) + "\n", "ris": "\n".join, "json": _csl_file}
WRITERS = {"bib": to_bib, "ris": to_ris, "json": to_csl_json}


def write(ext: str, entries: Iterable[Entry]) -> str:
    """A download file of ``entries`` in format ``ext`` (bib, ris, json); each entry's record is made once
    a build, however many topic files hold it (and kept between ``mkdocs serve`` builds while unchanged)."""
    return JOINERS[ext]([record(ext, entry) for entry in entries])  # type: ignore[operator]


_RECORDS: dict[tuple[str, str], tuple[int, str]] = {}


def record(ext: str, entry: Entry, leave_out: tuple[str, ...] = ()) -> str:
    """One entry's record in format ``ext``, made once for all the files and pages that show it;
    ``leave_out``: BibTeX fields to leave out (the record an entry page shows)."""
    slot = ("-".join((ext, *leave_out)), entry.key)
    found = _RECORDS.get(slot)
    if found is not None and found[0] == entry.record_signature:
        return found[1]
    record = bibtex.record(entry, leave_out) if leave_out else RECORD_WRITERS[ext](entry)
    _RECORDS[slot] = (entry.record_signature, record)
    return record


RECORDS_DIR = "assets/records"
SHARD = 500
"""Entries a records script holds: a topic's reading list loads only the scripts of its entries."""


def records_src(shard: int) -> str:
    return f"{RECORDS_DIR}/{shard}.js"


RECORDS_LEVEL = 1
"""zlib level of the records scripts: level 1 packs the records 3 to 5 times (base64 included) in a
fifth of the time of level 6, which packs them only a fifth smaller again."""


def records_script(shard: int, entries: Iterable[Entry]) -> str:
    """A script that sets ``window.digestRecords[shard]`` to the .bib and .ris records of ``entries``
    (a shard of the library, in library order) as JSON, deflated (zlib) and base64-encoded.

    An entry's .bib and .ris, a topic's reading list and the whole library's files are made from
    these in the browser (site/scripts/records.js, which inflates them with the browser's own
    ``DecompressionStream``), so no file repeats the records; a script, not a JSON file, because a
    ``<script>`` element loads it from ``file://`` where ``fetch`` may not. Deflated, because nothing
    serves these files compressed inside the offline copy, and because GitHub Pages counts a site's
    bytes as written: they were a sixth of the site."""
    data = json.dumps([[record("bib", entry), record("ris", entry)] for entry in entries], ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")
    packed = base64.b64encode(zlib.compress(data, RECORDS_LEVEL)).decode("ascii")
    return f'window.digestRecords=window.digestRecords||{{}};window.digestRecords[{shard}]="{packed}";\n'


def read_records_script(text: str) -> list[list[str]]:
    """The records a script written by :func:`records_script` holds, for tests and tools."""
    match = re.search(r'window\.digestRecords\[\d+\]="([A-Za-z0-9+/=]*)";\s*$', text)
    if not match:
        raise ValueError("not a records script written by records_script")
    return json.loads(zlib.decompress(base64.b64decode(match.group(1))))  # type: ignore[no-any-return]


def site_export(ext: str) -> str:
    return f"exports/all.{ext}"
