"""The pull request's job summary: each entry a pull request adds or changes, as a reviewer wants it.

``python -m digest summary --base origin/main`` compares the library with the one at ``base`` (git)
and writes markdown: each added or changed entry with its APA reference, its topics, its problems
(as ``make check`` reports them) and where its page is in the site artifact the workflow uploads.
The "Check pull request" workflow appends it to ``$GITHUB_STEP_SUMMARY``.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from digest.library.loader import Library
from digest.model import Entry
from digest.problems import Problem
from digest.references.parts import to_plain
from digest.references.styles import apa
from digest.urls import Links


def _git(root: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
    return done.stdout if done.returncode == 0 else ""


def changed_files(root: Path, base: str) -> list[str]:
    """Paths (relative to ``root``) that differ from ``base``, committed or not."""
    found = _git(root, "diff", "--name-only", "--relative", base, "--") + _git(root, "ls-files", "--others", "--exclude-standard")
    return sorted({line.strip() for line in found.splitlines() if line.strip()})


def _records_at(root: Path, base: str, path: str) -> dict[str, str]:
    """The raw text of each record of a .bib file as it was at ``base`` (key -> record), to tell changed ones."""
    text = _git(root, "show", f"{base}:./{path}")
    starts = list(re.finditer(r"^[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s]*)", text, re.MULTILINE))
    records = {}
    for i, start in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        records[start.group(2)] = " ".join(text[start.start():end].split())
    return records


def touched_entries(library: Library, root: Path, base: str, digests_dir: str) -> list[str]:
    """Keys of the entries whose record or digest differs from ``base``, in library order."""
    changed = set(changed_files(root, base))
    keys = []
    before: dict[str, dict[str, str]] = {}
    for key, entry in library.entries.items():
        digest = entry.digest.path if entry.digest else ""
        if digest and digest in changed:
            keys.append(key)
            continue
        if entry.path in changed:
            old = before.setdefault(entry.path, _records_at(root, base, entry.path))
            if key not in old or not _same_record(old[key], entry.raw):
                keys.append(key)
    return keys


def _same_record(old_text: str, raw: dict[str, str]) -> bool:
    """Whether every field value of ``raw`` stands in the old record as it does now."""
    return all(" ".join(value.split()) in old_text for value in raw.values())


def summary(library: Library, problems: list[Problem], keys: list[str], links: Links) -> str:
    """Markdown for the job summary."""
    if not keys:
        return "## Entries in this pull request\n\nNo entry added or changed.\n"
    lines = ["## Entries in this pull request", "",
             f"{len(keys)} added or changed. Open a page from the **site** artifact: unzip it and open the file named.", ""]
    for key in keys:
        entry = library.entries[key]
        page = links.url(links.entry(library.slugs[key])) + "index.html"
        topics = ", ".join(library.topics[s].name for s in entry.topics if s in library.topics) or "none"
        own = [p for p in problems if _concerns(p, entry)]
        lines += [f"### {_code(key)}", "", f"> {_md(to_plain(apa.reference(entry)))}", "",
                  f"- Topics: {_md(topics)}", f"- Page: {_code('site/' + page)}",
                  f"- Digest: {_code(entry.digest.path) if entry.digest else 'none yet (the page shows the abstract)'}"]
        lines += [f"- **Problem:** {_code(str(p))}" for p in own] or ["- No problems."]
        lines.append("")
    return "\n".join(lines)


def _concerns(problem: Problem, entry: Entry) -> bool:
    in_digest = entry.digest is not None and problem.path == entry.digest.path
    at_record = problem.path == entry.path and problem.line == entry.line
    return in_digest or at_record or f"entry {entry.key}" in problem.message


_MARKUP = frozenset("\\`*_{}[]<>()#+!|~$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)", re.IGNORECASE)


def _one_line(text: str) -> str:
    return " ".join(_CONTROL.sub(" ", text).split())


def _md(text: str) -> str:
    """Text safe in markdown (GitHub's, CommonMark's, Python-Markdown's): no HTML, no link, image,
    emphasis, math or code from a contributor's record. Markdown's punctuation is backslash-escaped,
    ``&`` written as an entity (so that none starts a character reference), and a word joiner breaks
    ``https://`` and ``www.``, which GitHub would make links of."""
    text = _AUTOLINK.sub("\u2060", _one_line(text))
    return "".join("&amp;" if c == "&" else f"\\{c}" if c in _MARKUP else c for c in text)


def _code(text: str) -> str:
    """``text`` as a code span that nothing in it can end: fenced by one backtick more than its
    longest run of them (markdown shows a code span's text as it is: no HTML, no link)."""
    text = _one_line(text)
    fence = "`" * (max((len(run) for run in re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"
