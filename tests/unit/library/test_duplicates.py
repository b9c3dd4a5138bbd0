"""library/duplicates.py: which pairs are one paper, and which are not."""

from __future__ import annotations

from digest.library import duplicates
from digest.model import Person
from factories import make_entry

DUMAN = [Person("Duman", "Ronald S."), Person("Aghajanian", "George K.")]


def _keys(*entries):  # type: ignore[no-untyped-def]
    return [(p.path, p.line, p.message.split(" has ")[0], p.kind) for p in duplicates.find(entries, lambda e, f: e.line)]


def test_title_year_and_first_author_make_a_pair_reported_at_both() -> None:
    one = make_entry("duman2012", authors=DUMAN, title="Synaptic dysfunction in depression: potential therapeutic targets",
                     year="2012", doi="10.1126/science.1222939", path="bib/a.bib", line=3)
    two = make_entry("duman2012synaptic", authors=DUMAN[:1], title="Synaptic Dysfunction in Depression – Potential "
                     "Therapeutic Targets.", year="2012", path="bib/b.bib", line=7)
    assert _keys(one, two) == [("bib/a.bib", 3, "entry duman2012", "duplicate-entry"),
                               ("bib/b.bib", 7, "entry duman2012synaptic", "duplicate-entry")]


def test_accents_and_case_are_folded() -> None:
    assert duplicates.folded("  Müller’s   GluN2B:  a Review!") == "muller s glun2b a review"


def test_same_title_another_year_or_author_is_another_paper() -> None:
    one = make_entry("a2012", authors=DUMAN, title="Ketamine", year="2012")
    assert not _keys(one, make_entry("b2013", authors=DUMAN, title="Ketamine", year="2013"))
    assert not _keys(one, make_entry("c2012", authors=[Person("Zarate")], title="Ketamine", year="2012"))


def test_pmid_and_arxiv_ids_make_a_pair() -> None:
    assert _keys(make_entry("a", pmid="22859978"), make_entry("b", pmid="22859978", line=9))
    one = make_entry("a", eprint="arXiv:2101.00001v2", eprinttype="arxiv")
    two = make_entry("b", eprint="2101.00001", archiveprefix="arXiv")
    assert [k[3] for k in _keys(one, two)] == ["duplicate-entry", "duplicate-entry"]


def test_marked_distinct_on_either_side_is_not_reported() -> None:
    one = make_entry("a", pmid="22859978", distinct="b, c")
    assert not _keys(one, make_entry("b", pmid="22859978"))
    assert not _keys(make_entry("c", pmid="22859978"), one)


def test_hostile_values_stay_values() -> None:
    hostile = '"><img src=x onerror=alert(1)>\nline::two'
    one = make_entry("a", authors=[Person(hostile)], title=hostile, year="2020")
    two = make_entry("b", authors=[Person(hostile)], title=hostile, year="2020", line=5)
    problems = duplicates.find([one, two], lambda e, f: e.line)
    assert len(problems) == 2 and all("\n" not in str(p) and "onerror" not in str(p) for p in problems)
    assert duplicates.likely_duplicate(two, [one]) == (one, "title, year and first author")
