"""A digest's links and images to files of the site, written as in any MkDocs page: relative to the
digest's file (``../assets/figure.png``, ``li2010.md``). The page that shows the digest is not where
its file is (``digests/<key>/`` hosted, ``digests/<key>.html`` offline), so each is made again for the
page, in both builds; one that names no file or page of the site is a problem at its line."""

from __future__ import annotations

import io
import re
import struct
import zlib
from pathlib import Path

import pytest

from conftest import build_site, copy_project
from digest.commands import cli
from digest.markdown.render import Renderer
from digest.urls import Links, local_link, written_at


def png(width: int = 3, height: int = 2) -> bytes:
    """A real PNG of ``width`` x ``height`` grey pixels."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


LINKS = ("\n\nA figure: ![A figure](../assets/figure.png)\n\n"
         '<img src="../assets/figure.png" alt="Raw figure">\n\n'
         "See [the Zarate trial](zarate2006.md#digest), [the topics](../topics/index.md) and "
         "[outside](https://doi.org/10.1/x), [above](#digest).\n")
BROKEN = "\n\nMissing: ![gone](figure-missing.png) and [nowhere](../nowhere.md) and [up](../../etc/passwd).\n"


@pytest.mark.parametrize(("url", "path", "rest"), [
    ("../assets/figure.png", "assets/figure.png", ""), ("zarate2006.md#digest", "digests/zarate2006.md", "#digest"),
    ("./a/../b.png?x=1#y", "digests/b.png", "?x=1#y"), ("../../etc/passwd", "../etc/passwd", ""),
    ("..\\assets\\f.png", "assets/f.png", ""), ("../assets/my%20fig%C3%BCre.png", "assets/my figüre.png", ""),
])
def test_a_link_is_read_from_the_digests_folder(url: str, path: str, rest: str) -> None:
    assert written_at(Links(), url) == (path, rest)


@pytest.mark.parametrize(("directory_urls", "figure", "entry"), [
    (True, "../../assets/figure.png", "../zarate2006/#digest"), (False, "../assets/figure.png", "zarate2006.html#digest"),
])
def test_each_local_link_is_made_for_the_page_and_the_rest_are_left(directory_urls: bool, figure: str, entry: str) -> None:
    links = Links(directory_urls=directory_urls)
    renderer = Renderer()
    cleaned = renderer.body(LINKS, "docs/digests/berman2000.md", 8)
    assert cleaned.problems == []
    assert cleaned.prepared.local == ["../assets/figure.png", "../assets/figure.png", "zarate2006.md#digest",
                                      "../topics/index.md"]
    html = renderer.fill(cleaned.html, cleaned.prepared, str, str,
                         lambda url: local_link(links, "digests/berman2000.md", url))
    assert re.findall(r'src="([^"]*)"', html) == [figure, figure]
    hrefs = re.findall(r'href="([^"]*)"', html)
    assert hrefs == [entry, "../../topics/" if directory_urls else "../topics/index.html", "https://doi.org/10.1/x", "#digest"]
    assert local_link(links, "digests/berman2000.md", "../../etc/passwd") == "../../etc/passwd"  # reported, left


def test_a_file_name_with_a_space_or_an_accent_is_percent_escaped_in_the_link() -> None:
    for written in ("../assets/my%20fig%C3%BCre.png", "../assets/my figüre.png"):
        assert local_link(Links(), "digests/k.md", written) == "../../assets/my%20fig%C3%BCre.png"


def test_a_hand_written_page_keeps_its_links_as_mkdocs_made_them() -> None:
    """MkDocs makes a page's links itself: no token, nothing remade."""
    renderer = Renderer()
    cleaned = renderer.render("![A figure](../assets/figure.png)", "docs/about.md", 1)
    assert cleaned.prepared.local == [] and 'src="../assets/figure.png"' in cleaned.html


def test_a_link_that_escapes_an_attribute_is_escaped_when_it_is_put_in() -> None:
    renderer = Renderer()
    cleaned = renderer.body('<a href="a&quot;b.md">x</a> <img src="c&lt;d.png" alt="y">', "docs/digests/k.md", 5)
    html = renderer.fill(cleaned.html, cleaned.prepared, str, str, lambda url: url + '"><script>')
    assert "<script>" not in html and 'href="a&#34;b.md&#34;&gt;&lt;script&gt;"' in html


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_project(tmp_path)
    (root / "docs" / "assets" / "figure.png").write_bytes(png())
    digest = root / "docs" / "digests" / "berman2000.md"
    digest.write_text(digest.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    return root


@pytest.mark.parametrize(("directory_urls", "page", "figure", "entry"), [
    (True, "digests/berman2000/", "../../assets/figure.png", "../zarate2006/#digest"),
    (False, "digests/berman2000.html", "../assets/figure.png", "zarate2006.html#digest"),
])
def test_the_built_page_links_the_figure_and_the_entry_where_they_are(
        project: Path, directory_urls: bool, page: str, figure: str, entry: str) -> None:
    built = build_site(project, strict=True, use_directory_urls=directory_urls)
    html = built.page(page)
    assert html.count(f'src="{figure}"') == 2
    assert f'href="{entry}"' in html
    here = built.site / page if page.endswith(".html") else built.site / page / "index.html"
    assert (here.parent / figure).resolve() == (built.site / "assets" / "figure.png").resolve()
    assert (here.parent / figure).read_bytes() == png()


def test_a_link_to_nothing_is_a_problem_at_its_line_in_the_build_and_make_check(project: Path) -> None:
    digest = project / "docs" / "digests" / "berman2000.md"
    digest.write_text(digest.read_text(encoding="utf-8") + BROKEN, encoding="utf-8")
    line = digest.read_text(encoding="utf-8").split("\n").index(BROKEN.strip()) + 1
    built = build_site(project)
    said = [w for w in built.warnings if "berman2000.md" in w and "link '" in w]
    assert [w.split(": link ", 1)[1].split(" ", 1)[0] for w in said] == ["'figure-missing.png'", "'../nowhere.md'",
                                                                       "'../../etc/passwd'"]
    assert all(f"docs/digests/berman2000.md:{line}:" in w for w in said)
    assert "names docs/digests/figure-missing.png, which is not a file or page of the site" in said[0]
    assert "leaves docs/" in said[2] and "../assets/figure.png for docs/assets/figure.png" in said[0]
    out = io.StringIO()
    assert cli.check(project / "mkdocs.yml", out, annotate=False) == 1
    assert sum(f"docs/digests/berman2000.md:{line}: link '" in printed for printed in out.getvalue().splitlines()) == 3
