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


def test_a_problem_with_one_topic_does_not_hide_an_unknown_topic_of_a_digest(tmp_path: Path) -> None:
    """The vocabulary is read but one topic of it has an unknown key: a digest's own typo of a topic is still
    named at its line (it was one line, "and 1 more unknown topics; fix the first", pointing at the vocabulary)."""
    root = copy_project(tmp_path)
    topics = root / "bib" / "topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8") + "\nextra-topic:\n  name: Extra\n  colour: red\n", encoding="utf-8")
    digest = next(iter(sorted((root / "docs" / "digests").glob("*.md"))))
    text = digest.read_text(encoding="utf-8")
    digest.write_text(re.sub(r"(?m)^topics: \[", "topics: [ketamnie, ", text, count=1), encoding="utf-8")
    line = digest.read_text(encoding="utf-8").split("\n").index(next(
        t for t in digest.read_text(encoding="utf-8").split("\n") if t.startswith("topics:"))) + 1
    lines = _check(root)
    assert any(said.startswith("bib/topics.yml:") and "unknown key `colour`" in said for said in lines)
    assert any(said.startswith(f"docs/digests/{digest.name}:{line}: unknown topic 'ketamnie'") for said in lines), lines
    assert not any("more unknown topic" in said for said in lines)
