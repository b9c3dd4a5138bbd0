"""The theme's navigation and __config script kept for the pages they are the same on (site/navcache.py):
a site built with them kept is byte for byte the site built without, whatever the navigation holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from mkdocs.utils import normalize_url

from conftest import build_site, copy_site
from digest.site import navcache

THEME = {"name": "material", "font": False, "custom_dir": "overrides", "palette": [
    {"media": "(prefers-color-scheme: light)", "scheme": "default", "toggle": {"icon": "material/brightness-7", "name": "Dark"}},
    {"media": "(prefers-color-scheme: dark)", "scheme": "slate", "toggle": {"icon": "material/brightness-4", "name": "Light"}}]}
"""With the project's overrides (overrides/main.html keeps the __config script, partials/palette.html the
palette's toggles)."""

NAV = """nav:
  - Home: index.md
  - Library:
      - Digests: digests/index.md
      - Topics: topics/index.md
      - About:
          - about/index.md
          - Team: about/team.md
  - Contribute: contributing.md
  - Elsewhere: https://example.org/elsewhere/
"""


def _site(tmp_path: Path, name: str) -> Path:
    root = copy_site("clean", tmp_path / name)
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    start, end = config.index("nav:"), config.index("extra:")
    (root / "mkdocs.yml").write_text(config[:start] + NAV + config[end:], encoding="utf-8")
    for page, text in {"about/index.md": "# About\n", "about/team.md": "# Team\n", "contributing.md": "# Contribute\n",
                       "deep/inside/page.md": "# Not in the navigation\n"}.items():
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text(text, encoding="utf-8")
    return root


def _unwrapped(self: navcache.Loader, environment: object, template: str) -> tuple[str, str | None, object]:
    """The theme's nav partial as Material wrote it, and the part of our partials that a build keeps."""
    source, filename, uptodate = self.loader.get_source(environment, template)  # type: ignore[arg-type]
    if template.startswith("partials/") and "{% set digest_html %}" in source:
        source = source.split("{% set digest_html %}", 1)[1].split("{% endset %}", 1)[0]
    return source, filename, uptodate


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*.html")}


@pytest.mark.parametrize("directory_urls", [True, False])
def test_the_kept_navigation_is_the_one_the_theme_makes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        directory_urls: bool) -> None:
    kept: list[tuple[object, ...]] = []
    keep = navcache.Navigations.keep

    def counted(self: navcache.Navigations, key: tuple[object, ...] | None, html: str) -> str:
        kept.append(key) if key is not None else None
        return keep(self, key, html)

    monkeypatch.setattr(navcache.Navigations, "keep", counted)
    with_kept = _pages(build_site(_site(tmp_path, "kept"), use_directory_urls=directory_urls, theme=THEME).site)
    assert kept, "no navigation was kept"
    assert {key[0] for key in kept} >= {"config"}  # the __config script too
    assert kept.count(("palette",)) == 1  # and the palette, the same on every page
    monkeypatch.setattr(navcache.Navigations, "key", lambda *args: None)  # the theme's navigation on every page
    monkeypatch.setattr(navcache.Navigations, "links", lambda *args: None)  # and its __config script
    monkeypatch.setattr(navcache.Navigations, "keep", lambda self, key, html: html)  # nothing kept: the palette too
    monkeypatch.setattr(navcache.Loader, "get_source", _unwrapped)  # and the partials as they were before
    made = _pages(build_site(_site(tmp_path, "made"), use_directory_urls=directory_urls, theme=THEME).site)
    assert sorted(with_kept) == sorted(made)
    assert [name for name in made if with_kept[name] != made[name]] == []
    # Kept once for each set of links, written on more pages than it was made for.
    navs = [key for key in kept if key[0] not in ("config", "palette")]
    assert len(navs) < len(made) / 2


def test_a_page_in_the_navigation_or_below_an_active_item_is_not_kept() -> None:
    class Item:
        def __init__(self, url: str, active: bool = False, children: list[object] | None = None) -> None:
            self.url, self.active, self.children = url, active, children

    class Nav:
        def __init__(self, items: list[object]) -> None:
            self.items, self.homepage = items, items[0]

    class Config:
        def __init__(self) -> None:
            self.extra: dict[str, str] = {}
            self.theme: dict[str, str] = {}

    page = Item("digests/a/")
    navs = navcache.Navigations(Config(), normalize_url)
    home, digests = Item(""), Item("digests/")
    assert navs.key(page, Nav([home, digests]), "../..") == ("../..", "../..", "../", "../..", "")
    assert navs.key(Item("digests/b/"), Nav([home, digests]), "../..") == navs.key(page, Nav([home, digests]), "../..")
    assert navs.key(page, Nav([home, Item("x/", children=[page])]), "../..") is None
    assert navs.key(page, Nav([home, Item("x/", active=True)]), "../..") is None
    assert navs.key(None, Nav([home]), ".") is None
