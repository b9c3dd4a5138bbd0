"""A value on one line for the formats whose records end at a line break (references/parts.one_line)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digest.references.parts import one_line

CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f]")
SURROGATE = re.compile("[\ud800-\udfff]")
TEXT = st.text(st.sampled_from(["a", "é", " ", "\t", "\n", "\r", "\x0b", "\x00", "\x1b", "\x1c", "\x7f", "\x85", "\x9f",
                                "\xa0", "\u2028", "\ud800", "\udfff", "\ufffd"]))


@given(TEXT)
def test_spacing_made_one_controls_dropped_lone_surrogates_replaced(text: str) -> None:
    assert one_line(text) == " ".join(CONTROL.sub("", SURROGATE.sub("\ufffd", text)).split())
