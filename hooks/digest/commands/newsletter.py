"""``make newsletter SINCE=YYYY-MM-DD [TOPIC=slug]``: the digests new or revised since a date, as an
e-mail: an HTML file any mail client shows and its plain-text twin, written into ``dist/``.

The items are the "What changed" page's (``site/revisions.events``: git's history, or the front matter's):
new digests, revised digests (what changed, when a ``changes:`` note says), and the retractions,
corrections and expressions of concern recorded since then (a reader of a digest must hear of them too);
entries added without a digest are left out, having nothing to read yet. Each item: the paper's title,
its authors, year and journal, the digest's writers, its teaser and the absolute address of its page.

The HTML is made for mail clients: inline styles only, no script, no style sheet, font or image from
elsewhere, one layout table (the centred column, which Outlook needs), every link absolute (from
``site_url``: a mail has no address of its own to resolve a relative link against), a preheader, ``lang``
and ``charset``, and a footer saying where it came from. Text is escaped once, by Jinja's autoescape; the
text twin holds each value on one line, without control characters. With nothing new since the date
nothing is written (an empty newsletter is not worth sending) and the command exits 1, so that
``make newsletter ... && send`` sends nothing; a file left by an earlier run of the same name is removed.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO
from urllib.parse import quote, urlsplit

import jinja2

from digest.commands import BAD_USAGE, FAILED
from digest.commands.project import Project, read_or_say
from digest.library.loader import Library, load
from digest.library.status import KINDS as STATUS_KINDS
from digest.references.styles import apa
from digest.site import revisions
from digest.site.revisions import Event

TITLE_LENGTH = 300
TEASER_LENGTH = 600
"""The longest title and teaser shown: an e-mail is read on a phone."""
NOTICES = "Retractions and corrections"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Control characters, line and paragraph separators and the bidirectional overrides: none has a place
# in one line of a mail, and the overrides could make a line read other than it is.
_NOT_SHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                                autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
                                keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


@dataclass(frozen=True)
class Item:
    """One digest (or one paper's notice) in the newsletter."""

    title: str
    url: str
    """The absolute address of its page."""
    byline: str
    """The paper's authors, year and journal: "Lener et al. (2016), Biological Psychiatry"."""
    writers: str = ""
    """The digest's contributors, "" for a notice."""
    teaser: str = ""
    when: str = ""
    """The day of the event, ISO."""
    changed: str = ""
    """What a revision changed, and its note; a notice's label."""
    notice_url: str = ""


@dataclass(frozen=True)
class Section:
    heading: str
    items: list[Item]


@dataclass
class Issue:
    """What one newsletter says."""

    site_name: str
    site_url: str
    since: dt.date
    made: dt.date
    topic: str = ""
    """The topic's name, "" for the whole library."""
    topic_url: str = ""
    changes_url: str = ""
    feed_url: str = ""
    notice: str = ""
    sections: list[Section] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(s.items) for s in self.sections)

    @property
    def subject(self) -> str:
        about = f" on {self.topic}" if self.topic else ""
        return f"{self.site_name}: new{about} since {self.since.isoformat()}"

    @property
    def notices(self) -> bool:
        return any(s.heading == NOTICES for s in self.sections)

    @property
    def preheader(self) -> str:
        counts = [f"{len(s.items)} {s.heading.lower()}" for s in self.sections]
        first = self.sections[0].items[0].title if self.sections and self.sections[0].items else ""
        return line(f"{', '.join(counts)}. {first}", TITLE_LENGTH)


def line(text: str, limit: int = 0) -> str:
    """``text`` as one line: no control characters, separators or direction overrides, spaces folded,
    cut at ``limit`` characters with an ellipsis."""
    text = " ".join(_NOT_SHOWN.sub(" ", text).split())
    return text[: limit - 1].rstrip() + "…" if limit and len(text) > limit else text


def since_date(text: str) -> dt.date | None:
    """``SINCE`` as a date, or None when it is not one (YYYY-MM-DD on the calendar)."""
    if not _DATE.match(text.strip()):
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def collect(lib: Library, project: Project, site_url: str, since: dt.date, topic: str = "",
            made: dt.date | None = None) -> Issue:
    """The newsletter of ``lib`` since ``since`` (on ``topic``, a slug of its vocabulary, if given)."""
    links = project.site.links
    base = site_url.rstrip("/") + "/"

    def absolute(src_uri: str) -> str:
        return base + quote(links.url(src_uri))

    def entry_url(key: str) -> str:
        return absolute(links.entry(lib.slugs.get(key, key)))

    found = [e for e in revisions.events(lib, since) if not topic or topic in e.entry.topics]
    new = _first_of_each(e for e in found if e.kind == "new")
    revised = _first_of_each(e for e in found if e.kind == "revised" and e.entry.key not in {n.entry.key for n in new})
    notices = _first_of_each(e for e in found if e.kind in STATUS_KINDS)
    sections = [Section(heading, [_item(e, entry_url(e.entry.key), lib) for e in events]) for heading, events in
                (("New digests", new), ("Revised digests", revised), (NOTICES, notices)) if events]
    named = lib.topics[topic].name if topic else ""
    notice = project.settings.notice.text if project.settings.notice.show else ""
    return Issue(line(project.config.site_name, TITLE_LENGTH), base, since, made or dt.date.today(), line(named, TITLE_LENGTH),
                 absolute(links.topic(topic)) if topic else "", absolute("changes/index.md"),
                 base + ("topics/" + topic + "/feed.xml" if topic else "changes/feed.xml"), line(notice, TEASER_LENGTH), sections)


def _first_of_each(events: Iterable[Event]) -> list[Event]:
    """The newest event of each entry (``events`` come newest first)."""
    seen: dict[str, Event] = {}
    for event in events:
        seen.setdefault(event.entry.key, event)
    return list(seen.values())


def _item(event: Event, url: str, lib: Library) -> Item:
    entry = event.entry
    byline = f"{apa.cite_names(entry)} ({entry.year or 'n.d.'})" + (f", {entry.journal}" if entry.journal else "")
    digest = entry.digest
    if event.kind in STATUS_KINDS:
        status = lib.statuses.get(entry.key)
        href = status.href if status else ""
        return Item(line(entry.title, TITLE_LENGTH), url, line(byline, TITLE_LENGTH), when=event.date.isoformat(),
                    changed=line(event.label), notice_url=href if href.startswith(("https://", "http://")) else "")
    changed = ". ".join(filter(None, [f"Changed {event.changed}" if event.changed else "", event.note or event.subject]))
    return Item(line(entry.title, TITLE_LENGTH), url, line(byline, TITLE_LENGTH),
                line(", ".join(digest.contributors), TITLE_LENGTH) if digest else "",
                line(digest.teaser, TEASER_LENGTH) if digest else "", event.date.isoformat(),
                line(changed, TEASER_LENGTH) if event.kind == "revised" else "")


def render(issue: Issue) -> tuple[str, str]:
    """The e-mail's HTML and its plain text."""
    return (_TEMPLATES.get_template("newsletter.html").render(issue=issue),
            _TEMPLATES.get_template("newsletter.txt").render(issue=issue))


def site_address(project: Project) -> tuple[str, str]:
    """The site's address (``site_url``, else ``SITE_URL``), and what is wrong with it ("" if nothing)."""
    url = (project.config.site_url or os.environ.get("SITE_URL", "")).strip()
    if not url:
        name = Path(project.config.config_file_path).name
        return "", f"{name}: site_url is not set; set SITE_URL=https://... or site_url (a mail needs absolute links)"
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or _NOT_SHOWN.search(url) or " " in url:
        return "", f"site_url {line(url, 100)!r} is not an http(s) address; set SITE_URL=https://... or site_url"
    return url, ""


def run(config: Path, since_text: str, topic: str = "", dist: Path = Path("dist"), out: TextIO = sys.stdout,
        made: dt.date | None = None) -> int:
    """``make newsletter``: write ``dist/newsletter-<since>[-<topic>].html`` and ``.txt``; 0 when written,
    1 when there is nothing new to send, 2 when the command cannot run (a bad SINCE, TOPIC or site_url)."""
    since = since_date(since_text)
    if since is None:
        print(f"SINCE={line(since_text, 40)!r} is not a date; give the first day as YYYY-MM-DD, e.g. SINCE=2025-01-31",
              file=out)
        return BAD_USAGE
    project = read_or_say(config, out)
    if project is None:
        return BAD_USAGE
    site_url, problem = site_address(project)
    if problem:
        print(problem, file=out)
        return BAD_USAGE
    lib = load(project.root, project.docs_dir, project.settings)
    if topic and topic not in lib.topics:
        print(_unknown_topic(topic, lib, project.settings.topics_file), file=out)
        return BAD_USAGE
    issue = collect(lib, project, site_url, since, topic, made)
    name = f"newsletter-{since.isoformat()}" + (f"-{topic}" if topic else "")
    targets = [dist / f"{name}.html", dist / f"{name}.txt"]
    if lib.problems:
        print(f"{len(lib.problems)} content problem(s) in the library (make check lists them); the newsletter shows "
              "the entries as they are", file=out)
    if not issue.count:
        for target in targets:
            target.unlink(missing_ok=True)  # no stale newsletter to be sent by mistake
        about = f" on {issue.topic}" if topic else ""
        print(f"nothing new{about} since {since.isoformat()}: no digest published or revised, no retraction or "
              "correction; no newsletter written", file=out)
        return FAILED
    html, text = render(issue)
    dist.mkdir(parents=True, exist_ok=True)
    targets[0].write_text(html, encoding="utf-8")
    targets[1].write_text(text, encoding="utf-8")
    for target in targets:
        print(f"{target}: written ({issue.count} item(s) since {since.isoformat()})", file=out)
    return 0


def _unknown_topic(topic: str, lib: Library, topics_file: str) -> str:
    shown = line(topic, 60)
    by_name = {t.name.lower(): t.slug for t in lib.topics.values()}
    close = difflib.get_close_matches(topic.lower(), [*lib.topics, *by_name], n=1, cutoff=0.6)
    hint = f"did you mean TOPIC={by_name.get(close[0], close[0])}?" if close else f"give a slug of {topics_file}"
    return f"TOPIC={shown!r} is not a topic of {topics_file}; {hint}"
