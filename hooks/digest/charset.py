"""What characters contributor text may hold: no lone surrogates, no C0/C1 controls but tab and newline.

Lone surrogates cannot be written as UTF-8 (an output that meets one raises); controls make XML
ill-formed and can rewrite what a terminal or a CI log shows. They are removed at the door, each
removal reported where it was found.
"""

from __future__ import annotations

import re

BAD_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
HINT = "delete it (text may not hold control characters or lone surrogates; write characters, not escapes)"


def describe(text: str) -> str:
    """What is wrong with ``text``, e.g. "a lone surrogate U+D800" ("" when nothing is)."""
    char = BAD_CHARACTERS.search(text)
    if char is None:
        return ""
    code = ord(char.group())
    kind = "a lone surrogate" if 0xD800 <= code <= 0xDFFF else "a control character"
    return f"{kind} U+{code:04X}"


def clean_text(text: str) -> tuple[str, str]:
    """``text`` without what no text may hold, and what was wrong ("" when nothing was)."""
    if not BAD_CHARACTERS.search(text):
        return text, ""
    return BAD_CHARACTERS.sub("", text), describe(text)


_NOT_XML_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff"
_SURROGATE_CHARS = "\ud800-\udfff"
_NOT_XML = re.compile(f"[{_NOT_XML_CHARS}]")
_SURROGATE = re.compile(f"[{_SURROGATE_CHARS}]")
_NOT_XML_OR_SURROGATE = re.compile(f"[{_NOT_XML_CHARS}{_SURROGATE_CHARS}]")


def xml_text(text: str) -> str:
    """``text`` with only characters an XML 1.0 document may hold: ElementTree escapes markup but writes
    a control character (U+0001 in a title) as it is, which makes the whole feed ill-formed. C0 and C1
    controls (discouraged by XML 1.0) are dropped, a lone surrogate replaced."""
    if _NOT_XML_OR_SURROGATE.search(text) is None:  # nearly always: one scan, no copy
        return text
    return _SURROGATE.sub("\ufffd", _NOT_XML.sub("", text))
