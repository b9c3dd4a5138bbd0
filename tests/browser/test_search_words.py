"""The script's words are the index's words: digest-search.js folds, splits, spells and stems as
hooks/digest/searchtext.py does, on every word of the starter fixture and on hard cases."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from conftest import SITES
from digest.search.words import fold, term, tokens

HARD = ["Cubała", "Østergaard", "Weiß", "Ἀθῆναι", "ΟΔΟΣ", "γ-aminobutyric", "¹H-MRS", "(2R,6R)-HNK", "TRANSFORM-2",
        "randomised", "randomisations", "analysed", "behavioural", "haemoglobin", "oedema", "diarrhoea", "signalling",
        "modelled", "centres", "sulphate", "ageing", "judgement", "programmes", "licence", "catalogues", "agreed",
        "generalizations", "hopping", "filing", "controlling", "happy", "sky", "yelling", "ﬁnding", "naïve", "Æther",
        "x", "ies", "eed", "sses", "yy", "syzygy", "mice", "analyses", "aetiology", "µg", "Dvořák", "Garcı́a"]


def _words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in (SITES / "starter").rglob("*") if p.is_file())
    return sorted(set(re.findall(r"[^\s]+", text))) + HARD


def test_script_and_builder_make_the_same_words(page: Any, offline_site: Path) -> None:
    page.goto((offline_site / "index.html").as_uri())
    words = _words()
    assert len(words) > 2000
    got = page.evaluate("""words => words.map(w => {
        const s = window.digestSearchWords;
        return [s.fold(w), s.tokens(w), s.tokens(w).map(s.term)];
    })""", words)
    expected = [[fold(w), tokens(w), [term(t) for t in tokens(w)]] for w in words]
    differ = [(w, g, e) for w, g, e in zip(words, got, expected, strict=True) if g != e]
    assert differ == []
