"""Read ``.bib`` files into entries, with the line of every entry and of every problem.

pybtex's own ``Parser`` stops at the first error in strict mode and forgets line numbers in the
other; this module drives pybtex's low-level parser itself so that each entry keeps the line it
starts on and each syntax error becomes a :class:`Problem` while the other entries still load.
"""

from __future__ import annotations

import bisect
import functools
import re
import string
import sys
from pathlib import Path

from pybtex.bibtex.utils import split_name_list
from pybtex.database import Person as PybtexPerson
from pybtex.database.input.bibtex import NAME_CHARS, LowLevelParser, month_names
from pybtex.exceptions import PybtexError
from pybtex.scanner import PybtexSyntaxError
from pybtex.utils import CaseInsensitiveDict

from digest import ahead
from digest.charset import HINT, clean_text
from digest.library.latex import is_plain, to_text, to_url
from digest.model import Entry, Person
from digest.problems import Problem, read_utf8

PERSON_FIELDS = ("author", "editor", "editora", "editorb", "editorc", "translator")
# biblatex roles of ``editor``/``editora``... (``editortype``): these count as editors; "translator" as a
# translator; others (compiler, director, ...) are editors for every style we make, as biber falls back.
TRANSLATOR_ROLES = {"translator"}
URL_FIELDS = {"url", "doi", "file", "pdf", "eprint", "howpublished"}
# Reference-manager bookkeeping that no page shows; kept raw for exports, never decoded.
SKIPPED_FIELDS = {"file", "mendeley-groups", "mendeley-tags", "annote", "owner", "timestamp"}
_EMPTY_KEY = re.compile(r"(@\s*[A-Za-z]+\s*[{(])(\s*),")
_FNAME_JUNK = {"{fname}", "fname"}
_BRACE = re.compile(r"[{}]")
_DEEPEST = 50  # pybtex refuses braces nested past 100; deeper than this, its own parser reads the value
_NEXT_ENTRY = re.compile(r"^[ \t]*@[ \t]*[A-Za-z]+[ \t]*[{(]", re.MULTILINE)
# A field as pybtex's tokens read it: white space (re's \s, as its scanner's), a name of its NAME_CHARS,
# "=", a braced value or a number, then a comma or "#" or neither.
_FIELD_HEAD = re.compile(rf"\s*([{re.escape(NAME_CHARS)}][{re.escape(NAME_CHARS + string.digits)}]*)\s*=\s*")
_NUMBER = re.compile(rf"[{string.digits}]+")
_AFTER_VALUE = re.compile(r"\s*([,#]?)")


class _Parser(LowLevelParser):
    """pybtex's low-level parser, remembering where each entry starts and collecting errors."""

    def __init__(self, text: str, macros: CaseInsensitiveDict | None = None) -> None:
        self.errors: list[PybtexSyntaxError] = []
        self.entry_start = 0
        # @string macros defined before a syntax error still hold after it: the macros are shared.
        super().__init__(text, macros=macros if macros is not None else CaseInsensitiveDict(month_names),
                         handle_error=self.errors.append)

    def parse_command(self):  # type: ignore[no-untyped-def]
        self.entry_start = self.command_start
        return super().parse_command()

    def parse_value_part(self):  # type: ignore[no-untyped-def]
        """A braced value found by counting its braces in one scan; what pybtex's ``parse_string`` gives
        (the text between the outer braces, the line count moved on by its line breaks), which reads it a
        brace at a time with a generator a level: a third of reading the library. Anything else (a quoted
        value, a macro, a number, braces that do not close or nest too deep for pybtex): pybtex's own."""
        self.eat_whitespace()
        text, start = self.text, self.pos
        end = _braced_end(text, start) if text.startswith("{", start) else None
        if end is None:
            return super().parse_value_part()
        self.pos = end
        self.update_lineno(text[start:end])
        return text[start + 1:end - 1]

    def parse_entry_fields(self):  # type: ignore[no-untyped-def]
        """An entry's fields read field by field with a few regular expressions where each is a name,
        "=" and a braced value or a number, separated by commas, up to the closing brace or parenthesis:
        what pybtex's tokens give (the same fields, position and line count), without its scanner's
        half a dozen token lookups a field (a fifth of reading the library). Anything else (a quoted
        value, a macro, "#", braces that do not close, what is not BibTeX): pybtex reads the fields."""
        text, begin = self.text, self.pos
        fields: list[tuple[str, list[str]]] = []
        pos = begin
        while True:  # as pybtex's loop: a field or none, then a comma and again, or the end
            head = _FIELD_HEAD.match(text, pos)
            if head is None:
                after = _AFTER_VALUE.match(text, pos)
                assert after is not None  # matches the empty string
                pos = after.end()
                if after.group(1) == ",":
                    continue
                if after.group(1) or not text.startswith(("}", ")"), pos):
                    return super().parse_entry_fields()
                break
            start = head.end()
            if text.startswith("{", start):
                end = _braced_end(text, start)
                if end is None:
                    return super().parse_entry_fields()
                value = text[start + 1:end - 1]
            else:
                number = _NUMBER.match(text, start)
                if number is None:
                    return super().parse_entry_fields()
                end, value = number.end(), number.group()
            fields.append((head.group(1), [value]))
            after = _AFTER_VALUE.match(text, end)
            assert after is not None  # matches the empty string
            if after.group(1) == "#":
                return super().parse_entry_fields()
            pos = after.end()
            if not after.group(1):  # the end, or what pybtex's closing brace or parenthesis will refuse
                break
        self.pos = pos
        self.update_lineno(text[begin:pos])
        self.current_fields.extend(fields)
        return None


def _braced_end(text: str, start: int) -> int | None:
    """Where the braced value opening at ``start`` ends (after its closing brace); None where its braces
    do not close, or nest deeper than pybtex reads them (its own parser then says so)."""
    close = text.find("}", start + 1)
    if close >= 0 and text.find("{", start + 1, close) < 0:  # no brace inside: most values
        return close + 1
    depth = 0
    for brace in _BRACE.finditer(text, start):
        depth += 1 if brace.group() == "{" else -1
        if depth == 0:
            return brace.end()
        if depth > _DEEPEST:
            return None
    return None


def _line_finder(text: str):  # type: ignore[no-untyped-def]
    newlines = [m.start() for m in re.finditer("\n", text)]
    return lambda offset: bisect.bisect_left(newlines, offset) + 1


def _name_keys(text: str, stem: str, path: str, line_of) -> tuple[str, list[Problem]]:  # type: ignore[no-untyped-def]
    """Give entries with an empty key (``@article{,``) a visible one, so that none is lost."""
    problems: list[Problem] = []

    def name(match: re.Match[str]) -> str:
        line = line_of(match.start())
        key = f"unnamed-{stem}-{line}"
        hint = f"give it a key such as firstauthorYEARword (shown for now as {key})"
        problems.append(Problem(path, line, "entry has an empty key", hint, "empty-key"))
        return f"{match.group(1)}{match.group(2)}{key},"

    return _EMPTY_KEY.sub(name, text), problems


_PLAIN_NAME = re.compile(r"^\s*([A-Z\u00c0-\u024f][^,{}\\]*),\s*([^,{}\\]+?)\s*$")


# -- names as reference managers export them ---------------------------------------------------

_PARTICLES = {
    "van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "dos", "das", "le", "la", "ter", "ten", "zu", "af", "op",
}
_PACKED_INITIALS = re.compile(r"^[A-Z]{2,4}$")
# Embase/Ovid exports write a whole name as one braced group: {Coughlin J.M.}.
_FAMILY_INITIALS = re.compile(r"^([A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?) ((?:[A-Z]\.-?)+)$")


def tidy_person(person: Person) -> Person:
    """Undo the name-splitting mistakes of real exports, so that every style shows names alike.

    "Naalt, J. van der" (particle after the given names), "Stein, MB" (packed initials),
    "{Coughlin J.M.}" (a person braced as if a group), and Mendeley's "{NSPN Consortium}, the NSPN"
    or "{GWAS Consortium}, The GWAS" (a group with a junk given name).
    """
    if person.group:
        match = _FAMILY_INITIALS.match(person.family)
        if match:
            return Person(family=match.group(1), given=match.group(2))
        return person
    given = person.given
    if given.lower().startswith("the ") and person.family[:1].isupper():
        return Person(family=person.family, group=True)
    words = given.split()
    tail: list[str] = []
    while words and words[-1] in _PARTICLES and len(words) > 1:
        tail.insert(0, words.pop())
    particle = " ".join(tail + ([person.particle] if person.particle else []))
    given = " ".join(words)
    if _PACKED_INITIALS.match(given):
        given = " ".join(given)
    if particle == person.particle and given == person.given:
        return person
    return Person(family=person.family, given=given, particle=particle, suffix=person.suffix)


@functools.lru_cache(maxsize=65536)
def to_person(name: str) -> Person:
    """Split a BibTeX name into its parts and resolve its LaTeX.

    "Family, Given" with nothing special in it, most names of real exports, skips pybtex's name
    parser, which costs about 0.1 ms a name; names recur across entries, hence the cache.
    """
    plain = _PLAIN_NAME.match(name)
    if plain and not any(word[:1].islower() for word in plain.group(1).split()):
        return tidy_person(Person(family=plain.group(1).strip(), given=plain.group(2)))
    whole_braced = name.startswith("{") and name.endswith("}") and "," not in name.strip("{}")
    person = PybtexPerson(name)
    given = to_text(" ".join(person.first_names + person.middle_names))
    family = to_text(" ".join(person.last_names))
    if given in _FNAME_JUNK:
        given = ""
    group = (whole_braced or name.lstrip().startswith("{{")) and not given
    return tidy_person(Person(
        family=family or to_text(name),
        given=given,
        particle=to_text(" ".join(person.prelast_names)),
        suffix=to_text(" ".join(person.lineage_names)),
        group=group,
    ))


def _person(name: str, key: str, role: str, path: str, line: int, problems: list[Problem]) -> Person:
    """One name of an author or editor list; a name pybtex cannot split is kept whole, and reported."""
    try:
        return to_person(name)
    except PybtexError as error:
        hint = "write each name as `Family, Given` (or `Family, Jr, Given`), names joined by ` and `"
        problems.append(Problem(path, line, f"entry {key}: the {role} name {name!r} cannot be read ({error})", hint, "bad-name"))
        return Person(family=to_text(name), group=True)


def spaced(value: str) -> str:
    r"""``value`` with every run of white space one space and none at either end: pybtex's
    ``normalize_whitespace`` (``re.sub(r"\s+", " ", value.strip())``), at a fifth of its cost; str.split
    and re's ``\s`` know the same white space."""
    return " ".join(value.split())


def _entry(entry_type: str, key: str, fields: list, path: str, line: int, problems: list[Problem]) -> Entry:  # type: ignore[type-arg]
    raw: dict[str, str] = {}
    tidy: set[str] = set()  # fields whose value has its spacing made one and nothing removed from it
    for name, parts in fields:
        lname = sys.intern(name.lower())  # one string a field name, not one a field of every entry
        if lname in raw:
            hint = "keep one of them"
            problems.append(Problem(path, line, f"entry {key} has the field {name} twice", hint, "duplicate-field"))
            continue
        value, what = clean_text(spaced("".join(parts)))
        if what:
            problems.append(Problem(path, line, f"entry {key}: the field {name} holds {what}, which is removed", HINT,
                                    "bad-character"))
        else:
            tidy.add(lname)
        raw[lname] = value
    # A tidy value with no LaTeX in it is shown as it is: what to_text and clean_text would give it
    # (most fields of real exports; the two scans each were a tenth of reading the library).
    shown = {
        name: value if name in tidy and name not in URL_FIELDS and is_plain(value)
        else clean_text(to_url(value) if name in URL_FIELDS else to_text(value))[0]
        for name, value in raw.items()
        if name not in SKIPPED_FIELDS and name not in PERSON_FIELDS
    }
    people = {role: [_person(n, key, role, path, line, problems) for n in split_name_list(raw[role])] if raw.get(role) else []
              for role in PERSON_FIELDS}
    editors, translators = _roles(people, shown)
    return Entry(key, entry_type.lower(), shown, raw, people["author"], editors, path, line, translators=translators)


def _roles(people: dict[str, list[Person]], shown: dict[str, str]) -> tuple[list[Person], list[Person]]:
    """Editors and translators from biblatex's ``editor``, ``editora``-``editorc`` with their ``...type``
    fields and ``translator`` (``editortype = {translator}`` makes the editors translators)."""
    editors: list[Person] = []
    translators = list(people["translator"])
    for role in ("editor", "editora", "editorb", "editorc"):
        kind = shown.get(f"{role}type", "editor").strip().lower() or "editor"
        target = translators if kind in TRANSLATOR_ROLES else editors
        target += [p for p in people[role] if p not in target]
    return editors, translators


SPLIT_SIZE = 400_000
"""A .bib file this long (characters, some 200 entries) is read in two processes where a build may
fork (:func:`read_bib`'s ``split``): a library exported whole from a reference manager is one file."""
_STRING = re.compile(r"@[ \t]*string", re.IGNORECASE)


def read_bib(file: Path, path: str, split: bool = False) -> tuple[list[Entry], list[Problem]]:
    """Read one .bib file; ``path`` is how messages name it (relative to the project).

    ``split``: a long file is read in two halves at once, the second in a forked child (the
    library is read before any page is made, so a build waits for all of it). The halves meet at
    an entry's start; when the first half reads with no syntax error the parser is between entries
    there, as it is reading the file whole, and the entries and problems are the same. A file
    with ``@string`` macros (a half may use the other's), or whose first half has a syntax error,
    is read whole."""
    text, problems = read_utf8(file, path, "save the file as UTF-8 (your reference manager's export has an encoding option)")
    line_of = _line_finder(text)
    text, key_problems = _name_keys(text, file.stem, path, line_of)
    problems += key_problems
    middle = _middle(text) if split and len(text) >= SPLIT_SIZE else None
    if middle is not None:
        halves = _read_in_halves(text, middle, file.stem, path, line_of)
        if halves is not None:
            return halves[0], problems + halves[1]
    entries, found, _ = _read(text, 0, len(text), file.stem, path, line_of)
    return entries, problems + found


def _middle(text: str) -> int | None:
    """Where a record starts near the middle of ``text``; None where the halves cannot be read apart."""
    if _STRING.search(text):
        return None
    found = _NEXT_ENTRY.search(text, len(text) // 2)
    return found.start() if found else None


def _read_in_halves(text: str, middle: int, stem: str, path: str, line_of) -> tuple[list[Entry], list[Problem]] | None:  # type: ignore[no-untyped-def]
    """``text`` up to ``middle`` read here while a child reads the rest (:class:`ahead.Beside`: here too
    when no child can be forked or it fails); None when the first half has a syntax error."""
    rest = ahead.Beside(functools.partial(_read, text, middle, len(text), stem, path, line_of))
    try:
        first, found, clean = _read(text, 0, middle, stem, path, line_of)
        if not clean:
            return None
        later, found_later, _ = rest.result()
        return first + later, found + found_later
    finally:
        rest.close()


def _read(text: str, begin: int, end: int, stem: str, path: str, line_of) -> tuple[list[Entry], list[Problem], bool]:  # type: ignore[no-untyped-def]
    """The entries of ``text[begin:end]`` and their problems; whether it read with no syntax error."""
    problems: list[Problem] = []
    entries: list[Entry] = []
    left: list[PybtexSyntaxError] = []
    clean = True
    for command, body, start, errors in _commands(text, begin, end, left):
        line = line_of(start)
        clean = clean and not errors
        problems += [_syntax_problem(error, path, line) for error in errors]
        if command.lower() in ("string", "preamble"):
            continue
        key, fields = body
        entry = _entry(command, key or f"unnamed-{stem}-{line}", fields, path, line, problems)
        entry.broken = bool(errors)
        entries.append(entry)
    return entries, problems, clean and not left


def _commands(text: str, begin: int = 0, end: int | None = None, left: list[PybtexSyntaxError] | None = None):  # type: ignore[no-untyped-def]
    """Yield (command, body, offset, errors) for each @-command of ``text[begin:end]``; ``left``
    gets the errors after the last command (an ``@`` in the text after the last record, which a
    file read whole ignores, but which shows where a half ends in a record's middle).

    After an entry with a syntax error, parsing starts again at the next line that opens an
    entry, so an unclosed brace costs one entry, not every entry after it.
    """
    end = len(text) if end is None else end
    offset = begin
    macros = CaseInsensitiveDict(month_names)
    while offset < end:
        parser = _Parser(text[offset:end], macros)
        restart = None
        for command, body in parser:
            start = offset + parser.entry_start
            errors = parser.errors[:]
            parser.errors.clear()
            for error in errors:
                error.base_line = text.count("\n", 0, offset)  # type: ignore[attr-defined]
            yield command, body, start, errors
            if errors:
                following = _NEXT_ENTRY.search(text, start + 1, end)
                restart = following.start() if following else end
                break
        if restart is None:
            if left is not None:
                left += parser.errors
            return
        offset = restart


def _syntax_problem(error: PybtexSyntaxError, path: str, entry_line: int) -> Problem:
    line = error.lineno + error.base_line if error.lineno else entry_line  # type: ignore[attr-defined]
    reason = str(error).split(": ", 1)[-1]
    message = f"BibTeX syntax error in the entry that starts at line {entry_line}: {reason}"
    hint = "check its braces, quotes and commas (every { needs its }, fields end with a comma)"
    return Problem(path, line, message, hint, "bibtex-syntax")
