"""Topic vocabulary, tagging and cross-links."""

from __future__ import annotations

from pathlib import Path

from digest.library.topics import Tagger, Topic, TopicIndex, assign_topics, read_vocabulary
from digest.model import Digest, Entry

TOPICS = {
    "gaba": Topic("gaba", "GABA", synonyms=("γ-aminobutyric acid", "gamma-aminobutyric acid")),
    "glutamate": Topic("glutamate", "Glutamate", synonyms=("glutamatergic",)),
    "mr-spectroscopy": Topic("mr-spectroscopy", "MR spectroscopy", synonyms=("MRS",)),
    "ketamine": Topic("ketamine", "Ketamine"),
}


def _entry(key: str, title: str, year: str = "2020", **fields: str) -> Entry:
    return Entry(key, "article", {"title": title, "year": year, **fields}, {}, [], [], "bib/x.bib", 1)


def test_tagger_matches_synonyms_as_whole_words_and_acronyms_in_capitals() -> None:
    tagger = Tagger(TOPICS)
    assert tagger.in_text("Reduced γ-aminobutyric acid by MRS in glutamatergic cells") == ["gaba", "glutamate", "mr-spectroscopy"]
    assert tagger.in_text("Mrs Smith and glutamatergically") == []
    assert tagger.keyword(" gamma-aminobutyric acid ") == "gaba"


def test_explicit_topics_win_over_keywords_and_text() -> None:
    tagged = _entry("a", "Ketamine and GABA", keywords="glutamate")
    tagged.digest = Digest("a", "docs/digests/a.md", "", 5, topics=["gaba"])
    untagged = _entry("b", "Ketamine and GABA", keywords="glutamate")
    assert assign_topics([tagged, untagged], TOPICS) == []
    assert tagged.topics == ["gaba"]
    assert untagged.topics == ["glutamate", "ketamine", "gaba"]


def test_unknown_topic_suggests_the_closest() -> None:
    entry = _entry("a", "x")
    entry.digest = Digest("a", "docs/digests/a.md", "", 5, topics=["glutamat"], lines={"topics": 2})
    [problem] = assign_topics([entry], TOPICS)
    assert str(problem) == (
        "docs/digests/a.md:2: unknown topic 'glutamat'; add it to the topic vocabulary or fix it (did you mean glutamate?)"
    )


def test_index_orders_newest_first_and_counts_cooccurrence() -> None:
    old, new, other = _entry("old", "x", "1999"), _entry("new", "y", "2020"), _entry("other", "z", "2010")
    old.topics, new.topics, other.topics = ["gaba", "glutamate"], ["gaba", "glutamate", "ketamine"], ["ketamine"]
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
