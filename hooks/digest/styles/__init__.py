"""Citation styles. A style turns an entry into a :data:`Parts` list; ``render`` makes HTML or text.

Styles never know about pages or HTML: they return text parts marked italic or linked, and the
pages decide how to show them.
"""

from __future__ import annotations

import html
from dataclasses import dataclass


@dataclass(frozen=True)
class Part:
    """A run of reference text: plain, italic, or a link."""

    text: str
    italic: bool = False
    href: str = ""


Parts = list[Part]


def to_html(parts: Parts) -> str:
    """HTML of a reference, every piece of text escaped."""
    out = []
    for part in parts:
        text = html.escape(part.text)
        if part.italic:
            text = f"<em>{text}</em>"
        if part.href:
            text = f'<a href="{html.escape(part.href)}">{text}</a>'
        out.append(text)
    return "".join(out)


def to_plain(parts: Parts) -> str:
    """The reference as plain text, as a reader would paste it."""
    return "".join(part.text for part in parts)
