"""What characters contributor text may hold (digest/charset.py)."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from digest.charset import xml_text

NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
SURROGATE = re.compile("[\ud800-\udfff]")
TEXT = st.text(st.sampled_from(["a", "é", "\t", "\n", "\r", "\x00", "\x0b", "\x1f", "\x7f", "\x85", "\x9f", "\xa0",
                                "\ud800", "\udfff", "\ufffd", "\ufffe", "\uffff", "\U0001f600"]))


@given(TEXT)
def test_xml_text_drops_controls_and_replaces_lone_surrogates(text: str) -> None:
    assert xml_text(text) == SURROGATE.sub("\ufffd", NOT_XML.sub("", text))


def test_text_with_nothing_to_drop_is_the_same_text() -> None:
    text = "Esketamine\tnasal spray\n(Spravato®) — ≥ 50 % 😀"
    assert xml_text(text) is text
