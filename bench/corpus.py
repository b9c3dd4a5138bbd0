"""A synthetic corpus for the benchmark: N realistic BibTeX entries and digests, deterministic.

Entries look like real exports: authors with LaTeX accents (``M{\\"u}ller``, ``Garc{\\'\\i}a``) or
plain names, ~200-word abstracts, keywords and words in the text that hit the topics of
``bib/topics.yml``, DOIs, and a digest (front matter, ~200 words, citations of other entries) for
a share of them.
"""

from __future__ import annotations

import random
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


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILIES)}, {rng.choice(GIVENS)}"


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


def entry_bib(i: int, rng: random.Random) -> tuple[str, str, int]:
    """(key, BibTeX text, year) of the i-th entry."""
    year = rng.randint(1990, 2025)
    key = f"e{i:05d}{year}"
    authors = " and ".join(_name(rng) for _ in range(rng.randint(1, 9)))
    title = " ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randint(6, 14)))
    title = title[:1].upper() + title[1:] + f" of {rng.choice(TOPIC_TERMS)}"
    keywords = ", ".join(rng.sample(TOPIC_TERMS, rng.randint(1, 3)))
    first = rng.randint(1, 900)
    text = (
        f"@article{{{key},\n"
        f"  author   = {{{authors}}},\n"
        f"  title    = {{{title}}},\n"
        f"  journal  = {{{rng.choice(JOURNALS)}}},\n"
        f"  year     = {{{year}}},\n"
        f"  volume   = {{{rng.randint(1, 90)}}},\n"
        f"  number   = {{{rng.randint(1, 12)}}},\n"
        f"  pages    = {{{first}--{first + rng.randint(3, 15)}}},\n"
        f"  doi      = {{10.1000/bench.{i}}},\n"
        f"  keywords = {{{keywords}}},\n"
        f"  abstract = {{{_text(rng, 200, 3)}}}\n"
        "}\n"
    )
    return key, text, year


def digest_md(key: str, cites: list[str], rng: random.Random, topic_slugs: list[str]) -> str:
    """A digest: checked front matter and ~200 words citing a few other entries."""
    body = _text(rng, 200, 2)
    sentences = body.split(". ")
    for other in cites:
        at = rng.randrange(len(sentences))
        sentences[at] += f" [@{other}]"
    topics = ", ".join(rng.sample(topic_slugs, rng.randint(1, 3)))
    return (
        "---\n"
        f"topics: [{topics}]\n"
        f"date: 2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
        "contributors: [Bench Editor]\n"
        f"teaser: {_text(rng, 18, 1).rstrip('.')}.\n"
        "---\n" + ". ".join(sentences) + "\n"
    )


def write(n: int, bib_dir: Path, digests_dir: Path, topic_slugs: list[str], share: float = 0.3, seed: int = 1) -> list[str]:
    """Write N entries to ``bib_dir/bench.bib`` and digests for ``share`` of them; return the keys with digests."""
    rng = random.Random(seed)
    keys, chunks = [], []
    for i in range(n):
        key, text, _ = entry_bib(i, rng)
        keys.append(key)
        chunks.append(text)
    bib_dir.mkdir(parents=True, exist_ok=True)
    (bib_dir / "bench.bib").write_text("\n".join(chunks), encoding="utf-8")
    digests_dir.mkdir(parents=True, exist_ok=True)
    with_digest = []
    for key in keys:
        if rng.random() < share:
            cites = rng.sample(keys, rng.randint(0, 2))
            (digests_dir / f"{key}.md").write_text(digest_md(key, cites, rng, topic_slugs), encoding="utf-8")
            with_digest.append(key)
    return with_digest
