"""Topics: the vocabulary contributors edit, tagging entries, and the cross-links between topics.

Everything here is linear in the number of entries: topic membership and co-occurrence come from
one pass over the entries, related entries from an inverted index with a bounded posting list.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import heapq
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import chain, combinations
from pathlib import Path
from typing import ClassVar

from digest import ahead
from digest.charset import HINT as BAD_TEXT_HINT
from digest.library import names, yamlfiles
from digest.limits import FIELD_LENGTH, LIST_LENGTH, NAME_LENGTH, SUGGESTIONS
from digest.model import Entry
from digest.problems import Problem

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
TOPIC_KEYS = {"name", "description", "synonyms", "related"}
# Related entries are scored over the newest this-many entries of each topic, so that a topic
# with 10,000 entries does not make the build quadratic.
POSTING_LIMIT = 400
# Related entries from set intersections while the subsets of an entry's topics to intersect at one
# level are at most this many (six topics: 20 at most); past it, the candidates are counted.
SUBSET_LIMIT = 64


@dataclass(frozen=True)
class Topic:
    """One topic of the vocabulary."""

    slug: str
    name: str
    description: str = ""
    synonyms: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    line: int = 0


def closest(word: str, choices: list[str]) -> str:
    """The most similar choice, for "did you mean ...?" hints ("" when none is close)."""
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return found[0] if found else ""


class Suggester:
    """:func:`closest` over one list of choices, each word looked up once and at most
    :data:`digest.limits.SUGGESTIONS` look-ups in all: each compares the word with every choice,
    so 10,000 mistyped citations of a 20,000-entry library would take minutes."""

    def __init__(self, choices: list[str], budget: int = SUGGESTIONS) -> None:
        self.choices = choices
        self.budget = budget
        self.found: dict[str, str] = {}

    def __call__(self, word: str) -> str:
        found = self.found.get(word)
        if found is None:
            if self.budget <= 0:
                return ""
            self.budget -= 1
            found = self.found[word] = closest(word[:NAME_LENGTH], self.choices)
        return found


def read_vocabulary(file: Path, path: str) -> tuple[dict[str, Topic], list[Problem]]:
    """Read the topic vocabulary (a YAML mapping of slug -> name, description, synonyms, related)."""
    if not file.exists():
        hint = "create it (see the README) or point extra.digest.topics_file at it"
        return {}, [Problem(path, None, "the topic vocabulary is missing", hint, "topics-file")]
    data, lines, problems, read = yamlfiles.read_file(file, path, "fix the YAML (quote text that holds a colon)",
                                                      "topics-file", "the vocabulary", BAD_TEXT_HINT)
    if not read:
        return {}, problems
    data = data or {}
    if not isinstance(data, dict):
        return {}, [*problems, Problem(path, 1, "the vocabulary is not a mapping", "write `slug:` entries at the top level",
                                       "topics-file")]
    topics: dict[str, Topic] = {}
    for slug, spec in data.items():
        line = lines.get(str(slug))
        topic = _topic(str(slug), spec, path, line, problems)
        if topic:
            topics[topic.slug] = topic
    for topic in topics.values():
        for other in topic.related:
            if other not in topics:
                hint = f"add it to the vocabulary or fix the slug{_did_you_mean(other, list(topics))}"
                message = f"topic {topic.slug} is related to unknown topic {other}"
                problems.append(Problem(path, topic.line, message, hint, "unknown-topic"))
    return topics, problems


def _did_you_mean(word: str, choices: list[str]) -> str:
    found = closest(word, choices)
    return f" (did you mean {found}?)" if found else ""


def _topic(slug: str, spec: object, path: str, line: int | None, problems: list[Problem]) -> Topic | None:
    if not SLUG.match(slug) or names.why_not(slug):
        why = names.why_not(slug) or "is not URL-safe"
        hint = f"use lower-case letters, digits and hyphens only, e.g. nmda-receptor, at most {NAME_LENGTH} characters"
        problems.append(Problem(path, line, f"topic slug {_short(slug)} {why}; the topic is left out", hint, "topics-file"))
        return None
    if isinstance(spec, str):
        spec = {"name": spec}
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str):
        problems.append(Problem(path, line, f"topic {slug} has no name", "give it `name: Display name`", "topics-file"))
        return None
    for key in spec:
        if key not in TOPIC_KEYS:
            hint = f"use only {', '.join(sorted(TOPIC_KEYS))}"
            problems.append(Problem(path, line, f"topic {slug} has unknown key `{key}`", hint, "topics-file"))
    synonyms = spec.get("synonyms") or []
    related = spec.get("related") or []
    if not _texts(synonyms) or not _texts(related):
        message = f"topic {slug}: synonyms and related must be lists of at most {LIST_LENGTH} names"
        problems.append(Problem(path, line, message, "write them as [a, b]", "topics-file"))
        synonyms, related = [], []
    description = spec.get("description") or ""
    if not isinstance(description, str) or len(description) > FIELD_LENGTH or len(spec["name"]) > NAME_LENGTH:
        hint = f"write the name (at most {NAME_LENGTH} characters) and description (at most {FIELD_LENGTH}) as text"
        problems.append(Problem(path, line, f"topic {slug}: its name or description is not short text", hint, "topics-file"))
        description = ""
    return Topic(slug, spec["name"].strip()[:NAME_LENGTH], description.strip(),
                 tuple(str(s) for s in synonyms), tuple(str(r) for r in related), line or 0)


def _texts(value: object) -> bool:
    """Whether ``value`` is a short list of short names (synonyms, related slugs)."""
    return isinstance(value, list) and len(value) <= LIST_LENGTH and all(
        isinstance(v, (str, int, float)) and len(str(v)) <= NAME_LENGTH for v in value)


def _short(text: str) -> str:
    shown = repr(text)
    return shown if len(shown) <= 60 else shown[:57] + "..."


def _is_acronym(term: str) -> bool:
    letters = [c for c in term if c.isalpha()]
    return bool(letters) and len(term) <= 6 and term == term.upper()


class Tagger:
    """Finds topics by their names and synonyms, as whole words, in free text and in keywords."""

    def __init__(self, topics: dict[str, Topic]) -> None:
        self.by_term: dict[str, str] = {}
        self.by_acronym: dict[str, str] = {}
        for topic in topics.values():
            for term in (topic.name, topic.slug.replace("-", " "), *topic.synonyms):
                if _is_acronym(term):
                    self.by_acronym[term] = topic.slug
                self.by_term.setdefault(term.lower(), topic.slug)
        # Acronyms match only in capitals: "MRS" names a topic, "Mrs" does not.
        acronyms = {a.lower() for a in self.by_acronym}
        self._words = self._regex([t for t in self.by_term if t not in acronyms], re.IGNORECASE)
        self._acronyms = self._regex(list(self.by_acronym), 0)
        self._vocabulary = (self.by_term, self.by_acronym)

    @staticmethod
    def _regex(terms: list[str], flags: int) -> re.Pattern[str] | None:
        if not terms:
            return None
        return re.compile(rf"(?<![\w-])(?:{_trie(terms)})(?![\w-])", flags)

    # Mentions found in each text, kept across the builds of one process (``mkdocs serve``) for
    # as long as the vocabulary stays the same: the search is a tenth of a millisecond a text.
    _memo_vocabulary: ClassVar[tuple[object, ...]] = ()
    _memo: ClassVar[dict[bytes, tuple[str, ...]]] = {}

    def in_text(self, text: str) -> list[str]:
        """Slugs of the topics named in ``text``, in order of first mention."""
        vocabulary = self._vocabulary
        if Tagger._memo_vocabulary is not vocabulary:
            if Tagger._memo_vocabulary != vocabulary:
                Tagger._memo = {}
            Tagger._memo_vocabulary = vocabulary
        # Keyed by the text's digest, not by the text (a title and an abstract: 24 MB at 20,000 entries).
        slot = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
        found = Tagger._memo.get(slot)
        if found is None:
            found = Tagger._memo[slot] = tuple(self._in_text(text))
        return list(found)

    def _in_text(self, text: str) -> list[str]:
        found: dict[str, None] = {}
        if self._words:
            for match in self._words.finditer(text):
                found.setdefault(self.by_term[match.group(0).lower()], None)
        if self._acronyms:
            for match in self._acronyms.finditer(text):
                found.setdefault(self.by_acronym[match.group(0)], None)
        return list(found)

    def keyword(self, keyword: str) -> str | None:
        """The topic a BibTeX keyword names, if any."""
        keyword = keyword.strip()
        return self.by_acronym.get(keyword) or self.by_term.get(keyword.lower())


Trie = dict[str, "Trie"]


def _trie(terms: list[str]) -> str:
    """An alternation of ``terms`` with their common beginnings written once ("e(?:ef2|sketamine)"):
    what the longest-first alternation of them matches, twice as fast (a text's every word was tried
    against every term). A term that goes on is tried before the shorter one it starts with."""
    root: Trie = {}
    for term in terms:
        node = root
        for char in term:
            node = node.setdefault(char, {})
        node[""] = {}  # a term ends here

    def pattern(node: Trie) -> str:
        branches = [re.escape(char) + pattern(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return pattern(root)


TAG_BESIDE = 2000
"""Entries to tag from their text from which half are tagged in a forked child (where the build may fork)."""


def assign_topics(entries: list[Entry], topics: dict[str, Topic], fork: bool = False) -> list[Problem]:
    """Give every entry its topics: a digest's ``topics:`` when it has them (explicit topics win),
    otherwise the topics its BibTeX keywords name and those its title and abstract mention (the
    text of a large library tagged in two processes where ``fork``: see :func:`ahead.in_halves`)."""
    tagger = Tagger(topics)
    problems: list[Problem] = []
    suggest = Suggester(list(topics))
    untagged = []
    for entry in entries:
        explicit = entry.digest.topics if entry.digest and entry.digest.topics is not None else None
        if explicit is None:
            untagged.append(entry)
            continue
        entry.topics = []
        for slug in explicit:
            if slug in topics:
                if slug not in entry.topics:
                    entry.topics.append(slug)
                continue
            problems.append(_unknown_topic(entry, slug, tagger, suggest))
    tagged = ahead.in_halves(functools.partial(_tagged, tagger), untagged, fork, least=TAG_BESIDE)
    for entry, found in zip(untagged, tagged, strict=True):
        entry.topics = found
    return problems


def _tagged(tagger: Tagger, entries: list[Entry]) -> list[list[str]]:
    """The topics each entry's BibTeX keywords name and its title and abstract mention."""
    tagged = []
    for entry in entries:
        found: dict[str, None] = {}
        for keyword in re.split(r"[,;]", entry.fields.get("keywords", "")):
            named = tagger.keyword(keyword)
            if named:
                found.setdefault(named, None)
        for slug in tagger.in_text(entry.title + " \n " + entry.fields.get("abstract", "")):
            found.setdefault(slug, None)
        tagged.append(list(found))
    return tagged


def _unknown_topic(entry: Entry, slug: str, tagger: Tagger, suggest: Suggester) -> Problem:
    digest = entry.digest
    assert digest is not None
    via = tagger.keyword(slug)
    near = suggest(slug)
    mean = f" (did you mean {near}?)" if near else ""
    hint = f"use the slug {via}" if via else f"add it to the topic vocabulary or fix it{mean}"
    return Problem(digest.path, digest.lines.get("topics"), f"unknown topic {slug!r}", hint, "unknown-topic")


class TopicIndex:
    """Which entries each topic has (newest first), which topics co-occur, which entries are related."""

    def __init__(self, entries: list[Entry], topics: dict[str, Topic]) -> None:
        self.topics = topics
        # Entries are ranked newest first once; posting lists hold ranks, so that scoring related
        # entries compares integers instead of building sort keys for every candidate.
        self._ranked = sorted(entries, key=newest_first)
        self._rank = {entry.key: rank for rank, entry in enumerate(self._ranked)}
        members: dict[str, list[Entry]] = defaultdict(list)
        self.cooccurrence: dict[str, Counter[str]] = defaultdict(Counter)
        for entry in self._ranked:
            for slug in entry.topics:
                members[slug].append(entry)
                for other in entry.topics:
                    if other != slug:
                        self.cooccurrence[slug][other] += 1
        self.members = dict(members)
        self._postings = {slug: [self._rank[e.key] for e in found[:POSTING_LIMIT]] for slug, found in members.items()}
        # The same as sets, where no entry is in one twice: who shares every topic of a set is their intersection.
        self._posting_sets = {slug: set(ranks) for slug, ranks in self._postings.items() if len(set(ranks)) == len(ranks)}
        # Related entries depend on nothing but each entry's rank and topics: when those are as in the
        # previous build (an edit under `mkdocs serve` that changed no topic), its answers still hold.
        shape = hash(tuple((e.key, tuple(e.topics)) for e in self._ranked))
        if TopicIndex._related_shape != shape:
            TopicIndex._related_shape, TopicIndex._related_memo = shape, {}

    def newest(self) -> list[Entry]:
        """Every entry, newest first."""
        return self._ranked

    def entries(self, slug: str) -> list[Entry]:
        return self.members.get(slug, [])

    def count(self, slug: str) -> int:
        return len(self.members.get(slug, []))

    def cooccurring(self, slug: str) -> list[tuple[str, int]]:
        """Topics that share entries with ``slug``, most shared first."""
        return sorted(self.cooccurrence.get(slug, Counter()).items(), key=lambda kv: (-kv[1], kv[0]))

    _related_shape: int = 0
    _related_memo: dict[tuple[tuple[str, ...], int], list[tuple[int, int]]] = {}  # noqa: RUF012 - shared on purpose, see __init__

    def related_entries(self, entry: Entry, limit: int) -> list[tuple[Entry, int]]:
        """Entries sharing the most topics with ``entry`` (ties: newest first)."""
        # Entries on the same topics have the same candidates: the first ``limit + 1`` of them, worked
        # out once a topic set, hold the first ``limit`` other than any one of those entries.
        slot = (tuple(sorted(entry.topics)), limit)
        found = TopicIndex._related_memo.get(slot)
        if found is None:
            found = self._from_sets(slot[0], limit)
        if found is None:
            shared: Counter[int] = Counter(chain.from_iterable(self._postings.get(slug, ()) for slug in slot[0]))
            # Rank order is newest-first order: most topics shared first, then the newest. The few
            # wanted of thousands of candidates, not all of them sorted (twice) for every entry: the
            # candidates sharing n topics, from the most, each group's lowest ranks (no key function
            # called a candidate: that was twice the time of counting them).
            found = []
            n = max(shared.values(), default=0)
            while n > 0 and len(found) <= limit:
                ranks = [rank for rank, count in shared.items() if count == n]
                need = limit + 1 - len(found)
                found += [(rank, n) for rank in (heapq.nsmallest(need, ranks) if len(ranks) > need else sorted(ranks))]
                n -= 1
            TopicIndex._related_memo[slot] = found
        own = self._rank.get(entry.key, -1)
        return [(self._ranked[rank], n) for rank, n in found if rank != own][:limit]

    def _from_sets(self, slugs: tuple[str, ...], limit: int) -> list[tuple[int, int]] | None:
        """What :meth:`related_entries` finds, from set intersections rather than a count of every
        candidate: the entries sharing n topics of ``slugs`` are those in the intersection of some n of
        the topics' entries and in none of more, taken from n = all down until ``limit + 1`` are found.
        None (a count is needed) where a topic's entries are not a set or the subsets grow too many."""
        sets = [ranks for slug in slugs if (ranks := self._posting_sets.get(slug)) is not None]
        if not sets or len(sets) != len(slugs) or len(set(slugs)) != len(slugs):
            return None
        ordered = sorted(sets, key=len)  # smallest first: the intersections stay small
        found: list[tuple[int, int]] = []
        higher: set[int] = set()  # the entries sharing more topics than n
        for n in range(len(ordered), 0, -1):
            if math.comb(len(ordered), n) > SUBSET_LIMIT:
                return None
            level: set[int] = set()
            for subset in combinations(ordered, n):
                level |= subset[0].intersection(*subset[1:])
            level -= higher
            need = limit + 1 - len(found)
            found += [(rank, n) for rank in (heapq.nsmallest(need, level) if len(level) > need else sorted(level))]
            if len(found) > limit:
                break
            higher |= level
        TopicIndex._related_memo[(slugs, limit)] = found
        return found


def newest_first(entry: Entry) -> tuple[str, str, str]:
    """Sort key: newest year first, then newest digest, then key."""
    year, digest_date = entry.sort_date
    return (_invert(year), _invert(digest_date), entry.key)


@functools.lru_cache(maxsize=8192)
def _invert(text: str) -> str:
    # Digits 0-9 become 9-0 so that an ascending sort on the result is a descending one on text;
    # an empty value sorts last.
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in text) or "~"
