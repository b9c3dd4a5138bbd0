"""Property-based: whatever contributors write, `make check` and the build never show a traceback,
every entry gets its page, and every problem names a file of the project and what to do.

Hypothesis writes small projects: BibTeX entries (well-formed, with arbitrary text, LaTeX, braces
and names, or broken on purpose), digests with arbitrary front matter (dates that are not dates,
lists that are not lists, unclosed front matter) and a topic vocabulary with arbitrary values.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ROOT, SITES, braced, build_site
from digest.commands import cli

KEY = st.from_regex(r"[a-z][a-z0-9]{2,8}", fullmatch=True)
TEXT = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="@"), max_size=40)
NAME = st.one_of(TEXT, st.from_regex(r"[A-Z][a-z]+, [A-Z][a-z]*(, (Jr|[A-Z][a-z]+))*", fullmatch=True))
YAML_VALUE = st.one_of(TEXT, st.integers(), st.from_regex(r"\d{4}-\d{1,2}-\d{1,2}( \d{1,2}:\d{2}:\d{2})?", fullmatch=True),
                       st.lists(TEXT, max_size=3))
TOPIC_VALUE = st.one_of(TEXT, st.from_regex(r"\d{4}-\d{2}-\d{2}", fullmatch=True), st.lists(TEXT, max_size=2))


@st.composite
def entries(draw: st.DrawFn) -> list[tuple[str, str, bool]]:
    """(key, BibTeX record, broken on purpose) for a few entries with distinct keys."""
    keys = draw(st.lists(KEY, min_size=1, max_size=5, unique=True))
    found = []
    for key in keys:
        authors = " and ".join(braced(n) for n in draw(st.lists(NAME, min_size=1, max_size=3)))
        fields = {"author": authors, "title": braced(draw(TEXT)), "journal": braced(draw(TEXT)),
                  "year": draw(st.sampled_from(["2001", "20016", "n.d.", "1999a", ""]))}
        body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
        broken = draw(st.booleans()) and draw(st.booleans())
        record = f"@article{{{key},\n{body}\n}}\n"
        if broken:
            record = record.replace("title = {", "title = {{", 1)  # an unclosed brace
        found.append((key, record, broken))
    return found


@st.composite
def digests(draw: st.DrawFn, keys: list[str]) -> dict[str, str]:
    found = {}
    for key in draw(st.lists(st.sampled_from(keys), unique=True, max_size=len(keys))):
        front = {name: draw(YAML_VALUE) for name in draw(st.lists(
            st.sampled_from(["topics", "date", "contributors", "teaser", "full_text", "colour"]), unique=True, max_size=4))}
        lines = "".join(f"{name}: {value!r}\n" if isinstance(value, str) else f"{name}: {value}\n"
                        for name, value in front.items())
        closing = "" if draw(st.integers(0, 9)) == 0 else "---\n"
        found[key] = f"---\n{lines}{closing}{draw(TEXT)} [@{draw(st.sampled_from(keys))}]\n"
    return found


def _project(root: Path, bib: list[tuple[str, str, bool]], written: dict[str, str], vocabulary: dict[str, object]) -> None:
    if root.exists():
        shutil.rmtree(root)
    shutil.copytree(SITES / "clean", root, ignore=shutil.ignore_patterns("bib", "digests", "site"))
    for shared in ("hooks", "overrides"):
        shutil.copytree(ROOT / shared, root / shared, ignore=shutil.ignore_patterns("__pycache__"))
    (root / "bib").mkdir()
    (root / "bib" / "refs.bib").write_text("".join(record for _, record, _ in bib), encoding="utf-8")
    topics = "glutamate:\n  name: Glutamate\n" + "".join(
        f"t{i}:\n  name: {value!r}\n" if isinstance(value, str) else f"t{i}:\n  name: {value}\n"
        for i, value in enumerate(vocabulary.values()))
    (root / "bib" / "topics.yml").write_text(topics, encoding="utf-8")
    folder = root / "docs" / "digests"
    folder.mkdir(parents=True)
    for key, text in written.items():
        (folder / f"{key}.md").write_text(text, encoding="utf-8")


PROBLEM = re.compile(r"^(bib/refs\.bib|bib/topics\.yml|docs/digests/[a-z0-9]+\.md|docs/index\.md)(:\d+)?: .+; .+$")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), vocabulary=st.dictionaries(st.from_regex(r"[a-z]{3,6}", fullmatch=True), TOPIC_VALUE, max_size=3))
def test_no_traceback_every_entry_a_page_every_problem_located(tmp_path: Path, data: st.DataObject,
                                                               vocabulary: dict[str, object]) -> None:
    bib = data.draw(entries())
    written = data.draw(digests([key for key, _, _ in bib]))
    root = tmp_path / "site"
    _project(root, bib, written, vocabulary)
    out = io.StringIO()
    code = cli.check(root / "mkdocs.yml", out, annotate=False)  # no exception: that is the first property
    lines = out.getvalue().splitlines()
    problems = lines[:-1]
    assert code == (1 if problems else 0)
    assert all(PROBLEM.match(line) for line in problems), "\n".join(problems)
    for key, _, broken in bib:
        if broken:
            assert any(line.startswith("bib/refs.bib:") and "syntax error" in line for line in problems), key
    built = build_site(root)
    for key, _, _ in bib:
        assert (built.site / "digests" / key / "index.html").is_file(), key
    assert sorted(w for w in built.warnings if not w.startswith("Doc file")) == sorted(problems)
