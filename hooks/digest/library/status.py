"""What the registries say happened to a paper after it was published: retracted, corrected, of concern.

``make verify`` writes it to ``bib/status.yml`` (a file reviewed in pull requests like the rest of
``bib/``), so that every build shows it offline and reproducibly: a notice on the entry's page, a
mark in every list and in search results.

    zanos2016:
      status: corrected            # retracted | corrected | expression-of-concern
      notice: 10.1038/nature17998x # the DOI of the notice
      date: 2017-01-04
      source: Crossref
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from digest.library import yamlfiles
from digest.limits import FIELD_LENGTH
from digest.problems import Problem
from digest.urls import doi_url

KINDS = {"retracted": "Retracted", "expression-of-concern": "Expression of concern", "corrected": "Corrected"}
"""Status -> the word a reader sees, the gravest first."""


@dataclass(frozen=True)
class Status:
    """One paper's status and the notice that gives it."""

    kind: str
    notice: str = ""
    """The notice's DOI (or a link)."""
    date: str = ""
    source: str = ""

    @property
    def label(self) -> str:
        return KINDS.get(self.kind, self.kind)

    @property
    def href(self) -> str:
        if self.notice.lower().startswith(("http://", "https://")):
            return self.notice
        return doi_url(self.notice) if self.notice else ""


def read(file: Path, path: str) -> tuple[dict[str, Status], list[Problem]]:
    """The statuses of ``file`` by entry key (none when the file does not exist)."""
    if not file.exists():
        return {}, []
    data, lines, problems, read = yamlfiles.read_file(file, path, "run make verify to write it again", "status")
    if not read:
        return {}, problems
    found: dict[str, Status] = {}
    for key, value in (data or {}).items() if isinstance(data, dict) else []:
        kind = value.get("status") if isinstance(value, dict) else None
        if kind not in KINDS or not isinstance(key, str):
            hint = f"use one of {', '.join(KINDS)} (make verify writes this file)"
            message = f"{str(key)[:100]}: status {str(kind)[:40]!r} is not one this site knows"
            problems.append(Problem(path, lines.get(str(key)), message, hint, "status"))
            continue
        parts = [value.get(name) or "" for name in ("notice", "date", "source")]
        if not all(isinstance(part, (str, int, float)) and len(str(part)) <= FIELD_LENGTH for part in parts):
            message = f"{key}: its notice, date or source is not short text"
            problems.append(Problem(path, lines.get(key), message, "run make verify to write it again", "status"))
            continue
        found[key] = Status(kind, *(str(part) for part in parts))
    return found, problems


def write(file: Path, statuses: dict[str, Status]) -> None:
    """``bib/status.yml``, keys in order, written by a serializer."""
    header = ("# Written by `make verify` from Crossref and PubMed: papers retracted, corrected or under an\n"
              "# expression of concern since publication. Review it like the rest of bib/; the build shows it.\n")
    data = {key: {"status": s.kind, "notice": s.notice, "date": s.date, "source": s.source}
            for key, s in sorted(statuses.items())}
    file.write_text(header + (yaml.safe_dump(data, sort_keys=False, allow_unicode=True) if data else "{}\n"), encoding="utf-8")
