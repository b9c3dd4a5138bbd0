"""The evidence page, ``evidence/``: every study of the library in one table, filtered by topic,
design, species, year and participants, and downloaded as shown (CSV, JSON) in the browser; with the
whole library's ``evidence.csv`` and ``evidence.json``. Template: ``templates/evidence.html`` (the
view as ``evidence``).

The page holds its first :data:`FIRST_ROWS` rows; every study is in the evidence scripts
(``assets/evidence/<n>.js``, :data:`SHARD` studies each), which site/scripts/evidence.js loads only
when the reader first sorts, filters or asks for more.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import partial
from typing import Any

from digest.library.study import Study, summary
from digest.model import Entry
from digest.site import studies
from digest.site.pages.maker import PageMaker, PageOut
from digest.site.pieces import Pieces, View

FIRST_ROWS = 100
SHARD = 1000
SCRIPTS_DIR = "assets/evidence"
FILES = {"csv": "evidence/evidence.csv", "json": "evidence/evidence.json"}


def pages(maker: PageMaker) -> Iterator[PageOut]:
    """The evidence page, when the library has a study."""
    if maker.lib.studies:
        yield maker.page(studies.PAGE, "evidence.html", "evidence", partial(view, maker), lambda: {"title": "Evidence"},
                         "Evidence", partial(signature, maker.pieces), in_nav=True)


def found(pieces: Pieces) -> list[tuple[Entry, Study]]:
    """Every (entry, study), strongest design first, then the largest."""
    lib = pieces.lib
    pairs = [(lib.entries[key], study) for key, study in lib.studies.items() if key in lib.entries]
    return sorted(pairs, key=lambda p: (p[1].design.rank if p[1].design else 99, -(p[1].participants or 0), p[0].key))


def signature(pieces: Pieces) -> int:
    pairs = found(pieces)
    return hash((pieces.list_signature([e for e, _ in pairs]), tuple(s for _, s in pairs), tuple(pieces.lib.topics.values())))


def view(maker: PageMaker) -> View:
    here, links = studies.PAGE, maker.links
    pairs = found(maker.pieces)
    rows = [studies.row(e, s, links.rel(here, maker.pieces.entry_src(e.key))) for e, s in pairs]
    used = {slug for entry, _ in pairs for slug in entry.topics}
    topics = sorted((t for t in maker.lib.topics.values() if t.slug in used), key=lambda t: t.name.lower())
    return {"count": len(rows), "summary": summary([s for _, s in pairs]),
            "files": [{"href": links.file(here, path), "format": ext} for ext, path in FILES.items()],
            "table": {"rows": rows[:FIRST_ROWS], "summary": summary([s for _, s in pairs]), **studies.choices(rows),
                      "topics": [{"slug": t.slug, "name": t.name} for t in topics],
                      "shards": -(-len(rows) // SHARD), "base": links.file(here, SCRIPTS_DIR) + "/",
                      "columns": " ".join(studies.COLUMNS)}}


def records(pieces: Pieces) -> list[dict[str, Any]]:
    """Every study as the evidence files and scripts hold it, links from the evidence page."""
    here, links = studies.PAGE, pieces.links
    out = []
    for entry, study in found(pieces):
        href = links.rel(here, pieces.entry_src(entry.key))
        out.append({**studies.record(entry, study, links.url(pieces.entry_src(entry.key))),
                    **studies.row(entry, study, href)})
    return out


def shard_script(shard: int, rows: list[dict[str, Any]]) -> str:
    """``window.digestEvidence[shard] = [...]``: JSON, every non-ASCII character and ``<`` escaped (no
    text can end a script element, should the file ever be inlined)."""
    data = json.dumps(rows, ensure_ascii=True, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.digestEvidence = window.digestEvidence || {{}};\nwindow.digestEvidence[{shard}] = {data};\n"
