"""What reading a source file gave, kept between the builds of one process and keyed by content.

``mkdocs serve`` rebuilds the whole site after every edit, re-running the hook module but keeping
this package imported: a module-level cache lives on from build to build. A file whose bytes have
not changed is not parsed again (BibTeX and YAML cost about half a millisecond an entry); its last
result is handed out again. The key is the content's hash, not the modification time, which is
too coarse to see an edit made in the same few milliseconds as the previous build.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


class ContentCache:
    """One result per (what, file, arguments), valid while the file's bytes are the same."""

    def __init__(self) -> None:
        self._results: dict[tuple[Hashable, ...], tuple[bytes, Any]] = {}
        self.misses = 0
        """How many times a result had to be computed (for tests and the benchmark)."""

    def get(self, file: Path, read: Callable[[], T], *args: Hashable) -> T:
        """``read()``'s result for ``file``, computed again only when the file has changed.

        ``args`` are whatever else the result depends on (how messages name the file, the
        function); results must be treated as read-only, or copied before they are changed.
        """
        try:
            digest = hashlib.blake2b(file.read_bytes(), digest_size=16).digest()
        except OSError:
            return read()
        slot = (str(file), *args)
        found = self._results.get(slot)
        if found is not None and found[0] == digest:
            return found[1]  # type: ignore[no-any-return]
        self.misses += 1
        result = read()
        self._results[slot] = (digest, result)
        return result

    def clear(self) -> None:
        self._results.clear()


files = ContentCache()
"""The cache the library reads through."""
