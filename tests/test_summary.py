"""The pull request's job summary (`python -m digest summary --base ...`, hooks/digest/summary.py)."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from conftest import copy_project
from digest.commands import cli

NEW = """
@article{fresh2024,
  author = {Ames, Ann and {[x](javascript:alert(1))}},
  title = {A fresh look at GABA},
  journal = {Journal of Things},
  year = {2024},
}
"""


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args], cwd=root, check=True,
                   capture_output=True)


def test_summary_lists_added_and_changed_entries_with_reference_topics_problems_and_page(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    bib = root / "bib" / "starter.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + NEW, encoding="utf-8")
    digest = root / "docs" / "digests" / "berman2000.md"
    digest.write_text(digest.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    out = io.StringIO()
    assert cli.write_summary(root / "mkdocs.yml", "HEAD", out) == 0
    text = out.getvalue()
    assert "2 added or changed" in text
    assert "### `fresh2024`" in text and "### `berman2000`" in text
    assert "### `lener2016`" not in text  # untouched
    assert "> Ames, A., & \\[x\\]\\(javascript:alert\\(1\\)\\). \\(2024\\). A fresh look at GABA." in text  # no live link
    assert "- Topics: GABA" in text
    assert "- Page: `site/digests/fresh2024/index.html`" in text
    assert "- Digest: none yet" in text


def test_summary_of_no_change(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    out = io.StringIO()
    cli.write_summary(root / "mkdocs.yml", "HEAD", out)
    assert "No entry added or changed." in out.getvalue()
