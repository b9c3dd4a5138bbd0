"""Every download a reader has works in the browser, hosted and from file://: the entry's own .bib and
.ris, a topic's reading list and the whole library (files)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rispy
from pybtex.database import parse_string

ENTRY = "digests/lener2016"


def _open(page: Any, where: str, hosted_site: str, offline_site: Path, path: str) -> None:
    page.goto(f"{hosted_site}{path}/" if where == "hosted" else (offline_site / f"{path}.html").as_uri())


def _download(page: Any, selector: str) -> tuple[str, str]:
    with page.expect_download() as info:
        page.click(selector)
    download = info.value
    return download.suggested_filename, Path(download.path()).read_text(encoding="utf-8")


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_the_entry_downloads_its_own_records(where: str, page: Any, hosted_site: str, offline_site: Path) -> None:
    _open(page, where, hosted_site, offline_site, ENTRY)
    name, text = _download(page, '.digest-reference a[data-format="bib"]')
    assert name == "lener2016.bib"
    assert list(parse_string(text, "bibtex").entries.keys()) == ["lener2016"]
    name, text = _download(page, '.digest-reference a[data-format="ris"]')
    assert name == "lener2016.ris"
    assert [record["id"] for record in rispy.loads(text)] == ["lener2016"]


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_a_topic_reading_list_is_made_in_the_browser(where: str, page: Any, hosted_site: str, offline_site: Path) -> None:
    """The topic's entries, from the records scripts (no file per topic): the same keys as the topic lists."""
    _open(page, where, hosted_site, offline_site, "topics/ketamine")
    listed = page.eval_on_selector_all("#digests-newest-first + ul.digest-list > li > a",
                                       "links => links.map(a => a.getAttribute('href').split('/').filter(Boolean).pop())")
    name, text = _download(page, 'a.digest-download[data-format="bib"]')
    assert name == "ketamine.bib"
    assert sorted(parse_string(text, "bibtex").entries.keys()) == sorted(key.removesuffix(".html") for key in listed)
    name, text = _download(page, 'a.digest-download[data-format="ris"]')
    assert name == "ketamine.ris" and len(rispy.loads(text)) == len(listed)
    assert page.watched.errors == []


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_the_whole_library_downloads_as_files(where: str, page: Any, hosted_site: str, offline_site: Path) -> None:
    """From file:// too, where a browser opens a linked file instead of saving it: made from the records."""
    _open(page, where, hosted_site, offline_site, "digests/index" if where == "file" else "digests")
    count = int(page.locator(".digest-count").first.inner_text().split()[0])
    name, text = _download(page, 'a.digest-download[data-format="ris"]')
    assert name == "all.ris" and len(rispy.loads(text)) == count
    name, text = _download(page, 'a.digest-download[data-format="bib"]')
    assert name == "all.bib" and len(parse_string(text, "bibtex").entries) == count
    if where == "hosted":
        name, text = _download(page, 'a.digest-download[data-format="json"]')
        assert name == "all.json" and len(json.loads(text)) == count
    assert page.watched.errors == []
