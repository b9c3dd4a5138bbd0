"""library/history.py: ``git log -z`` parsed, ``changes:`` notes checked at the door, notes put on revisions."""

from __future__ import annotations

import datetime as dt

from tests.factories import make_digest

from digest.library import history
from digest.library.digestfiles import parse_date
from digest.model import Change

H1, H2 = "a" * 40, "b" * 40


def record(commit: str, when: str, subject: str, *changes: str) -> str:
    return f"\0digest-history\0{commit}\0{when}\0{subject}\0\n" + "".join(f"{c}\0" for c in changes)


def test_log_is_parsed_oldest_first_and_hostile_names_and_subjects_stay_text() -> None:
    log = (record(H2, "2024-03-05T23:30:00-02:00", "Revise <b>a</b>\x1e\x1f::x", "M", "a.md", "A", "b\tc\n.md", "D", "old.md")
           + record(H1, "2024-01-10T09:00:00Z", "Add a", "A", "a.md", "A", "sub/x.md", "A", "notes.txt"))
    found = history.parse_log(log)
    assert set(found) == {"a", "b\tc\n"}
    assert [(r.date, r.commit) for r in found["a"]] == [(dt.date(2024, 1, 10), H1), (dt.date(2024, 3, 6), H2)]
    assert found["a"][1].subject == "Revise <b>a</b>::x"  # control characters removed; escaped where shown


def test_records_added_to_the_bib_folder_are_dated_by_their_first_commit() -> None:
    log = (record(H1, "2024-01-10T09:00:00Z", "x", "diff --git a/r.bib b/r.bib\n+@article{one,\n+  title = {T},\n")
           + record(H2, "2024-02-10T09:00:00Z", "y", "+@Book{ two ,\n-@article{gone,\n+@article{one,\n"))
    assert history.parse_added(log) == {"one": dt.date(2024, 1, 10), "two": dt.date(2024, 2, 10)}


def test_changes_notes_are_checked_at_the_door() -> None:
    good, wrong = history.read_changes([{"date": "2024-03-01", "what": ["facts", "conclusion"], "note": "<i>x</i>\n y"}],
                                       parse_date)
    assert good == (Change(dt.date(2024, 3, 1), ("facts", "conclusion"), "<i>x</i> y"),) and wrong == []
    for value in ("text", {"date": "2024-01-01"}, [["list"]], [{"date": "2999-01-01"}], [{"date": "2024-01-01", "what": "all"}],
                  [{"date": "2024-01-01", "note": {"a": 1}}], [{"date": "2024-01-01", "x": 1}], [{"date": "2024-01-01"}] * 101):
        found, wrong = history.read_changes(value, parse_date)
        assert found == () and wrong, value


def test_a_note_marks_the_revision_of_its_day_or_the_next() -> None:
    commits = {"k": [history.Revision(dt.date(2024, 1, 10), H1), history.Revision(dt.date(2024, 3, 5), H2)]}
    digest = make_digest("k", when=dt.date(2024, 1, 1))
    digest.changes = (Change(dt.date(2024, 3, 1), ("topics",), "Moved."),)
    found = history.Histories(commits, from_git=True).of(digest)
    assert (found.first, found.last, found.count) == (dt.date(2024, 1, 10), dt.date(2024, 3, 5), 1)
    assert found.revisions[1].what == ("topics",) and not found.revisions[0].substantive
    fallback = history.Histories().of(digest)
    assert (fallback.first, fallback.last, fallback.count) == (dt.date(2024, 1, 1), dt.date(2024, 3, 1), 1)
    assert not fallback.from_git


def test_history_links_only_to_known_hosts() -> None:
    found = history.history_url("https://github.com/o/r/", "docs/digests/a b.md")
    assert found == "https://github.com/o/r/commits/HEAD/docs/digests/a%20b.md"
    assert history.history_url("javascript:alert(1)//x/y", "a.md") == ""
    assert history.history_url("https://example.org/o/r", "a.md") == ""
