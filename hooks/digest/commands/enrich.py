"""``make enrich``: what OpenAlex knows of each paper, written to ``bib/enrichment.yml`` for the build.

For each entry with a DOI (or else a PMID), OpenAlex's work (``/works/doi:...``): the works it
references, its open-access status and best free copy (link, version, licence) and its citation
count; then the works that cite it (``/works?filter=cites:W...``, paged by cursor). Citations
between library entries go to the file; the citing works that are not in the library are the
suggestions, ranked by how many library entries each cites, each with the ``make new`` line that
adds it (printed and written to ``.cache/enrich/suggestions.txt`` for the weekly workflow).

Network only here and only when asked, through ``verify.Client`` (a ``mailto``, a pause, retries
with backoff and ``Retry-After``, a cache under ``.cache/enrich/``). The base URL is
``DIGEST_OPENALEX_URL`` (tests point it at a stand-in). The file is rewritten in a stable order,
and an entry whose data did not change keeps its old ``read`` date, so that the diff shows only
what changed.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import urllib.parse
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TextIO

from digest.commands import BAD_USAGE
from digest.commands.project import read_or_say
from digest.commands.verify import Client, Offline
from digest.library import enrichment
from digest.library.enrichment import VERSIONS, Enrichment, FreeCopy
from digest.library.loader import load
from digest.model import Entry

OPENALEX_URL = "https://api.openalex.org"
CITING_PAGES = 5
"""At most this many pages of 200 citing works per paper (a landmark paper has tens of thousands)."""
SUGGESTIONS = 50
"""How many suggestions are listed."""
SUGGESTIONS_FILE = ".cache/enrich/suggestions.txt"


@dataclass
class Suggestion:
    """A work citing the library that is not in it."""

    openalex: str
    doi: str
    title: str
    year: int | None
    cites: set[str] = field(default_factory=set)

    @property
    def line(self) -> str:
        add = f"make new FROM={self.doi}" if self.doi else f"no DOI: add it by hand (https://openalex.org/{self.openalex})"
        title = " ".join(self.title.split())[:200] or "(untitled)"
        return f"{len(self.cites)} library entries cited: {title} ({self.year or 'n.d.'}): {add}"


def base_url() -> str:
    return os.environ.get("DIGEST_OPENALEX_URL", OPENALEX_URL).rstrip("/")


def short_id(url: Any) -> str:
    """``https://openalex.org/W123`` -> ``W123`` ("" for anything else)."""
    tail = str(url or "").rsplit("/", 1)[-1]
    return tail if tail[:1] == "W" and tail[1:].isdigit() else ""


def bare_doi(url: Any) -> str:
    text = str(url or "")
    return text.split("doi.org/", 1)[1] if "doi.org/" in text else text


def work_url(base: str, entry: Entry, mailto: str) -> str:
    """OpenAlex's address of ``entry``'s work (by DOI, else PMID), "" if it has neither."""
    if entry.doi:
        ref = "doi:" + urllib.parse.quote(entry.doi, safe="/:;()")
    elif entry.pmid:
        ref = f"pmid:{entry.pmid}"
    else:
        return ""
    return f"{base}/works/{ref}" + (f"?mailto={urllib.parse.quote(mailto)}" if mailto else "")


def citing_url(base: str, work: str, cursor: str, mailto: str) -> str:
    query = {"filter": f"cites:{work}", "per-page": "200", "cursor": cursor,
             "select": "id,doi,display_name,publication_year"}
    if mailto:
        query["mailto"] = mailto
    return f"{base}/works?{urllib.parse.urlencode(query)}"


def free_copy(work: dict[str, Any]) -> FreeCopy | None:
    """The best open-access location of a work, if it has one with an http(s) link."""
    best = work.get("best_oa_location") or {}
    if not isinstance(best, dict) or not best.get("is_oa", True):
        return None
    url = best.get("landing_page_url") or best.get("pdf_url") or (work.get("open_access") or {}).get("oa_url")
    if not isinstance(url, str) or not url.lower().startswith(("https://", "http://")):
        return None
    version = best.get("version") if best.get("version") in VERSIONS else ""
    licence = best.get("license") if isinstance(best.get("license"), str) else ""
    return FreeCopy(url, str(version), str(licence)[:100])


def citing_works(client: Client, base: str, work: str, mailto: str) -> list[dict[str, Any]]:
    """The works that cite ``work``, page by page."""
    found: list[dict[str, Any]] = []
    cursor = "*"
    for _ in range(CITING_PAGES):
        data = client.get(citing_url(base, work, cursor, mailto))
        if not isinstance(data, dict):
            break
        found += [r for r in data.get("results") or [] if isinstance(r, dict)]
        cursor = (data.get("meta") or {}).get("next_cursor") or ""
        if not cursor:
            break
    return found


def run(config: Path, out: TextIO = sys.stdout, client: Client | None = None, today: dt.date | None = None) -> int:
    """``make enrich``: writes ``bib/enrichment.yml`` and the suggestions; 2 when OpenAlex cannot be
    reached or mkdocs.yml cannot be read (nothing is written then)."""
    project = read_or_say(config, out)
    if project is None:
        return BAD_USAGE
    settings = project.settings
    library = load(project.root, project.docs_dir, settings)
    client = client or Client(settings.verify_mailto, project.root / ".cache" / "enrich")
    base, mailto, read = base_url(), settings.verify_mailto, (today or dt.date.today()).isoformat()
    works: dict[str, dict[str, Any]] = {}
    try:
        for entry in library.entries.values():
            url = work_url(base, entry, mailto)
            work = client.get(url) if url else None
            if url and not isinstance(work, dict):
                print(f"{entry.path}:{entry.line}: {entry.key}: OpenAlex has no work for "
                      f"{'DOI ' + entry.doi if entry.doi else 'PMID ' + entry.pmid}; check the identifier", file=out)
            if isinstance(work, dict) and short_id(work.get("id")):
                works[entry.key] = work
        keys = {short_id(work["id"]): key for key, work in works.items()}
        cites: dict[str, set[str]] = {key: {keys[r] for r in map(short_id, work.get("referenced_works") or []) if r in keys}
                                      for key, work in works.items()}
        suggestions: dict[str, Suggestion] = {}
        for key, work in works.items():
            for citing in citing_works(client, base, short_id(work["id"]), mailto):
                other = short_id(citing.get("id"))
                if other in keys:
                    cites[keys[other]].add(key)
                elif other:
                    year = citing.get("publication_year")
                    found = suggestions.setdefault(other, Suggestion(
                        other, bare_doi(citing.get("doi")), str(citing.get("display_name") or ""),
                        year if isinstance(year, int) else None))
                    found.cites.add(key)
    except Offline as error:
        print(f"{error}: nothing was read; run make enrich again when online", file=out)
        return BAD_USAGE
    fresh = {key: Enrichment(short_id(work["id"]), _count(work), read, free_copy(work), tuple(sorted(cites[key] - {key})))
             for key, work in works.items()}
    _write(project.root / settings.enrichment_file, settings.enrichment_file, library.enrichment, fresh, out)
    _suggest(project.root / SUGGESTIONS_FILE, list(suggestions.values()), out)
    print(f"{len(library.entries)} entries, {len(works)} found in OpenAlex, "
          f"{sum(len(c) for c in cites.values())} citations between them, {len(suggestions)} citing works not in the library",
          file=out)
    return 0


def _count(work: dict[str, Any]) -> int | None:
    count = work.get("cited_by_count")
    return count if isinstance(count, int) and not isinstance(count, bool) and count >= 0 else None


def _write(file: Path, path: str, old: dict[str, Enrichment], fresh: dict[str, Enrichment], out: TextIO) -> None:
    """The file, where an entry that did not change keeps its old date (so the diff shows only changes)."""
    merged = {}
    for key, value in fresh.items():
        before = old.get(key)
        merged[key] = before if before is not None and replace(value, read=before.read) == before else value
    text = enrichment.dump(merged)
    if file.exists() and file.read_text(encoding="utf-8") == text:
        print(f"{path}: unchanged", file=out)
        return
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(text, encoding="utf-8")
    changed = sum(1 for key in merged if old.get(key) != merged[key]) + sum(1 for key in old if key not in merged)
    print(f"{path}: {changed} entries changed; review the diff and commit it", file=out)


def _suggest(file: Path, suggestions: list[Suggestion], out: TextIO) -> None:
    """The citing works not in the library, most library entries cited first, then newest."""
    ranked = sorted(suggestions, key=lambda s: (-len(s.cites), -(s.year or 0), s.doi or s.openalex))[:SUGGESTIONS]
    lines = [s.line for s in ranked]
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
    if lines:
        print(f"Works citing the library that are not in it ({len(suggestions)}; the first {len(lines)} "
              f"also in {SUGGESTIONS_FILE}):", file=out)
        for line in lines:
            print(f"  {line}", file=out)
