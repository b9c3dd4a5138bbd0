"""What changed, and when: the events of the library (new digests, revisions, entries added without a
digest, retractions and corrections), newest first, for the "What changed" page, its feed, the topic
feeds and the newsletter; and the history line of an entry page.

The events come from the library's history (library/history.py: git, or the front matter) and from
``bib/status.yml``; nothing here runs git or reads a file.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from digest.library.loader import Library
from digest.library.status import KINDS as STATUS_KINDS
from digest.model import Entry
from digest.site.pieces import View

ID_SPACE = uuid.UUID("6f1d3c1e-9a55-5b8e-8a53-3c1b0d0d1e25")
"""The namespace of the feeds' ``urn:uuid:`` ids: made from keys and dates only, so that an id does not
change when ``site_url`` is set or changed, or the site moves."""
LABELS = {"new": "New digest", "revised": "Revised digest", "added": "Added without a digest", **STATUS_KINDS}
WHAT = {"facts": "the study facts", "topics": "the topics", "conclusion": "the conclusion"}


@dataclass(frozen=True)
class Event:
    """One thing that happened to one entry on one day."""

    date: dt.date
    kind: str
    """``new``, ``revised``, ``added``, or a status of :data:`status.KINDS` (``retracted`` ...)."""
    entry: Entry
    what: tuple[str, ...] = ()
    note: str = ""
    subject: str = ""
    """The commit's subject line, for a revision with no note."""
    commit: str = ""

    @property
    def label(self) -> str:
        return LABELS.get(self.kind, self.kind)

    @property
    def id(self) -> str:
        return stable_id(self.kind, self.entry.key, self.date.isoformat(), self.commit)

    @property
    def changed(self) -> str:
        """What a revision changed, in words ("the study facts and the conclusion"); "" if not said."""
        words = [WHAT.get(w, w) for w in self.what]
        return " and ".join(filter(None, [", ".join(words[:-1]), words[-1]])) if words else ""


def stable_id(*parts: str) -> str:
    """A feed id from ``parts`` (an entry key, a date): the same wherever the site is published."""
    return f"urn:uuid:{uuid.uuid5(ID_SPACE, chr(0).join(parts))}"


def events(lib: Library, since: dt.date | None = None) -> list[Event]:
    """Every event of the library on or after ``since``, newest first (ties: gravest kind, then key)."""
    found: list[Event] = []
    for entry in lib.entries.values():
        found += _entry_events(lib, entry)
    found = [e for e in found if since is None or e.date >= since]
    order = list(LABELS)
    found.sort(key=lambda e: (e.entry.key, order.index(e.kind) if e.kind in order else 99))
    found.sort(key=lambda e: e.date, reverse=True)
    return found


def _entry_events(lib: Library, entry: Entry) -> list[Event]:
    found: list[Event] = []
    if entry.digest:
        history = lib.history.of(entry.digest)
        for n, rev in enumerate(history.revisions):
            found.append(Event(rev.date, "revised" if n else "new", entry, rev.what, rev.note, rev.subject, rev.commit))
    elif entry.key in lib.history.added:
        found.append(Event(lib.history.added[entry.key], "added", entry))
    status = lib.statuses.get(entry.key)
    day = _day(status.date) if status else None
    if status and day:
        found.append(Event(day, status.kind, entry, note=status.source))
    return found


def _day(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        return None


def entry_history(lib: Library, entry: Entry) -> View | None:
    """The history line of an entry page: first published, last revised, how many revisions, the
    revisions that changed the facts, topics or conclusion, and a link to the commits."""
    if entry.digest is None:
        return None
    history = lib.history.of(entry.digest)
    if not history.revisions or history.first is None or history.last is None:
        return None
    shown = [Event(r.date, "revised", entry, r.what, r.note) for r in history.revisions[1:] if r.what or r.note]
    return {"first": history.first.isoformat(), "last": history.last.isoformat() if history.count else "",
            "count": history.count, "from_git": history.from_git, "href": lib.history.url(entry.key),
            "changes": [{"date": e.date.isoformat(), "what": e.changed, "note": e.note} for e in reversed(shown)]}


def history_signature(lib: Library, entry: Entry) -> int:
    """What an entry page shows of its history."""
    if entry.digest is None:
        return 0
    return hash((lib.history.of(entry.digest), lib.history.url(entry.key)))
