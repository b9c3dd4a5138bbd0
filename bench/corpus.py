"""A synthetic corpus for the benchmark: N realistic BibTeX entries and digests, deterministic.

Entries look like real exports: authors with LaTeX accents (``M{\\"u}ller``, ``Garc{\\'\\i}a``) or
plain names, ~200-word abstracts, keywords and words in the text that hit the topics of
``bib/topics.yml``, DOIs, and a digest (front matter, ~200 words, citations of other entries) for
a share of them.

``generate`` makes the records (``Entry``, ``Digest``), ``write`` writes them as the project's
``.bib`` file and digest files; the benchmark's floor is written from the same records.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

FAMILIES = [
    "M{\\\"u}ller", "Garc{\\'\\i}a", "Fran{\\c{c}}ois", "Nu{\\~n}ez", "Sch{\\\"o}nfeld", "Dvo{\\v{r}}{\\'a}k",
    "{\\O}stergaard", "Br{\\aa}then", "L{\\'o}pez", "Ko{\\c{c}}", "Smith", "Zhang", "Wang", "Li", "Okafor",
    "Tanaka", "Kowalski", "Rossi", "Novak", "Haddad", "Ivanova", "Andersson", "Patel", "Nguyen", "Kim",
    "Sanacora", "Krystal", "Duman", "Zarate", "Monteggia", "Abdallah", "Murrough", "Lener", "Niciu",
    "Petersen", "O'Brien", "Silva", "Costa", "Dubois", "Lefebvre", "Jensen", "Virtanen", "Horvath",
]
GIVENS = [
    "J{\\\"o}rg", "Jos{\\'e}", "Ren{\\'e}e", "Zo{\\\"e}", "Andr{\\'e}", "Ma{\\l}gorzata", "Ji{\\v{r}}{\\'\\i}",
    "Marc S.", "Carlos A.", "Ronald S.", "Gerard", "Lisa M.", "John H.", "Chadi G.", "Mark J.",
    "Wei", "Yuki", "Amara", "Sofia", "Lars", "Anna", "Pedro", "Elena", "Tomasz", "Priya", "Minh", "Ji-woo",
]
JOURNALS = [
    "Biological Psychiatry", "Molecular Psychiatry", "American Journal of Psychiatry", "Neuron",
    "Nature", "Neuropsychopharmacology", "JAMA Psychiatry", "Journal of Neuroscience",
    "Archives of General Psychiatry", "Psychopharmacology", "Translational Psychiatry",
]
# Terms that hit topics (names and synonyms of bib/topics.yml), and filler for the rest.
TOPIC_TERMS = [
    "ketamine", "glutamate", "GABA", "NMDA receptor", "AMPA receptor", "major depression", "MDD",
    "treatment-resistant depression", "bipolar depression", "MR spectroscopy", "synaptic plasticity",
    "mTOR", "BDNF", "rapid-acting antidepressants", "lateral habenula", "psychopharmacology",
    "esketamine", "synaptogenesis", "glutamatergic", "GABAergic",
]
WORDS = (
    "the of and in to a with patients was were study effects dose response placebo trial randomized "
    "participants group control brain cortex prefrontal hippocampus levels measured after before week "
    "hours days improvement symptoms scores rating scale baseline significant reduced increased "
    "associated mice rats model neurons signalling pathway receptor antagonist infusion single "
    "subanaesthetic mood anxiety suicidal ideation remission relapse sustained rapid onset findings "
    "suggest mechanism underlying clinical evidence however whereas furthermore compared results "
    "observed analysis cohort sample adults healthy volunteers imaging magnetic resonance metabolite"
).split()
TITLE_WORDS = (
    "effects of on in a randomized trial rapid antidepressant response model mechanism role evidence "
    "human brain levels patients treatment novel targets signalling pathway chronic stress"
).split()


@dataclass(frozen=True)
class Entry:
    """One BibTeX entry; names and text as an export has them (LaTeX accents)."""

    key: str
    authors: list[tuple[str, str]]
    """(family, given) of each author."""
    title: str
    journal: str
    year: int
    volume: int
    number: int
    pages: tuple[int, int]
    doi: str
    keywords: list[str]
    abstract: str

    def bib(self) -> str:
        authors = " and ".join(f"{family}, {given}" for family, given in self.authors)
        return (
            f"@article{{{self.key},\n"
            f"  author   = {{{authors}}},\n"
            f"  title    = {{{self.title}}},\n"
            f"  journal  = {{{self.journal}}},\n"
            f"  year     = {{{self.year}}},\n"
            f"  volume   = {{{self.volume}}},\n"
            f"  number   = {{{self.number}}},\n"
            f"  pages    = {{{self.pages[0]}--{self.pages[1]}}},\n"
            f"  doi      = {{{self.doi}}},\n"
            f"  keywords = {{{', '.join(self.keywords)}}},\n"
            f"  abstract = {{{self.abstract}}}\n"
            "}\n"
        )


@dataclass(frozen=True)
class Digest:
    """A digest of one entry: front matter and ~200 words citing other entries as ``[@key]``."""

    key: str
    topics: list[str]
    date: str
    teaser: str
    body: str
    study: str = ""
    """The ``study:`` front matter (issue 23's study facts), as YAML lines; empty for none."""

    def markdown(self) -> str:
        return (
            "---\n"
            f"topics: [{', '.join(self.topics)}]\n"
            f"date: {self.date}\n"
            "contributors: [Bench Editor]\n"
            f"teaser: {self.teaser}\n"
            + self.study
            + "---\n" + self.body + "\n"
        )


@dataclass
class Corpus:
    entries: list[Entry]
    digests: dict[str, Digest] = field(default_factory=dict)
    """By entry key, in entry order."""


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FAMILIES), rng.choice(GIVENS)


def _text(rng: random.Random, words: int, terms: int) -> str:
    out = [rng.choice(WORDS) for _ in range(words)]
    for _ in range(terms):
        out.insert(rng.randrange(len(out)), rng.choice(TOPIC_TERMS))
    sentences, i = [], 0
    while i < len(out):
        n = rng.randint(12, 24)
        chunk = out[i:i + n]
        sentences.append(chunk[0][:1].upper() + " ".join(chunk)[1:] + ".")
        i += n
    return " ".join(sentences)


def make_entry(i: int, rng: random.Random) -> Entry:
    """The i-th entry (the draws happen in a fixed order: the corpus depends on it)."""
    year = rng.randint(1990, 2025)
    authors = [_name(rng) for _ in range(rng.randint(1, 9))]
    title = " ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randint(6, 14)))
    title = title[:1].upper() + title[1:] + f" of {rng.choice(TOPIC_TERMS)}"
    keywords = rng.sample(TOPIC_TERMS, rng.randint(1, 3))
    first = rng.randint(1, 900)
    journal, volume, number = rng.choice(JOURNALS), rng.randint(1, 90), rng.randint(1, 12)
    pages = (first, first + rng.randint(3, 15))
    return Entry(f"e{i:05d}{year}", authors, title, journal, year, volume, number, pages,
                 f"10.1000/bench.{i}", keywords, _text(rng, 200, 3))


def make_digest(key: str, cites: list[str], rng: random.Random, topic_slugs: list[str]) -> Digest:
    body = _text(rng, 200, 2)
    sentences = body.split(". ")
    for other in cites:
        at = rng.randrange(len(sentences))
        sentences[at] += f" [@{other}]"
    topics = rng.sample(topic_slugs, rng.randint(1, 3))
    date = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"  # in the past: a future date is a problem
    teaser = f"{_text(rng, 18, 1).rstrip('.')}."
    study = ""
    if rng.random() < 0.6:
        design = rng.choice(DESIGNS)
        study = f"study:\n  design: {design}\n"
        if design != "narrative-review":
            study += (f"  participants: {rng.randint(12, 900)}\n  population: adults with {rng.choice(TOPIC_TERMS)} findings\n"
                      f"  result: {_text(rng, 14, 1).rstrip('.')}.\n")
    return Digest(key, topics, date, teaser, ". ".join(sentences), study)


DESIGNS = ("randomized-controlled-trial", "cohort", "case-control", "animal", "narrative-review", "meta-analysis")


def generate(n: int, topic_slugs: list[str], share: float = 0.3, seed: int = 1) -> Corpus:
    """N entries, and digests (citing 0-2 other entries, on 1-3 topics) for ``share`` of them."""
    rng = random.Random(seed)
    entries = [make_entry(i, rng) for i in range(n)]
    keys = [entry.key for entry in entries]
    data = Corpus(entries)
    for key in keys:
        if rng.random() < share:
            cites = rng.sample(keys, rng.randint(0, 2))
            data.digests[key] = make_digest(key, cites, rng, topic_slugs)
    return data


def enrichment(data: Corpus, seed: int = 2) -> str:
    """``bib/enrichment.yml`` as ``make enrich`` writes it (issue 24): for every entry a citation count,
    a free copy for a third, and 0-8 library entries it cites (older ones)."""
    rng = random.Random(seed)
    keys = [entry.key for entry in data.entries]
    lines = []
    for i, entry in enumerate(data.entries):
        lines += [f"{entry.key}:", f"  openalex: W{1000000 + i}", f"  cited_by_count: {rng.randint(0, 900)}",
                  "  read: '2026-11-01'"]
        if rng.random() < 0.33:
            lines += ["  free:", f"    url: https://europepmc.org/articles/pmc{i}/", "    version: publishedVersion",
                      "    licence: cc-by"]
        if i:
            cites = sorted(set(rng.sample(keys[:i], min(i, rng.randint(0, 8)))))
            if cites:
                lines.append(f"  cites: [{', '.join(cites)}]")
    return "\n".join(lines) + "\n"


def status(data: Corpus, seed: int = 3) -> str:
    """``bib/status.yml`` as ``make verify`` writes it: one entry in 500 retracted or corrected."""
    rng = random.Random(seed)
    lines = []
    for entry in data.entries[::500]:
        kind = rng.choice(("retracted", "corrected"))
        lines += [f"{entry.key}:", f"  status: {kind}", f"  notice: {entry.doi}x", "  date: 2026-01-04", "  source: Crossref"]
    return "\n".join(lines) + "\n"


def write(data: Corpus, bib_dir: Path, digests_dir: Path) -> None:
    """``bib_dir/bench.bib`` with every entry, and ``digests_dir/<key>.md`` for each digest."""
    bib_dir.mkdir(parents=True, exist_ok=True)
    (bib_dir / "bench.bib").write_text("\n".join(entry.bib() for entry in data.entries), encoding="utf-8")
    digests_dir.mkdir(parents=True, exist_ok=True)
    for key, digest in data.digests.items():
        (digests_dir / f"{key}.md").write_text(digest.markdown(), encoding="utf-8")
