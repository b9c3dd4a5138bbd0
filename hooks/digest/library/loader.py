"""The library: every entry of ``bib/`` with its digest and topics, and every problem found.

Loading never stops at a problem: each is recorded with its file and line, and the entry it
concerns is still kept (shown with what could be read), so nothing a contributor adds is lost.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from digest import ahead, limits
from digest.library import enrichment, history, names, status
from digest.library import reuse as cache
from digest.library.bibfiles import read_bib
from digest.library.digestfiles import page_front_matter_problems, read_digest, split_front_matter
from digest.library.enrichment import Enrichment
from digest.library.status import Status
from digest.library.study import Designs, Study, read_designs, read_study
from digest.library.topics import Suggester, Topic, TopicIndex, assign_topics, read_vocabulary
from digest.markdown import citations
from digest.model import Entry
from digest.problems import Problem
from digest.settings import Settings
from digest.urls import Links, key_slug


@dataclass
class CitingPage:
    """A page that cites entries: its source path (under docs/), title, path in messages, citations."""

    src_uri: str
    title: str
    path: str
    citations: list[citations.Citation]


@dataclass
class Library:
    """Everything the pages are made from."""

    settings: Settings
    entries: dict[str, Entry]
    topics: dict[str, Topic]
    index: TopicIndex
    slugs: dict[str, str]
    """Entry key -> the file-name slug of its page."""
    statuses: dict[str, Status] = field(default_factory=dict)
    """Entry key -> what happened to the paper since (retracted, corrected): ``bib/status.yml``."""
    cited_in: dict[str, list[CitingPage]] = field(default_factory=dict)
    enrichment: dict[str, Enrichment] = field(default_factory=dict)
    """Entry key -> what OpenAlex says of it (``bib/enrichment.yml``), its ``cites`` within the library."""
    cited_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Entry key -> the library entries that cite it (the reverse of ``enrichment``'s ``cites``)."""
    problems: list[Problem] = field(default_factory=list)
    studies: dict[str, Study] = field(default_factory=dict)
    """Entry key -> the checked facts of its digest's ``study:``."""
    designs: Designs = field(default_factory=lambda: read_designs()[0])
    """The study design vocabulary (built in, extended by the site's ``designs.yml``)."""
    history: history.Histories = field(default_factory=history.Histories)
    """Each digest's revisions from git (library/history.py), and the day each record was added."""

    def digest_citations(self, links: Links) -> list[CitingPage]:
        """The citations in every digest, at their lines in the digest file."""
        return [
            find_citations(e.digest.body, links.entry(self.slugs[e.key]), e.title, e.digest.path, e.digest.body_line)
            for e in self.entries.values()
            if e.digest
        ]

    def page_citations(self, pages: list[tuple[str, str, str]]) -> list[CitingPage]:
        """The citations in hand-written pages, given as (src_uri, path in messages, markdown); what is wrong
        with a page's name, front matter or size is reported here, so that the build and ``make check`` do."""
        found = []
        for src_uri, path, markdown in pages:
            _, body, first_line = split_front_matter(markdown)
            self.problems += page_problems(src_uri, path, markdown, body, first_line)
            title = next((line[2:].strip() for line in body.splitlines() if line.startswith("# ")), src_uri)
            found.append(find_citations(body, src_uri, title, path, first_line))
        return found

    def cite_pages(self, pages: list[CitingPage]) -> None:
        """Record which pages cite which entries, and report citations of unknown keys."""
        suggest = Suggester(list(self.entries))
        for page in pages:
            path = page.path
            for citation in page.citations:
                for cite in citation.cites:
                    if cite.key in self.entries:
                        cited = self.cited_in.setdefault(cite.key, [])
                        if not any(other is page for other in cited):  # identity: comparing pages is slow
                            cited.append(page)
                        continue
                    near = suggest(cite.key)
                    hint = f"did you mean @{near}? Fix the key" if near else "add the entry to bib/ or fix the key"
                    message = f"citation {citation.text} names no entry"
                    self.problems.append(Problem(path, citation.line, message, hint, "unknown-citation"))


def page_problems(src_uri: str, path: str, markdown: str, body: str, first_line: int) -> list[Problem]:
    """A hand-written page's file name, front matter and Markdown budgets, checked at the door."""
    problems = []
    why = names.file_name_problem(src_uri)
    if why:
        problems.append(Problem(path, None, why, "rename the file; until then the page is left out of the site", "file-name"))
    problems += page_front_matter_problems(markdown, path)
    for line, what in limits.markdown_budget(body):
        hint = "split the page or simplify it; until then it is shown as plain text"
        problems.append(Problem(path, first_line + line - 1, f"the page is over a budget: {what}", hint, "too-large"))
    return problems


def relative(path: Path, root: Path) -> str:
    """How the library names a file in messages: its path from the project's root."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


READ_BESIDE = 200_000
"""``bib/enrichment.yml`` this long (bytes, some 1,200 entries) is read in a forked child while this
process reads the entries, where the build may fork: it needs none of them, and at 20,000 entries
reading it (YAML with every value's line) takes as long as the .bib files."""


def load(root: Path, docs_dir: Path, settings: Settings) -> Library:
    """Read bib files, digests and the topic vocabulary under ``root`` (the folder of mkdocs.yml)."""
    problems: list[Problem] = []
    # With two cores or more (not with `workers: 1`, nor under `mkdocs serve`, whose server threads a
    # fork would copy), long files are read by two processes at once: the same library either way.
    may_fork = ahead.may_fork(settings.workers)
    enrichment_file = root / settings.enrichment_file
    read_enrichment = partial(enrichment.read, enrichment_file, settings.enrichment_file)
    read_history = partial(history.read, docs_dir / settings.digests_dir, root / settings.bib_dir)
    # Read beside the entries (in forked children), as they need none of them: the enrichment
    # (YAML with every value's line: 2.9 s at 20,000 entries) and the git history (git's log).
    beside = ahead.Beside(read_enrichment) if may_fork and _size(enrichment_file) >= READ_BESIDE else None
    histories = ahead.Beside(read_history) if may_fork else None
    try:
        entries = _read_entries(root, settings, problems, may_fork)
        _attach_digests(entries, root, docs_dir, settings, problems)
        topics, topic_problems = read_vocabulary(root / settings.topics_file, settings.topics_file)
        problems += topic_problems
        problems += follow_on(assign_topics(list(entries.values()), topics, may_fork), topics, topic_problems,
                              settings.topics_file)
        slugs = _slugs(entries, problems)
        index = TopicIndex(list(entries.values()), topics)
        statuses, status_problems = status.read(root / settings.status_file, settings.status_file)
        problems += status_problems
        designs, studies = _read_studies(root, settings, entries, problems)
        enriched, cited_by = _enrichment(root, settings, entries, problems, beside.result if beside else read_enrichment)
        git_history = histories.result() if histories else read_history()
    finally:
        for child in (beside, histories):
            if child is not None:
                child.close()
    return Library(settings, entries, topics, index, slugs, statuses={k: s for k, s in statuses.items() if k in entries},
                   problems=problems, studies=studies, designs=designs, enrichment=enriched, cited_by=cited_by,
                   history=git_history)


def _size(file: Path) -> int:
    try:
        return file.stat().st_size
    except OSError:
        return 0


def _read_studies(root: Path, settings: Settings, entries: dict[str, Entry],
                  problems: list[Problem]) -> tuple[Designs, dict[str, Study]]:
    """The design vocabulary (the site's ``designs.yml`` beside its topics file) and each digest's study."""
    site_path = (Path(settings.topics_file).parent / "designs.yml").as_posix()
    designs, found = read_designs(root / site_path, site_path)
    problems += found
    studies = {}
    for key, entry in entries.items():
        digest = entry.digest
        if digest is None or digest.study is None:
            continue
        read, found = read_study(digest.study, designs, digest.path, digest.lines.get("study"), digest.study_lines)
        problems += found
        if read is not None:
            studies[key] = read
    return designs, studies


Read = Callable[[], tuple[dict[str, Enrichment], list[Problem]]]


def _enrichment(root: Path, settings: Settings, entries: dict[str, Entry], problems: list[Problem],
                read: Read) -> tuple[dict[str, Enrichment], dict[str, tuple[str, ...]]]:
    """``bib/enrichment.yml`` for the entries there are (as ``status.yml``: an entry removed since is
    passed over, until make enrich writes the file again), and who cites whom within the library."""
    file = root / settings.enrichment_file  # cached by content: at 20,000 entries, 2 s of each serve rebuild
    found, enrichment_problems = cache.files.get(file, read, "enrichment", settings.enrichment_file)
    problems += enrichment_problems
    kept = {key: value if all(k in entries and k != key for k in value.cites)
            else dataclasses.replace(value, cites=tuple(k for k in value.cites if k in entries and k != key))
            for key, value in found.items() if key in entries}
    cited_by: dict[str, list[str]] = {}
    for key, value in kept.items():
        for cited in value.cites:
            cited_by.setdefault(cited, []).append(key)
    return kept, {key: tuple(sorted(citing)) for key, citing in cited_by.items()}


def follow_on(unknown: list[Problem], topics: dict[str, Topic], vocabulary: list[Problem], path: str) -> list[Problem]:
    """One line for the unknown topics that follow from a vocabulary that could not be read (mistyped
    ``topics_file``, broken YAML): its own problem is the one cause, printed first. Where some topics
    were read, each unknown one is named at its digest's line (a problem with one topic of the file
    is not why another digest names a topic that is in no file)."""
    if topics or not any(p.kind == "topics-file" for p in vocabulary):
        return unknown
    kept = [p for p in unknown if p.kind != "unknown-topic"]
    count = len(unknown) - len(kept)
    if count:
        kept.append(Problem(path, None, f"and {count} more unknown topic{'s' * (count != 1)}", "fix the first", "unknown-topic"))
    return kept


RECORD_SUFFIXES = (".ris", ".nbib")
"""Reference manager exports ``make new`` turns into BibTeX, which a contributor may drop into bib/ as they are."""


def _not_read(listed: list[Path], root: Path) -> list[Problem]:
    """A problem for each of the files ``listed`` (bib/'s) that holds references the build does not read: a
    .bib named in capitals (``refs.BIB``, not found on a case-sensitive disk), a .bibtex, a .ris or .nbib."""
    problems = []
    for file in listed:
        suffix = file.suffix.lower()
        if file.suffix == ".bib" or suffix not in (".bib", ".bibtex", *RECORD_SUFFIXES) or not file.is_file():
            continue
        path = relative(file, root)
        if suffix in RECORD_SUFFIXES:
            hint = f"add its records as BibTeX with `make new FROM={path}`, then delete it"
        else:
            hint = f"rename it {file.stem}.bib"
        problems.append(Problem(path, None, "not read: only BibTeX files ending in .bib are", hint, "not-read"))
    return problems


def _read_entries(root: Path, settings: Settings, problems: list[Problem], split: bool = False) -> dict[str, Entry]:
    bib_dir = root / settings.bib_dir
    listed = sorted(bib_dir.rglob("*")) if bib_dir.is_dir() else []  # one walk: the .bib files, and the others
    files = [file for file in listed if file.suffix == ".bib"]
    problems += _not_read(listed, root)
    if not files:
        hint = f"put BibTeX files in {settings.bib_dir}/ or set extra.digest.bib_dir"
        problems.append(Problem(settings.bib_dir, None, "no .bib files found", hint, "no-bib"))
    entries: dict[str, Entry] = {}
    for file in files:
        path = relative(file, root)
        # Cached by content for `mkdocs serve`; copies, since each build sets digests and topics.
        cached, file_problems = cache.files.get(file, partial(read_bib, file, path, split), "bib", path)
        found = [entry.fresh() for entry in cached]
        problems += file_problems
        for entry in found:
            first = entries.get(entry.key)
            if first is None:
                entries[entry.key] = entry
                continue
            hint = f"it is already at {first.path}:{first.line}; give one of them another key or delete the copy"
            problems.append(Problem(entry.path, entry.line, f"duplicate key {entry.key}", hint, "duplicate-key"))
    return entries


def _attach_digests(entries: dict[str, Entry], root: Path, docs_dir: Path, settings: Settings, problems: list[Problem]) -> None:
    folder = docs_dir / settings.digests_dir
    if not folder.is_dir():
        return
    suggest = Suggester(list(entries))
    for file in _digest_files(folder, root, problems):
        key = file.stem
        if key == "index":
            continue
        path = relative(file, root)
        read = partial(read_digest, file, path, key)
        cached, digest_problems = cache.files.get(file, read, "digest", path, key)
        digest = copy.copy(cached)
        problems += digest_problems
        entry = entries.get(key)
        if entry is None:
            near = suggest(key)
            hint = (f"name the file after an entry key (did you mean {near}.md?)" if near
                    else "add its BibTeX entry to bib/ with this key")
            problems.append(Problem(path, None, f"digest for {key}, but no BibTeX entry has that key", hint, "orphan-digest"))
            continue
        entry.digest = digest


def _digest_files(folder: Path, root: Path, problems: list[Problem]) -> list[Path]:
    """The digests ``folder/<key>.md``; a file elsewhere under ``folder`` is reported (it would be lost)."""
    found = []
    for file in sorted(folder.rglob("*")):
        if not file.is_file() or any(part.startswith(".") for part in file.relative_to(folder).parts):
            continue
        path = relative(file, root)
        if file.parent != folder and file.suffix.lower() in (".md", ".markdown"):
            hint = f"move it to {relative(folder, root)}/ (digests are not read from subfolders)"
            problems.append(Problem(path, None, "a digest in a subfolder is not read", hint, "misplaced-digest"))
        elif file.suffix == ".md" and file.parent == folder:
            found.append(file)
        elif file.suffix.lower() in (".md", ".markdown"):
            hint = f"rename it {file.stem}.md"
            problems.append(Problem(path, None, "a digest must end in .md; this one is not read", hint, "misplaced-digest"))
    return found


RESERVED_SLUGS = {"index", "page"}
"""Entry pages are ``<digests_dir>/<key>/``: ``index`` is the digests index, ``page/`` holds its pages 2, 3, ..."""


def _slugs(entries: dict[str, Entry], problems: list[Problem]) -> dict[str, str]:
    """Each entry's page address: its key, unless that is unsafe in a URL, reserved or taken (case
    aside, as on case-insensitive file systems and in URLs people type), each reported."""
    slugs: dict[str, str] = {}
    taken: dict[str, str] = {}
    for key, entry in list(entries.items()):
        if len(key) > limits.NAME_LENGTH:
            hint = f"give it a key of at most {limits.NAME_LENGTH} characters, such as firstauthorYEARword"
            message = f"key {key[:40]!r}... is longer than {limits.NAME_LENGTH} characters; the entry is left out until then"
            problems.append(Problem(entry.path, entry.line, message, hint, "bad-key"))
            del entries[key]
            continue
        slug = key_slug(key)
        if slug != key:
            hint = f"use letters, digits, '-', '_' and '.' only (its page is {slug}/ for now)"
            problems.append(Problem(entry.path, entry.line, f"key {key!r} is not safe in a URL or file name", hint, "unsafe-key"))
        if slug.lower() in RESERVED_SLUGS or names.why_not(slug):
            slug = f"{slug}-entry"
            hint = f"give the entry another key, such as firstauthorYEARword (its page is {slug}/ for now)"
            message = f"key {key!r} is reserved for a page of the site"
            problems.append(Problem(entry.path, entry.line, message, hint, "reserved-key"))
        base, n = slug, 2
        if slug.lower() in taken:
            hint = f"give one of them another key (this one's page is {base}-{n}/ for now)"
            message = f"key {key!r} would take the page of entry {taken[slug.lower()]!r} (keys differ only in case)"
            problems.append(Problem(entry.path, entry.line, message, hint, "colliding-key"))
        while slug.lower() in taken:
            slug, n = f"{base}-{n}", n + 1
        taken[slug.lower()] = key
        slugs[key] = slug
    return slugs


def find_citations(markdown: str, src_uri: str, title: str, path: str, first_line: int = 1) -> CitingPage:
    """The citations of one page, for :meth:`Library.cite_pages`."""
    return CitingPage(src_uri, title, path, citations.find(markdown, first_line))

