"""Generated pages filled into the theme's page made once a shape (site/skeleton.py): a site built so is
byte for byte the site the theme renders page by page, hostile values and every page kind included."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_site, copy_project, copy_site
from digest.site import skeleton


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"}


@pytest.mark.parametrize(("kind", "directory_urls"), [("hostile", True), ("starter", True), ("starter", False)])
def test_a_site_of_filled_pages_is_the_site_the_theme_renders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str,
                                                             directory_urls: bool) -> None:
    """Hosted (directory URLs) and offline (``.html`` links, as `make offline` builds it)."""
    made: list[skeleton.Skeletons] = []
    init = skeleton.Skeletons.__init__

    def kept(self: skeleton.Skeletons, *args: object, **kw: object) -> None:
        init(self, *args, **kw)  # type: ignore[arg-type]
        made.append(self)

    def project(name: str) -> Path:
        (tmp_path / name).mkdir()
        return copy_site("hostile", tmp_path / name) if kind == "hostile" else copy_project(tmp_path / name)

    monkeypatch.setattr(skeleton.Skeletons, "__init__", kept)
    filled = build_site(project("filled"), use_directory_urls=directory_urls)
    assert sum(skeletons.filled for skeletons in made) >= 3
    monkeypatch.setattr(skeleton, "shape", lambda page, base_url: None)  # every page rendered by the theme
    theme = build_site(project("theme"), use_directory_urls=directory_urls)
    assert filled.warnings == theme.warnings
    ours, theirs = _files(filled.site), _files(theme.site)
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
