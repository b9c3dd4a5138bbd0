"""The digest's scripts: one feature a file here, written joined as the one file the pages load.

Classic scripts, not modules, and no bundler: the site must work from ``file://`` (where a browser
runs no module script) and under a Content-Security-Policy of ``script-src 'self'`` and hashes. Joined
in :data:`FEATURES` order into :data:`digest.urls.SCRIPTS` (``assets/digest.js``), they cost a page one
request. ``common.js`` comes first and puts the helpers the others share on ``window.digestCommon``;
each file after it is a function over that object, so no file depends on another's names.

mkdocs.yml names the joined file under ``extra_javascript``, which the pages, the CSP and the trust
of raw files read; a site's own copy under docs/ is reported and not published (library/rawfiles.py).
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).parent
FEATURES = ("common", "scrollers", "maps", "records", "copy", "cite", "share", "evidence", "previews")
"""In the order they run, as they ran in one file: the helpers first; the map measures its pan as
the page was served, before copy and share add to the page; on a resize the scrollers go first."""


def source(feature: str) -> str:
    """The text of one feature's file."""
    return (FOLDER / f"{feature}.js").read_text(encoding="utf-8")


def joined() -> str:
    """Every feature's file, in :data:`FEATURES` order, a blank line between two."""
    return "\n".join(source(feature) for feature in FEATURES)


def signature() -> int:
    """What the joined file holds (the files are read again: an edit shows under `mkdocs serve`)."""
    return hash(joined())
