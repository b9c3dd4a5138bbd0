"""``make verify``: every record checked against Crossref (by DOI) and PubMed (by PMID).

For each entry with a DOI (Crossref REST API, ``/works/{doi}``) or else a PMID (NCBI E-utilities,
``esummary``), title, authors, year, journal, volume, issue, pages and type are compared with the
record, tolerant of what differs only in form (case, punctuation, LaTeX, accents, page ranges,
abbreviated journal names when the ISSN agrees). Each difference is reported at the line of the
field as ``path:line: field: the record says X, Crossref says Y; what to do``; ``--fix`` writes the
registry's value into the .bib file and leaves every other byte as it was. A record with a PMID also
gets PubMed's title where ours differs from it only by case (``pubmedtitle.py``). Retractions,
corrections and expressions of concern (Crossref's ``updated-by``, which carries the Retraction
Watch data, and PubMed's publication types) go to ``bib/status.yml`` for the build to show.

The only module that uses the network, and only when asked: never in a build, a check or a test
against the real services. The base URLs are settings, overridden by ``DIGEST_CROSSREF_URL`` and
``DIGEST_EUTILS_URL``; the client is polite (a ``mailto`` in its User-Agent, a pause between
requests, retries with backoff, answers cached under ``.cache/verify/`` for a week).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import time
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from digest.commands import BAD_USAGE, FAILED, pubmedtitle
from digest.commands.importers import bibtex_text
from digest.commands.project import read_or_say
from digest.library.checks import FieldLines
from digest.library.latex import to_text
from digest.library.loader import load
from digest.library.status import Status
from digest.library.status import write as write_statuses
from digest.model import Entry
from digest.references import casing
from digest.references.parts import page_range

CROSSREF_URL = "https://api.crossref.org"
EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
TYPES = {
    "journal-article": {"article"}, "book": {"book", "mvbook", "collection"}, "edited-book": {"book", "collection"},
    "book-chapter": {"incollection", "inbook", "inreference"}, "proceedings-article": {"inproceedings", "conference"},
    "posted-content": {"misc", "unpublished", "online", "article"}, "dissertation": {"phdthesis", "mastersthesis", "thesis"},
    "report": {"techreport", "report"}, "dataset": {"dataset", "misc"}, "reference-entry": {"inreference", "incollection"},
}
"""Crossref's type -> the BibTeX types that agree with it (the first is what --fix writes)."""
UPDATES = {"retraction": "retracted", "withdrawal": "retracted", "removal": "retracted",
           "expression_of_concern": "expression-of-concern", "expression-of-concern": "expression-of-concern",
           "correction": "corrected", "erratum": "corrected", "corrigendum": "corrected"}
PUBMED_STATUS = {"Retracted Publication": "retracted", "Expression of Concern": "expression-of-concern"}


class Offline(Exception):
    """A registry could not be reached at all: nothing can be checked now."""


@dataclass
class Remote:
    """What a registry says of a paper, in plain text."""

    source: str
    title: str = ""
    authors: list[tuple[str, str]] = field(default_factory=list)
    """(family, given) in order."""
    year: str = ""
    journals: list[str] = field(default_factory=list)
    """The container's names, full first, then abbreviations."""
    issns: list[str] = field(default_factory=list)
    volume: str = ""
    issue: str = ""
    pages: str = ""
    type: str = ""
    status: Status | None = None


@dataclass(frozen=True)
class Difference:
    """A field where the record and the registry disagree, and the value ``--fix`` writes."""

    field: str
    ours: str
    theirs: str
    fix: str
    literal: bool = False
    """``fix`` is BibTeX already (braces kept), not plain text to escape."""


# -- the client ----------------------------------------------------------------------------------

class Client:
    """A polite HTTP client for JSON APIs: User-Agent with a mailto, a pause per host, retries with
    backoff, and a cache on disk."""

    def __init__(self, mailto: str = "", cache: Path | None = None, max_age: float = 7 * 86400,
                 pause: float = 0.2, retries: int = 3, backoff: float = 1.0, timeout: float = 20) -> None:
        contact = f" (mailto:{mailto})" if mailto else ""
        self.agent = f"research-digests-verify/1.0{contact}"
        self.cache, self.max_age, self.pause = cache, max_age, pause
        self.retries, self.backoff, self.timeout = retries, backoff, timeout
        self._last: dict[str, float] = {}

    def get(self, url: str) -> Any | None:
        """The JSON at ``url`` (None for a 404); raises Offline when the host cannot be reached."""
        cached = self._cached(url)
        if cached is not None:
            return cached.get("data")
        for attempt in range(self.retries):
            delay = self.backoff * 2 ** attempt
            self._wait(url)
            try:
                request = urllib.request.Request(url, headers={"User-Agent": self.agent, "Accept": "application/json"})
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    data = json.loads(response.read().decode("utf-8"))
                self._store(url, data)
                return data
            except urllib.error.HTTPError as error:
                if error.code == 404:
                    self._store(url, None)
                    return None
                if error.code not in (429, 500, 502, 503, 504) or attempt == self.retries - 1:
                    raise Offline(f"{url}: the server answered {error.code}") from None
                delay = max(delay, retry_after(error.headers.get("Retry-After")))
            except (urllib.error.URLError, TimeoutError, OSError) as error:
                if attempt == self.retries - 1:
                    raise Offline(f"{urllib.parse.urlsplit(url).netloc} cannot be reached ({error})") from None
            time.sleep(delay)
        return None

    def _wait(self, url: str) -> None:
        host = urllib.parse.urlsplit(url).netloc
        wait = self._last.get(host, 0) + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _path(self, url: str) -> Path | None:
        return self.cache / f"{hashlib.sha1(url.encode()).hexdigest()}.json" if self.cache else None

    def _cached(self, url: str) -> dict[str, Any] | None:
        path = self._path(url)
        if path is None or not path.exists() or time.time() - path.stat().st_mtime > self.max_age:
            return None
        return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def _store(self, url: str, data: Any) -> None:
        path = self._path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps({"url": url, "data": data}), encoding="utf-8")


def retry_after(value: str | None, longest: float = 60) -> float:
    """The seconds a 429 or 503 asks to wait (``Retry-After: 3``), at most ``longest``; 0 if it says none."""
    try:
        return min(max(float(value or 0), 0), longest)
    except ValueError:
        return 0


def base_urls(crossref: str = CROSSREF_URL, eutils: str = EUTILS_URL) -> tuple[str, str]:
    """The registries' base URLs, as the environment overrides them (tests point them at a stub)."""
    return (os.environ.get("DIGEST_CROSSREF_URL", crossref).rstrip("/"), os.environ.get("DIGEST_EUTILS_URL", eutils).rstrip("/"))


# -- reading the registries' answers ------------------------------------------------------------------

def _year(parts: Any) -> str:
    try:
        return str(parts["date-parts"][0][0])
    except (KeyError, IndexError, TypeError):
        return ""


def _date(parts: Any) -> str:
    try:
        return "-".join(f"{int(p):02d}" if i else str(p) for i, p in enumerate(parts["date-parts"][0]))
    except (KeyError, IndexError, TypeError, ValueError):
        return ""


def from_crossref(message: dict[str, Any]) -> Remote:
    """A Crossref ``/works/{doi}`` message."""
    status = None
    for update in message.get("updated-by", []) or []:
        kind = UPDATES.get(str(update.get("type", "")).lower())
        if kind and (status is None or list(UPDATES.values()).index(kind) < list(UPDATES.values()).index(status.kind)):
            status = Status(kind, str(update.get("DOI", "")), _date(update.get("updated")), "Crossref")
    return Remote(
        "Crossref", _strip_tags(" ".join(message.get("title") or [])),
        [(a.get("family") or a.get("name", ""), a.get("given", "")) for a in message.get("author") or []],
        _year(message.get("published-print")) or _year(message.get("issued")),
        [*(message.get("container-title") or []), *(message.get("short-container-title") or [])],
        list(message.get("ISSN") or []), str(message.get("volume", "")), str(message.get("issue", "")),
        str(message.get("page", "")), str(message.get("type", "")), status)


def from_pubmed(summary: dict[str, Any]) -> Remote:
    """One record of an E-utilities ``esummary`` (JSON) answer."""
    authors = []
    for author in summary.get("authors") or []:
        if author.get("authtype", "Author") != "Author":
            continue
        family, _, initials = str(author.get("name", "")).rpartition(" ")
        authors.append((family, initials) if family else (initials, ""))
    kinds = [PUBMED_STATUS[t] for t in summary.get("pubtype") or [] if t in PUBMED_STATUS]
    status = Status(kinds[0], f"https://pubmed.ncbi.nlm.nih.gov/{summary.get('uid', '')}/", "", "PubMed") if kinds else None
    year = re.match(r"\d{4}", str(summary.get("pubdate", "")))
    return Remote("PubMed", str(summary.get("title", "")).rstrip("."), authors, year.group(0) if year else "",
                  [str(summary.get("fulljournalname", "")), str(summary.get("source", ""))],
                  [str(summary.get(k, "")) for k in ("issn", "essn") if summary.get(k)],
                  str(summary.get("volume", "")), str(summary.get("issue", "")), str(summary.get("pages", "")), "", status)


def look_up(entry: Entry, client: Client, crossref: str, eutils: str) -> Remote | None:
    """What Crossref (by DOI) or else PubMed (by PMID) says of ``entry``; None if it knows nothing."""
    if entry.doi:
        data = client.get(f"{crossref}/works/{urllib.parse.quote(entry.doi, safe='/:;()')}")
        if data and isinstance(data.get("message"), dict):
            return from_crossref(data["message"])
        return None
    return _pubmed(entry, client, eutils)


def _pubmed(entry: Entry, client: Client, eutils: str) -> Remote | None:
    if not entry.pmid:
        return None
    data = client.get(f"{eutils}/esummary.fcgi?db=pubmed&retmode=json&id={entry.pmid}")
    summary = (data or {}).get("result", {}).get(entry.pmid)
    return from_pubmed(summary) if isinstance(summary, dict) else None


def pubmed_title(entry: Entry, remote: Remote, client: Client, eutils: str) -> str:
    """PubMed's title of ``entry`` (asked for even where Crossref answered: PubMed's is in sentence case)."""
    if remote.source == "PubMed":
        return remote.title
    found = _pubmed(entry, client, eutils)
    return found.title if found else ""


# -- comparing ----------------------------------------------------------------------------------

def _strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", "", text)


def _fold(text: str) -> str:
    """Text as compared: LaTeX resolved, accents, case, punctuation and spacing aside."""
    text = unicodedata.normalize("NFKD", to_text(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold().replace("&", "and")
    return re.sub(r"[^0-9a-z]+", "", re.sub(r"\bthe\b", "", text))


def _given_matches(ours: str, theirs: str) -> bool:
    a, b = _fold(ours.split(" ")[0] if ours else ""), _fold(theirs.split(" ")[0] if theirs else "")
    if not a or not b:
        return True
    if len(a) == 1 or len(b) == 1 or re.fullmatch(r"[A-Z]{1,3}", theirs.strip()):
        return a[0] == b[0]
    return a == b


def _names(people: list[tuple[str, str]]) -> str:
    return " and ".join(f"{family}, {given}".strip(", ") for family, given in people)


def differences(entry: Entry, remote: Remote) -> list[Difference]:
    """Where the record and the registry disagree, field by field."""
    found = []
    f = entry.fields
    if remote.title and _fold(entry.title) != _fold(remote.title):
        found.append(Difference("title", entry.title, remote.title, remote.title))
    ours = [(p.full_family, p.given) for p in entry.authors]
    if remote.authors and (len(ours) != len(remote.authors) or any(
            _fold(a[0]) != _fold(b[0]) or not _given_matches(a[1], b[1]) for a, b in zip(ours, remote.authors, strict=False))):
        found.append(Difference("author", _names(ours), _names(remote.authors), _names(remote.authors)))
    if remote.year and entry.year != remote.year:
        found.append(Difference("year", entry.year, remote.year, remote.year))
    journal = f.get("journal") or f.get("journaltitle", "")
    is_article = entry.type == "article" or remote.type == "journal-article"
    if remote.journals and is_article and not _same_journal(journal, f.get("issn", ""), remote):
        found.append(Difference("journal", journal, remote.journals[0], remote.journals[0]))
    for name, theirs in (("volume", remote.volume), ("number", remote.issue)):
        if theirs and _fold(f.get(name, "")) != _fold(theirs):
            found.append(Difference(name, f.get(name, ""), theirs, theirs))
    if remote.pages and page_range(f.get("pages", ""), "-") != page_range(remote.pages, "-"):
        found.append(Difference("pages", f.get("pages", ""), remote.pages, page_range(remote.pages, "--")))
    allowed = TYPES.get(remote.type)
    if allowed and entry.type not in allowed:
        found.append(Difference("type", entry.type, remote.type, sorted(allowed)[0] if len(allowed) > 1 else next(iter(allowed))))
    return found


def _same_journal(ours: str, issn: str, remote: Remote) -> bool:
    if issn and any(i.replace("-", "") in issn.replace("-", "") for i in remote.issns):
        return True
    return any(_fold(ours) == _fold(name) for name in remote.journals if name)


# -- fixing the .bib file, byte for byte ------------------------------------------------------------

_FIELD = re.compile(r"(?P<name>[A-Za-z][\w:-]*)\s*=\s*")


def _bibtex_value(text: str) -> str:
    """Text as a braced BibTeX value, escaped as `make new` escapes what it imports."""
    return "{" + bibtex_text(text) + "}"


def _entry_span(text: str, line: int) -> tuple[int, int, int]:
    """(start of ``@type``, its opening brace, its closing brace) of the entry starting at ``line``."""
    start = sum(len(row) + 1 for row in text.split("\n")[: line - 1])
    at = text.index("@", start)
    opening = min(i for i in (text.find("{", at), text.find("(", at)) if i != -1)
    depth, i = 0, opening
    while i < len(text):
        if text[i] in "{(":
            depth += 1
        elif text[i] in "})":
            depth -= 1
            if depth == 0:
                return at, opening, i
        i += 1
    raise ValueError("unclosed entry")


def _value_end(text: str, i: int) -> int:
    """The end of the field value that starts at ``i`` (braced, quoted or bare)."""
    if text[i] == "{":
        depth = 0
        for j in range(i, len(text)):
            depth += {"{": 1, "}": -1}.get(text[j], 0)
            if depth == 0:
                return j + 1
    if text[i] == '"':
        j = i + 1
        while j < len(text) and not (text[j] == '"' and text[j - 1] != "\\"):
            j += 1
        return j + 1
    match = re.compile(r"[^,}\s]+").match(text, i)
    return match.end() if match else i


def fix(text: str, line: int, diffs: list[Difference]) -> str:
    """``text`` (a .bib file) with the fields of the entry at ``line`` set as ``diffs`` say; every
    byte outside those values stays as it was."""
    for diff in diffs:
        at, opening, closing = _entry_span(text, line)
        if diff.field == "type":
            text = text[: at + 1] + diff.fix + text[opening:]
            continue
        body = text[opening + 1:closing]
        match, depth, offset = None, 0, 0
        for m in _FIELD.finditer(body):
            depth = body.count("{", 0, m.start()) - body.count("}", 0, m.start())
            if depth == 0 and m.group("name").lower() == diff.field:
                match, offset = m, opening + 1
                break
        value = "{" + diff.fix + "}" if diff.literal else _bibtex_value(diff.fix)
        if match is not None:
            start = offset + match.end()
            text = text[:start] + value + text[_value_end(text, start):]
        else:  # a field the record lacks: a line of its own before the closing brace
            before = text[opening + 1:closing].rstrip()
            comma = "" if before.endswith(",") else ","
            cut = opening + 1 + len(before)
            text = text[:cut] + f"{comma}\n  {diff.field} = {value}" + text[cut:]
    return text


def _title_case(entry: Entry, theirs: str, lines: FieldLines, out: TextIO) -> list[Difference]:
    """PubMed's title where ours differs from it only by case: said here, written by FIX=1; what cannot
    be decided is said and left to a person (it does not make the record differ)."""
    made = pubmedtitle.offer(entry.title, entry.raw.get("title", ""), theirs) if theirs else None
    if made is None:
        return []
    where = f"{entry.path}:{lines.of(entry, 'title')}: {entry.key}: title"
    for what in made.undecided:
        print(f"{where}: cannot decide the case of {what}; correct the title by hand if PubMed is right", file=out)
    if not made.text:
        return []
    kept = f" (keeping {', '.join(repr(w) for w in made.kept)} as the record writes)" if made.kept else ""
    print(f"{where}: differs from PubMed's only in case: the record says {entry.title!r}, PubMed says {theirs!r}; "
          f"APA prints titles in sentence case: `make verify FIX=1` writes {made.text!r}{kept}", file=out)
    return [Difference("title", entry.title, theirs, made.bibtex, literal=True)]


def run(config: Path, apply: bool = False, out: TextIO = sys.stdout, client: Client | None = None) -> int:
    """``make verify [FIX=1]``: each record against Crossref/PubMed; 1 when a record differs (or was
    fixed), 2 when the registries cannot be reached or mkdocs.yml cannot be read."""
    project = read_or_say(config, out)
    if project is None:
        return BAD_USAGE
    library = load(project.root, project.docs_dir, project.settings)
    casing.learn(text for t in library.topics.values() for text in (t.name, t.description, *t.synonyms))  # as the build
    client = client or Client(project.settings.verify_mailto, project.root / ".cache" / "verify")
    crossref, eutils = base_urls()
    lines = FieldLines(project.root)
    statuses = dict(library.statuses)
    fixes: dict[str, list[tuple[int, list[Difference]]]] = {}
    checked = differing = 0
    try:
        for entry in library.entries.values():
            remote = look_up(entry, client, crossref, eutils)
            if remote is None:
                continue
            checked += 1
            if remote.status is not None:
                statuses[entry.key] = remote.status
            found = differences(entry, remote)
            if not any(diff.field == "title" for diff in found):
                found += _title_case(entry, pubmed_title(entry, remote, client, eutils), lines, out)
            differing += bool(found)
            for diff in found:
                if diff.literal:
                    continue  # said by _title_case
                line = entry.line if diff.field == "type" else lines.of(entry, diff.field)
                ours = repr(diff.ours) if diff.ours else "nothing"
                hint = ("check it against the publisher's page, then correct the record (`make verify FIX=1` writes "
                        f"{remote.source}'s value)")
                print(f"{entry.path}:{line}: {entry.key}: {diff.field}: the record says {ours}, {remote.source} says "
                      f"{diff.theirs!r}; {hint}", file=out)
            if found:
                fixes.setdefault(entry.path, []).append((entry.line, found))
    except Offline as error:
        print(f"{error}: nothing was checked; run make verify again when online", file=out)
        return BAD_USAGE
    if statuses != library.statuses:
        write_statuses(project.root / project.settings.status_file, statuses)
        for key in sorted(set(statuses) - set(library.statuses)):
            print(f"{project.settings.status_file}: {key}: {statuses[key].label.lower()} ({statuses[key].href}); "
                  "the site now shows it on the entry's page, in lists and in search", file=out)
    if apply:
        for path, edits in fixes.items():
            file = project.root / path
            text = file.read_text(encoding="utf-8")
            for line, found in sorted(edits, key=lambda e: -e[0]):  # bottom first: lines above stay put
                text = fix(text, line, found)
            file.write_text(text, encoding="utf-8")
            print(f"{path}: fixed {sum(len(f) for _, f in edits)} field(s) in {len(edits)} entries", file=out)
    print(f"{checked} entries checked, {differing} differ from their registry", file=out)
    return FAILED if differing else 0
