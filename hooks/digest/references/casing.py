"""The case of titles and journal names as APA 7 prints them (Publication Manual, 6.17 and 9.19-9.25).

Journal names in title case ("The American Journal of Psychiatry"); titles of articles, chapters,
books and reports in sentence case. Records come in every case the exports write (Scholar's
``journal = {science}``, PubMed's "The American journal of psychiatry", publishers' Title Case), so:

- a word is kept as written when the BibTeX protects it with braces (``{Parkinson}``), when it is an
  acronym (``NMDA``), has inner capitals or digits (``mTOR``, ``GluN2B``, ``5-HT2A``), or is a proper
  noun this module knows: :data:`PROPER_NOUNS` or one taught by :func:`learn` (the topic vocabulary);
- a title already in sentence case is left as written (a capital there was meant); only a title in
  Title Case is lowered, and the capitalised words it lowered that no list knows are *undecided*:
  :func:`sentence_case` returns them so that ``make new`` can name them at import time;
- a title in capitals throughout is left as written and is undecided as a whole.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

SMALL_WORDS = frozenset(
    "a al al. an and as at but by de del der des di du en et for from in into la le nor of on or per the to und upon "
    "via von vs vs. with".split())
"""Words a journal name keeps in lower case except at its start or after a colon."""

LOWER_BRANDS = {"npj": "npj", "elife": "eLife", "biorxiv": "bioRxiv", "medrxiv": "medRxiv", "arxiv": "arXiv",
                "eneuro": "eNeuro", "iscience": "iScience", "mbio": "mBio", "psyarxiv": "PsyArXiv"}
"""Journal and server names written with a lower-case start: their own spelling, whatever the record's case."""

PROPER_NOUNS = frozenset("""
Alzheimer Parkinson Huntington Tourette Asperger Down Cushing Addison Hodgkin Crohn Korsakoff Wernicke Broca
Bayes Bayesian Gauss Gaussian Markov Pavlov Pavlovian Freud Freudian Darwin Darwinian Hebb Hebbian Golgi Purkinje
Schwann Ranvier Papez Brodmann Fisher Student Wilcoxon Pearson Spearman Cohen Kaplan Meier Cox Likert Hamilton
Montgomery Åsberg Beck Likert Western Northern Southern Eastern
Africa African America American Americans Asia Asian Australia Australian Europe European Britain British
England English Scotland Scottish Wales Welsh Ireland Irish Canada Canadian China Chinese Japan Japanese Korea
Korean India Indian France French Germany German Italy Italian Spain Spanish Portugal Portuguese Netherlands
Dutch Belgium Sweden Swedish Norway Norwegian Denmark Danish Finland Finnish Switzerland Swiss Austria Austrian
Poland Polish Russia Russian Brazil Brazilian Mexico Mexican Iran Iranian Israel Israeli Turkey Turkish Egypt
Nigeria Kenya Ghana Ethiopia Uganda Pakistan Bangladesh Taiwan Singapore Thailand Vietnam Indonesia Chile
Argentina Colombia Peru Greece Greek Latin Arabic Hispanic Caucasian Medicare Medicaid Covid Ebola Zika
London Paris Berlin Boston Chicago Toronto Sydney Melbourne Beijing Shanghai Tokyo Stockholm Oslo Copenhagen
Amsterdam Zurich Geneva Vienna Munich Madrid Rome Milan Montreal Oxford Cambridge Edinburgh Manchester
Baltimore Pittsburgh Philadelphia California Texas Florida Ontario Quebec Bavaria Scandinavia Scandinavian
Mediterranean Atlantic Pacific Arctic Antarctic Internet Monday Tuesday Wednesday Thursday Friday Saturday
Sunday January February March April May June July August September October November December
""".split())
"""Proper nouns and adjectives kept capitalised in a sentence-case title: eponyms, places, peoples, months.
Add here what the library's records need; a site's own words come from its topic vocabulary (:func:`learn`)."""

_learned: frozenset[str] = frozenset()
_WORD = re.compile(r"^(\W*)(.*?)(\W*)$", re.DOTALL)
_BREAK = re.compile(r"[:?!.]$|^[—–]$")
"""What ends a sentence or clause: the next word starts one (and takes a capital)."""
_POSSESSIVE = re.compile(r"(['’]s|['’])$")


def learn(texts: Iterable[str]) -> None:
    """Take the proper nouns of a site's own prose (topic names, synonyms, descriptions): the words
    written with a capital where a sentence would not put one. Replaces what was learned before, so
    each build teaches its own vocabulary."""
    global _learned
    found: set[str] = set()
    for text in texts:
        words = text.split()
        for index, word in enumerate(words):
            core = _core(word)
            if core[:1].isupper() and index and not _BREAK.search(words[index - 1]):
                found.add(core)
    _learned = frozenset(found)


@functools.lru_cache(maxsize=65_536)
def _core(word: str) -> str:
    """``word`` without surrounding punctuation and a possessive: "(Parkinson's" -> "Parkinson" (the
    words of titles are few and asked of many times)."""
    core = _WORD.match(word).group(2)  # type: ignore[union-attr]
    return _POSSESSIVE.sub("", core)


def protected_words(raw: str) -> frozenset[str]:
    """The words a BibTeX value protects with braces (``{Parkinson}``, ``{{Whole Title}}``), not the
    braces of an accent or command (``{\\"u}``)."""
    if "{" not in raw:  # most values protect nothing
        return frozenset()
    words: set[str] = set()
    depth, start = 0, 0
    for index, char in enumerate(raw):
        if char == "{":
            if depth == 0:
                start = index + 1
            depth += 1
        elif char == "}" and depth:
            depth -= 1
            if depth == 0 and not raw[start:start + 1] == "\\":
                inner = re.sub(r"\\[A-Za-z]+|[{}\\$]", "", raw[start:index])
                words.update(_core(w) for w in inner.split())
    return frozenset(w for w in words if w)


def _keeps(core: str, protected: frozenset[str]) -> bool:
    """Whether a word keeps its case wherever it stands in a title."""
    if core in protected or core in PROPER_NOUNS or core in _learned:
        return True
    return _keeps_by_form(core)


@functools.lru_cache(maxsize=131_072)
def _keeps_by_form(core: str) -> bool:
    """Whether a word keeps its case by its form alone: digits, an acronym or inner capitals in a part."""
    if any(c.isdigit() for c in core):
        return True
    parts = [p for p in re.split(r"[-/–]", core) if p]
    return any(_keeps_part(p) for p in parts)


def keeps_case(word: str) -> bool:
    """Whether a word keeps its case in any title by these rules (acronym, inner capitals or digits,
    a known proper noun); braces, which only the record can say, aside. `make verify` asks it."""
    return _keeps(_core(word), frozenset())


def _keeps_part(part: str) -> bool:
    letters = [c for c in part if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return True  # an acronym
    return any(c.isupper() for c in part[1:])  # inner capitals: mTOR, GluN2B, McEwen


def _cap(word: str) -> str:
    """The first letter of ``word`` in capitals."""
    for index, char in enumerate(word):
        if char.isalpha():
            return word[:index] + char.upper() + word[index + 1:]
    return word


def _title_cased(words: list[str], protected: frozenset[str]) -> bool:
    """Whether most words that could be lower case (not small words, not kept) start with a capital."""
    open_words = [w for w in (_core(w) for w in words[1:]) if w[:1].isalpha() and w.lower() not in SMALL_WORDS
                  and not _keeps(w, protected)]
    capitals = sum(1 for w in open_words if w[:1].isupper())
    return bool(open_words) and capitals * 2 > len(open_words)


def sentence_case(text: str, raw: str = "") -> tuple[str, list[str]]:
    """``text`` in sentence case, and the capitalised words it lowered that no rule could decide.

    ``raw`` is the value as the .bib file writes it, for the words it protects with braces. Each title
    is cased once a vocabulary (APA and Vancouver both ask, and a serve rebuild asks again)."""
    cased, undecided = _sentence_case(text, raw, _learned)
    return cased, list(undecided)


@functools.lru_cache(maxsize=65_536)
def _sentence_case(text: str, raw: str, learned: frozenset[str]) -> tuple[str, tuple[str, ...]]:
    protected = protected_words(raw)
    words = text.split(" ")
    if text.isupper() or not text.isascii():  # in ASCII, isupper is "every letter a capital" (one pass)
        letters = [c for c in text if c.isalpha()]
        if len(letters) > 12 and all(c.isupper() for c in letters):
            return text, (text,)
    if not _title_cased(words, protected):
        return text, ()
    undecided: list[str] = []
    out: list[str] = []
    starts, named = True, False
    for word in re.split(r"( |—)", text):
        core = _core(word)
        named = named or word in ("-", "|")  # "Page title - Site Name": a web page's site, as written
        if word in (" ", "—", "") or named:
            out.append(word)
            starts = starts or word == "—"
            continue
        if starts:
            out.append(word if _keeps(core, protected) else _cap(word))
        elif _keeps(core, protected) or not core[:1].isupper():
            out.append(word)
        else:
            undecided.append(core)
            out.append(_lower_word(word))
        starts = word[-1:] in ":?!"
    return "".join(out), tuple(undecided)


def _lower_word(word: str) -> str:
    """Each hyphenated part in lower case unless it keeps its case ("Treatment-Resistant" -> "treatment-resistant",
    "N-Methyl-D-Aspartate" -> "N-methyl-D-aspartate": a single capital before a hyphen is a symbol)."""
    pieces = re.split(r"([-/–])", word)
    return "".join(p if (_keeps_part(p) or (len(p) == 1 and p.isupper() and i + 1 < len(pieces))) else p.lower()
                   for i, p in enumerate(pieces))


def title_case(text: str, raw: str = "") -> str:
    """A journal name in title case: "science" -> "Science", "The American journal of psychiatry" ->
    "The American Journal of Psychiatry"; small words lower except first and after a colon; acronyms,
    inner capitals, protected words and abbreviations ("J. Neurosci.") as written."""
    return _title_case(text, raw, _learned)


@functools.lru_cache(maxsize=16_384)
def _title_case(text: str, raw: str, learned: frozenset[str]) -> str:
    protected = protected_words(raw)
    out: list[str] = []
    starts, bracketed = True, False
    for word in text.split(" "):
        core = _core(word)
        bracketed = bracketed or word.startswith(("[", "("))
        if bracketed:  # "[cs, stat]", "(eds.)": a note, as written
            out.append(word)
            bracketed = not word.endswith(("]", ")", "],", "),"))
            continue
        brand = LOWER_BRANDS.get(core.lower())
        if (brand and core.lower() == core) or brand == core:
            out.append(word.replace(core, brand))
        elif _keeps(core, protected):
            out.append(word)
        elif core.lower() in SMALL_WORDS and not starts:
            out.append(word.lower() if core[:1].isupper() and core[1:].islower() else word)
        else:
            out.append("".join(_cap(p) for p in re.split(r"(?<=-)", word)))
        starts = word.endswith(":")
    return " ".join(out)
