"""Long lists (a topic's digests, all digests) are split into pages of the same size at any N."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import generated_pages
from digest.library.loader import Library, load
from digest.settings import Settings
from digest.site.pieces import LIST_PAGE


def _library(tmp_path: Path, n: int) -> Library:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "topics.yml").write_text("gaba:\n  name: GABA\n", encoding="utf-8")
    records = "".join(f"@article{{k{i:04d},\n  title = {{On GABA {i}}},\n  year = {{{1990 + i % 30}}}\n}}\n" for i in range(n))
    (tmp_path / "bib" / "a.bib").write_text(records, encoding="utf-8")
    return load(tmp_path, tmp_path / "docs", Settings())


def _html(tmp_path: Path, n: int) -> dict[str, str]:
    pages = generated_pages(_library(tmp_path, n)).items()
    return {src: page.make().html for src, page in pages if not src.startswith("digests/k")}


def test_long_lists_are_paged_and_nothing_is_lost(tmp_path: Path) -> None:
    n = 2 * LIST_PAGE + 7
    pages = _html(tmp_path, n)
    assert sorted(p for p in pages if re.search(r"/(page/)?\d\.md$", p)) == [
        "digests/page/2.md", "digests/page/3.md", "topics/gaba/2.md", "topics/gaba/3.md"]
    first = pages["topics/gaba.md"]
    lists = (first.split('id="digests-newest-first"')[1], pages["topics/gaba/2.md"], pages["topics/gaba/3.md"])
    listed = [re.findall(r'<li><a href="[^"]*/(k\d+)/">', page) for page in lists]
    assert [len(keys) for keys in listed] == [LIST_PAGE, LIST_PAGE, 7]
    assert sorted(key for keys in listed for key in keys) == sorted(f"k{i:04d}" for i in range(n))
    assert 'href="2/">Older →</a>' in first
    assert 'href="../">← Newer</a>' in pages["topics/gaba/2.md"] and 'href="../3/">Older →' in pages["topics/gaba/2.md"]
    index = pages["digests/index.md"]
    assert index.count("<li>") == LIST_PAGE and 'href="page/2/">Older →' in index
    assert 'href="../../">← Newer' in pages["digests/page/2.md"]


def test_short_lists_have_one_page(tmp_path: Path) -> None:
    pages = _html(tmp_path, 5)
    assert not [p for p in pages if re.search(r"/(page/)?\d\.md$", p)]
    assert "digest-pager" not in pages["topics/gaba.md"] + pages["digests/index.md"]
