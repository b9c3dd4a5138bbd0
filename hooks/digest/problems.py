"""Problems found in contributed content, each with a place and a remedy.

Every message reads ``path:line: what is wrong; what to do`` so that a contributor can act on it
from a pull request without knowing the tooling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_COMMAND = re.compile(r"^(\s*)(::|##\[)")


def log_line(text: str) -> str:
    """``text`` as one line of a log that a CI runner reads as text, never as a workflow command:
    line breaks and other control characters (ANSI escapes too) shown as ``\\n``, ``\\x1b``..., and a
    line that would start with ``::`` (or the runner's older ``##[``) led by a backslash."""
    shown = _CONTROL.sub(lambda m: repr(m.group())[1:-1], text)
    return _COMMAND.sub(r"\1\\\2", shown)


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
        """The problem as it is printed everywhere (the build's log, ``make check``, CI): one line,
        whatever the contributor's text in it holds (:func:`log_line`)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        return log_line(f"{where}: {self.message}; {self.hint}")


def read_utf8(file: Path, path: str, hint: str = "save it as UTF-8") -> tuple[str, list[Problem]]:
    """The text of ``file``; bytes that are not UTF-8 are a problem at their line and are replaced,
    so that the rest of the file is still read."""
    data = file.read_bytes()
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return data.decode("utf-8", errors="replace"), [Problem(path, line, "the file is not UTF-8", hint, "encoding")]
