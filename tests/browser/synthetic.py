"""Synthetic search records: the index of a corpus of any size, without building its pages.

Search speed depends on the index only, so the 5,000-entry test swaps this index into a small
offline site instead of building 5,000 pages. ``measure_search.py`` builds the real thing.
"""

from __future__ import annotations

import random

from digest.search.index import Record, build

FAMILIES = ["Müller", "García", "Smith", "Zhang", "Okafor", "Tanaka", "Kowalski", "Rossi", "Novak", "Haddad",
            "Ivanova", "Andersson", "Patel", "Nguyen", "Kim", "Sanacora", "Krystal", "Duman", "Zarate", "Lener"]
JOURNALS = ["Biological Psychiatry", "Molecular Psychiatry", "Neuron", "Nature", "Neuropsychopharmacology",
            "JAMA Psychiatry", "Journal of Neuroscience", "Translational Psychiatry"]
TOPICS = ["Ketamine", "Glutamate", "GABA", "NMDA receptor", "AMPA receptor", "Major depressive disorder",
          "BDNF", "mTOR", "Synaptic plasticity", "MR spectroscopy", "Bipolar disorder", "Esketamine"]
WORDS = ("effects of on in a randomized trial rapid antidepressant response model mechanism role evidence "
         "human brain levels patients treatment novel targets signalling pathway chronic stress ketamine "
         "glutamate cortex prefrontal hippocampus placebo infusion remission relapse").split()


def records(n: int, seed: int = 1) -> list[Record]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14))).capitalize()
        teaser = " ".join(rng.choice(WORDS) for _ in range(rng.randint(15, 25))) if rng.random() < 0.3 else ""
        out.append(Record(
            url=f"digests/synthetic{i:05d}.html", title=title,
            authors=", ".join(rng.choice(FAMILIES) for _ in range(rng.randint(1, 8))),
            venue=rng.choice(JOURNALS), year=str(rng.randint(1990, 2025)), doi=f"10.9999/synthetic.{i}",
            topics=tuple(rng.sample(TOPICS, rng.randint(1, 4))), teaser=teaser))
    return out


def index_files(n: int) -> dict[str, str]:
    """The index files of ``n`` synthetic entries, by path under an offline site."""
    return build(records(n), "search.html")
