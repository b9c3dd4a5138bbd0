"""Duplicates as a contributor meets them: a Google Scholar BibTeX (no DOI) of a paper already in the
library is reported by `make check` at both entries and refused by `make new`, naming the key to cite."""

from __future__ import annotations

import io
from pathlib import Path

from conftest import copy_site
from digest.commands import cli

SCHOLAR = """@article{first2020ketamine,
  title={Ketamine and Glutamate.},
  author={F{\\'i}rst, Anna and Second, Bob},
  journal={Journal one},
  volume={1},
  number={2},
  pages={1--9},
  year={2020},
  publisher={Wiley}
}
"""


def _check(root: Path) -> list[str]:
    out = io.StringIO()
    cli.check(root / "mkdocs.yml", out, annotate=False)
    return out.getvalue().splitlines()


def test_make_check_reports_a_scholar_copy_at_both_entries(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    (root / "bib" / "scholar.bib").write_text(SCHOLAR, encoding="utf-8")
    lines = [line for line in _check(root) if "of another entry" in line]
    assert lines == [
        "bib/refs.bib:3: entry one2020 has the title, year and first author of another entry; it is also "
        "first2020ketamine at bib/scholar.bib:1; delete one entry and cite the other key, or, if they are "
        "different works, add `distinct = {first2020ketamine}` to one2020",
        "bib/scholar.bib:2: entry first2020ketamine has the title, year and first author of another entry; it is "
        "already one2020 at bib/refs.bib:1; delete one entry and cite the other key, or, if they are different "
        "works, add `distinct = {one2020}` to first2020ketamine",
    ]


def test_distinct_on_purpose_is_not_reported(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    marked = SCHOLAR.replace("  year={2020},", "  year={2020},\n  distinct={one2020},")
    (root / "bib" / "scholar.bib").write_text(marked, encoding="utf-8")
    assert not [line for line in _check(root) if "of another entry" in line]


def test_make_new_refuses_a_scholar_copy_naming_the_key_to_cite(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    before = (root / "bib" / "refs.bib").read_text(encoding="utf-8")
    out = io.StringIO()
    assert cli.new(SCHOLAR, root / "mkdocs.yml", out=out) == 1
    assert out.getvalue() == (
        "bib/refs.bib:1: first2020ketamine has the title, year and first author of one2020, already in the "
        "library; cite it as [@one2020] instead of adding it again (if it is another work, add it by hand "
        "with `distinct = {one2020}`)\n")
    assert (root / "bib" / "refs.bib").read_text(encoding="utf-8") == before
    assert not (root / "docs" / "digests" / "first2020ketamine.md").exists()
    assert not list((root / "bib").glob("contributed.bib"))
