"""An edited digest's page shown before `mkdocs serve` has rebuilt the site.

``mkdocs serve`` rebuilds the whole site after every save, and tells the browser to reload only when
that is done: seconds at tens of thousands of entries. Most saves while writing change a digest's
text and nothing else. For those, the hook (``on_serve``) first makes the entry's page from the
previous build with the new digest, writes it, and lets the browser reload; the full rebuild follows
as always, and if it writes that page differently (the edit also changed what other files say, or
something else changed at the same time) the browser reloads once more.

Here: which digests changed since the last build (a snapshot of the folder), and the entries with
their new digest, when nothing but the text of existing digests changed.
"""

from __future__ import annotations

import copy
import os
from pathlib import Path

from digest.library.digestfiles import read_digest
from digest.library.loader import relative
from digest.model import Digest, Entry

Snapshot = dict[str, tuple[int, int]]
"""A folder's ``.md`` files by name: modification time (ns) and size."""


def snapshot(folder: Path) -> Snapshot:
    """The ``.md`` files of ``folder`` (not its subfolders), as :data:`Snapshot` (none: no folder)."""
    found: Snapshot = {}
    try:
        with os.scandir(folder) as listing:
            for item in listing:
                if item.name.endswith(".md") and item.is_file(follow_symlinks=False):
                    stat = item.stat(follow_symlinks=False)
                    found[item.name] = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        return {}
    return found


def changed(before: Snapshot, now: Snapshot) -> list[str]:
    """The names of the files changed from ``before`` to ``now``; none when a file was added or
    removed (a new or deleted entry page changes lists: that is the full rebuild's to show)."""
    if before.keys() != now.keys():
        return []
    return sorted(name for name, stamp in now.items() if before[name] != stamp)


def _front(digest: Digest) -> tuple[object, ...]:
    """All of ``digest`` but its text: what its front matter gave, and where its text starts."""
    return (digest.body_line, digest.topics, digest.date, digest.contributors, digest.teaser, digest.full_text,
            repr(digest.study), digest.changes, digest.lines, digest.study_lines, digest.refused)


def edited_entries(entries: dict[str, Entry], folder: Path, root: Path, names: list[str]) -> list[Entry]:
    """Each entry whose digest ``folder/<name>`` is among ``names``, with the digest as it is now
    (its other fields as in ``entries``); none at all unless every one of them is a digest of an
    entry that had one, read without a problem, whose front matter did not change."""
    out = []
    for name in names:
        key = name[:-3]
        entry = entries.get(key)
        if entry is None or entry.digest is None:
            return []
        file = folder / name
        digest, problems = read_digest(file, relative(file, root), key)
        if problems or _front(digest) != _front(entry.digest) or digest.body == entry.digest.body:
            return []
        edited = copy.copy(entry)
        edited.__dict__.pop("signature", None)  # it covers the digest
        edited.digest = digest
        out.append(edited)
    return out
