"""A `mkdocs serve` rebuild rescores only what an edit changed (search/index.py: score, build): the
same postings and the same files as scoring and building everything again."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from digest.search import index
from digest.search.index import Record, build, score

WORDS = "ketamine glutamate gaba nmda receptor mood trial rats dose depression placebo synapse mtor bdnf".split()


def _records(rng: random.Random, n: int) -> list[Record]:
    return [_record(rng, i) for i in range(n)]


def _record(rng: random.Random, i: int) -> Record:
    def text(k: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(k))

    return Record(f"digests/k{i}/", text(4).capitalize(), authors=rng.choice(["Doe", "Roe", "Poe"]),
                  year=str(rng.randint(1990, 2025)),
                  topics=tuple(rng.sample(["Ketamine", "GABA", "Glutamate"], rng.randint(0, 2))), teaser=text(6),
                  body=text(rng.randint(0, 40)), has_digest=rng.random() < 0.5, kind=rng.choice(["entry", "entry", "topic"]),
                  slugs=("ketamine",) if rng.random() < 0.3 else (), doi=f"10.1/{rng.randint(0, 3)}")


def _edit(rng: random.Random, items: list[Record], edits: int) -> list[Record]:
    edited = list(items)
    for _ in range(edits):
        at = rng.randrange(len(edited))
        edited[at] = _record(rng, at)
    return edited


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 60), st.integers(0, 5))
def test_rescoring_an_edit_gives_what_scoring_everything_gives(seed: int, n: int, edits: int) -> None:
    rng = random.Random(seed)
    items = _records(rng, n)
    first = score(items)
    edited = _edit(rng, items, edits)
    again = score(edited, first)
    scratch = score(edited)
    assert again.encoded == scratch.encoded
    assert again.terms_of_word == scratch.terms_of_word
    assert again.docs == scratch.docs and again.field_docs == scratch.field_docs


def test_an_edit_rescores_in_place_and_the_files_it_did_not_touch_are_kept() -> None:
    rng = random.Random(7)
    items = _records(rng, 400)
    index._previous = None
    index._made = None
    build(items)
    body = items[123].body + " ketamine lifted mood within hours"
    edited = [*items[:123], Record(**{**items[123].__dict__, "body": body}), *items[124:]]
    files = build(edited)
    assert index._previous is not None and not index._previous.whole, "rescored, not scored from scratch"
    assert index._previous.changed_docs == (123,)
    index._previous = None  # from scratch: the same files
    assert build(edited) == files
    index._previous = None
    index._made = None


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(0, 80))
def test_a_build_made_file_by_file_from_compact_arrays_is_the_same_as_the_kept_one(seed: int, n: int) -> None:
    rng = random.Random(seed)
    items = _records(rng, n)
    index._previous = None
    index._made = None
    kept = build(items, "search.html")
    index._previous = None
    index._made = None
    assert dict(index.files(items, "search.html")) == kept
    assert list(dict(index.files(items, "search.html"))) == list(kept), "in the same order"
