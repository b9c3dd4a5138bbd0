"""Topic vocabulary, tagging and cross-links."""

from __future__ import annotations

import re
from pathlib import Path
from unittest.mock import patch

from hypothesis import example, given, settings
from hypothesis import strategies as st

from digest.library.topics import Tagger, Topic, TopicIndex, assign_topics, read_vocabulary
from factories import make_digest, make_entry

TOPICS = {
    "gaba": Topic("gaba", "GABA", synonyms=("γ-aminobutyric acid", "gamma-aminobutyric acid")),
    "glutamate": Topic("glutamate", "Glutamate", synonyms=("glutamatergic",)),
    "mr-spectroscopy": Topic("mr-spectroscopy", "MR spectroscopy", synonyms=("MRS",)),
    "ketamine": Topic("ketamine", "Ketamine"),
}


def test_tagger_matches_synonyms_as_whole_words_and_acronyms_in_capitals() -> None:
    tagger = Tagger(TOPICS)
    assert tagger.in_text("Reduced γ-aminobutyric acid by MRS in glutamatergic cells") == ["gaba", "glutamate", "mr-spectroscopy"]
    assert tagger.in_text("Mrs Smith and glutamatergically") == []
    assert tagger.keyword(" gamma-aminobutyric acid ") == "gaba"


def test_explicit_topics_win_over_keywords_and_text() -> None:
    tagged = make_entry("a", title="Ketamine and GABA", keywords="glutamate")
    tagged.digest = make_digest("a", topics=["gaba"])
    untagged = make_entry("b", title="Ketamine and GABA", keywords="glutamate")
    assert assign_topics([tagged, untagged], TOPICS) == []
    assert tagged.topics == ["gaba"]
    assert untagged.topics == ["glutamate", "ketamine", "gaba"]


def test_unknown_topic_suggests_the_closest() -> None:
    entry = make_entry("a", title="x")
    entry.digest = make_digest("a", topics=["glutamat"], lines={"topics": 2})
    [problem] = assign_topics([entry], TOPICS)
    assert str(problem) == (
        "docs/digests/a.md:2: unknown topic 'glutamat'; add it to the topic vocabulary or fix it (did you mean glutamate?)"
    )


def test_index_orders_newest_first_and_counts_cooccurrence() -> None:
    old = make_entry("old", title="x", year="1999", topics=["gaba", "glutamate"])
    new = make_entry("new", title="y", year="2020", topics=["gaba", "glutamate", "ketamine"])
    other = make_entry("other", title="z", year="2010", topics=["ketamine"])
    index = TopicIndex([old, new, other], TOPICS)
    assert [e.key for e in index.entries("gaba")] == ["new", "old"]
    assert index.cooccurring("glutamate") == [("gaba", 2), ("ketamine", 1)]
    assert [(e.key, n) for e, n in index.related_entries(new, 5)] == [("old", 2), ("other", 1)]


def test_vocabulary_problems(tmp_path: Path) -> None:
    file = tmp_path / "topics.yml"
    file.write_text("gaba:\n  name: GABA\n  related: [glutamte]\nBad Slug:\n  name: X\nnoname: {}\n", encoding="utf-8")
    topics, problems = read_vocabulary(file, "bib/topics.yml")
    assert list(topics) == ["gaba"]
    assert [(p.line, p.kind) for p in problems] == [(4, "topics-file"), (6, "topics-file"), (1, "unknown-topic")]


@settings(max_examples=80, deadline=None)
@given(st.lists(st.lists(st.sampled_from(["a", "b", "c", "d", "e"]), max_size=5, unique=True), min_size=1, max_size=40),
       st.integers(0, 8))
def test_related_entries_are_the_most_topics_shared_then_the_newest(tagged: list[list[str]], limit: int) -> None:
    """What ordering every candidate gives (most shared first, ties newest first), for any library:
    from the topics' sets of entries intersected, and from a count of every candidate (where an
    entry has too many topics for the subsets to intersect)."""
    from digest.library import topics as module
    from digest.library.topics import newest_first

    entries = [make_entry(f"k{i:02d}", year=str(2000 + i % 7), topics=topics) for i, topics in enumerate(tagged)]
    for subset_limit in (module.SUBSET_LIMIT, 0):
        TopicIndex._related_shape = 0  # answers kept from the other way are not this way's
        with patch.object(module, "SUBSET_LIMIT", subset_limit):
            index = TopicIndex(entries, {s: Topic(s, s.upper()) for s in "abcde"})
            newest = sorted(entries, key=newest_first)
            for entry in entries:
                shared = {other.key: len(set(entry.topics) & set(other.topics)) for other in entries if other is not entry}
                expected = sorted((key for key, n in shared.items() if n), key=lambda k: -shared[k])  # stable: newest first
                expected = sorted(expected, key=lambda k: (-shared[k], [e.key for e in newest].index(k)))[:limit]
                assert [(e.key, n) for e, n in index.related_entries(entry, limit)] == [(k, shared[k]) for k in expected]


_PIECES = ["nmda", "nmda receptor", "ketamine", "esketamine", "gaba", "gabaergic", "r-ketamine", "(2r,6r)-hnk", "ß", "x.y"]


@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6, unique=True),
       st.lists(st.sampled_from([*_PIECES, " ", "-", "s", "NMDA", "Ketamine", "GABA", ", ", "\n"]), max_size=25))
@example(["nmda", "nmda receptor"], ["the ", "NMDA", " receptor"])  # the longer term, though the shorter ends a word
def test_the_terms_pattern_matches_what_the_longest_first_alternation_does(terms: list[str], pieces: list[str]) -> None:
    """Tagger's pattern writes common beginnings once; it finds what the plain alternation of the terms,
    longest first, finds."""
    text = "".join(pieces)
    plain = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    for flags in (re.IGNORECASE, 0):
        expected = re.compile(rf"(?<![\w-])(?:{plain})(?![\w-])", flags)
        made = Tagger._regex(terms, flags)
        assert made is not None
        assert [m.span() for m in made.finditer(text)] == [m.span() for m in expected.finditer(text)]
