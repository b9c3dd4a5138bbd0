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

from digest.library import yamlfiles
from digest.model import Digest
from digest.problems import Problem, read_utf8

FRONT_MATTER_KEYS = {
    "topics": "a list of topic slugs from the topic vocabulary",
    "date": "the digest's own publication date, YYYY-MM-DD (today or earlier)",
    "contributors": "a list of the names of the people who wrote the digest",
    "teaser": "one sentence shown in lists and search results",
    "full_text": "a link to the full text when the BibTeX record has none (http or https)",
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


def _check(meta: dict[str, Any], lines: dict[str, int], digest: Digest, problems: list[Problem]) -> None:
    def problem(key: str, message: str) -> None:
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
            elif key == "topics":
                digest.topics = items
            else:
                digest.contributors = items
        elif key == "date":
            when = parse_date(value)
            if when is None:
                problem(key, f"`date` is {value!r}, not a date on the calendar")
            elif when > dt.date.today():
                problem(key, f"`date` {when.isoformat()} is in the future (it would top the home page and the feed)")
            else:
                digest.date = when
        elif not isinstance(value, str):
            problem(key, f"`{key}` is not text")
        elif key == "teaser":
            digest.teaser = value.strip()
        elif key == "full_text":
            if not value.lower().startswith(("http://", "https://")):
                problem(key, f"`full_text` is {value!r}, not an http(s) link")
            else:
                digest.full_text = value.strip()


def _load_yaml(front: str) -> tuple[Any, dict[str, int]]:
    """Load YAML front matter and note the line (1-based, in the file) of each top-level key."""
    meta, lines = yamlfiles.load(front)
    return meta, {key: line + 1 for key, line in lines.items()}  # the opening `---` is line 1


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


def read_digest(file: Path, path: str, key: str) -> tuple[Digest, list[Problem]]:
    """Read one digest file; ``path`` is how messages name it."""
    text, problems = read_utf8(file, path)
    front, body, body_line = split_front_matter(text)
    digest = Digest(key=key, path=path, body=body, body_line=body_line)
    if front is None:
        if _OPENED.match(text):
            hint = "add a line `---` after the last front matter key, before the digest's text"
            problems.append(Problem(path, 1, "the front matter opened on line 1 is never closed", hint, "front-matter"))
        return digest, problems
    try:
        meta, lines = _load_yaml(front)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(error, "problem", None) or "it cannot be read"
        hint = "fix the YAML between the two `---` lines (quote text that holds a colon)"
        problems.append(Problem(path, line, f"front matter is not valid YAML: {reason}", hint, "front-matter"))
        return digest, problems
    if meta is None:
        return digest, problems
    if not isinstance(meta, dict):
        hint = "write `key: value` lines between the two `---` lines"
        problems.append(Problem(path, 2, "front matter is not a mapping", hint, "front-matter"))
        return digest, problems
    digest.lines = lines
    _check(meta, lines, digest, problems)
    return digest, problems
