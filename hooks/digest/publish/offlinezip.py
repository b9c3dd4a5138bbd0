"""The offline copy of the site as one zip, and where it is published.

``make offline-zip`` builds the site with ``.html`` links into ``site-offline/``, zips it with
:func:`write_zip` into ``dist/digests-offline.zip``, then builds the hosted site with ``OFFLINE_ZIP``
naming that zip. The hook then asks :func:`place` where the zip goes:

* up to 50 MB (:data:`IN_SITE_LIMIT`), into the site (``download/digests-offline.zip``), which the
  footer links to;
* over it (a large library), out of the site: the footer links to a release asset of the repository
  (``OFFLINE_ZIP_URL``, which the deploy workflow sets and uploads the zip to). GitHub refuses a pushed
  file over 100 MB (``mkdocs gh-deploy``) and warns past 50 MB, and the zip would take room the site
  needs: a published site keeps every file under 50 MB.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass
from pathlib import Path

from digest.publish.sitesize import MB

IN_SITE = "download/digests-offline.zip"
"""Where the zip goes in the hosted site when it is kept there."""
IN_SITE_LIMIT = 50 * MB
"""The largest zip kept in the site (GitHub warns of a pushed file past 50 MB and refuses one past 100 MB)."""
LEFT_OUT = (".map",)
"""Files the offline copy leaves out: the theme's JavaScript source maps, which only a developer's tools read."""
STAMP = (2020, 1, 1, 0, 0, 0)
"""Every file's date in the zip, so that the same site makes the same bytes (and no needless upload)."""


def write_zip(folder: Path, dest: Path, level: int = 9) -> int:
    """Zip ``folder`` (as ``<folder name>/...``) into ``dest`` with deflate at ``level``; its bytes.

    Deflate, which every unzip tool reads (Windows Explorer, macOS Archive Utility); level 9 takes
    a few per cent off level 6 on this HTML for a few seconds more. Files in sorted order with a fixed
    date: the same site gives the same zip."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    partial = dest.with_name(dest.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for path in sorted(_files(folder)):
            info = zipfile.ZipInfo(f"{folder.name}/{path.relative_to(folder).as_posix()}", STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=level)
    os.replace(partial, dest)
    return dest.stat().st_size


def _files(folder: Path) -> list[Path]:
    return [Path(root) / name for root, _, names in os.walk(folder) for name in names if not name.endswith(LEFT_OUT)]


@dataclass(frozen=True)
class Placement:
    """Where the offline zip is published, and the footer's link to it."""

    href: str
    """``download/digests-offline.zip`` (in the site, relative to its root) or an absolute URL."""
    in_site: bool
    size: int
    """The zip's bytes, which the footer shows."""

    @property
    def label(self) -> str:
        return size_label(self.size)


def size_label(n: int) -> str:
    """``87 MB``, ``4 KB``."""
    return f"{n / MB:.0f} MB" if n >= MB else f"{max(1, round(n / 1024))} KB"


def place(zip_path: Path, release_url: str, limit: int | None = None) -> tuple[Placement | None, str]:
    """Where ``zip_path`` is published: in the site up to ``limit`` (:data:`IN_SITE_LIMIT`), else at
    ``release_url``. Returns (placement, problem); the problem says what to do when the zip is missing
    or has no place."""
    limit = IN_SITE_LIMIT if limit is None else limit
    if not zip_path.is_file():
        return None, f"the offline zip {zip_path} does not exist; make it with `make offline-zip`"
    size = zip_path.stat().st_size
    if size <= limit:
        return Placement(IN_SITE, True, size), ""
    if not release_url:
        return None, (f"the offline zip {zip_path} is {size_label(size)}, over the {size_label(limit)} a file of the site "
                      "may be; set OFFLINE_ZIP_URL to where it is published (the deploy workflow uploads it as a release "
                      "asset and sets it)")
    return Placement(release_url, False, size), ""
