"""What OpenAlex says of each paper, as ``make enrich`` wrote it to ``bib/enrichment.yml``.

The file is reviewed in pull requests like the rest of ``bib/`` (so a diff shows what enrichment
changed), and anyone can edit it: it is read here as untrusted, every value typed and bounded, every
link checked, each problem at its line. The build only reads it; it never asks OpenAlex anything.

    zanos2016:
      openalex: W2345678901          # the work's OpenAlex ID
      cited_by_count: 1234           # how often OpenAlex counts it cited
      read: '2026-05-01'             # the day make enrich read it
      free:                          # its best open-access copy, if any
        url: https://europepmc.org/articles/pmc4/
        version: publishedVersion    # submittedVersion | acceptedVersion | publishedVersion
        licence: cc-by
      cites: [lener2016, moghaddam1997]   # the library entries it cites
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from digest.library import yamlfiles
from digest.limits import FIELD_LENGTH, NAME_LENGTH
from digest.model import safe_url
from digest.problems import Problem

VERSIONS = {"submittedVersion": "preprint", "acceptedVersion": "accepted manuscript", "publishedVersion": "published version"}
"""OpenAlex's version of a copy -> the words a reader sees."""
FIELDS = ("openalex", "cited_by_count", "read", "free", "cites")
CITES = 2000
"""The most library entries one paper is taken to cite (a budget, far above any real reference list)."""
HINT = "run make enrich to write it again"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID = re.compile(r"W\d{1,15}")


@dataclass(frozen=True)
class FreeCopy:
    """Where the paper can be read free: a checked http(s) link, its version and its licence."""

    url: str
    version: str = ""
    licence: str = ""

    @property
    def version_label(self) -> str:
        return VERSIONS.get(self.version, "")


@dataclass(frozen=True)
class Enrichment:
    """One paper as OpenAlex knows it."""

    openalex: str = ""
    cited_by_count: int | None = None
    read: str = ""
    free: FreeCopy | None = None
    cites: tuple[str, ...] = ()
    """Keys of the library entries this paper cites, sorted."""


def read(file: Path, path: str) -> tuple[dict[str, Enrichment], list[Problem]]:
    """The enrichment of ``file`` by entry key (none when the file does not exist); what is wrong
    with a value is a problem at its line and the value is left out, the rest of the entry kept."""
    if not file.exists():
        return {}, []
    data, lines, problems, read = yamlfiles.read_file(file, path, HINT, "enrichment")
    if not read:
        return {}, problems
    if data is not None and not isinstance(data, dict):
        return {}, [*problems, Problem(path, 1, "it is not a mapping of entry keys", HINT, "enrichment")]
    found: dict[str, Enrichment] = {}
    for key, value in (data or {}).items():
        line = lines.get(str(key))
        said: list[str] = []
        if not isinstance(key, str) or len(key) > NAME_LENGTH or not isinstance(value, dict):
            said.append("it is not an entry key with a mapping under it")
        else:
            found[key] = _entry(value, said)
        problems += [Problem(path, line, f"{str(key)[:100]}: {what}", HINT, "enrichment") for what in said]
    return found, problems


def _entry(value: dict[Any, Any], said: list[str]) -> Enrichment:
    unknown = sorted(str(name)[:40] for name in value if name not in FIELDS)
    if unknown:
        said.append(f"unknown key(s) {', '.join(unknown)}, left out (this file holds {', '.join(FIELDS)})")
    return Enrichment(_text(value, "openalex", _ID, said), _count(value.get("cited_by_count"), said),
                      _text(value, "read", _DATE, said), _free(value.get("free"), said), _cites(value.get("cites"), said))


def _text(value: dict[Any, Any], name: str, shape: re.Pattern[str], said: list[str]) -> str:
    found = value.get(name)
    if found is None or found == "":
        return ""
    if isinstance(found, str) and shape.fullmatch(found):
        return found
    said.append(f"{name} {str(found)[:40]!r} is not what make enrich writes, left out")
    return ""


def _count(found: Any, said: list[str]) -> int | None:
    if found is None:
        return None
    if isinstance(found, int) and not isinstance(found, bool) and 0 <= found < 10**9:
        return found
    said.append(f"cited_by_count {str(found)[:40]!r} is not a whole number, left out")
    return None


def _free(found: Any, said: list[str]) -> FreeCopy | None:
    if found is None:
        return None
    url = found.get("url") if isinstance(found, dict) else None
    if not isinstance(url, str) or len(url) > FIELD_LENGTH or not url.lower().startswith(("https://", "http://")):
        said.append("free: its url is not an http(s) link, left out")
        return None
    version, licence = found.get("version") or "", found.get("licence") or ""
    if version not in VERSIONS or not isinstance(licence, str) or len(licence) > NAME_LENGTH:
        said.append(f"free: version must be one of {', '.join(VERSIONS)} and licence short text; both left out")
        version, licence = "", ""
    return FreeCopy(safe_url(url), version, licence)


def _cites(found: Any, said: list[str]) -> tuple[str, ...]:
    if found is None:
        return ()
    if not isinstance(found, list) or len(found) > CITES or not all(isinstance(k, str) and len(k) <= NAME_LENGTH for k in found):
        said.append(f"cites is not a list of at most {CITES} entry keys, left out")
        return ()
    return tuple(sorted({sys.intern(key) for key in found}))  # a key cited by many entries held once


def as_data(found: Enrichment) -> dict[str, Any]:
    """One entry as the file holds it: only what is known, always in the same order."""
    data: dict[str, Any] = {}
    if found.openalex:
        data["openalex"] = found.openalex
    if found.cited_by_count is not None:
        data["cited_by_count"] = found.cited_by_count
    if found.read:
        data["read"] = found.read
    if found.free:
        data["free"] = {k: v for k, v in (("url", found.free.url), ("version", found.free.version),
                                           ("licence", found.free.licence)) if v}
    if found.cites:
        data["cites"] = list(found.cites)
    return data


HEADER = ("# Written by `make enrich` from OpenAlex: citations between the papers of the library, free copies,\n"
          "# citation counts. Review it like the rest of bib/; the build shows it and never asks OpenAlex.\n")


def dump(enrichment: dict[str, Enrichment]) -> str:
    """The file's text: keys sorted, one block an entry, so that a change shows as a change of its lines."""
    data = {key: as_data(value) for key, value in sorted(enrichment.items())}
    return HEADER + (yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100) if data else "{}\n")
