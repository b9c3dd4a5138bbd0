"""What the site ships for its download buttons: the corpus files and the records scripts.

The files are written by ``references.formats``; this module names where the site puts them, and packs
each entry's .bib and .ris records into the scripts from which the browser makes an entry's, a topic's
or the library's files (``site/scripts/records.js``). The pages read the download vocabulary from here
alone, so the formats' names the site uses are listed in ``__all__`` with this module's own.
"""

from __future__ import annotations

import base64
import json
import re
import zlib
from collections.abc import Iterable

from digest.model import Entry
from digest.references.formats import FORMATS, MODULES, WRITERS, chunks, record, write

__all__ = ["FORMATS", "MODULES", "RECORDS_DIR", "RECORDS_LEVEL", "SHARD", "WRITERS", "chunks", "packed_script",
           "read_records_script", "record", "records_script", "records_src", "site_export", "write"]

RECORDS_DIR = "assets/records"
SHARD = 500
"""Entries a records script holds: a topic's reading list loads only the scripts of its entries."""


def records_src(shard: int) -> str:
    """Where the site puts the records script of ``shard``."""
    return f"{RECORDS_DIR}/{shard}.js"


RECORDS_LEVEL = 1
"""zlib level of the records scripts: level 1 packs the records 3 to 5 times (base64 included) in a
fifth of the time of level 6, which packs them only a fifth smaller again."""


def records_script(shard: int, entries: Iterable[Entry], keep: bool = True) -> str:
    """A script that sets ``window.digestRecords[shard]`` to the .bib and .ris records of ``entries``
    (a shard of the library, in library order) as JSON, deflated (zlib) and base64-encoded.

    An entry's .bib and .ris, a topic's reading list and the whole library's files are made from
    these in the browser (site/scripts/records.js, which inflates them with the browser's own
    ``DecompressionStream``), so no file repeats the records; a script, not a JSON file, because a
    ``<script>`` element loads it from ``file://`` where ``fetch`` may not. Deflated, because nothing
    serves these files compressed inside the offline copy, and because GitHub Pages counts a site's
    bytes as written: they were a sixth of the site. ``keep``: whether the records made are kept for
    the next call (formats.record)."""
    return packed_script(shard, [[record("bib", entry, keep=keep), record("ris", entry, keep=keep)] for entry in entries])


def packed_script(shard: int, rows: list[list[str]]) -> str:
    """The records script of ``shard`` holding ``rows`` (each entry's .bib and .ris record)."""
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packed = base64.b64encode(zlib.compress(data, RECORDS_LEVEL)).decode("ascii")
    return f'window.digestRecords=window.digestRecords||{{}};window.digestRecords[{shard}]="{packed}";\n'


def read_records_script(text: str) -> list[list[str]]:
    """The records a script written by :func:`records_script` holds, for tests and tools."""
    match = re.search(r'window\.digestRecords\[\d+\]="([A-Za-z0-9+/=]*)";\s*$', text)
    if not match:
        raise ValueError("not a records script written by records_script")
    return json.loads(zlib.decompress(base64.b64decode(match.group(1))))  # type: ignore[no-any-return]


def site_export(ext: str) -> str:
    """Where the site puts the file of every entry in format ``ext``."""
    return f"exports/all.{ext}"
