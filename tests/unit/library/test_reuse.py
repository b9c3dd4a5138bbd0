"""The content cache: an unchanged file is not read again, a changed one is."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest import ahead
from digest.library import bibfiles, checks, loader, topics
from digest.library import reuse as cache
from digest.library.bibfiles import read_bib
from digest.library.loader import load
from digest.library.reuse import ContentCache
from digest.markdown import render
from digest.settings import Settings

RECORD = "@article{a2020,\n  author = {M{\\\"u}ller, J{\\\"o}rg},\n  title = {%s},\n  year = {2020}\n}\n"


def test_unchanged_file_is_not_parsed_again_and_changed_one_is(tmp_path: Path) -> None:
    file = tmp_path / "a.bib"
    file.write_text(RECORD % "First", encoding="utf-8")
    store, calls = ContentCache(), []

    def parse() -> str:
        calls.append(1)
        return read_bib(file, "a.bib")[0][0].title

    assert store.get(file, parse, "bib") == "First"
    assert store.get(file, parse, "bib") == "First"
    assert len(calls) == 1
    file.write_text(RECORD % "Other", encoding="utf-8")  # same length, same instant: the content decides
    assert store.get(file, parse, "bib") == "Other"
    assert len(calls) == store.misses == 2


def test_library_reads_through_the_cache_and_hands_out_fresh_entries(tmp_path: Path) -> None:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "a.bib").write_text(RECORD % "First", encoding="utf-8")
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    digest = tmp_path / "docs" / "digests" / "a2020.md"
    digest.write_text("---\nteaser: One.\n---\nBody.\n", encoding="utf-8")
    cache.files.clear()
    before = cache.files.misses
    first = load(tmp_path, tmp_path / "docs", Settings())
    first.entries["a2020"].topics.append("changed-by-the-first-build")
    digest.write_text("---\nteaser: Two.\n---\nBody.\n", encoding="utf-8")
    second = load(tmp_path, tmp_path / "docs", Settings())
    assert cache.files.misses - before == 3  # the bib once, the digest twice
    entry = second.entries["a2020"]
    assert entry.authors[0].family == "Müller" and entry.topics == []
    assert entry.digest is not None and entry.digest.teaser == "Two."
    assert entry is not first.entries["a2020"]


def test_a_library_read_by_two_processes_is_the_one_read_by_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """bib/enrichment.yml read in a forked child and the .bib in halves (where the build may fork):
    the same entries, enrichment and problems, at their lines, as read in one process."""
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "topics.yml").write_text("gaba:\n  name: GABA\n  synonyms: [gabaergic]\nketamine:\n  name: Ketamine\n",
                                                 encoding="utf-8")
    titles = ["GABA and ketamine", "Gabaergic tone", "Nothing of it", "Ketamine"]
    (tmp_path / "bib" / "a.bib").write_text("".join(RECORD.replace("a2020", f"a{n}") % titles[n % 4] for n in range(40))
                                            + "@article{broken,\n  title = {never closed\n", encoding="utf-8")
    (tmp_path / "bib" / "enrichment.yml").write_text(
        "a0:\n  cited_by_count: 12\n  cites: [a1, a2, nowhere]\na1:\n  cited_by_count: many\n"
        "a2:\n  free: {url: 'javascript:alert(1)'}\n  openalex: W12\n", encoding="utf-8")
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    for n in range(6):  # digests to render in halves, the others' topics tagged in halves
        (tmp_path / "docs" / "digests" / f"a{n}.md").write_text(
            f"---\nteaser: T{n}.\n---\nBody {n} [@a{n + 1}] <script>x()</script> <b onclick=y>b</b>\n", encoding="utf-8")
    monkeypatch.setattr(bibfiles, "SPLIT_SIZE", 100)
    monkeypatch.setattr(topics, "TAG_BESIDE", 2)
    monkeypatch.setattr(render, "RENDER_BESIDE", 2)
    monkeypatch.setattr(loader, "READ_BESIDE", 0)
    # The whole suite keeps idle server threads (the browser tests' session fixtures), which makes
    # can_fork() false; they hold no lock the children take.
    monkeypatch.setattr(ahead, "can_fork", lambda: True)
    forked: list[object] = []
    beside = ahead.Beside
    monkeypatch.setattr(ahead, "Beside", lambda work: forked.append(work) or beside(work))
    cache.files.clear()
    one = load(tmp_path, tmp_path / "docs", Settings(workers=1))
    one.problems += checks.run(one, tmp_path, render.Renderer())
    assert not forked
    cache.files.clear()
    two = load(tmp_path, tmp_path / "docs", Settings(workers=2))
    two.problems += checks.run(two, tmp_path, render.Renderer())
    assert len(forked) >= 4, "the enrichment, the history, the topics and the bodies were read beside"
    assert (two.entries, two.enrichment, two.cited_by, two.problems, two.history) == \
        (one.entries, one.enrichment, one.cited_by, one.problems, one.history)
    assert [e.topics for e in two.entries.values()] == [e.topics for e in one.entries.values()]
    assert set(two.entries["a36"].topics) == {"gaba", "ketamine"} and two.entries["a37"].topics == ["gaba"]
    assert any(p.kind == "unsafe-html" for p in two.problems)
    assert two.enrichment["a0"].cites == ("a1", "a2") and len(two.problems) >= 3
