"""Budgets on what contributors write: no single input may cost the build more than about a second.

Each limit is far above what a real digest, page or vocabulary holds, and far below what makes
Markdown, YAML or "did you mean" slow (measured: 25,000 unmatched ``[`` took Markdown 70 s; a list
nested 1,000 deep overflowed its recursion; ten YAML aliases nested took 3 GB). What is over a
limit is reported at its line and shown as plain text, never processed.
"""

from __future__ import annotations

import html
import re

NAME_LENGTH = 100
"""Longest key, topic slug or file name (without its suffix) that becomes a path or URL."""
FRONT_MATTER_BYTES = 64 * 1024
"""A digest's (or page's) front matter."""
VOCABULARY_BYTES = 4 * 1024 * 1024
"""``bib/topics.yml`` and ``bib/status.yml`` (status.yml holds a few lines an entry)."""
FIELD_LENGTH = 2000
"""Longest front matter string (a teaser is a sentence)."""
LIST_LENGTH = 100
"""Most items in a front matter list (topics, contributors)."""
MARKDOWN_BYTES = 200 * 1024
"""A digest body or hand-written page: larger ones are reported and shown as plain text."""
BRACKETS_PER_BLOCK = 500
"""``[`` in one paragraph: Markdown's inline parsing is quadratic in the unmatched ones."""
BRACKETS = 5000
"""``[`` in a whole text."""
UNCLOSED_TAGS = 300
"""``<`` with no ``>`` before the next ``<``: Markdown's HTML parser looks for the end of each to the end of the text."""
NESTING = 25
"""Lists and quotes nested deeper than this (Markdown recurses once a level)."""
SUGGESTIONS = 50
""""Did you mean" look-ups in one run: each compares a word with every key (milliseconds at 20,000 keys)."""

_CONTAINER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
_UNCLOSED = re.compile(r"<[^<>]*(?=<|\Z)")


def nesting(line: str) -> int:
    """How deep the lists and block quotes that open ``line`` nest (markers, and indentation before one)."""
    depth, position = 0, 0
    while True:
        found = _CONTAINER.match(line, position)
        if not found:
            return depth
        indent = found.group(0)[: len(found.group(0)) - len(found.group(0).lstrip(" \t"))]
        depth += 1 + len(indent.expandtabs(4)) // 4
        position = found.end()


def markdown_budget(text: str) -> list[tuple[int, str]]:
    """What in ``text`` is over a Markdown budget, as (line in ``text``, what): empty when it may be rendered."""
    if len(text.encode("utf-8", "surrogatepass")) > MARKDOWN_BYTES:
        return [(1, f"the text is over {MARKDOWN_BYTES // 1024} KB")]
    unclosed = len(_UNCLOSED.findall(text))
    if unclosed > UNCLOSED_TAGS:
        return [(1, f"over {UNCLOSED_TAGS} '<' that no '>' closes")]
    total = {"[": 0}
    block = {"[": 0}
    block_line, fence = 1, ""
    for number, line in enumerate(text.split("\n"), start=1):
        opening = _FENCE.match(line)
        if opening and (not fence or opening.group(1) == fence):
            fence = "" if fence else opening.group(1)
            continue
        if fence:
            continue
        if not line.strip():
            block, block_line = {"[": 0}, number + 1
            continue
        if nesting(line) > NESTING:
            return [(number, f"lists or quotes nested more than {NESTING} deep")]
        for char in total:
            count = line.count(char)
            block[char] += count
            total[char] += count
            if block[char] > BRACKETS_PER_BLOCK:
                return [(block_line, f"over {BRACKETS_PER_BLOCK} '{char}' in one paragraph")]
            if total[char] > BRACKETS:
                return [(number, f"over {BRACKETS} '{char}' in the text")]
    return []


def as_plain_text(text: str) -> str:
    """``text`` as Markdown that shows it as it is: one line of raw HTML, a ``<pre>`` of the escaped text
    (no tag, no blank line, no Markdown inside: linear for Markdown's HTML parser and for the sanitizer)."""
    return "<pre>" + html.escape(text).replace("\n", "&#10;") + "</pre>\n"
