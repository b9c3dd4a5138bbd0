"""Under `mkdocs serve`, an entry page is made again only when something it shows has changed."""

from __future__ import annotations

from pathlib import Path

from digest.library import load
from digest.pages import PageMaker
from digest.settings import Settings
from digest.urls import Links

BIB = """@article{a2020, author = {Ames, Ann}, title = {GABA one}, journal = {J}, year = {2020}}
@article{b2021, author = {Bell, Bo}, title = {GABA two}, journal = {J}, year = {2021}}
@article{c2022, author = {Cole, Cy}, title = {Ketamine three}, journal = {J}, year = {2022}}
"""


def _project(tmp_path: Path) -> Path:
    (tmp_path / "bib").mkdir()
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    (tmp_path / "bib" / "topics.yml").write_text("gaba:\n  name: GABA\nketamine:\n  name: Ketamine\n", encoding="utf-8")
    (tmp_path / "bib" / "a.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "docs" / "digests" / "b2021.md").write_text("---\nteaser: First.\n---\nBody.\n", encoding="utf-8")
    return tmp_path


def _pages(root: Path) -> dict[str, str]:
    maker = PageMaker(load(root, root / "docs", Settings()), Links(), reuse_pages=True, project=str(root))
    return {key: maker.entry_page(entry) for key, entry in maker.lib.entries.items()}


def test_unchanged_pages_are_reused_and_changed_ones_remade(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _pages(root)
    again = _pages(root)
    assert all(again[key] is first[key] for key in first)  # the very same strings: not made again

    (root / "docs" / "digests" / "b2021.md").write_text("---\nteaser: Second.\n---\nBody.\n", encoding="utf-8")
    edited = _pages(root)
    assert "Second." in edited["b2021"]
    assert "Second." in edited["a2020"] and edited["a2020"] is not first["a2020"]  # lists b2021 as related
    assert edited["c2022"] is first["c2022"]  # shares no topic with b2021: untouched


def test_without_reuse_every_page_is_made(tmp_path: Path) -> None:
    root = _project(tmp_path)
    library = load(root, root / "docs", Settings())
    entry = library.entries["a2020"]
    assert PageMaker(library, Links()).entry_page(entry) is not PageMaker(library, Links()).entry_page(entry)
