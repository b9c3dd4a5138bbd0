"""Under `mkdocs serve --dirty`, a generated page is made again only when something it shows changed:
its signature, made without rendering it, changes exactly then."""

from __future__ import annotations

from pathlib import Path

from conftest import generated_pages
from digest.library.loader import load
from digest.settings import Settings

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


def _signatures(root: Path) -> dict[str, int]:
    return {src: page.signature for src, page in generated_pages(load(root, root / "docs", Settings())).items()}


def test_signatures_change_with_what_a_page_shows(tmp_path: Path) -> None:
    root = _project(tmp_path)
    first = _signatures(root)
    assert _signatures(root) == first  # nothing changed: nothing is made again

    (root / "docs" / "digests" / "b2021.md").write_text("---\nteaser: Second.\n---\nBody.\n", encoding="utf-8")
    edited = _signatures(root)
    assert edited["digests/b2021.md"] != first["digests/b2021.md"]
    assert edited["digests/a2020.md"] != first["digests/a2020.md"]  # lists b2021 as related
    assert edited["topics/gaba.md"] != first["topics/gaba.md"]  # lists b2021's teaser
    assert edited["digests/c2022.md"] == first["digests/c2022.md"]  # shares no topic with b2021: untouched
    assert edited["topics/ketamine.md"] == first["topics/ketamine.md"]


def test_the_page_shows_what_its_signature_covers(tmp_path: Path) -> None:
    root = _project(tmp_path)
    pages = generated_pages(load(root, root / "docs", Settings()))
    assert "First." in pages["digests/a2020.md"].make().html
