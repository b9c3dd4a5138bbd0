"""What reaches the reader's browser from what a contributor writes (issue 20): headings' ids and the
table of contents, front matter printed by the theme, the theme's and the site's class names and ids,
external images, and raw files under docs/ that a browser would run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import Built, build_site, copy_site
from digest.library import rawfiles
from digest.markdown import sanitizer
from digest.site.pages import maker as pages

HOSTILE_ID = """<h2 id='x"><script>alert(1)</script>'>T</h2>"""
SCRIPT = re.compile(r"<script>alert\(1\)|<script>window\.__hit", re.I)


def _add_to(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")


def _with_extensions(root: Path) -> None:
    _add_to(root / "mkdocs.yml", "markdown_extensions:\n  - toc\n  - attr_list\n  - md_in_html")


def _toc(page: str) -> str:
    """The table of contents Material prints (the secondary sidebar)."""
    start = page.find('class="md-nav md-nav--secondary"')
    return page[start:page.find("</nav>", start)] if start != -1 else ""


@pytest.fixture(scope="module")
def hostile_headings(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("toc"))
    _with_extensions(root)
    _add_to(root / "docs" / "digests" / "one2020.md", f"{HOSTILE_ID}\n\n## A fine heading\n\nText.")
    (root / "docs" / "about.md").write_text(
        "# About\n\n" + f'<div markdown="1">\n{HOSTILE_ID}\n</div>\n\n'
        "## Through attr_list { id='y\"><script>alert(1)</script>' }\n\n"
        "## Plain <em>words</em> &lt;script&gt;\n\nText.\n", encoding="utf-8")
    return build_site(root)


def test_a_digest_heading_id_does_not_reach_the_table_of_contents_unescaped(hostile_headings: Built) -> None:
    page = hostile_headings.page("digests/one2020/")
    assert not SCRIPT.search(page)
    toc = _toc(page)
    assert "A fine heading" in toc
    assert all(re.fullmatch(r"#[\w.:-]+", href) for href in re.findall(r'href="(#[^"]*)"', toc)), toc


def test_a_hand_written_heading_id_does_not_reach_the_table_of_contents_unescaped(hostile_headings: Built) -> None:
    page = hostile_headings.page("about/")
    assert not SCRIPT.search(page)
    toc = _toc(page)
    assert all(re.fullmatch(r"#[\w.:-]+", href) for href in re.findall(r'href="(#[^"]*)"', toc)), toc
    assert "&lt;script&gt;" in toc and "<em>" not in toc  # the heading's text, as text
    assert any("about.md" in w and "id= on <h2>" in w for w in hostile_headings.warnings), hostile_headings.warnings


def test_table_of_contents_takes_safe_ids_and_escaped_names() -> None:
    made = '<h2 id="x&quot;&gt;&lt;script&gt;">A</h2><h2 id="ok">B &amp; <b>C</b> &lt;i&gt;</h2><h1 id="t">T</h1>'
    toc, _ = pages.table_of_contents(made)
    assert toc == [{"level": 2, "id": "ok", "name": "B &amp; C &lt;i&gt;", "children": []}]
    assert [t["id"] for t in pages.table_of_contents(made, top=1)[0]] == ["ok", "t"]


def test_only_text_reaches_the_themes_metadata(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    index = root / "docs" / "index.md"
    index.write_text("---\ndescription: ['x\"><script>alert(1)</script>']\nauthor: {name: '<script>alert(1)</script>'}\n"
                     "revision_date: ['<script>alert(1)</script>']\ntitle: ['<b>']\ntemplate: 404.html\n---\n"
                     + index.read_text(encoding="utf-8"), encoding="utf-8")
    built = build_site(root)
    home = built.page("")
    assert "alert(1)" not in home and "['" not in home and "{'" not in home
    for key, line in (("description", 2), ("author", 3), ("revision_date", 4), ("title", 5)):
        found = [w for w in built.warnings if w.startswith(f"docs/index.md:{line}: `{key}` is ") and "not text" in w]
        assert found, (key, built.warnings)
    assert any(w.startswith("docs/index.md:6: front matter key `template` is not one a page may set") for w in built.warnings)
    assert len([w for w in built.warnings if w.startswith("docs/index.md:")]) == 5, "each reported once"


def test_text_front_matter_is_kept_without_markup(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    index = root / "docs" / "index.md"
    index.write_text('---\ndescription: \'"><b>x\'\nrevision_date: 2024-01-02\nhide: toc\n---\n'
                     + index.read_text(encoding="utf-8"), encoding="utf-8")
    built = build_site(root)
    home = built.page("")
    assert '<meta name="description" content="”›‹b›x">' in home
    assert not [w for w in built.warnings if "front matter" in w], built.warnings


@pytest.mark.parametrize(("fragment", "kept", "reported"), [
    ('<a class="md-consent__overlay" href="https://e.org">Sign in</a>', '<a href="https://e.org">Sign in</a>',
     'class "md-consent__overlay" on <a>'),
    ('<p class="ok md-typeset DIGEST-share">x</p>', '<p class="ok">x</p>', 'class "md-typeset" on <p>'),
    ('<span id="digestSearchIndex">x</span>', "<span>x</span>", "id= on <span>"),
    ('<span id="digestRecords">x</span>', "<span>x</span>", "id= on <span>"),
    ('<span id="__config">x</span>', "<span>x</span>", "id= on <span>"),
    ('<img src="https://tracker.example/p.gif" alt="a">', '<img alt="a">', "external image"),
    ('<img src="//tracker.example/p.gif">', "<img>", "external image"),
    ('<img src="/\\tracker.example/p.gif">', "<img>", "external image"),
])
def test_the_sanitizer_refuses_the_sites_own_names_and_external_images(fragment: str, kept: str, reported: str) -> None:
    cleaned = sanitizer.clean(fragment)
    assert cleaned == kept
    assert any(reported in removal.what for removal in sanitizer.removed(fragment, cleaned))


def test_local_images_and_plain_ids_are_kept() -> None:
    fragment = '<h2 id="fn:1">x</h2><img src="../figures/a.png" alt="a"><p class="note">y</p>'
    assert sanitizer.clean(fragment) == fragment


def test_an_external_image_is_reported_at_its_line(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    _add_to(root / "docs" / "digests" / "one2020.md", "Line.\n\n![pixel](https://tracker.example/p.gif)")
    built = build_site(root)
    assert "tracker.example" not in built.page("digests/one2020/")
    assert any(w.startswith("docs/digests/one2020.md:12: ") and "external image" in w for w in built.warnings), built.warnings


def test_files_a_browser_runs_are_published_only_when_trusted(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    docs = root / "docs"
    (docs / "evil.html").write_text("<script>alert(document.domain)</script>", encoding="utf-8")
    (docs / "figures").mkdir()
    (docs / "figures" / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', encoding="utf-8")
    (docs / "figures" / "b.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (docs / "tools").mkdir()
    (docs / "tools" / "ok.js").write_text("1", encoding="utf-8")
    _add_to(root / "mkdocs.yml", "    trusted_files: [tools/*.js]")
    built = build_site(root)
    assert not (built.site / "evil.html").exists() and not (built.site / "figures" / "a.svg").exists()
    assert (built.site / "figures" / "b.png").exists() and (built.site / "tools" / "ok.js").exists()
    refused = sorted(w.split(":")[0] for w in built.warnings if "a file a browser runs" in w)
    assert refused == ["docs/evil.html", "docs/figures/a.svg"]


def test_the_sites_own_scripts_and_styles_are_trusted() -> None:
    assert rawfiles.refused(["assets/site.js", "assets/digest.css", "a.HTM"], ["assets/site.js"]) == [
        ("a.HTM", rawfiles.refused(["a.HTM"], [])[0][1])]
