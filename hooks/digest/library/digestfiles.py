"""Read contributors' digests: markdown with YAML front matter, checked key by key.

MkDocs turns broken front matter into ``{}`` without a word; here every problem names the file
and line and says what to write instead.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from digest.charset import BAD_CHARACTERS, clean_text, describe
from digest.charset import HINT as BAD_TEXT_HINT
from digest.library import history, study, yamlfiles
from digest.limits import FIELD_LENGTH, LIST_LENGTH
from digest.model import Digest
from digest.problems import Problem, read_utf8

NAME_TEXT = 200
"""Longest topic slug or contributor's name in front matter."""

FRONT_MATTER_KEYS = {
    "topics": "a list of topic slugs from the topic vocabulary",
    "date": "the digest's own publication date, YYYY-MM-DD (today or earlier)",
    "contributors": 'a list of the names of the people who wrote the digest: [Jane Doe] or ["Doe, Jane"]',
    "teaser": "one sentence shown in lists and search results",
    "full_text": "a link to the full text when the BibTeX record has none (http or https)",
    "study": "the study's facts (design, species, participants, ...), one `key: value` a line under it",
    "changes": "a list of notes on revisions that changed the study facts, topics or conclusion (library/history.py)",
}
_OPENED = re.compile(r"\A---[ \t]*\r?\n")
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, line on which the body starts)."""
    match = _FRONT.match(text)
    if not match:
        return None, text, 1
    return match.group(1) or "", text[match.end():], match.group(0).count("\n") + 1


def _as_list(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return list(value)
    return None


def _looks_split(names: list[str]) -> tuple[str, str] | None:
    """(what, what to do) when ``contributors`` looks like one "Family, Given" name that YAML split in
    two: ``[Doe, Jane]`` is a flow list of "Doe" and "Jane". Two or more items, each a single word."""
    if len(names) < 2 or any(len(name.split()) != 1 for name in names):
        return None
    family, given = (_shown(name.strip())[1:-1] for name in names[:2])
    shown = f"{_shown(names[0])}, {_shown(names[1])}..."
    what = f"`contributors` holds {len(names)} one-word names ({shown}): one person split in two?"
    hint = (f'write each person as one item: `contributors: ["{family}, {given}"]` (quoted: in a [...] list a comma '
            f"separates people) or `contributors: [{given} {family}]`")
    return what, hint


def _shown(value: Any) -> str:
    """A value as a message may quote it: its repr, cut short."""
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _check(meta: dict[str, Any], lines: dict[str, int], digest: Digest, problems: list[Problem]) -> None:
    def problem(key: str, message: str) -> None:
        digest.refused.add(key)
        hint = f"write `{key}:` as {FRONT_MATTER_KEYS[key]}"
        problems.append(Problem(digest.path, lines.get(key), message, hint, "front-matter"))

    for key, value in meta.items():
        if key not in FRONT_MATTER_KEYS:
            hint = f"use only {', '.join(sorted(FRONT_MATTER_KEYS))}"
            problems.append(Problem(digest.path, lines.get(key), f"unknown front matter key `{key}`", hint, "front-matter"))
        elif key in ("topics", "contributors"):
            items = _as_list(value)
            if items is None:
                problem(key, f"`{key}` is not a list of names")
            elif len(items) > LIST_LENGTH or any(len(item) > NAME_TEXT for item in items):
                problem(key, f"`{key}` holds more than {LIST_LENGTH} names, or a name over {NAME_TEXT} characters")
            elif key == "topics":
                digest.topics = items
            else:
                digest.contributors = items
                split = _looks_split(items)
                if split:
                    problems.append(Problem(digest.path, lines.get(key), split[0], split[1], "front-matter"))
        elif key == "study":
            digest.study = value  # checked against the design vocabulary by library/study.py
        elif key == "changes":
            digest.changes, wrong = history.read_changes(value, parse_date)
            for message in wrong:
                problems.append(Problem(digest.path, lines.get(key), message, history.CHANGES_HINT, "front-matter"))
        elif key == "date":
            when = parse_date(value)
            if when is None:
                problem(key, f"`date` is {_shown(value)}, not a date on the calendar")
            elif when > dt.date.today():
                problem(key, f"`date` {when.isoformat()} is in the future (it would top the home page and the feed)")
            else:
                digest.date = when
        elif not isinstance(value, str):
            problem(key, f"`{key}` is not text")
        elif len(value) > FIELD_LENGTH:
            problem(key, f"`{key}` is over {FIELD_LENGTH} characters")
        elif key == "teaser":
            digest.teaser = value.strip()
        elif key == "full_text":
            if not value.lower().startswith(("http://", "https://")):
                problem(key, f"`full_text` is {_shown(value)}, not an http(s) link")
            else:
                digest.full_text = value.strip()


def _load_yaml(front: str, path: str, problems: list[Problem]) -> tuple[Any, dict[str, int]]:
    """Load YAML front matter and note the line (1-based, in the file) of each top-level key; characters
    no text may hold are removed, each reported."""
    meta, lines, found = yamlfiles.load(front)
    for line, what in sorted(found):  # the opening `---` is line 1
        problems.append(Problem(path, line + 1, f"front matter holds {what}, which is removed", BAD_TEXT_HINT, "bad-character"))
    return meta, {key: line + 1 for key, line in lines.items()}


def front_matter(text: str, path: str) -> tuple[Any, dict[str, int], int, list[Problem]]:
    """The front matter of a page or digest as read at the door: (value, line of each key, line on which the
    body starts, problems); the value is None when there is none or it cannot be read (that is a problem)."""
    problems: list[Problem] = []
    front, _, body_line = split_front_matter(text)
    if front is None:
        if _OPENED.match(text):
            hint = "add a line `---` after the last front matter key, before the text"
            problems.append(Problem(path, 1, "the front matter opened on line 1 is never closed", hint, "front-matter"))
        return None, {}, body_line, problems
    try:
        meta, lines = _load_yaml(front, path, problems)
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(error, path))
        return None, {}, body_line, problems
    return meta, lines, body_line, problems


def _yaml_problem(error: yaml.YAMLError, path: str) -> Problem:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 2 if mark else 1
    reason = getattr(error, "problem", None) or "it cannot be read"
    if isinstance(error, yamlfiles.Refused):
        return Problem(path, line, f"front matter refused: {reason}", "write plain `key: value` lines", "front-matter")
    hint = "fix the YAML between the two `---` lines (quote text that holds a colon)"
    return Problem(path, line, f"front matter is not valid YAML: {reason}", hint, "front-matter")


_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[Tt ]+(\d{1,2}):(\d{2})(?::(\d{2}))?.*)?$")


def parse_date(value: object) -> dt.date | None:
    """The date a front matter value names (``2026-11-26``, or with a time), None if it names none."""
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    year, month, day, hour, minute, second = (int(g) if g else 0 for g in match.groups())
    try:
        dt.datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return dt.date(year, month, day)


def _bad_characters(body: str, first_line: int, path: str) -> list[Problem]:
    """A problem at each line of a digest's text holding what no text may hold (a control character, a
    lone surrogate: no page shows it); a carriage return ends a line as a Windows editor saves it."""
    if not BAD_CHARACTERS.search(body):
        return []
    found = [(number, describe(line.replace("\r", ""))) for number, line in enumerate(body.split("\n"), start=first_line)]
    return [Problem(path, number, f"the digest's text holds {what}", BAD_TEXT_HINT, "bad-character")
            for number, what in found if what]


def read_digest(file: Path, path: str, key: str) -> tuple[Digest, list[Problem]]:
    """Read one digest file; ``path`` is how messages name it."""
    text, problems = read_utf8(file, path)
    front, body, body_line = split_front_matter(text)
    digest = Digest(key=key, path=path, body=body, body_line=body_line)
    problems += _bad_characters(body, body_line, path)
    if front is None:
        if _OPENED.match(text):
            hint = "add a line `---` after the last front matter key, before the digest's text"
            problems.append(Problem(path, 1, "the front matter opened on line 1 is never closed", hint, "front-matter"))
            digest.unread = True
        return digest, problems
    try:
        meta, lines = _load_yaml(front, path, problems)
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(error, path))
        digest.unread = True
        return digest, problems
    if meta is None:
        return digest, problems
    if not isinstance(meta, dict):
        hint = "write `key: value` lines between the two `---` lines"
        problems.append(Problem(path, 2, "front matter is not a mapping", hint, "front-matter"))
        digest.unread = True
        return digest, problems
    digest.lines = lines
    _check(meta, lines, digest, problems)
    if "study" in lines:
        digest.study_lines = study.field_lines(front, lines["study"])
    return digest, problems


PAGE_META_KEYS = {
    "title": "the page's title, as text",
    "description": "one sentence describing the page, as text",
    "author": "the author's name, as text",
    "subtitle": "a line under the title, as text",
    "revision_date": "the date the page was last revised, as text",
}
"""Front matter of a hand-written page that reaches the theme: text only (themes print it unescaped)."""
PAGE_HIDE = frozenset({"navigation", "toc", "footer", "path", "tags", "feedback"})
"""What ``hide:`` may hide (Material's words)."""


def page_meta(meta: Any, path: str, lines: dict[str, int] | None = None) -> tuple[dict[str, Any], list[Problem]]:
    """The front matter of an untrusted hand-written page as it may reach the theme, and a problem for each
    value left out: strings for :data:`PAGE_META_KEYS` (no control characters, lone surrogates or over
    :data:`FIELD_LENGTH`), ``hide`` as a list of :data:`PAGE_HIDE` words; everything else (``template``,
    lists or mappings where text is expected, unknown keys) is dropped and reported."""
    lines = lines or {}
    kept: dict[str, Any] = {}
    problems: list[Problem] = []
    if not isinstance(meta, dict):
        if meta is not None:
            problems.append(Problem(path, 2, "front matter is not a mapping", "write `key: value` lines", "front-matter"))
        return kept, problems

    def refuse(key: str, message: str, hint: str) -> None:
        problems.append(Problem(path, lines.get(str(key)), message, hint, "page-front-matter"))

    for key, value in meta.items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)  # a year, a version: YAML reads them as numbers, the theme prints text
        if key == "hide":
            hides = [value] if isinstance(value, str) else value
            if isinstance(hides, list) and all(isinstance(v, str) and v in PAGE_HIDE for v in hides):
                kept[key] = list(hides)
            else:
                refuse(key, "`hide` is not a list of what to hide", f"write it as a list of {', '.join(sorted(PAGE_HIDE))}")
        elif key not in PAGE_META_KEYS:
            refuse(str(key), f"front matter key `{str(key)[:40]}` is not one a page may set (it is left out)",
                   f"use only {', '.join(sorted([*PAGE_META_KEYS, 'hide']))}")
        elif not isinstance(value, str) or len(value) > FIELD_LENGTH:
            refuse(key, f"`{key}` is {_shown(value)}, not text of at most {FIELD_LENGTH} characters (it is left out)",
                   f"write `{key}:` as {PAGE_META_KEYS[key]}")
        else:
            text, what = clean_text(value)
            if what:
                refuse(key, f"`{key}` holds {what}, which is removed", BAD_TEXT_HINT)
            kept[key] = text
    return kept, problems


def page_front_matter_problems(markdown: str, path: str) -> list[Problem]:
    """What is wrong with a hand-written page's front matter, as :func:`page_meta` would drop it (for ``make check``)."""
    meta, lines, _, problems = front_matter(markdown, path)
    return problems + page_meta(meta, path, lines)[1]
