"""Pages made ahead in a forked child (hooks/digest/ahead.py): in order, the same bytes, and a fallback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import build_site, copy_site
from digest.ahead import Ahead, Background


def test_results_come_in_order_and_anything_else_falls_back() -> None:
    made = Ahead([(f"p{i}", lambda i=i: f"page {i} made by {os.getpid()}") for i in range(5)])
    first = made.take("p0")
    assert first is not None and first.startswith("page 0 made by") and not first.endswith(str(os.getpid()))
    assert made.take("p1") is not None and made.take("p2") is not None
    assert made.take("p4") is None  # out of order: the caller makes it itself ...
    assert made.take("p3") is None  # ... and every page after it
    made.close()


def test_a_failing_page_ends_the_child_and_the_caller_makes_the_rest() -> None:
    def boom() -> str:
        raise ValueError("no")

    made = Ahead([("a", lambda: "a"), ("b", boom), ("c", lambda: "c")])
    assert made.take("a") == "a"
    assert made.take("b") is None
    assert made.take("c") is None
    made.close()


def test_a_background_job_gives_its_result_or_none_when_it_fails() -> None:
    assert Background(lambda: os.getpid()).result() not in (None, os.getpid())

    def boom() -> int:
        raise ValueError("no")

    assert Background(boom).result() is None


def test_a_site_made_ahead_is_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """More than the 50 pages it takes to fork, built with and without a child."""
    taken: list[str] = []
    original = Ahead.take

    def take(self: Ahead, name: str) -> object:
        found = original(self, name)
        if found is not None:
            taken.append(name)
        return found

    monkeypatch.setattr(Ahead, "take", take)
    monkeypatch.setattr("digest.ahead.worth_it", lambda: True)
    sites = []
    for ahead in (True, False):
        root = copy_site("clean", tmp_path / str(ahead))
        records = "".join(f"@article{{k{i:03d},\n  author = {{Doe, Jane}},\n  title = {{On glutamate {i}}},\n"
                          f"  journal = {{J}},\n  year = {{{1990 + i % 30}}}\n}}\n" for i in range(80))
        (root / "bib" / "more.bib").write_text(records, encoding="utf-8")
        extra = {"digest": {"bib_dir": "bib", "topics_file": "bib/topics.yml", "render_ahead": ahead}}
        sites.append(build_site(root, strict=True, extra=extra).site)
    on, off = ({p.relative_to(s): p.read_bytes() for p in s.rglob("*") if p.is_file()} for s in sites)
    assert on.keys() == off.keys() and len(on) > 80
    assert Path("assets/search/index.js") in on  # written by a second child in the first build, here in the second
    assert [path for path in on if on[path] != off[path]] == []
    assert len(taken) > 80  # the pages of the first build were made by the child
