"""``make new`` writes journal names in title case and names the title words APA's sentence case cannot decide."""

from __future__ import annotations

from pathlib import Path

from test_cli import added_entry, project, run_new  # noqa: F401  (project is a fixture)

SCHOLAR = """@article{hall2012synaptic,
  title={Synaptic Dysfunction in the Bonn Cohort},
  author={Hall, Ann and Roe, Ben},
  journal={science},
  volume={338}, number={6103}, pages={68--72}, year={2012}
}
"""


def test_scholar_journal_is_written_in_title_case_and_undecided_words_named(project: Path) -> None:  # noqa: F811
    code, out = run_new(project, SCHOLAR)
    assert code == 0, out
    assert "journal = {Science}" in added_entry(project, "hall2012synaptic")
    note = next(line for line in out.splitlines() if line.startswith("hall2012synaptic: APA prints"))
    assert "Bonn" in note and "write it in braces" in note


def test_a_hostile_title_gives_one_safe_line(project: Path) -> None:  # noqa: F811
    hostile = SCHOLAR.replace("Synaptic Dysfunction in the Bonn Cohort", "Evil\\\\ ::error Title <Script> Here")
    code, out = run_new(project, hostile)
    assert code == 0, out
    note = next(line for line in out.splitlines() if "APA prints" in line)
    assert not note.startswith("::")
