"""Pandoc-style citations in markdown: ``[@key]``, ``[@a; @b]``, ``[see @key, p. 12]``.

Finding citations (with their lines, for messages and "cited in" backlinks) is separate from
replacing them (which needs to know where each entry's page is), so the first can run over every
page before any page is rendered.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

_FENCE = re.compile(r"^(\s*)(```|~~~)")
_BRACKET = re.compile(r"\[([^\[\]\n]*?(?<![\w.])@[A-Za-z0-9_][^\[\]\n]*)\](?!\(|:)")
_ITEM = re.compile(r"^(?P<prefix>.*?)(?<![\w.])@(?P<key>[A-Za-z0-9_][\w:.#$%&+?<>~/-]*?)(?P<locator>[,.]?\s.*|,.*)?$", re.DOTALL)


@dataclass(frozen=True)
class Cite:
    """One cited key inside a bracket, with what surrounds it."""

    key: str
    prefix: str = ""
    locator: str = ""


@dataclass(frozen=True)
class Citation:
    """One bracketed citation as written, at a line of its file."""

    text: str
    cites: tuple[Cite, ...]
    line: int


def _parse(inner: str) -> tuple[Cite, ...]:
    cites = []
    for item in inner.split(";"):
        match = _ITEM.match(item.strip())
        if not match:
            continue
        key = match.group("key").rstrip(".:")
        locator = (match.group("locator") or "").strip().lstrip(",").strip()
        cites.append(Cite(key, match.group("prefix").strip(), locator))
    return tuple(cites)


def outside_code(markdown: str) -> list[tuple[int, str]]:
    """(line number, line) of every line not inside a fenced code block, inline code blanked."""
    lines, fence = [], ""
    for number, line in enumerate(markdown.split("\n"), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(2) == fence):
            fence = "" if fence else opening.group(2)
            continue
        if not fence:
            lines.append((number, re.sub(r"`[^`]*`", lambda m: " " * len(m.group(0)), line)))
    return lines


def find(markdown: str, first_line: int = 1) -> list[Citation]:
    """Every citation in ``markdown``; lines count from ``first_line`` (kept per text: under
    ``mkdocs serve`` most digests are the same from one build to the next)."""
    return list(_find(markdown, first_line))


@functools.lru_cache(maxsize=65536)
def _find(markdown: str, first_line: int) -> tuple[Citation, ...]:
    found = []
    for number, line in outside_code(markdown):
        for match in _BRACKET.finditer(line):
            cites = _parse(match.group(1))
            if cites:
                found.append(Citation(match.group(0), cites, number + first_line - 1))
    return tuple(found)


def replace(markdown: str, render: Callable[[tuple[Cite, ...]], str]) -> str:
    """``markdown`` with each citation replaced by ``render(cites)`` (code blocks untouched)."""
    out, fence = [], ""
    for line in markdown.split("\n"):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(2) == fence):
            fence = "" if fence else opening.group(2)
        elif not fence and "@" in line:
            line = _replace_line(line, render)
        out.append(line)
    return "\n".join(out)


def _replace_line(line: str, render: Callable[[tuple[Cite, ...]], str]) -> str:
    # Inline code is kept aside so that `[@key]` in backticks stays literal.
    codes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        codes.append(match.group(0))
        return f"\x00{len(codes) - 1}\x00"

    line = re.sub(r"`[^`]*`", keep, line)
    line = _BRACKET.sub(lambda m: render(_parse(m.group(1))) if _parse(m.group(1)) else m.group(0), line)
    return re.sub(r"\x00(\d+)\x00", lambda m: codes[int(m.group(1))], line)
