"""LaTeX to Unicode for BibTeX field values.

Real exports mix accents (``{\\"u}``, ``\\'{e}``), escapes (``{\\%}``, ``{\\textless}``), math
(``{$\\gamma$}``), formatting commands (``\\emph{}``) and protective braces (``{{Title}}``). Nothing of
that may reach a page, so every shown field goes through :func:`to_text`.

latexcodec does this too, but at about 0.5 ms a field it would cost more than the whole page
build at 20,000 entries; this module is a handful of regular expressions with a fast path for
fields that hold no LaTeX at all.
"""

from __future__ import annotations

import re
import unicodedata

_ACCENTS = {
    "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303", "=": "\u0304", "u": "\u0306",
    ".": "\u0307", '"': "\u0308", "r": "\u030a", "H": "\u030b", "v": "\u030c", "d": "\u0323",
    "c": "\u0327", "k": "\u0328", "b": "\u0331", "t": "\u0361",
}

_GREEK = (
    "alpha α beta β gamma γ delta δ epsilon ε varepsilon ε zeta ζ eta η theta θ vartheta ϑ iota ι "
    "kappa κ lambda λ mu μ nu ν xi ξ pi π varpi ϖ rho ρ sigma σ varsigma ς tau τ upsilon υ phi φ "
    "varphi φ chi χ psi ψ omega ω Gamma Γ Delta Δ Theta Θ Lambda Λ Xi Ξ Pi Π Sigma Σ Upsilon Υ "
    "Phi Φ Psi Ψ Omega Ω"
).split()

SYMBOLS: dict[str, str] = dict(zip(_GREEK[::2], _GREEK[1::2], strict=True))
SYMBOLS.update({
    "ss": "ß", "o": "ø", "O": "Ø", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å",
    "AA": "Å", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ", "dh": "ð", "DH": "Ð", "th": "þ", "TH": "Þ",
    "textless": "<", "textgreater": ">", "textendash": "–", "textemdash": "—", "copyright": "©",
    "textcopyright": "©", "textregistered": "®", "texttrademark": "™", "textasciitilde": "~",
    "textbackslash": "\\", "dots": "…", "ldots": "…", "textellipsis": "…", "textquoteright": "’",
    "textquoteleft": "‘", "textquotedblleft": "“", "textquotedblright": "”", "textbullet": "•",
    "textdegree": "°", "degree": "°", "textmu": "µ", "S": "§", "P": "¶", "pounds": "£",
    "euro": "€", "texteuro": "€", "textpm": "±", "pm": "±", "times": "×", "textperiodcentered": "·",
    "cdot": "·", "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "approx": "≈",
    "sim": "~", "infty": "∞", "rightarrow": "→", "to": "→", "leftarrow": "←", "uparrow": "↑",
    "downarrow": "↓", "textunderscore": "_", "textbar": "|", "textasciicircum": "^",
    "textbraceleft": "{", "textbraceright": "}",
    "textdollar": "$", "textsterling": "£", "textexclamdown": "¡", "textquestiondown": "¿",
    "guillemotleft": "«", "guillemotright": "»", "textordfeminine": "ª", "textordmasculine": "º",
    "LaTeX": "LaTeX", "TeX": "TeX", "textendash{}": "–", "quad": " ", "qquad": " ",
    "textasteriskcentered": "*", "ast": "*", "prime": "′", "circ": "°", "textsection": "§",
    "newline": " ", "par": " ", "noindent": "", "relax": "", "ensuremath": "", "hspace": "",
    "textregistered{}": "®", "nobreakspace": "\u00a0", "in": "∈", "notin": "∉", "cdots": "⋯",
    "mp": "∓", "propto": "∝", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "sqrt": "√",
    "ll": "≪", "gg": "≫", "equiv": "≡", "cap": "∩", "cup": "∪",
})
# Commands whose first argument is dropped rather than shown (\href{url}{text} shows text).
_DROP_FIRST_ARG = {"href", "hspace", "vspace"}

_ESCAPES = {"&": "&", "%": "%", "_": "_", "$": "\x02", "#": "#", "{": "\x00", "}": "\x01"}
_RE_ESCAPE = re.compile(r"\\([&%_$#{}])")
_RE_MATH = re.compile(r"\$([^$]*)\$")
_RE_SYMBOL_ACCENT = re.compile(
    r"\\([`'^\"~=.])\s*(?:\{\s*(\\[ij](?![A-Za-z])|[A-Za-z]?)\s*\}|(\\[ij](?![A-Za-z])|[A-Za-z]))"
)
_RE_LETTER_ACCENT = re.compile(
    r"\\([uvHckrdbt])(?:\s*\{\s*(\\[ij](?![A-Za-z])|[A-Za-z]?)\s*\}|\s+([A-Za-z]))"
)
_RE_DROP_ARG = re.compile(r"\\(" + "|".join(_DROP_FIRST_ARG) + r")\s*\{[^{}]*\}")
_RE_COMMAND = re.compile(r"\\([A-Za-z]+)(\{\}|\s*)")
# Control words that stand for a letter join the word that follows, as in TeX (Stra\ss e).
_LETTERS = {"ss", "o", "O", "ae", "AE", "oe", "OE", "aa", "AA", "l", "L", "i", "j", "dh", "DH", "th", "TH"}
_RE_OTHER_ESCAPE = re.compile(r"\\(\\|[ ,;:!/@])")
_RE_SCRIPT = re.compile(r"[\^_]")
_RE_HTML_TAG = re.compile(r"</?(?:i|b|em|strong|sup|sub|scp|span|u)(?:\s[^<>]*)?>", re.IGNORECASE)
_RE_SPACE = re.compile(r"\s+")
_SPECIAL = re.compile(r"[\\{}$~`']|--|<")


def _accent(match: re.Match[str]) -> str:
    mark = _ACCENTS[match.group(1)]
    base = match.group(2) if match.group(2) is not None else match.group(3) or ""
    base = {"\\i": "i", "\\j": "j"}.get(base, base)
    if not base:
        return unicodedata.normalize("NFC", " " + mark).strip() or mark
    return unicodedata.normalize("NFC", base + mark)


def _command(match: re.Match[str]) -> str:
    name, after = match.group(1), match.group(2)
    keep = "" if after == "{}" or name in _LETTERS or name not in SYMBOLS else after
    return SYMBOLS.get(name, "") + keep


def _math(match: re.Match[str]) -> str:
    inner = _RE_COMMAND.sub(_command, match.group(1))
    return _RE_SCRIPT.sub("", inner)


_MENDELEY = {"$\\backslash$": "\\", "\\backslash": "\\", "{\\$}": "$", "{\\{}": "{", "{\\}}": "}"}
_RE_MENDELEY = re.compile("|".join(re.escape(k) for k in _MENDELEY))


def _undo_double_escape(value: str) -> str:
    """Mendeley escapes LaTeX it finds in abstracts a second time: ``$\\backslash$textit{\\{}x{\\}}``.

    Only a field that shows ``\\backslash`` is treated so: elsewhere ``{\\$}`` is a real dollar sign.
    """
    return _RE_MENDELEY.sub(lambda m: _MENDELEY[m.group(0)], value)


def is_plain(value: str) -> bool:
    """Whether ``value`` holds no LaTeX (nor ``--``, quotes to curl, ``<``): :func:`to_text` only makes its spacing one."""
    return not _SPECIAL.search(value)


def to_text(value: str) -> str:
    """Return the plain Unicode text of a BibTeX field value, with every LaTeX construct resolved.

    Unknown commands are dropped and their arguments kept (``\\foo{bar}`` gives ``bar``), so the
    worst case is a missing word, never visible markup.
    """
    if not _SPECIAL.search(value):
        text = _RE_SPACE.sub(" ", value).strip()
        return value if text == value else text  # the same string, not a copy: a library holds it once
    if "\\backslash" in value:
        value = _undo_double_escape(value)
    text = _RE_ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], value)
    text = _RE_MATH.sub(_math, text)
    text = _RE_SYMBOL_ACCENT.sub(_accent, text)
    text = _RE_LETTER_ACCENT.sub(_accent, text)
    text = _RE_DROP_ARG.sub("", text)
    text = _RE_COMMAND.sub(_command, text)
    text = _RE_OTHER_ESCAPE.sub(lambda m: " " if m.group(1) != "/" else "", text)
    text = text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")
    text = text.replace("~", "\u00a0").replace("{", "").replace("}", "").replace("\\", "")
    text = text.replace("\x00", "{").replace("\x01", "}").replace("\x02", "$")
    text = _RE_HTML_TAG.sub("", text)
    return _RE_SPACE.sub(" ", text).replace(" \u00a0", "\u00a0").strip()


def to_url(value: str) -> str:
    """Return a URL or DOI field with BibTeX escapes removed but dashes and tildes kept."""
    text = _RE_ESCAPE.sub(lambda m: _ESCAPES[m.group(1)], value)
    text = re.sub(r"\\url\s*", "", text)
    text = text.replace("{", "").replace("}", "").replace("\\", "")
    return text.replace("\x00", "{").replace("\x01", "}").replace("\x02", "$").strip()
