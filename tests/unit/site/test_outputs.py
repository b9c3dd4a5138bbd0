"""Everything the digest adds to a site, as one list: each file once, at a unique path, each made
on demand; the ones the build writes itself (search index, downloads) left out when asked."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from conftest import page_maker
from digest.library.loader import Library, load
from digest.search.index import INDEX_PATH
from digest.settings import Settings
from digest.site import downloads, feed
from digest.site.outputs import FileOut, SiteInfo, outputs, write_later
from digest.site.pages.maker import PageOut


def _library(tmp_path: Path, n: int = 12) -> Library:
    (tmp_path / "bib").mkdir()
    (tmp_path / "docs" / "digests").mkdir(parents=True)
    (tmp_path / "bib" / "topics.yml").write_text("gaba:\n  name: GABA\nketamine:\n  name: Ketamine\n", encoding="utf-8")
    records = "".join(f"@article{{k{i:03d},\n  title = {{On GABA and ketamine {i}}},\n  journal = {{J}},\n"
                      f"  year = {{{2000 + i}}}\n}}\n" for i in range(n))
    (tmp_path / "bib" / "a.bib").write_text(records, encoding="utf-8")
    (tmp_path / "docs" / "digests" / "k001.md").write_text("---\ntopics: [gaba]\ndate: 2024-01-02\n---\nA summary.\n",
                                                           encoding="utf-8")
    return load(tmp_path, tmp_path / "docs", Settings())


def test_every_file_is_listed_once_at_a_unique_path(tmp_path: Path) -> None:
    listed = list(outputs(page_maker(_library(tmp_path)), SiteInfo("Site")))
    paths = Counter(out.src_uri for out in listed)
    assert [path for path, count in paths.items() if count > 1] == []
    pages = {out.src_uri for out in listed if isinstance(out, PageOut)}
    files = {out.src_uri for out in listed if isinstance(out, FileOut)}
    assert {f"digests/k{i:03d}.md" for i in range(12)} <= pages
    assert {"topics/gaba.md", "topics/ketamine.md"} <= pages
    assert {feed.FEED_PATH, INDEX_PATH, downloads.records_src(0)} <= files
    assert {downloads.site_export(ext) for ext in downloads.WRITERS} <= files
    first_file = next(i for i, out in enumerate(listed) if isinstance(out, FileOut))
    assert all(isinstance(out, FileOut) for out in listed[first_file:]), "pages come first"


def test_every_output_is_made_on_demand_into_text(tmp_path: Path) -> None:
    for out in outputs(page_maker(_library(tmp_path)), SiteInfo("Site")):
        made = out.make()
        text = made if isinstance(out, FileOut) else made.html
        assert isinstance(text, str) and text, out.src_uri
        assert isinstance(out.signature, int)


def test_edit_links_point_at_the_digest_or_the_bib_file(tmp_path: Path) -> None:
    pages = {out.src_uri: out for out in outputs(page_maker(_library(tmp_path)), SiteInfo("Site"))
             if isinstance(out, PageOut)}
    assert pages["digests/k001.md"].edit_uri == "digests/k001.md"
    assert pages["digests/k002.md"].edit_uri == "../bib/a.bib"


@pytest.mark.parametrize("shard", [500, 5])
def test_later_leaves_out_what_the_build_writes_itself(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shard: int) -> None:
    monkeypatch.setattr(downloads, "SHARD", shard)  # 5: the 12 entries' records in three scripts
    lib = _library(tmp_path)
    now = {out.src_uri for out in outputs(page_maker(lib), SiteInfo("Site"))}
    early = {out.src_uri for out in outputs(page_maker(lib), SiteInfo("Site"), later=True)}
    left = now - early
    assert feed.FEED_PATH in early and INDEX_PATH in left
    assert {downloads.site_export(ext) for ext in downloads.WRITERS} <= left
    maker = page_maker(lib)
    site_dir = tmp_path / "site"
    assert write_later(maker.pieces, SiteInfo("Site"), str(site_dir)) == len(left)
    assert {p.relative_to(site_dir).as_posix() for p in site_dir.rglob("*") if p.is_file()} == left
    # What it writes is what each file's own maker gives (the records scripts and the .bib and .ris
    # are written in one pass there).
    made = {out.src_uri: out.make() for out in outputs(page_maker(lib), SiteInfo("Site")) if out.src_uri in left}
    assert {path: (site_dir / path).read_text(encoding="utf-8") for path in left} == made
