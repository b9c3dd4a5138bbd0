"""Generated pages rendered by forked workers (hooks/digest/ahead.py, digest_hooks.Workers): the same bytes, and a fallback."""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import build_site, copy_site
from digest.ahead import Beside, ChildFailed, Shares, in_child


def test_shares_are_taken_by_every_worker_and_a_failed_one_is_left_to_the_caller() -> None:
    done = Shares(40, 3, lambda i: (i, os.getpid())).results()
    assert sorted(done) == list(range(40))
    assert os.getpid() not in {pid for _, pid in done.values()}
    assert all(done[i][0] == i for i in done)

    def boom(i: int) -> int:
        if i == 7:
            raise ValueError("no")
        return i

    done = Shares(20, 2, boom).results()
    assert 7 not in done and {0, 19} <= set(done), "the failed share is missing, the others are done"


def test_work_in_a_child_sends_back_its_result_and_keeps_its_memory_there() -> None:
    def big() -> tuple[int, int]:
        held = bytearray(200 * 2**20)  # 200 MB, touched
        held[::4096] = b"x" * len(held[::4096])
        return os.getpid(), _rss()

    before = _rss()
    child, child_rss = in_child(big)
    assert child != os.getpid() and child_rss > before + 150 * 2**20
    assert _rss() < before + 50 * 2**20, "the child's memory is not this process's"

    def fails() -> None:
        raise MemoryError("out")

    with pytest.raises(ChildFailed):
        in_child(fails)
    with pytest.raises(ChildFailed):
        in_child(lambda: os._exit(3))


def _rss() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _library(root: Path, count: int) -> None:
    records = "".join(f"@article{{k{i:03d},\n  author = {{Doe, Jane}},\n  title = {{On glutamate {i}}},\n  journal = {{J}},\n"
                      f"  year = {{{1990 + i % 30}}},\n  keywords = {{glutamate}}\n}}\n" for i in range(count))
    (root / "bib" / "more.bib").write_text(records, encoding="utf-8")
    digests = root / "docs" / "digests"
    digests.mkdir(parents=True, exist_ok=True)
    for i in [*range(0, count, 7), 42]:  # digests with headings: their anchors are found by the workers
        front = f"---\nteaser: T{i}\ncontributors: [Jane Doe]\n---\n\n"
        (digests / f"k{i:03d}.md").write_text(f"{front}## Method {i}\n\nMarker {i}.\n", encoding="utf-8")


def _files(site: Path) -> dict[Path, bytes]:
    return {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _extra(workers: int) -> dict[str, object]:
    return {"digest": {"bib_dir": "bib", "topics_file": "bib/topics.yml", "workers": workers}}


def _watch(monkeypatch: pytest.MonkeyPatch, when: Callable[[bool, str], None]) -> None:
    """``when(in_parent, page_html)`` called as each generated page's HTML is made (the pages package
    is shared by every copy of the hook a test site loads)."""
    from digest.site.pages import maker

    parent, original = os.getpid(), maker.table_of_contents

    def table_of_contents(page_html: str, top: int = 2) -> object:
        if top == 2:  # a generated page (hand-written pages are read from h1)
            when(os.getpid() == parent, page_html)
        return original(page_html, top)

    monkeypatch.setattr(maker, "table_of_contents", table_of_contents)
    # Other tests of the suite leave threads running (servers): forking is safe here, as the workers
    # never touch them; the build itself forks only where no other thread runs.
    monkeypatch.setattr("digest.ahead.can_fork", lambda: True)


def _workers_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """The build takes no share itself after MkDocs' loop: every generated page is a worker's (unless
    a worker fails), so that what a test makes happen in a worker does."""
    monkeypatch.setattr(Shares, "take", lambda self: None)


@contextmanager
def _skipped_pages(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """MkDocs' "Page skipped" lines (INFO) said while the block runs."""
    skipped: list[str] = []

    class Skipped(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.getMessage().startswith("Page skipped"):
                skipped.append(record.getMessage())

    logger = logging.getLogger("mkdocs.commands.build")
    monkeypatch.setattr(logger, "level", logging.INFO)
    logger.addHandler(handler := Skipped(logging.INFO))
    try:
        yield skipped
    finally:
        logger.removeHandler(handler)


def test_a_site_rendered_by_workers_is_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Three processes (more than this machine may have cores) against one process; pages really
    made by the workers."""
    made_here: list[bool] = []
    _watch(monkeypatch, lambda in_parent, html: made_here.append(in_parent))
    sites = []
    for workers in (3, 1):
        made_here.clear()
        root = copy_site("clean", tmp_path / str(workers))
        _library(root, 120)
        # A hand-written page linking into a generated page's anchor: MkDocs checks it after the workers.
        (root / "docs" / "see.md").write_text("# See\n\n[method](digests/k007.md#method-7)\n", encoding="utf-8")
        with _skipped_pages(monkeypatch) as skipped:
            built = build_site(root, strict=True, extra=_extra(workers))
        assert built.warnings == []
        assert skipped == [], "MkDocs says no page a worker or the build wrote was skipped"
        sites.append(built.site)
        if workers == 3:
            here = len(made_here)  # a worker's pages are not seen here: only this process's
    assert made_here and all(made_here), "one process: every page made in it"
    assert here < len(made_here), "generated pages made by the workers"
    many, one = (_files(site) for site in sites)
    assert many.keys() == one.keys() and len(many) > 120
    assert [path for path in many if many[path] != one[path]] == []


def test_a_worker_that_fails_leaves_its_pages_to_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(in_parent: bool, html: str) -> None:
        if not in_parent and "Marker 42." in html:
            raise MemoryError("a worker runs out")  # not an Exception: the worker dies

    _watch(monkeypatch, fail)
    _workers_only(monkeypatch)
    sites = []
    for workers in (2, 1):
        root = copy_site("clean", tmp_path / str(workers))
        _library(root, 90)
        sites.append(build_site(root, strict=True, extra=_extra(workers)).site)
    many, one = (_files(site) for site in sites)
    assert "Marker 42." in (sites[0] / "digests" / "k042" / "index.html").read_text(encoding="utf-8")
    assert [path for path in one if many.get(path) != one[path]] == []


def test_no_page_the_build_writes_is_said_to_be_skipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every worker dies on its first page: the build renders them all after MkDocs' loop, its last
    page too, which MkDocs' loop met as a worker's (an empty template): MkDocs says nothing of it."""
    def fail(in_parent: bool, html: str) -> None:
        if not in_parent:
            raise MemoryError("a worker runs out")

    _watch(monkeypatch, fail)
    root = copy_site("clean", tmp_path)
    _library(root, 90)
    with _skipped_pages(monkeypatch) as skipped:
        built = build_site(root, strict=True, extra=_extra(2))
    assert (built.site / "changes" / "index.html").is_file()
    assert skipped == []


def test_a_warning_in_a_worker_is_the_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Said once, by the parent, where --strict counts it."""

    def warn(in_parent: bool, html: str) -> None:
        if not in_parent and "Marker 42." in html:
            logging.getLogger("mkdocs.hooks.digest").warning("a warning made in a worker")

    _watch(monkeypatch, warn)
    _workers_only(monkeypatch)
    root = copy_site("clean", tmp_path)
    _library(root, 90)
    with pytest.raises(Exception, match="Aborted with 1 warnings in strict mode"):
        build_site(root, strict=True, extra=_extra(2))
    built = build_site(root, strict=False, extra=_extra(2))
    assert built.warnings.count("a warning made in a worker") == 1


def test_the_search_index_and_downloads_are_a_workers_first_share_or_the_builds(tmp_path: Path,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Made by a worker (no process of their own); a worker that dies making them leaves them to the build."""
    from digest.site import outputs

    parent, original, made_in = os.getpid(), outputs._search_records, []

    def search_records(*args: object) -> object:
        made_in.append(os.getpid())
        if os.getpid() != parent and failing:
            raise MemoryError("a worker runs out")
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs, "_search_records", search_records)
    monkeypatch.setattr("digest.ahead.can_fork", lambda: True)
    sites = []
    for failing in (False, True):
        root = copy_site("clean", tmp_path / str(failing))
        _library(root, 90)
        made_in.clear()
        sites.append(build_site(root, strict=True, extra=_extra(2)).site)
        if not failing:
            assert made_in == [], "made in a worker: nothing of it in this process"
        else:
            assert made_in == [parent], "the worker died: made by the build"
    made, remade = (_files(site) for site in sites)
    assert Path("assets/search/index.js") in made and Path("exports/all.bib") in made
    assert [path for path in made if remade.get(path) != made[path]] == []


def test_work_beside_is_the_childs_result_or_done_here() -> None:
    parent = os.getpid()
    assert Beside(os.getpid).result() != parent, "done in a child"
    here: list[int] = []

    def only_here() -> int:  # fails in the child (its pid is not the parent's), works here
        if os.getpid() != parent:
            raise RuntimeError("not in a child")
        here.append(1)
        return 7

    assert Beside(only_here).result() == 7 and here == [1]
    unwanted = Beside(lambda: time.sleep(30))
    started = time.monotonic()
    unwanted.close()  # stopped, not waited for
    assert time.monotonic() - started < 5


def test_templates_compiled_beside_the_library_give_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The templates' bytecode from the child that compiles them while the library is read
    (site/precompile.py), waited for here so that it is used: the same site as one process makes."""
    from digest.site import precompile

    _watch(monkeypatch, lambda in_parent, html: None)
    waited = precompile.select.select
    monkeypatch.setattr(precompile.select, "select", lambda r, w, x, timeout: waited(r, w, x, None))
    used: list[bool] = []
    original = precompile.Ahead.use
    monkeypatch.setattr(precompile.Ahead, "use", lambda self, envs: used.append(original(self, envs)) or used[-1])
    sites = []
    for workers in (2, 1):
        root = copy_site("clean", tmp_path / str(workers))
        _library(root, 120)
        built = build_site(root, strict=True, extra=_extra(workers))
        assert built.warnings == []
        sites.append(built.site)
    assert used == [True], "the bytecode of the build with workers; none made for one process"
    two, one = (_files(site) for site in sites)
    assert two.keys() == one.keys() and [path for path in two if two[path] != one[path]] == []
