"""PubMed's title offered where a record's differs only by case (or a final period): `make verify`.

PubMed writes titles in sentence case with proper nouns capitalised, which is what APA 7 prints; a record
from a publisher's export is often in Title Case, and the build's own sentence case cannot decide every
capitalised word (``references/casing.py``). So where the words are the same, PubMed's case is offered,
word by word, except where our casing rules keep the record's: a word the record protects with braces
(kept, and reported: PubMed disagrees, and only a person can say whether the braces are meant), an
acronym, a word with inner capitals or digits, a proper noun the casing module knows. What cannot be
lined up word by word (PubMed writes a word differently) is reported, not offered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from digest.commands.importers import bibtex_text
from digest.references import casing


@dataclass
class Offer:
    """PubMed's title for a record: ``text`` as shown, ``bibtex`` as FIX=1 writes it (the record's braces
    kept); ``kept`` the words our rules keep as the record writes them; ``undecided`` what a person must decide."""

    text: str = ""
    bibtex: str = ""
    kept: list[str] = field(default_factory=list)
    undecided: list[str] = field(default_factory=list)


def _same_letters(ours: str, theirs: str) -> bool:
    return ours.casefold() == theirs.casefold()


def offer(ours: str, raw: str, theirs: str) -> Offer | None:
    """PubMed's title ``theirs`` for our ``ours`` (as shown; ``raw`` as the .bib file writes it), or None
    when they differ in more than case and a final period (then it is a different title, reported as such)
    or not at all."""
    ours, theirs = " ".join(ours.split()), " ".join(theirs.split()).removesuffix(".")
    plain = ours.removesuffix(".")
    if ours == theirs or not _same_letters(plain, theirs):
        if ours != theirs and _words_match(plain, theirs):
            return Offer(undecided=[f"PubMed writes {theirs!r}: the same words, written differently"])
        return None
    protected = casing.protected_words(raw)
    letters = [c for c in plain if c.isalpha()]
    shouting = len(letters) > 12 and all(c.isupper() for c in letters)  # capitals throughout: no acronym to keep
    made = Offer()
    words, raw_words = [], []
    for mine, pubmed in zip(plain.split(" "), theirs.split(" "), strict=True):
        core = _core(mine)
        if mine == pubmed:
            chosen = mine
        elif core in protected:
            chosen = mine
            made.undecided.append(f"{core!r} (the record protects it with braces; PubMed writes {_core(pubmed)!r})")
        elif not shouting and casing.keeps_case(core):
            chosen = mine
            made.kept.append(core)
        else:
            chosen = pubmed
        words.append(chosen)
        raw_words.append("{" + bibtex_text(chosen) + "}" if core in protected else bibtex_text(chosen))
    made.text, made.bibtex = " ".join(words), " ".join(raw_words)
    if made.text == ours:
        made.text = made.bibtex = ""
    return made if made.text or made.undecided else None


def _words_match(ours: str, theirs: str) -> bool:
    fold = re.compile(r"[^0-9a-z]+")
    return fold.sub("", ours.casefold()) == fold.sub("", theirs.casefold())


def _core(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word)
