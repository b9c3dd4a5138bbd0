"""Problems found in contributed content, each with a place and a remedy.

Every message reads ``path:line: what is wrong; what to do`` so that a contributor can act on it
from a pull request without knowing the tooling.
"""

from __future__ import annotations

from dataclasses import dataclass


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
