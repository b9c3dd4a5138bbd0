"""YAML as contributors write it (front matter, the topic vocabulary, status.yml): read as text, with lines.

YAML turns ``2026-11-31`` into a date, and an impossible one into a Python exception that is not a
YAML error (a traceback with no file named). These loaders leave timestamps as text, so that the
code that knows what a value means checks it and names the file and line of what is wrong.

What a contributor writes is untrusted, so the reading itself is bounded: aliases (``&a`` ... ``*a``)
are refused, since ten of them nested make a value of a billion items; a document over its size
limit is refused before it is parsed, and one that nests deeper than MAX_DEPTH levels when it is
(PyYAML's parser, JSON and the code that reads the values go down them by recursion); and every
string is checked for what no text may hold (lone surrogates, C0/C1 control characters other than
tab and newline): such characters are removed and each string that held one is a finding at its
line (:func:`load` returns them).

A long document (``bib/enrichment.yml``: 3 MB at 20,000 entries, a second of libyaml and PyYAML's
constructor) is read once: what :func:`load` gives is kept as JSON (``digest/kept.py``, outside the
project) under a hash of the text and of this code, and read back by the next build, where JSON holds
it exactly (the check is made when it is kept: keys that are not strings, tuples, NaN are not).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from digest import charset, kept
from digest.charset import BAD_CHARACTERS, describe
from digest.limits import FRONT_MATTER_BYTES, VOCABULARY_BYTES
from digest.problems import Problem, read_utf8

_BASE: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
ALIASES = "YAML aliases (&/*) are not allowed; write the value out"
MAX_DEPTH = 20
"""Levels of lists and mappings a document may nest (the project's files use three or four)."""
NESTING = f"it nests lists or mappings more than {MAX_DEPTH} levels deep"
_START = yaml.Mark("", 0, 0, 0, "", 0)
"""Where a refusal that cannot point anywhere points: the document's first line."""


class Refused(yaml.MarkedYAMLError):
    """YAML that is refused before it is read (aliases, size): ``problem`` says why, ``problem_mark`` where."""

    def __init__(self, problem: str, mark: Any) -> None:
        super().__init__(problem=problem, problem_mark=mark)


def _without_timestamps(base: Any) -> Any:
    resolvers = {first: [(tag, regexp) for tag, regexp in found if tag != "tag:yaml.org,2002:timestamp"]
                 for first, found in base.yaml_implicit_resolvers.items()}
    return type(f"Text{base.__name__}", (base,), {"yaml_implicit_resolvers": resolvers})


FastLoader = _without_timestamps(_BASE)
"""libyaml when it is there (a tenth of the cost of PyYAML's own parser)."""


class Loader(_without_timestamps(yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's own parser, whose error messages are the ones contributors are shown; aliases refused."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Refused(ALIASES, event.start_mark)
        return super().compose_node(parent, index)


def _refuse_aliases(text: str) -> None:
    """Raise :class:`Refused` at the first anchor or alias (libyaml's composer cannot be hooked: its events can)."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise Refused(ALIASES, event.start_mark)


def _clean(node: yaml.Node, found: list[tuple[int, str]]) -> None:
    """Remove what no text may hold from every scalar under ``node``; a finding for each scalar changed.
    Raises :class:`Refused` at a value nested deeper than MAX_DEPTH."""
    stack = [(node, 1)]
    while stack:
        current, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Refused(NESTING, current.start_mark)
        if isinstance(current, yaml.ScalarNode):
            if isinstance(current.value, str) and BAD_CHARACTERS.search(current.value):
                found.append((current.start_mark.line + 1, describe(current.value)))
                current.value = BAD_CHARACTERS.sub("", current.value)
        elif isinstance(current, yaml.SequenceNode):
            stack += [(item, depth + 1) for item in current.value]
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                stack += [(key, depth + 1), (value, depth + 1)]


def _compose(text: str) -> yaml.Node | None:
    try:
        _refuse_aliases(text)
        loader = FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except Refused:
        raise
    except RecursionError:  # PyYAML's own parser where libyaml is missing: a frame or more a level
        raise Refused(NESTING, _START) from None
    except yaml.YAMLError as error:
        try:
            return yaml.compose(text, Loader=Loader)  # raises with PyYAML's message and mark
        except RecursionError:  # libyaml stopped at its 1,000 levels; PyYAML's parser recursed to Python's limit
            raise Refused(NESTING, getattr(error, "problem_mark", None) or _START) from None


KEPT_FROM = 64 * 1024
"""A document this long (characters) or longer is kept read between builds."""
_CODE = "\0".join([*(Path(module).read_text(encoding="utf-8") for module in (__file__, charset.__file__)), yaml.__version__])
"""What a kept reading depends on beside the text: this module's code, the characters it removes, PyYAML."""


def load(text: str, limit: int = FRONT_MATTER_BYTES) -> tuple[Any, dict[str, int], list[tuple[int, str]]]:
    """The YAML document in ``text``, the line (1-based) of each top-level key, and (line, what) of each
    string that held characters no text may hold (they are removed); raises yaml.YAMLError (:class:`Refused`
    for aliases and for a document over ``limit`` bytes)."""
    if len(text) > limit:
        raise Refused(f"it is over {limit // 1024} KB", _START)
    if len(text) < KEPT_FROM:
        return _load(text)
    name = kept.name("yaml", _CODE, text)
    found = kept.read(name)
    if found is not None:
        try:
            data, lines, bad = json.loads(found)
            return data, lines, [(line, what) for line, what in bad]
        except (ValueError, TypeError):  # damaged: read the YAML again
            pass
    read = _load(text)
    try:
        written = json.dumps(read, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):  # bytes (!!binary), NaN: not what JSON holds
        return read
    if json.loads(written) == [read[0], read[1], [list(finding) for finding in read[2]]]:  # keys not strings, tuples: no
        kept.write(name, written.encode("utf-8", "surrogatepass"))
    return read


def _load(text: str) -> tuple[Any, dict[str, int], list[tuple[int, str]]]:
    node = _compose(text)
    found: list[tuple[int, str]] = []
    if node is None:
        return None, {}, found
    _clean(node, found)
    loader = FastLoader("")
    try:
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 1
    return data, lines, found


def read_file(file: Path, path: str, hint: str, kind: str, holder: str = "it",
              bad_hint: str | None = None) -> tuple[Any, dict[str, int], list[Problem], bool]:
    """A YAML file a contributor writes (the topic vocabulary, ``status.yml``, ...) read as :func:`load`
    reads text: its document, the line of each top-level key, its problems (bytes that are not UTF-8;
    characters no text may hold, removed: "``holder`` holds ..."; YAML that cannot be read: "not valid
    YAML: why", at its line, with ``hint``), and whether the YAML could be read at all."""
    text, problems = read_utf8(file, path)
    try:
        data, lines, bad = load(text, VOCABULARY_BYTES)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        reason = getattr(error, "problem", None) or "it cannot be read"
        problems.append(Problem(path, mark.line + 1 if mark else None, f"not valid YAML: {reason}", hint, kind))
        return None, {}, problems, False
    problems += [Problem(path, line, f"{holder} holds {what}, which is removed", bad_hint or hint, "bad-character")
                 for line, what in sorted(bad)]
    return data, lines, problems, True
