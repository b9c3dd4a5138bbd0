"""The JSON-LD of an entry holds no control character and no lone surrogate (references/meta._printable)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from digest.charset import xml_text
from digest.references.meta import _printable

TEXT = st.text(st.sampled_from(["a", "é", "\\", " ", "\t", "\n", "\r", "\x00", "\x1b", "\x7f", "\x85", "\x9f", "\xa0",
                                "\u2028", "\ud800", "\udfff", "\ufffd", "\ufffe", "\uffff", "'", '"']), max_size=6)
DATA = st.recursive(st.one_of(TEXT, st.integers(), st.none()),
                    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(TEXT, inner, max_size=3)), max_leaves=8)


def _each(data: Any) -> Any:
    if isinstance(data, str):
        return xml_text(data)
    if isinstance(data, dict):
        return {key: _each(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_each(value) for value in data]
    return data


@given(DATA)
def test_every_string_is_made_printable(data: Any) -> None:
    assert _printable(data) == _each(data)


def test_every_character_xml_text_changes_is_one_repr_escapes() -> None:
    """The shortcut's ground: a character xml_text removes or replaces shows as a backslash in a repr."""
    for code in range(0x110000):
        char = chr(code)
        if xml_text(char) != char:
            assert "\\" in repr(char), hex(code)
