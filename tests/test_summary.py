"""The pull request's job summary (`python -m digest summary --base ...`, hooks/digest/summary.py)."""

from __future__ import annotations

import io
import re
import subprocess
from pathlib import Path

from conftest import copy_project
from digest.commands import cli, summary

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
    assert "> Ames, A., &amp; \\[x\\]\\(javascript:alert\\(1\\)\\). \\(2024\\). A fresh look at GABA." in text  # no live link
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


HOSTILE = r"""
@article{k`<img src=https://x.org/a.png>`,
  author = {Ames, Ann},
  title = {<img src=https://x.org/b.png> ![i](https://x.org/c.png) <script>alert(1)</script> www.x.org https://x.org/d &lt;b&gt;},
  journal = {J},
  year = {2024},
}
"""
TAG = re.compile(r"<(?!/?(?:h2|h3|p|blockquote|ul|li|strong|code)>)[a-z/!]", re.IGNORECASE)


def test_nothing_html_reaches_the_summary_from_a_contributor(tmp_path: Path) -> None:
    import markdown

    root = copy_project(tmp_path)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    bib = root / "bib" / "starter.bib"
    bib.write_text(bib.read_text(encoding="utf-8") + HOSTILE, encoding="utf-8")
    out = io.StringIO()
    cli.write_summary(root / "mkdocs.yml", "HEAD", out)
    text = out.getvalue()
    assert "1 added or changed" in text
    html = markdown.markdown(text)
    assert not TAG.findall(html), html  # no tag but the summary's own: no img, a, script
    prose = re.sub(r"(`+)(?!`).*?(?<!`)\1(?!`)", "", text)  # GitHub makes no link in a code span
    assert "<img" in text and "https://" not in prose and "www." not in prose  # no autolink for GitHub either
    assert all(line.count("`") % 2 == 0 or "``" in line for line in text.splitlines())


def test_code_spans_hold_any_text() -> None:
    import markdown

    for text in ("k`<img src=x>`", "``a```b", "`", "a\\", "x\n<script>"):
        html = markdown.markdown(summary._code(text))
        assert html.startswith("<p><code>") and html.count("<code>") == 1 and "<script" not in html and "<img" not in html
