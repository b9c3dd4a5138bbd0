"""Problems found in contributed content, each with a place and a remedy.

Every message reads ``path:line: what is wrong; what to do`` so that a contributor can act on it
from a pull request without knowing the tooling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content.

    ``kind`` names the check (``bibtex-syntax``, ``unknown-topic`` ...) so that tests and CI
    annotations can tell problems apart; ``line`` is ``None`` when a whole file is concerned.
    """

    path: str
    line: int | None
    message: str
    hint: str
    kind: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}; {self.hint}"


def read_utf8(file: Path, path: str, hint: str = "save it as UTF-8") -> tuple[str, list[Problem]]:
    """The text of ``file``; bytes that are not UTF-8 are a problem at their line and are replaced,
    so that the rest of the file is still read."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return data.decode("utf-8", errors="replace"), [Problem(path, line, "the file is not UTF-8", hint, "encoding")]
