"""LaTeX to Unicode: what real exports hold must never reach a page as markup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pybtex.textutils import normalize_whitespace

from digest.charset import clean_text
from digest.library.latex import is_plain, to_text, to_url


@pytest.mark.parametrize(("value", "text"), [
    (r"{\"u}ber", "über"),
    (r"\'{e}t\'e", "été"),
    (r"{\v{s}}koda {\c{c}}a", "škoda ça"),
    (r"Stra\ss e", "Straße"),
    (r"{\~n}", "ñ"),
    (r"\emph{in vivo}", "in vivo"),
    (r"{$\gamma$}-aminobutyric", "γ-aminobutyric"),
    (r"{\textless}i{\textgreater}In Situ{\textless}/i{\textgreater}", "In Situ"),
    (r"{$<$}p{$>$}", "<p>"),
    (r"1--2 --- 3", "1–2 — 3"),
    (r"{{Double}} {{Braced}}", "Double Braced"),
    (r"50{\%} of {\_}x \& y", "50% of _x & y"),
    (r"\copyright{} 2020", "© 2020"),
    (r"``quoted''", "“quoted”"),
    # Mendeley escapes the LaTeX of abstracts a second time.
    (r"of the $\backslash$textit{\{}C. elegans{\}} with {\$}253{\$} neurons", "of the C. elegans with 253 neurons"),
    (r"with {\$}\backslashtau\backslashin[0, 1]{\$}", "with τ∈[0, 1]"),
    (r"costs \$15.00", "costs $15.00"),
])
def test_to_text(value: str, text: str) -> None:
    assert to_text(value) == text


def test_to_url_keeps_dashes_and_tildes() -> None:
    assert to_url(r"\url{https://x.org/~a--b\_c}") == "https://x.org/~a--b_c"


@settings(max_examples=2000)
@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x3000)))
def test_a_tidy_value_with_no_latex_is_shown_as_it_is(value: str) -> None:
    """bibfiles._entry shows such a value without reading it again: what to_text and clean_text give it."""
    value = normalize_whitespace(value)
    tidy, removed = clean_text(value)
    if removed or not is_plain(tidy):
        return
    assert clean_text(to_text(tidy))[0] == tidy
