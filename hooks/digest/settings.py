"""The digest's settings, read once from ``extra.digest`` in mkdocs.yml into a typed object."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from digest.problems import Problem


@dataclass(frozen=True)
class Notice:
    """A notice shown at the top of every entry page (``extra.digest.notice``)."""

    show: bool = False
    """Whether entry pages show it."""
    text: str = "Research summary, not medical advice."
    """What it says: plain text (escaped like everything else)."""


@dataclass(frozen=True)
class Settings:
    """What a site can set under ``extra: digest:``."""

    bib_dir: str = "bib"
    """Folder (relative to mkdocs.yml) whose ``*.bib`` files are read, recursively."""
    topics_file: str = "bib/topics.yml"
    """The topic vocabulary contributors edit."""
    digests_dir: str = "digests"
    """Folder under docs/ holding ``<key>.md`` digests; entry pages are published there too."""
    style: str = "apa"
    """The citation style of reference lists and in-text citations."""
    newest: int = 10
    """How many digests the home page lists."""
    related: int = 5
    """How many related digests an entry page lists."""
    required_front_matter: tuple[str, ...] = ()
    """Front matter every digest must fill in (``teaser``, ``contributors``, ``date``, ``topics``):
    an empty or missing one is a problem, which fails ``make check`` and the strict build."""
    workers: int = 0
    """How many processes render the generated pages (theme included) in a build: 0, one per core;
    1, the build's own process alone (no fork). Never under ``mkdocs serve``. The pages are the same
    bytes either way."""
    status_file: str = "bib/status.yml"
    """Retractions, corrections and expressions of concern, written by ``make verify``."""
    verify_mailto: str = ""
    """The address ``make verify`` gives Crossref and NCBI in its User-Agent (their polite pool)."""
    enrichment_file: str = "bib/enrichment.yml"
    """Citations within the library, free copies and citation counts, written by ``make enrich`` from OpenAlex."""
    trusted_pages: tuple[str, ...] = ()
    """Hand-written pages (paths under docs/, e.g. ``contributing.md``) whose HTML is not sanitized.
    Nothing is trusted by default: every page's raw HTML passes the allow-list sanitizer."""
    trusted_files: tuple[str, ...] = ()
    """Files under docs/ that a browser runs (HTML, JavaScript, SVG, XML), by path or pattern
    (``assets/*.js``), published as they are. The site's ``extra_javascript`` and ``extra_css`` are
    trusted too; any other such file is refused (a problem, and not published): it would run on
    the site's origin with no policy and no sanitizer."""
    notice: Notice = Notice()
    """A notice on entry pages, e.g. ``notice: {show: true, text: "Research summary, not medical advice."}``."""


def read_settings(extra: dict[str, Any] | None, path: str = "mkdocs.yml") -> tuple[Settings, list[Problem]]:
    """Build :class:`Settings` from the ``extra.digest`` mapping; unknown or mistyped keys are problems."""
    raw = (extra or {}).get("digest") or {}
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        hint = "write it as a mapping of settings"
        return Settings(), [Problem(path, None, "extra.digest is not a mapping", hint, "settings")]
    known = {f.name: f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        field = known.get(name)
        if field is None:
            hint = f"use one of {', '.join(sorted(known))}"
            problems.append(Problem(path, None, f"unknown setting extra.digest.{name}", hint, "settings"))
        elif isinstance(field.default, Notice):
            notice, found = _notice(value, path)
            problems += found
            values[name] = notice
        elif isinstance(field.default, tuple) and isinstance(value, list) and all(isinstance(v, str) for v in value):
            values[name] = tuple(value)
        elif type(value) is not type(field.default):
            hint = f"give a {type(field.default).__name__}"
            problems.append(Problem(path, None, f"extra.digest.{name} is {value!r}", hint, "settings"))
        elif name == "workers" and isinstance(value, int) and value < 0:
            hint = "give 0 (one per core) or a number of processes"
            problems.append(Problem(path, None, f"extra.digest.workers is {value!r}", hint, "settings"))
        else:
            values[name] = value
    return Settings(**values), problems


def _notice(raw: Any, path: str) -> tuple[Notice, list[Problem]]:
    """``extra.digest.notice``: a mapping of ``show`` (true/false) and ``text``; anything else is a problem."""
    if not isinstance(raw, dict):
        hint = 'write it as a mapping, e.g. {show: true, text: "Research summary, not medical advice."}'
        return Notice(), [Problem(path, None, f"extra.digest.notice is {raw!r}", hint, "settings")]
    problems = []
    for key in sorted(set(raw) - {"show", "text"}):
        problems.append(Problem(path, None, f"unknown setting extra.digest.notice.{key}", "use show or text", "settings"))
    show, text = raw.get("show", True), raw.get("text", Notice.text)
    if not isinstance(show, bool):
        problems.append(Problem(path, None, f"extra.digest.notice.show is {show!r}", "give true or false", "settings"))
        show = Notice.show
    if not isinstance(text, str) or not text.strip():
        problems.append(Problem(path, None, f"extra.digest.notice.text is {text!r}", "give the notice's text", "settings"))
        text = Notice.text
    return Notice(show, text.strip()), problems
