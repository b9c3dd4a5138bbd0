"""The site's full-text search index, built here once and read by scripts loaded on demand.

Measured before choosing (tests/browser/measure_search.py and the figures in the README): a
library built in the browser (MiniSearch 7.2, FlexSearch 0.7) or its whole index prebuilt and
loaded is 6-25 MB and 0.1-3 s at 5,000-20,000 entries with their abstracts and digests, far over
the 2 MB and 100 ms a reader should wait. So the index is split the way Pagefind splits it, but
into ``.js`` files that a ``<script>`` element loads, which works from ``file://`` too (``fetch``
and WebAssembly do not):

- ``assets/search/index.js``: the list of term shards, one character per document (year and
  whether it has a digest, for the filters), and the topics with their names and synonyms.
- ``t<n>.js``: the terms of one shard (all that start with the same two letters, split further
  while too big) with their postings: document numbers and a precomputed BM25F score each, so
  that the browser only adds numbers; and the words of the text that stem to each term, for
  prefix matching while typing and typo tolerance.
- ``m<n>.js``: what a result shows (title, byline, topics ...) of META documents.
- ``x<n>.js``: the text of TEXT documents, for excerpts and to check quoted phrases.

A query loads the index, one term shard a word (a typo is looked for in the shard of its first
two letters, so those must be right) and the meta shards of the results it shows, then their
texts. A quoted phrase is checked in the texts of the best candidates, a few dozen at a time:
positions in the postings would double the index. The words are made by
:mod:`digest.searchtext`, which the script in overrides/ mirrors.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import json
import math
import re
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from digest.library.digestfiles import front_matter, page_meta, split_front_matter
from digest.library.study import Study
from digest.library.topics import Topic
from digest.model import Entry
from digest.search.words import STOPWORDS, fold, term, tokens

FOLDER = "assets/search"
INDEX_PATH = f"{FOLDER}/index.js"
PAGE = "search.md"
"""The results page (search/, search.html offline), made from templates/search.html."""
FIELDS = ("url", "title", "authors", "venue", "year", "doi", "topics", "teaser", "kind", "status")
"""Order of the values of each document in the meta shards; the script in overrides/ reads them by
this order. ``topics`` is a list of numbers into the index's topic list."""
META = 50
TEXT = 4
TEXT_LIMIT = 6000
"""Characters of a document's text kept for excerpts and phrases (about 900 words)."""
SHARD_BYTES = 48_000
"""A term shard bigger than this is split by one more letter of its terms."""
WEIGHTS = {"title": 3.0, "names": 3.0, "topics": 2.0, "keywords": 2.0, "teaser": 1.5, "venue": 1.0,
           "year": 1.0, "pmid": 1.0, "body": 1.0, "abstract": 1.0, "study": 1.5}
"""BM25F field weights: a word of the title counts three words of the body.

An entry's words hold its topics' names but not their synonyms, which the reader does not see
on it: "hydroxynorketamine" (a synonym of Ketamine) finds the Ketamine topic page first, then the
paper whose digest says it, not every paper tagged Ketamine; and ``-esketamine`` leaves out
what says esketamine, not all of Ketamine. ``topic:esketamine`` finds the entries tagged Ketamine."""
KIND_BOOST = {"entry": 1.0, "topic": 0.6, "page": 0.6}
"""Topic pages and hand-written pages are short, which BM25 favours: they come after the papers
unless the query names the topic (the script puts that topic first)."""
K1, B = 1.2, 0.75
DIGEST_BOOST = 1.1
SCALE = 8.0
"""Scores are kept as integers: BM25 times SCALE, rounded."""
FINAL = "0123456789abcdefghijklmnopqrstuv"
MORE = "ABCDEFGHIJKLMNOPQRSTUVWXYZwxyz_~"
"""Numbers in base 32, most significant digit first: a digit of MORE is followed by more digits,
one of FINAL ends the number. No character needs escaping in a JavaScript string."""


@dataclass(frozen=True)
class Record:
    """One searchable page. ``url`` is relative to the site root."""

    url: str
    title: str
    authors: str = ""
    """The byline shown: family names."""
    venue: str = ""
    year: str = ""
    doi: str = ""
    topics: tuple[str, ...] = ()
    """Names of its topics (a topic page: its synonyms)."""
    teaser: str = ""
    kind: str = "entry"
    """"entry", "topic" or "page" (hand-written)."""
    status: str = ""
    """"Retracted", "Corrected", ... (bib/status.yml): shown beside the result."""
    names: str = ""
    """Every name searched by (family and given names); the byline when empty."""
    pmid: str = ""
    keywords: str = ""
    body: str = ""
    """Plain text: the digest, the topic's description, the hand-written page."""
    abstract: str = ""
    slugs: tuple[str, ...] = ()
    """Its topics' slugs (a topic page: its own), for the topic filter and ``topic:``."""
    synonyms: tuple[str, ...] = ()
    """Synonyms of its topics, searched as its topics."""
    has_digest: bool = False
    study: str = ""
    """The words of its study's facts (design, species, population, arms, outcome, result)."""
    design: tuple[str, ...] = ()
    """``design:`` words: its study design's slug, name and synonyms."""
    species: str = ""
    participants: int | None = None
    """For ``participants:>100`` and ranges."""


def study_fields(study: Study | None) -> dict[str, Any]:
    """What a record holds of its entry's study (:class:`Record`'s study, design, species, participants)."""
    if study is None:
        return {}
    design = study.design
    words = (design.slug, design.name, *design.synonyms) if design else ()
    text = " ".join(x for x in (design.name if design else "", study.species, study.population, study.intervention,
                                study.comparator, study.outcome, study.result) if x)
    return {"study": text, "design": words, "species": study.species, "participants": study.participants}


# -- records ------------------------------------------------------------------------------------

def entry_record(entry: Entry, url: str, topics: list[Topic], status: str = "") -> Record:
    people = entry.authors or entry.editors
    digest = entry.digest
    return Record(
        url=url, title=entry.title, authors=", ".join(p.full_family for p in people), venue=entry.venue,
        year=entry.year, doi=entry.doi, topics=tuple(t.name for t in topics), teaser=digest.teaser if digest else "",
        status=status, names=" ".join(f"{p.given} {p.full_family}" for p in people), pmid=entry.pmid,
        keywords=entry.fields.get("keywords", ""), body=plain_text(digest.body) if digest else "",
        abstract=entry.fields.get("abstract", ""), slugs=tuple(t.slug for t in topics),
        synonyms=tuple(s for t in topics for s in t.synonyms), has_digest=digest is not None)


def topic_record(topic: Topic, url: str) -> Record:
    return Record(url=url, title=topic.name, topics=tuple(topic.synonyms), teaser=topic.description[:200], kind="topic",
                  body=topic.description, slugs=(topic.slug,), synonyms=tuple(topic.synonyms))


def page_record(url: str, markdown: str) -> Record:
    """A hand-written page: its title (front matter, else its first heading) and its text."""
    meta, body = _front_matter(markdown)
    heading = re.search(r"^#\s+(.+?)\s*#*\s*$", body, re.M)
    title = str(meta.get("title") or (heading.group(1) if heading else "") or url)
    return Record(url=url, title=plain_text(title), kind="page", body=plain_text(body))


def records(entries: list[Entry], topics: dict[str, Topic], url_of_entry: Callable[[Entry], str],
            url_of_topic: Callable[[Topic], str], statuses: dict[str, str] | None = None,
            pages: Iterable[tuple[str, str]] = (), studies: dict[str, Study] | None = None,
            memo: dict[str, tuple[Any, Record]] | None = None) -> list[Record]:
    """Every topic, every hand-written page (url, markdown), then every entry in the order given;
    ``statuses`` gives the word shown beside a retracted or corrected paper, by key. ``memo`` (kept
    from one `mkdocs serve` rebuild to the next): an entry's record by key, with what it was made
    from; the same record again while that is the same (the index is then rescored in place from
    records compared by identity, not field by field)."""
    out = [topic_record(t, url_of_topic(t)) for t in sorted(topics.values(), key=lambda t: t.name.lower())]
    out += [page_record(url, markdown) for url, markdown in pages]
    for entry in entries:
        tagged = tuple(topics[s] for s in entry.topics if s in topics)
        url, status = url_of_entry(entry), (statuses or {}).get(entry.key, "")
        study = studies.get(entry.key) if studies else None
        made_from = (entry.signature, url, tagged, status, study)
        kept = memo.get(entry.key) if memo is not None else None
        if kept is not None and kept[0] == made_from:
            out.append(kept[1])
            continue
        found = entry_record(entry, url, list(tagged), status)
        if study is not None:
            found = dataclasses.replace(found, **study_fields(study))
        if memo is not None:
            memo[entry.key] = (made_from, found)
        out.append(found)
    return out


def _front_matter(markdown: str) -> tuple[dict[str, Any], str]:
    """The page's front matter as the door keeps it (digestfiles.page_meta: text values only, YAML
    aliases and oversize documents refused), and its body."""
    meta, lines, _, _ = front_matter(markdown, "")
    kept, _ = page_meta(meta, "", lines)
    return kept, split_front_matter(markdown)[1]


_MARKDOWN = [(re.compile(a, f), b) for a, b, f in (
    (r"^(```|~~~).*?^\1\s*$", " ", re.S | re.M),  # code blocks
    (r"<!--.*?-->", " ", re.S),
    (r"<[^>]*>", " ", 0),
    (r"\[@[^\]]*\]", "", 0),  # citations
    (r"!\[[^\]]*\]\([^)]*\)", " ", 0),  # images
    (r"\[([^\]]*)\]\([^)]*\)", r"\1", 0),  # links: their text
    (r"\[([^\]]*)\]\[[^\]]*\]", r"\1", 0),
    (r"^\s*\[[^\]]+\]:.*$", "", re.M),  # link definitions
    (r"\{:?[^}]*\}", " ", 0),  # attribute lists
    (r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.|!!!|\?\?\?\+?)\s*", "", re.M),
    (r"(\*\*|__|\*|`|~~)", "", 0),
    (r"[ \t]+", " ", 0),
    (r" +([.,;:!?)])(?=[\s.,;:!?)]|$)", r"\1", re.M),  # "saline [@key]." -> "saline.", not "saline ."
    (r"\( +", "(", 0),
    (r"\n\s*\n\s*", "\n", 0),
)]


@functools.lru_cache(maxsize=1 << 16)
def plain_text(markdown: str) -> str:
    """The words a reader sees in ``markdown``: no markup, no citation keys, no URLs (kept between
    `mkdocs serve` rebuilds, which make the index again after every edit)."""
    text = markdown
    for pattern, replacement in _MARKDOWN:
        text = pattern.sub(replacement, text)
    return html.unescape(text).strip()


# -- the index ----------------------------------------------------------------------------------

def _fields(r: Record) -> Iterator[tuple[str, str]]:
    yield "title", r.title
    yield "names", r.names or r.authors
    yield "topics", " ".join(r.topics) if r.kind != "topic" else ""
    yield "names", "" if r.kind != "topic" else " ".join(r.synonyms)
    yield "keywords", r.keywords
    yield "teaser", r.teaser
    yield "venue", r.venue
    yield "year", r.year
    yield "pmid", r.pmid
    yield "body", r.body
    yield "abstract", r.abstract
    yield "study", r.study


def _weighted_terms(r: Record) -> tuple[dict[str, float], float, dict[str, str]]:
    """Each term of ``r`` with its field-weighted count, the weighted length of ``r``, and each
    folded word of ``r`` with its term."""
    counts: dict[str, float] = defaultdict(float)
    words: dict[str, str] = {}
    length = 0.0
    # The fields of one weight read as one text (a word is counted the same either way, and the
    # weighted counts, multiples of a half, add up exactly in any order): a third of the passes.
    texts: dict[float, list[str]] = {}
    for field, text in _fields(r):
        if text:
            texts.setdefault(WEIGHTS[field], []).append(text)
    for weight, parts in texts.items():
        for word, n in Counter(tokens("\n".join(parts))).items():
            if word in STOPWORDS:
                continue
            found = words.get(word)
            if found is None:
                found = words[word] = _term(word)
            counts[found] += weight * n
            length += weight * n
    return counts, length, words


@functools.lru_cache(maxsize=200_000)
def _term(word: str) -> str:
    return term(word)


def _field_terms(r: Record) -> set[str]:
    """The terms of ``author:``, ``topic:`` and ``doi:`` queries, and of the topic filter."""
    out = {"a:" + w for w in tokens(r.names or r.authors)} if r.kind == "entry" else set()
    for text in (*r.slugs, *r.topics, *r.synonyms, r.title if r.kind == "topic" else ""):
        out.update(_topic_terms(text))
    out.update("s:" + slug for slug in r.slugs)
    if r.doi:
        out.add("d:" + fold(r.doi))
    out.update("g:" + w for text in r.design for w in tokens(text))  # design:rct
    out.update("g:" + slug for slug in r.design[:1])  # the results page's filter: the slug whole
    out.update("p:" + w for w in {*tokens(r.species), r.species} if w)  # species:human; the filter: the name whole
    return out


@functools.lru_cache(maxsize=4096)
def _topic_terms(text: str) -> list[str]:
    """``topic:`` terms of a topic's name, slug or synonym (the same few for thousands of entries)."""
    return ["t:" + w for w in tokens(text)]


def encode(n: int) -> str:
    """``n`` (0 or more) in the base-32 digits of FINAL and MORE."""
    return _SMALL[n] if n < len(_SMALL) else _encode(n)


def _encode(n: int) -> str:
    digits = FINAL[n & 31]
    n >>= 5
    while n:
        digits = MORE[n & 31] + digits
        n >>= 5
    return digits


_SMALL = [_encode(n) for n in range(4096)]


def decode(text: str) -> list[int]:
    """The numbers written by :func:`encode`, one after another."""
    out, value = [], 0
    for char in text:
        if char in FINAL:
            out.append(value * 32 + FINAL.index(char))
            value = 0
        else:
            value = value * 32 + MORE.index(char)
    return out


def postings_text(postings: list[tuple[int, int]]) -> str:
    """(document, score) pairs, by document, as gap-score numbers."""
    out, last, small = [], -1, _SMALL
    for doc, score in postings:
        gap = doc - last - 1
        out.append(small[gap] if gap < 4096 else encode(gap))
        out.append(small[score] if score < 4096 else encode(score))
        last = doc
    return "".join(out)


Weighted = tuple[dict[str, float], float, dict[str, str]]


@dataclass
class Scored:
    """What scoring a list of records gave, kept so that the next list (a `mkdocs serve` rebuild after
    an edit) is scored again only where it differs: the same postings as scoring it from scratch."""

    items: list[Record]
    weighted: list[Weighted]
    average: float
    """The documents' mean weighted length, rounded (:func:`mean_length`)."""
    docs: dict[str, list[int]]
    """Each BM25F term -> the documents that hold it, in order."""
    field_docs: dict[str, list[int]]
    """Each field term (``a:``, ``t:``, ``s:``...) -> the documents that hold it, in order."""
    encoded: dict[str, str]
    """Each term -> its postings as :func:`postings_text` writes them."""
    words: Counter[str]
    """Each folded word -> how many documents hold it."""
    terms_of_word: dict[str, str]
    changed: set[str] = dataclasses.field(default_factory=set)
    """The terms whose postings the last rescoring wrote again (all of them after a full scoring)."""
    whole: bool = True
    """Scored from scratch (not from the previous scoring)."""
    changed_docs: tuple[int, ...] = ()
    """The documents rescored (after a rescoring)."""


def mean_length(lengths: Iterable[float], n: int) -> float:
    """The mean weighted length BM25's length norm divides by, to two significant digits: one edit
    seldom moves it, so that an edit under `mkdocs serve` rescoring only its document gives what
    scoring every document gives."""
    mean = sum(lengths) / max(n, 1) or 1.0
    return float(f"{mean:.2g}")


_previous: Scored | None = None
"""The last scoring of this process (under `mkdocs serve`, the previous rebuild's)."""
RESCORE_LIMIT = 200
"""At most this many changed documents are rescored in place; more, and everything is scored again."""


def _scores(items: list[Record]) -> tuple[dict[str, str], dict[str, str]]:
    """The postings of every term as text (document gaps and BM25F scores, as
    :func:`postings_text` writes them), and every folded word with its term."""
    global _previous
    _previous = scored = score(items, _previous)
    return scored.encoded, scored.terms_of_word


def score(items: list[Record], previous: Scored | None = None) -> Scored:
    """Every posting of ``items``: rescored from ``previous`` where only a few documents differ (same
    number of documents, same mean length), else from scratch; the same postings either way."""
    old = {r: w for r, w in zip(previous.items, previous.weighted, strict=True)} if previous else {}
    weighted = [old.get(r) or _weighted_terms(r) for r in items]
    average = mean_length((length for _, length, _ in weighted), len(items))
    if previous is not None and len(items) == len(previous.items) and average == previous.average:
        changed = [doc for doc, r in enumerate(items) if r is not previous.items[doc] and r != previous.items[doc]]
        if len(changed) <= RESCORE_LIMIT:
            return _rescore(items, weighted, previous, changed)
    return _score_all(items, weighted, average)


def _norms(items: list[Record], weighted: list[Weighted], average: float, docs: Iterable[int]) -> dict[int, tuple[float, float]]:
    return {doc: ((DIGEST_BOOST if items[doc].has_digest else 1.0) * KIND_BOOST.get(items[doc].kind, 1.0),
                  K1 * (1 - B + B * weighted[doc][1] / average)) for doc in docs}


def _score(factor: float, tf: float, boost: float, norm: float) -> int:
    return int(boost * factor * tf / (tf + norm) + 0.5) or 1


_NUMBER = f"[{re.escape(MORE)}]*[{re.escape(FINAL)}]"


def _rewrite(text: str, position: int, score: int, was: int) -> str:
    """Postings ``text`` with the score of its ``position``-th posting (``was``) written as ``score``."""
    if score == was:
        return text
    # Past the gap and score of each posting before, and this one's gap; then its score.
    found = re.match(f"(?:{_NUMBER}){{{2 * position + 1}}}({_NUMBER})", text)
    assert found is not None
    return text[:found.start(1)] + encode(score) + text[found.end(1):]


def _factor(n: int, f: int) -> float:
    return SCALE * (K1 + 1) * math.log(1 + (n - f + 0.5) / (f + 0.5))


def _field_score(n: int, f: int) -> int:
    return max(1, round(SCALE * math.log(1 + (n - f + 0.5) / (f + 0.5))))


def _score_all(items: list[Record], weighted: list[Weighted], average: float) -> Scored:
    """Every posting scored from scratch (:func:`_encoded`), keeping what a rescoring needs."""
    n = max(len(items), 1)
    docs: dict[str, list[int]] = defaultdict(list)
    tfs: dict[str, list[float]] = defaultdict(list)
    for doc, (counts, _, _) in enumerate(weighted):
        for t, tf in counts.items():
            docs[t].append(doc)
            tfs[t].append(tf)
    norms = _norms(items, weighted, average, range(len(items)))
    encoded = _encoded(((t, held, tfs[t]) for t, held in docs.items()), [norms[doc][0] for doc in range(len(items))],
                       [norms[doc][1] for doc in range(len(items))], n)
    field_docs: dict[str, list[int]] = defaultdict(list)
    for doc, r in enumerate(items):
        for t in _field_terms(r):
            field_docs[t].append(doc)
    _add_field_postings(encoded, field_docs, n)
    words: Counter[str] = Counter()
    terms_of_word: dict[str, str] = {}
    for _, _, own in weighted:
        words.update(own.keys())
        terms_of_word.update(own)
    return Scored(items, weighted, average, dict(docs), dict(field_docs), encoded, words, terms_of_word, set(encoded))


def _rescore(items: list[Record], weighted: list[Weighted], previous: Scored, changed: list[int]) -> Scored:
    """``previous`` with the documents ``changed`` scored again: only the terms they held or hold now
    are written again (their document counts, so their idf, may have changed)."""
    import bisect

    n = max(len(items), 1)
    docs, field_docs, encoded = previous.docs, previous.field_docs, previous.encoded
    words, terms_of_word = previous.words, previous.terms_of_word
    terms: set[str] = set()
    fields: set[str] = set()
    for doc in changed:
        (was, _, was_words), (now, _, now_words) = previous.weighted[doc], weighted[doc]
        terms.update(was, now)
        for t in was.keys() - now.keys():
            docs[t].remove(doc)
        for t in now.keys() - was.keys():
            bisect.insort(docs.setdefault(t, []), doc)
        old_fields, new_fields = _field_terms(previous.items[doc]), _field_terms(items[doc])
        for t in old_fields - new_fields:
            field_docs[t].remove(doc)
        for t in new_fields - old_fields:
            bisect.insort(field_docs.setdefault(t, []), doc)
        fields.update(old_fields ^ new_fields)
        words.subtract(was_words.keys())
        words.update(now_words.keys())
        terms_of_word.update(now_words)
        for word in was_words.keys() - now_words.keys():
            if words[word] <= 0:
                del words[word]
                terms_of_word.pop(word, None)
    # A term held by the same documents as before (same idf) changes only in the postings of the
    # edited documents: their scores are written over in place; any other is written again whole.
    same = {t for t in terms if all((t in previous.weighted[doc][0]) == (t in weighted[doc][0]) for doc in changed)}
    norms = _norms(items, weighted, previous.average, {doc for t in terms - same for doc in docs.get(t, ())} | set(changed))
    before = _norms(previous.items, previous.weighted, previous.average, changed)
    for t in terms:
        held = docs.get(t)
        if not held:
            docs.pop(t, None)
            encoded.pop(t, None)
            continue
        factor = _factor(n, len(held))
        if t in same:
            for doc in changed:
                if t in weighted[doc][0]:
                    encoded[t] = _rewrite(encoded[t], bisect.bisect_left(held, doc),
                                          _score(factor, weighted[doc][0][t], *norms[doc]),
                                          _score(factor, previous.weighted[doc][0][t], *before[doc]))
            continue
        postings = []
        for doc in held:
            postings.append((doc, _score(factor, weighted[doc][0][t], *norms[doc])))
        encoded[t] = postings_text(postings)
    for t in fields:
        held = field_docs.get(t)
        if not held:
            field_docs.pop(t, None)
            if t not in docs:
                encoded.pop(t, None)
            continue
        encoded[t] = postings_text([(doc, _field_score(n, len(held))) for doc in held])
    return Scored(items, weighted, previous.average, docs, field_docs, encoded, words, terms_of_word, terms | fields,
                  whole=False, changed_docs=tuple(changed))


def shard_key(t: str, extra: int = 0) -> str:
    """The shard of term ``t``: its first two letters (``a:``, ``t:``, ``s:``: four characters; a
    DOI: its registrant, ``d:10.1016``), ``extra`` letters more once a shard is split."""
    base = 9 if t.startswith("d:") else 4 if t[1:2] == ":" else 2
    return t[:base + extra]


def _shards(postings: dict[str, str]) -> dict[str, list[str]]:
    """Terms grouped by shard key, a group split by one letter more while it is too big."""
    out: dict[str, list[str]] = {}
    todo: list[tuple[list[str], int]] = [(sorted(postings), 0)]
    while todo:
        terms, extra = todo.pop()
        groups: dict[str, list[str]] = defaultdict(list)
        for t in terms:
            groups[shard_key(t, extra)].append(t)
        for key, group in groups.items():
            size = sum(len(postings[t]) for t in group)
            longer = [t for t in group if len(t) > len(key)]
            if size > SHARD_BYTES and longer and extra < 12:
                out[key] = [t for t in group if len(t) <= len(key)]
                todo.append((longer, extra + 1))
            else:
                out[key] = group
    return {key: group for key, group in sorted(out.items()) if group}


def facet(r: Record) -> str:
    """One character: the year (1000-2999, or none) and whether there is a digest."""
    year = int(r.year) - 999 if r.year.isdigit() and 1000 <= int(r.year) <= 2999 else 0
    return chr(0x100 + year * 2 + (1 if r.has_digest else 0))


@dataclass
class Made:
    """The files of the last :func:`build`, and what each was made from, for the next one."""

    page: str
    shards: dict[str, list[str]]
    topic_names: list[str]
    files: dict[str, str]


_made: Made | None = None


def build(items: list[Record], page: str = "search/") -> dict[str, str]:
    """Every file of the index, by path under the site, as script text; ``page`` is the URL of
    the results page (search/, or search.html offline). After a rescoring (:func:`score`) the files
    that hold nothing of what changed are the last build's. What it made is kept for the next
    call (a `mkdocs serve` rebuild); a build that makes the index once writes :func:`files` instead."""
    global _made
    encoded, words = _scores(items)
    scored = _previous
    assert scored is not None
    shards = _shards(encoded)
    topic_names = _topic_names(items)
    before = _made if _made is not None and not scored.whole and _made.page == page else None
    made = dict(_files(items, page, encoded, words, shards, topic_names, before, scored))
    _made = Made(page, shards, topic_names, made)
    return made


def files(items: list[Record], page: str = "search/") -> Iterator[tuple[str, str]]:
    """The files :func:`build` makes, one at a time and keeping nothing for a next call: for a
    build, where the index is made once. Scored from compact arrays (:func:`score_compact`), a
    tenth of the memory of :class:`Scored`; the same bytes."""
    encoded, words = score_compact(items)
    shards = _shards(encoded)
    yield from _files(items, page, encoded, words, shards, _topic_names(items), None, None)


def _topic_names(items: list[Record]) -> list[str]:
    return sorted({name for r in items if r.kind != "topic" for name in r.topics} | {r.title for r in items if r.kind == "topic"})


def _files(items: list[Record], page: str, encoded: dict[str, str], words: dict[str, str], shards: dict[str, list[str]],
           topic_names: list[str], before: Made | None, scored: Scored | None) -> Iterator[tuple[str, str]]:
    """Each file of the index; those that hold nothing a rescoring (``scored``) changed: ``before``'s."""
    surface: dict[str, list[str]] = defaultdict(list)
    for word, t in words.items():
        if word != t:
            surface[t].append(word)
    same_shards = before is not None and list(before.shards) == list(shards)
    for number, (key, group) in enumerate(shards.items()):
        path = f"{FOLDER}/t{number}.js"
        if same_shards and before is not None and scored is not None and before.shards[key] == group \
                and scored.changed.isdisjoint(group):
            yield path, before.files[path]
            continue
        data = {"t": {t: encoded[t] for t in group}, "w": {w: t for t in group for w in sorted(surface.get(t, ()))}}
        yield path, _script(f"t{number}", data)
    same_topics = before is not None and before.topic_names == topic_names
    topic_number = {name: i for i, name in enumerate(topic_names)}
    for start in range(0, len(items), META):
        path = f"{FOLDER}/m{start // META}.js"
        if same_topics and before is not None and scored is not None and path in before.files \
                and _untouched(scored, start, META):
            yield path, before.files[path]
            continue
        rows = [[r.url, r.title, r.authors, r.venue, r.year, r.doi, [topic_number[n] for n in r.topics if n in topic_number],
                 r.teaser, r.kind, r.status] for r in items[start:start + META]]
        yield path, _script(f"m{start // META}", rows)
    for start in range(0, len(items), TEXT):
        path = f"{FOLDER}/x{start // TEXT}.js"
        if before is not None and scored is not None and path in before.files and _untouched(scored, start, TEXT):
            yield path, before.files[path]
            continue
        texts = ["\n".join(x for x in (r.teaser, r.body, r.abstract) if x)[:TEXT_LIMIT] for r in items[start:start + TEXT]]
        yield path, _script(f"x{start // TEXT}", texts)
    topics = [[r.slugs[0], r.title, doc, [r.title, *r.synonyms]] for doc, r in enumerate(items) if r.kind == "topic" and r.slugs]
    manifest = {"fields": list(FIELDS), "count": len(items), "keys": list(shards), "meta": META, "text": TEXT,
                "facets": "".join(facet(r) for r in items), "topics": topics,
                "participants": {str(doc): r.participants for doc, r in enumerate(items) if r.participants},
                "names": topic_names, "page": page}
    yield INDEX_PATH, f"window.digestSearchIndex={json_literal(manifest)};\n"


def score_compact(items: list[Record]) -> tuple[dict[str, str], dict[str, str]]:
    """What :func:`_scores` gives (every term's postings as text, every folded word's term), scored
    one document and then one term at a time from arrays: a term's documents (``array('i')``) and
    weighted counts (``array('d')``, so the same floats), not a dict of terms a document, which
    was 2 million dict entries and hundreds of MB at 20,000 entries. Keeps nothing for a rescoring."""
    docs: dict[str, array[int]] = {}
    tfs: dict[str, array[float]] = {}
    lengths = array("d")
    boosts = array("d")
    terms_of_word: dict[str, str] = {}
    field_docs: dict[str, array[int]] = {}
    for doc, r in enumerate(items):
        counts, length, own = _weighted_terms(r)
        for t, tf in counts.items():
            held = docs.get(t)
            if held is None:
                held = docs[t] = array("i")
                tfs[t] = array("d")
            held.append(doc)
            tfs[t].append(tf)
        lengths.append(length)
        boosts.append((DIGEST_BOOST if r.has_digest else 1.0) * KIND_BOOST.get(r.kind, 1.0))
        terms_of_word.update(own)
        for t in _field_terms(r):
            found = field_docs.get(t)
            if found is None:
                found = field_docs[t] = array("i")
            found.append(doc)
    average = mean_length(lengths, len(items))
    norms = array("d", (K1 * (1 - B + B * length / average) for length in lengths))
    del lengths
    n = max(len(items), 1)
    # Each term's arrays let go as soon as its postings are written.
    encoded = _encoded(((t, docs.pop(t), tfs.pop(t)) for t in list(docs)), boosts, norms, n)
    _add_field_postings(encoded, field_docs, n)
    return encoded, terms_of_word


def _encoded(terms: Iterable[tuple[str, Sequence[int], Sequence[float]]], boosts: Sequence[float],
             norms: Sequence[float], n: int) -> dict[str, str]:
    """Each BM25F term's postings as :func:`postings_text` writes them, from (term, its documents in
    order, their weighted counts of it), each document's boost and length norm, and the number of
    documents: the idf of a term worked out once, each posting written as it is scored."""
    small, big = _SMALL, len(_SMALL)
    encoded: dict[str, str] = {}
    for t, held, counts in terms:
        factor = _factor(n, len(held))
        out, last = [], -1
        for doc, tf in zip(held, counts, strict=True):
            score = int(boosts[doc] * factor * tf / (tf + norms[doc]) + 0.5) or 1
            gap = doc - last - 1
            last = doc
            out.append(small[gap] if gap < big else encode(gap))
            out.append(small[score] if score < big else encode(score))
        encoded[t] = "".join(out)
    return encoded


def _add_field_postings(encoded: dict[str, str], field_docs: Mapping[str, Sequence[int]], n: int) -> None:
    """The postings of the field terms (``a:``, ``t:``, ``s:``...) added to ``encoded``: one score a term."""
    for t, held in field_docs.items():
        score = _field_score(n, len(held))
        encoded[t] = postings_text([(doc, score) for doc in held])


def _untouched(scored: Scored, start: int, size: int) -> bool:
    """No document from ``start`` to ``start + size`` was rescored."""
    return not any(start <= doc < start + size for doc in scored.changed_docs)


_built: tuple[int, dict[str, str]] = (0, {})


def build_once(items: list[Record], page: str = "search/") -> dict[str, str]:
    """:func:`build`, or the files of the last build when it had the same records (a rebuild
    under `mkdocs serve` after an edit that changed nothing searchable)."""
    global _built
    key = hash((tuple(items), page))
    if not _built[1] or _built[0] != key:
        _built = (key, build(items, page))
    return _built[1]


def _script(name: str, data: Any) -> str:
    return f"(window.digestSearchShards=window.digestSearchShards||{{}})[{json.dumps(name)}]={json_literal(data)};\n"


def json_literal(data: Any) -> str:
    """``data`` as a JavaScript expression that a ``<script>`` can hold: ``JSON.parse('...')``.

    Browsers read a JSON string given to ``JSON.parse`` several times faster than the same data
    written as a literal. ``<`` is written as ``\\u003c`` so that no text can end the script element,
    and the JSON is escaped to sit in a single-quoted string; a lone surrogate, which no UTF-8 file holds,
    is replaced."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    payload = _SURROGATE.sub("\ufffd", payload)
    quoted = payload.replace("\\", "\\\\").replace("'", "\\'").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return f"JSON.parse('{quoted}')"


_SURROGATE = re.compile("[\ud800-\udfff]")
_JS_ESCAPE = re.compile(r"\\(\\|'|u2028|u2029)")
_JS_UNESCAPED = {"\\": "\\", "'": "'", "u2028": "\u2028", "u2029": "\u2029"}


def read_script(text: str) -> Any:
    """The data of one file written by :func:`build`."""
    match = re.search(r"=JSON\.parse\('(.*)'\);\s*$", text, re.S)
    if not match:
        raise ValueError("not a search index script")
    return json.loads(_JS_ESCAPE.sub(lambda m: _JS_UNESCAPED[m.group(1)], match.group(1)))


def read_index(files: Callable[[str], str]) -> dict[str, Any]:
    """The index as tests and tools see it: ``fields`` and ``docs`` (each in FIELDS order, topic
    names joined by ", "), the manifest under ``index``; ``files`` reads a path under the site."""
    manifest = read_script(files(INDEX_PATH))
    docs: list[list[Any]] = []
    for shard in range(-(-manifest["count"] // manifest["meta"])):
        docs += read_script(files(f"{FOLDER}/m{shard}.js"))
    at = FIELDS.index("topics")
    for row in docs:
        row[at] = ", ".join(manifest["names"][i] for i in row[at])
    return {"fields": manifest["fields"], "docs": docs, "index": manifest}
