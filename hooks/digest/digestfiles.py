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

from digest.model import Digest
from digest.problems import Problem, read_utf8

FRONT_MATTER_KEYS = {
    "topics": "a list of topic slugs from the topic vocabulary",
    "date": "the digest's own publication date, YYYY-MM-DD",
    "contributors": "a list of the names of the people who wrote the digest",
    "teaser": "one sentence shown in lists and search results",
    "full_text": "a link to the full text when the BibTeX record has none (http or https)",
}
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
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
            if isinstance(value, dt.datetime):
                digest.date = value.date()
            elif isinstance(value, dt.date):
                digest.date = value
            else:
                problem(key, f"`date` is {value!r}, not a date")
        elif not isinstance(value, str):
            problem(key, f"`{key}` is not text")
        elif key == "teaser":
            digest.teaser = value.strip()
        elif key == "full_text":
            if not value.lower().startswith(("http://", "https://")):
                problem(key, f"`full_text` is {value!r}, not an http(s) link")
            else:
                digest.full_text = value.strip()


def _load_yaml(front: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Load YAML front matter and note the line (1-based, in the file) of each top-level key."""
    try:
        # One pass with libyaml when it is there (a tenth of the cost); PyYAML's own loader for
        # broken front matter, whose messages are the ones contributors are shown.
        loader = _FAST_LOADER(front)
        try:
            node = loader.get_single_node()
            meta: Any = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError:
        node = yaml.compose(front, Loader=yaml.SafeLoader)
        meta = yaml.safe_load(front)
    lines: dict[str, int] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, _ in node.value:
            lines[str(key_node.value)] = key_node.start_mark.line + 2
    return meta, lines


def read_digest(file: Path, path: str, key: str) -> tuple[Digest, list[Problem]]:
    """Read one digest file; ``path`` is how messages name it."""
    text, problems = read_utf8(file, path)
    front, body, body_line = split_front_matter(text)
    digest = Digest(key=key, path=path, body=body, body_line=body_line)
    if front is None:
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
