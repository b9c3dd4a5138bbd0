"""APA casing: journal names in title case, titles in sentence case, with what keeps its case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from digest.library.bibfiles import read_bib
from digest.references import casing
from digest.references.parts import to_plain
from digest.references.styles import apa, vancouver
from factories import make_entry

CORPORA = Path(__file__).resolve().parents[4] / "shared" / "corpora"


@pytest.mark.parametrize(("given", "shown"), [
    ("science", "Science"),
    ("The American journal of psychiatry", "The American Journal of Psychiatry"),
    ("JAMA psychiatry", "JAMA Psychiatry"),
    ("PLoS ONE", "PLoS ONE"),
    ("J. Neurosci.", "J. Neurosci."),
    ("npj Schizophrenia", "npj Schizophrenia"),
    ("eneuro", "eNeuro"),
    ("Biological psychiatry: cognitive neuroscience and neuroimaging",
     "Biological Psychiatry: Cognitive Neuroscience and Neuroimaging"),
    ("arXiv:1905.05667 [cs, stat]", "arXiv:1905.05667 [cs, stat]"),
])
def test_journal_names_in_title_case(given: str, shown: str) -> None:
    assert casing.title_case(given) == shown


@pytest.mark.parametrize(("given", "raw", "shown"), [
    ("Synaptic Dysfunction in Depression: Potential Therapeutic Targets", "",
     "Synaptic dysfunction in depression: Potential therapeutic targets"),
    ("A Role for mTOR and GluN2B in 5-HT2A Signalling in Parkinson's Disease", "",
     "A role for mTOR and GluN2B in 5-HT2A signalling in Parkinson's disease"),
    ("Ketamine and Other N-Methyl-D-Aspartate Receptor Antagonists", "",
     "Ketamine and other N-methyl-D-aspartate receptor antagonists"),
    ("Depression in Bonn: A Cohort Study", "Depression in {Bonn}: A Cohort Study", "Depression in Bonn: A cohort study"),
    ("The Whole Title Protected", "{{The Whole Title Protected}}", "The Whole Title Protected"),
    ("Accents Are Not Protection: {\\\"U}ber Alles", "Accents Are Not Protection: {\\\"U}ber Alles",
     "Accents are not protection: Über alles"),
    # Already in sentence case: a capital there was meant (a place the lists do not know).
    ("Brain-derived neurotrophic factor in the Bonn cohort", "", "Brain-derived neurotrophic factor in the Bonn cohort"),
    # Capitals throughout: nothing can be decided, left as written.
    ("GLUTAMATE AND DEPRESSION IN ADULTS", "", "GLUTAMATE AND DEPRESSION IN ADULTS"),
])
def test_titles_in_sentence_case(given: str, raw: str, shown: str) -> None:
    text = given.replace('{\\"U}', "Ü")
    assert casing.sentence_case(text, raw)[0] == shown


def test_undecided_words_are_named() -> None:
    assert casing.sentence_case("Depression in Bonn: A Cohort Study")[1] == ["Bonn", "Cohort", "Study"]
    assert casing.sentence_case("GLUTAMATE AND DEPRESSION IN ADULTS")[1] == ["GLUTAMATE AND DEPRESSION IN ADULTS"]


def test_the_topic_vocabulary_teaches_proper_nouns() -> None:
    try:
        casing.learn(["Ketamine", "Ketamine studies in the Rhineland cohort.", "Zarate"])
        shown = casing.sentence_case("Ketamine in the Rhineland: A Zarate Cohort")[0]
        assert shown == "Ketamine in the Rhineland: A zarate cohort"
    finally:
        casing.learn([])
    assert casing.sentence_case("Ketamine in the Rhineland: A Study")[0] == "Ketamine in the rhineland: A study"


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script> In The Title", '"><img src=x onerror=alert(1)> Is Here',
                                     "x" * 20000 + " And More", "Line\nBreak And :: Colons", ""])
def test_hostile_titles_keep_their_characters(hostile: str) -> None:
    shown, _ = casing.sentence_case(hostile, hostile)
    assert shown.lower() == hostile.lower()
    assert casing.title_case(hostile).lower() == hostile.lower()


def test_apa_and_vancouver_references_use_both() -> None:
    entry = make_entry(title="Synaptic Dysfunction in Depression", journal="science", year="2012", volume="338")
    assert to_plain(apa.reference(entry)) == "Synaptic dysfunction in depression. (2012). Science, 338."
    assert "Synaptic dysfunction in depression. Science." in to_plain(vancouver.reference(entry))


@pytest.mark.skipif(not CORPORA.is_dir(), reason="../shared/corpora is absent")
@pytest.mark.parametrize("name", ["real-branchlab-concussion-mentalhealth.bib", "real-pgx-antidepressant.bib",
                                  "real-aurina-connectomics-thesis.bib"])
def test_real_exports(name: str) -> None:
    """Publishers' and managers' records: every journal name starts with a capital (or a known lower-case
    brand), no Title Case title survives into an APA reference, and no acronym is lowered."""
    entries, _ = read_bib(CORPORA / name, name)
    for entry in entries:
        journal = apa.journal_name(entry)
        assert not journal or not journal[:1].islower() or re.match(r"\w+", journal)[0] in casing.LOWER_BRANDS.values(), journal
        title = apa.title_text(entry)
        words = title.split()
        for word in entry.title.split():
            if len(word) > 1 and word.isupper() and word.isalpha():
                assert word in words, (entry.key, word)
        if len(words) > 4 and not title.isupper():
            assert casing.sentence_case(title, entry.raw.get("title", ""))[0] == title, entry.key


@example("ABCDEFGHIJKLMN\u0345")  # a combining mark that is lower case but no letter: isupper is False
@given(st.text(st.sampled_from([*"ABZ ÉẞΣΩ 1-:{}", "\u0345", "\u2160", "\u24b6"]), min_size=14, max_size=30))
def test_a_title_in_capitals_throughout_is_left_as_written(text: str) -> None:
    """However its marks and symbols are cased (str.isupper is False for U+0345 beside capitals), a title
    of more than 12 letters all capitals is left as it is and said to be undecided."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) > 12:
        assert casing._sentence_case.__wrapped__(text, "", frozenset()) == (text, (text,))
