"""Long lists (a topic's digests, all digests) are split into pages of the same size at any N."""

from __future__ import annotations

import re
from pathlib import Path

from digest.library import load
from digest.pages import LIST_PAGE, PageMaker
from digest.settings import Settings
from digest.urls import Links


def _maker(tmp_path: Path, n: int) -> PageMaker:
    (tmp_path / "bib").mkdir()
    (tmp_path / "bib" / "topics.yml").write_text("gaba:\n  name: GABA\n", encoding="utf-8")
    records = "".join(f"@article{{k{i:04d},\n  title = {{On GABA {i}}},\n  year = {{{1990 + i % 30}}}\n}}\n" for i in range(n))
    (tmp_path / "bib" / "a.bib").write_text(records, encoding="utf-8")
    library = load(tmp_path, tmp_path / "docs", Settings())
    return PageMaker(library, Links())


def test_long_lists_are_paged_and_nothing_is_lost(tmp_path: Path) -> None:
    n = 2 * LIST_PAGE + 7
    maker = _maker(tmp_path, n)
    pages = dict(maker.list_pages())
    assert sorted(pages) == ["digests/page/2.md", "digests/page/3.md", "topics/gaba/2.md", "topics/gaba/3.md"]
    first = maker.topic_page(maker.lib.topics["gaba"])
    lists = (first.split('## Digests, newest first')[1], pages["topics/gaba/2.md"], pages["topics/gaba/3.md"])
    listed = [re.findall(r'<li><a href="[^"]*/(k\d+)/">', page) for page in lists]
    assert [len(keys) for keys in listed] == [LIST_PAGE, LIST_PAGE, 7]
    assert sorted(key for keys in listed for key in keys) == sorted(maker.lib.entries)
    assert 'href="2/">Older →</a>' in first
    assert 'href="../">← Newer</a>' in pages["topics/gaba/2.md"] and 'href="../3/">Older →' in pages["topics/gaba/2.md"]
    index = maker.digests_index()
    assert index.count("<li>") == LIST_PAGE and 'href="page/2/">Older →' in index
    assert 'href="../../">← Newer' in pages["digests/page/2.md"]


def test_short_lists_have_one_page(tmp_path: Path) -> None:
    maker = _maker(tmp_path, 5)
    assert list(maker.list_pages()) == []
    assert "digest-pager" not in maker.topic_page(maker.lib.topics["gaba"]) + maker.digests_index()
