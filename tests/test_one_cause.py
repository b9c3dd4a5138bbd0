"""One root cause, one message, through `make check`: a mistyped `topics_file` gives its cause and one line
counting the unknown topics it hides; an unclosed front matter gives no false "is empty" errors."""

from __future__ import annotations

import io
import re
from pathlib import Path

from conftest import copy_project
from digest.commands import cli


def _check(root: Path) -> list[str]:
    out = io.StringIO()
    cli.check(root / "mkdocs.yml", out, annotate=False)
    return out.getvalue().splitlines()


def test_a_mistyped_topics_file_gives_the_cause_and_one_count(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("topics_file: bib/topics.yml", "topics_file: bib/topic.yml"),
                      encoding="utf-8")
    lines = _check(root)
    mentions = [line for line in lines if "topic" in line]
    assert mentions[0] == ("bib/topic.yml: the topic vocabulary is missing; "
                           "create it (see the README) or point extra.digest.topics_file at it")
    assert len(mentions) == 2 and mentions[1].startswith("bib/topic.yml: and ")
    assert mentions[1].endswith(" more unknown topics; fix the first")
    assert int(mentions[1].split()[2]) > 5  # the starter's digests name many topics


def test_an_unclosed_front_matter_gives_one_error(tmp_path: Path) -> None:
    root = copy_project(tmp_path)
    digest = next(iter(sorted((root / "docs" / "digests").glob("*.md"))))
    digest.write_text("---\ntopics: [ketamine]\ncontributors: [Jane Doe]\nteaser: Filled in.\n\nThe text.\n", encoding="utf-8")
    about = [line for line in _check(root) if line.startswith(f"docs/digests/{digest.name}:")]
    assert about == [f"docs/digests/{digest.name}:1: the front matter opened on line 1 is never closed; "
                     "add a line `---` after the last front matter key, before the digest's text"]


def test_a_refused_value_is_not_reported_as_missing_too(tmp_path: Path) -> None:
    """`contributors` holding a mapping is one problem ("not a list of names"), not also "is empty"."""
    root = copy_project(tmp_path)
    digest = next(iter(sorted((root / "docs" / "digests").glob("*.md"))))
    text = digest.read_text(encoding="utf-8")
    digest.write_text(re.sub(r"(?m)^contributors:.*$", "contributors: [Jane Doe, {a: b}]", text, count=1), encoding="utf-8")
    said = [line for line in _check(root) if "`contributors`" in line]
    assert len(said) == 1 and "not a list of names" in said[0]
