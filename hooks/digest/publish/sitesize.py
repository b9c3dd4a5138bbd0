"""``make site-size``: does the built site fit GitHub Pages, and if not, what is taking the room?

GitHub Pages refuses published sites over 1 GB, and a push refuses any file over 100 MB. The deploy
workflow runs this on ``site/`` before uploading it, so that a library grown too large fails early
with the largest parts named, instead of failing (or half-deploying) after the upload.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024
SITE_LIMIT = 1024 * MB
"""GitHub Pages' documented limit for a published site."""
FILE_LIMIT = 100 * MB
"""GitHub refuses a pushed file over 100 MB (`mkdocs gh-deploy`); the artifact upload is kept to it too."""


@dataclass(frozen=True)
class Size:
    """The bytes and files of a built site, by part."""

    total: int
    files: int
    parts: list[tuple[str, int]]
    """(top-level folder or file of the site, bytes), largest first: ``digests``, ``exports``, ..."""
    subparts: list[tuple[str, int]]
    """The same one level down: ``exports/all.json``, ``assets/records``, ..."""
    largest: list[tuple[str, int]]
    """(file, bytes) of the largest files, largest first."""


def measure(site: Path, top: int = 6) -> Size:
    """Walk ``site`` once: totals, the largest parts one and two levels deep, the largest files."""
    parts: Counter[str] = Counter()
    subparts: Counter[str] = Counter()
    files: list[tuple[str, int]] = []
    for folder, _, names in os.walk(site):
        for name in names:
            path = Path(folder) / name
            size = path.stat().st_size
            relative = path.relative_to(site).as_posix()
            steps = relative.split("/")
            parts[steps[0]] += size
            subparts["/".join(steps[:2])] += size
            files.append((relative, size))
    files.sort(key=lambda f: -f[1])
    return Size(sum(parts.values()), len(files), parts.most_common(top), subparts.most_common(top), files[:top])


def report(size: Size, site_limit: int = SITE_LIMIT, file_limit: int = FILE_LIMIT) -> tuple[list[str], bool]:
    """Lines to print, and whether the site fits both limits."""
    lines = [f"site: {size.total / MB:.1f} MB in {size.files:,} files (GitHub Pages takes at most {site_limit / MB:.0f} MB)"]
    lines += ["largest parts:"] + [f"  {part}: {n / MB:.1f} MB" for part, n in size.parts]
    lines += ["within them:"] + [f"  {part}: {n / MB:.1f} MB" for part, n in size.subparts]
    lines += ["largest files:"] + [f"  {path}: {n / MB:.1f} MB" for path, n in size.largest]
    ok = True
    if size.total > site_limit:
        ok = False
        lines.append(f"error: the site is {size.total / MB:.0f} MB, over the {site_limit / MB:.0f} MB GitHub Pages serves; "
                     "make the largest parts above smaller (or move the offline zip out of the site) before deploying")
    for path, n in size.largest:
        if n > file_limit:
            ok = False
            lines.append(f"error: {path} is {n / MB:.0f} MB, over the {file_limit / MB:.0f} MB GitHub takes for one file; "
                         "publish it elsewhere (a release asset) or split it")
    return lines, ok
