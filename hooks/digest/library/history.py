"""The history of each digest, read from git: first published, last revised, every revision.

One ``git log`` for the whole digests folder (not one a file: at 20,000 digests that is 20,000
processes), parsed from ``--name-status -z`` with each commit's date and subject, and one more for
the BibTeX folder, to date the entries added without a digest. The dates are the committer's:
when a revision reached the branch the site is built from.

A revision that changed the study facts, the topics or the conclusion says so in the digest's front
matter, checked here at the door (:func:`read_changes`)::

    changes:
      - date: 2025-03-02            # the day of the revision (the revision of that day, or the next one)
        what: [facts, conclusion]   # some of: facts, topics, conclusion
        note: Adds the 2024 replication; the effect is smaller than first reported.

Without git, outside a repository, or in a shallow clone (whose oldest commit would claim every
digest as new), the history is the front matter's: the digest's ``date`` and its ``changes:``
notes, and :attr:`Histories.note` says so once (the build logs it as information, not a problem).

The history is git's committed history only (an uncommitted digest has its front matter's dates), so it
is a function of ``HEAD``: it is kept by ``HEAD``'s commit (:data:`_KEPT`, one a pair of folders), and a
``mkdocs serve`` rebuild with no new commit runs one ``git rev-parse`` instead of reading the log again.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

from digest.charset import clean_text
from digest.limits import FIELD_LENGTH, LIST_LENGTH
from digest.model import CHANGE_KINDS, Change, Digest

SUBJECT_LENGTH = 200
"""Longest commit subject kept: a line in a list, not a commit message."""
_HASH = re.compile(r"^[0-9a-f]{40,64}$")
_MARK = "digest-history"
_FORMAT = f"--format=%x00{_MARK}%x00%H%x00%cI%x00%s"
_ADDED = re.compile(r"^\+[ \t]*@[ \t]*(\w+)[ \t]*[{(][ \t]*([^,\s{}()]+)[ \t]*,", re.MULTILINE)
_GIT_TIMEOUT = 120


@dataclass(frozen=True)
class Revision:
    """One commit that changed a digest (or, without git, a ``changes:`` note), with what it changed."""

    date: dt.date
    commit: str = ""
    subject: str = ""
    """The commit's subject line, control characters removed, cut at :data:`SUBJECT_LENGTH`."""
    what: tuple[str, ...] = ()
    note: str = ""

    @property
    def substantive(self) -> bool:
        """It changed the study facts, the topics or the conclusion."""
        return bool(self.what)


@dataclass(frozen=True)
class History:
    """A digest's revisions, oldest first; the first is its publication."""

    revisions: tuple[Revision, ...]
    from_git: bool = True

    @property
    def first(self) -> dt.date | None:
        return self.revisions[0].date if self.revisions else None

    @property
    def last(self) -> dt.date | None:
        return self.revisions[-1].date if self.revisions else None

    @property
    def count(self) -> int:
        """How many revisions after the first publication."""
        return max(len(self.revisions) - 1, 0)


@dataclass
class Histories:
    """Every digest's history, and how it was found."""

    commits: dict[str, list[Revision]] = field(default_factory=dict)
    """Digest file stem (the key) -> its commits, oldest first; empty when git gave none."""
    added: dict[str, dt.date] = field(default_factory=dict)
    """Entry key -> the day a commit first added its record to the BibTeX folder."""
    from_git: bool = False
    note: str = ""
    """Why the history is the front matter's, for the build's log; "" when it is git's."""
    prefix: str = ""
    """The digests folder's path in the repository (``docs/digests/``), for links to a digest's history."""
    repo_url: str = ""
    """The site's ``repo_url`` (set by the build): where a digest's history is shown."""

    def url(self, key: str) -> str:
        """The page of a digest's commits at ``repo_url``; "" without one, or without git's history."""
        return history_url(self.repo_url, f"{self.prefix}{key}.md") if self.repo_url and self.from_git else ""

    def of(self, digest: Digest) -> History:
        """The history of ``digest``: its commits marked by its ``changes:`` notes, or the front matter's."""
        commits = self.commits.get(digest.key, [])
        if commits:
            return History(tuple(_marked(commits, digest.changes)), True)
        start = [Revision(digest.date)] if digest.date else []
        notes = [Revision(c.date, what=c.what, note=c.note) for c in digest.changes if not digest.date or c.date > digest.date]
        return History(tuple(start + notes), False)


def _marked(commits: list[Revision], changes: tuple[Change, ...]) -> list[Revision]:
    """``commits`` with each note put on the revision of its day, or the first one after it (a note
    written before its commit is made); a note later than every commit is the last revision's."""
    marked = list(commits)
    days = [c.date for c in commits]
    for change in changes:
        at = min(bisect_left(days, change.date), len(marked) - 1)
        old = marked[at]
        what = tuple(dict.fromkeys((*old.what, *change.what)))
        note = f"{old.note} {change.note}".strip()
        marked[at] = Revision(old.date, old.commit, old.subject, what, note)
    return marked


_KEPT: dict[tuple[str, str, str], tuple[str, Histories]] = {}
"""(git, digests folder, BibTeX folder) -> the ``HEAD`` commit its history was read at, and that history."""


def read(digests: Path, bib: Path, git: str = "git") -> Histories:
    """The histories of the digests under ``digests`` and the dates the records of ``bib`` were added
    (read again only when ``HEAD`` is another commit than last time)."""
    status = _git(git, digests, "rev-parse", "--is-shallow-repository", "--show-prefix", "HEAD")
    if status is None:
        return Histories(note=_why_not(digests, git))
    shallow, prefix, head = [*status.split("\n"), "", ""][:3]
    if shallow.strip() == "true":
        return Histories(note="the repository is a shallow clone (fetch its whole history, e.g. `fetch-depth: 0` "
                              "in CI, for revision dates): digest dates are taken from their front matter")
    where = (git, str(digests.resolve()), str(bib.resolve()))
    kept = _KEPT.get(where)
    if kept is None or kept[0] != head.strip():
        log = _git(git, digests, "log", "--relative", "--no-renames", "-z", _FORMAT, "--name-status", "--", ".")
        if log is None:
            return Histories(note="git log failed: digest dates are taken from their front matter")
        added = _git(git, bib, "log", "--relative", "--no-renames", "--reverse", "-z", _FORMAT, "-p", "--unified=0", "--", ".")
        kept = _KEPT[where] = (head.strip(), Histories(parse_log(log), parse_added(added or ""), True, "", prefix.strip()))
    return replace(kept[1])  # the build sets repo_url on its own copy


def _why_not(digests: Path, git: str) -> str:
    """Why there is no git history to read: no git, no repository, or no commit yet."""
    if not _has(git):
        where = "git is not installed"
    elif _git(git, digests, "rev-parse", "--git-dir") is None:
        where = f"{digests} is not in a git repository"
    else:
        where = "the repository has no commit yet"
    return f"{where}: digest dates are taken from their front matter (`date:` and `changes:`)"


def _has(git: str) -> bool:
    try:
        subprocess.run([git, "--version"], capture_output=True, check=False, timeout=_GIT_TIMEOUT)
    except OSError:
        return False
    return True


def _git(git: str, where: Path, *args: str) -> str | None:
    if not where.is_dir():
        return None
    try:
        done = subprocess.run([git, "-C", str(where), *args], capture_output=True, check=False, timeout=_GIT_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def _commits(output: str) -> list[tuple[Revision, list[str]]]:
    """``git log -z`` in :data:`_FORMAT` -> each commit and the tokens after its header (newest first)."""
    tokens = output.split("\0")
    found: list[tuple[Revision, list[str]]] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == _MARK and i + 3 < len(tokens) and _HASH.match(tokens[i + 1]):
            when = _day(tokens[i + 2])
            subject, _ = clean_text(tokens[i + 3][:SUBJECT_LENGTH])
            found.append((Revision(when or dt.date(1970, 1, 1), tokens[i + 1], subject), []))
            i += 4
            continue
        if found:
            found[-1][1].append(tokens[i])
        i += 1
    return found


def parse_log(output: str) -> dict[str, list[Revision]]:
    """``git log --name-status -z`` -> the commits of each ``<key>.md``, oldest first (a deletion is no revision)."""
    by_key: dict[str, list[Revision]] = {}
    for revision, tokens in _commits(output):
        rest = [t for t in (t.lstrip("\n") for t in tokens) if t]
        for status, name in zip(rest[::2], rest[1::2], strict=False):
            if status[:1] in "AMT" and name.endswith(".md") and "/" not in name:
                by_key.setdefault(name[:-3], []).append(revision)
    for revisions in by_key.values():
        revisions.reverse()
    return by_key


def parse_added(output: str) -> dict[str, dt.date]:
    """``git log -p --reverse`` of the BibTeX folder -> the day each key's record first appeared."""
    added: dict[str, dt.date] = {}
    for revision, tokens in _commits(output):
        for _, key in _ADDED.findall("\0".join(tokens)):
            added.setdefault(key, revision.date)
    return added


def _day(text: str) -> dt.date | None:
    try:
        return dt.datetime.fromisoformat(text.strip()).astimezone(dt.UTC).date()
    except ValueError:
        return None


def history_url(repo_url: str, path: str) -> str:
    """The page of a file's commits on GitHub, GitLab, Codeberg or Bitbucket; "" for other hosts."""
    base = repo_url.rstrip("/")
    host = re.match(r"^https://([^/]+)/[^/?#]+/[^/?#]+$", base)
    if not host:
        return ""
    where = quote(path)
    name = host.group(1).lower()
    if name == "github.com":
        return f"{base}/commits/HEAD/{where}"
    if "gitlab" in name:
        return f"{base}/-/commits/HEAD/{where}"
    if name == "codeberg.org":
        return f"{base}/commits/branch/main/{where}"
    if name == "bitbucket.org":
        return f"{base}/history-node/HEAD/{where}"
    return ""


CHANGES_HINT = ("write `changes:` as a list of `- date: YYYY-MM-DD`, `what: [facts, topics, conclusion]` (some of them) "
                "and `note: one sentence`")


def read_changes(value: Any, parse_date: Any) -> tuple[tuple[Change, ...], list[str]]:
    """The ``changes:`` notes of a digest's front matter, oldest first, and what is wrong with each
    one left out (``parse_date``: the front matter's date reader)."""
    if not isinstance(value, list) or len(value) > LIST_LENGTH:
        return (), [f"`changes` is not a list of at most {LIST_LENGTH} notes"]
    found: list[Change] = []
    wrong: list[str] = []
    for n, item in enumerate(value, 1):
        change, why = _change(item, parse_date)
        if change is None:
            wrong.append(f"`changes` note {n} {why}")
        else:
            found.append(change)
    return tuple(sorted(found, key=lambda c: c.date)), wrong


def _change(item: Any, parse_date: Any) -> tuple[Change | None, str]:
    if not isinstance(item, dict) or set(map(str, item)) - {"date", "what", "note"}:
        return None, "is not a mapping of date, what and note"
    when = parse_date(item.get("date"))
    if when is None or when > dt.date.today():
        return None, "has no date on the calendar, today or earlier"
    what = item.get("what", [])
    what = [what] if isinstance(what, str) else what
    if not isinstance(what, list) or not all(isinstance(w, str) and w in CHANGE_KINDS for w in what):
        return None, f"says it changed something other than {', '.join(CHANGE_KINDS)}"
    note = item.get("note", "")
    if not isinstance(note, str) or len(note) > FIELD_LENGTH:
        return None, f"has a note that is not text of at most {FIELD_LENGTH} characters"
    text, _ = clean_text(" ".join(note.split()))
    return Change(when, tuple(dict.fromkeys(what)), text), ""
