"""The words of the search index: folding, tokens, spelling variants, stems.

Every step here has a twin in overrides/assets/javascripts/digest-search.js, which treats the
reader's query the same way; tests/browser/test_search_words.py runs both over the same words
and compares them. Change one, change the other.

- ``fold``: lower case, accents off (NFKD), and the letters NFKD keeps whole written out:
  ł -> l, ø -> o, ß -> ss, æ -> ae ... ("Cubała" is found by "cubala"). Greek stays Greek, but a
  Greek letter standing alone becomes its name ("γ-aminobutyric" -> "gamma aminobutyric").
- ``variant``: British spellings as American ones ("randomised" -> "randomized").
- ``stem``: Martin Porter's 1980 English stemmer ("randomized" -> "random").
"""

from __future__ import annotations

import re
import unicodedata

SPECIAL = {"ł": "l", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ħ": "h",
           "ŀ": "l", "ς": "σ"}
GREEK = dict(zip("αβγδεζηθικλμνξοπρστυφχψω",
                 "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
                 "upsilon phi chi psi omega".split(), strict=True))
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in into is it its of on or that the their then there these "
    "this to was were which with".split())
_MARKS = re.compile("[\u0300-\u036f]")
_SPECIAL = re.compile("[" + "".join(SPECIAL) + "]")
_WORD = re.compile(r"[^\W_]+")
_VARIANTS = [(re.compile(a), b) for a, b in (
    (r"^(.{3,})is(e|ed|es|ing|ation|ations|er|ers)$", r"\1iz\2"),
    (r"^(.{2,})ys(e|ed|es|ing)$", r"\1yz\2"),
    (r"^(.{3,})our(s|ed|ing|al|ally|ite|ites|able|er|ers)?$", r"\1or\2"),
    (r"^(cent|fib|lit|met|theat|calib|lust|sab|spect|meag)re(s|d)?$", r"\1er\2"),
    (r"^(.{2,})([ae])ll(ed|ing|er|ers)$", r"\1\2l\3"),
    (r"^(.{2,})ogue(s)?$", r"\1og\2"),
    (r"^(defen|licen|offen|preten)ce(s)?$", r"\1se\2"),
    (r"^programme(s)?$", r"program\1"),
    (r"^oe(.{3,})$", r"e\1"),
    (r"^(.+)oea(l|s)?$", r"\1ea\2"),
    (r"^(.*[^aeiou])ae(.{2,})$", r"\1e\2"),
    (r"^ae(.{4,})$", r"e\1"),
    (r"^(sul)ph(.+)$", r"\1f\2"),
    (r"^(ag|judg)e(ing|ment|ments)$", r"\1\2"),
)]


def fold(text: str) -> str:
    """Lower case without accents: "Cubała" -> "cubala", "Müller" -> "muller"."""
    text = text.lower()
    if text.isascii():
        return text
    text = _MARKS.sub("", unicodedata.normalize("NFKD", text))
    return _SPECIAL.sub(lambda m: SPECIAL[m.group()], text)


def tokens(text: str) -> list[str]:
    """The folded words of ``text``, a lone Greek letter as its name."""
    folded = fold(text)
    words = _WORD.findall(folded)
    if folded.isascii():
        return words  # type: ignore[no-any-return]
    return [GREEK.get(w, w) if len(w) == 1 else w for w in words]


def variant(word: str) -> str:
    """The American spelling of a British one (the first rule that applies), else the word."""
    if len(word) < 5 or not word.isascii():
        return word
    for pattern, replacement in _VARIANTS:
        if pattern.match(word):
            return pattern.sub(replacement, word)
    return word


def term(word: str) -> str:
    """What the index holds for a folded word: its American spelling, stemmed."""
    return stem(variant(word))


# -- Porter's stemmer (M. F. Porter, 1980, "An algorithm for suffix stripping") ------------------

_STEP2 = {"ational": "ate", "tional": "tion", "enci": "ence", "anci": "ance", "izer": "ize", "abli": "able",
          "alli": "al", "entli": "ent", "eli": "e", "ousli": "ous", "ization": "ize", "ation": "ate", "ator": "ate",
          "alism": "al", "iveness": "ive", "fulness": "ful", "ousness": "ous", "aliti": "al", "iviti": "ive",
          "biliti": "ble"}
_STEP3 = {"icate": "ic", "ative": "", "alize": "al", "iciti": "ic", "ical": "ic", "ful": "", "ness": ""}
_STEP4 = ("al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ion", "ou", "ism", "ate",
          "iti", "ous", "ive", "ize")
_LETTERS = re.compile(r"^[a-z]+$")


def _cons(w: str, i: int) -> bool:
    c = w[i]
    if c in "aeiou":
        return False
    if c == "y":
        return i == 0 or not _cons(w, i - 1)
    return True


def _measure(w: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in ``w``."""
    n, i, size = 0, 0, len(w)
    while i < size and _cons(w, i):
        i += 1
    while i < size:
        while i < size and not _cons(w, i):
            i += 1
        if i >= size:
            break
        while i < size and _cons(w, i):
            i += 1
        n += 1
    return n


def _has_vowel(w: str) -> bool:
    return any(not _cons(w, i) for i in range(len(w)))


def _double(w: str) -> bool:
    return len(w) >= 2 and w[-1] == w[-2] and _cons(w, len(w) - 1)


def _cvc(w: str) -> bool:
    n = len(w)
    return n >= 3 and _cons(w, n - 3) and not _cons(w, n - 2) and _cons(w, n - 1) and w[-1] not in "wxy"


def _longest(w: str, suffixes: object) -> str:
    found = [s for s in suffixes if w.endswith(s)]  # type: ignore[attr-defined]
    return max(found, key=len) if found else ""


def _step1(w: str) -> str:
    if w.endswith("sses") or w.endswith("ies"):
        w = w[:-2]
    elif w.endswith("s") and not w.endswith("ss"):
        w = w[:-1]
    if w.endswith("eed"):
        return w[:-1] if _measure(w[:-3]) > 0 else w
    for suffix in ("ed", "ing"):
        if w.endswith(suffix) and _has_vowel(w[:-len(suffix)]):
            w = w[:-len(suffix)]
            if w.endswith(("at", "bl", "iz")):
                return w + "e"
            if _double(w) and w[-1] not in "lsz":
                return w[:-1]
            if _measure(w) == 1 and _cvc(w):
                return w + "e"
            return w
    return w


def stem(word: str) -> str:
    """The Porter stem of a lower-case word; words of other letters than a-z, or of 1-2 letters, as they are."""
    if len(word) <= 2 or not _LETTERS.match(word):
        return word
    w = _step1(word)
    if w.endswith("y") and _has_vowel(w[:-1]):
        w = w[:-1] + "i"
    for table in (_STEP2, _STEP3):
        suffix = _longest(w, table)
        if suffix and _measure(w[:-len(suffix)]) > 0:
            w = w[:-len(suffix)] + table[suffix]
    suffix = _longest(w, _STEP4)
    if suffix and _measure(w[:-len(suffix)]) > 1 and (suffix != "ion" or w[:-3].endswith(("s", "t"))):
        w = w[:-len(suffix)]
    if w.endswith("e"):
        m = _measure(w[:-1])
        if m > 1 or (m == 1 and not _cvc(w[:-1])):
            w = w[:-1]
    if _measure(w) > 1 and _double(w) and w.endswith("l"):
        w = w[:-1]
    return w
