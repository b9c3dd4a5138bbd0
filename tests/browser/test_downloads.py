"""Every download a reader has works in the browser, hosted and from file://: the entry's own .bib and
.ris (``data:`` links carried by its page), a topic's reading list and the whole library (files)."""

from __future__ import annotations

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


def test_a_topic_and_the_library_download_as_files(page: Any, hosted_site: str) -> None:
    _open(page, "hosted", hosted_site, Path(), "topics/ketamine")
    name, text = _download(page, 'a.digest-download[data-format="bib"]')
    assert name == "ketamine.bib" and len(parse_string(text, "bibtex").entries) > 1
    _open(page, "hosted", hosted_site, Path(), "digests")
    name, text = _download(page, 'a.digest-download[data-format="ris"]')
    assert name == "all.ris" and len(rispy.loads(text)) > 1


def test_from_file_a_topic_reading_list_opens_as_text_to_save(page: Any, offline_site: Path) -> None:
    """From file:// Chromium ignores ``download`` on links to other files (each file is its own
    origin): the reading list opens as text, which the reader saves (Ctrl+S)."""
    page.goto((offline_site / "topics" / "ketamine.html").as_uri())
    page.click('a.digest-download[data-format="bib"]')
    page.wait_for_url("**/exports/topics/ketamine.bib")
    assert len(parse_string(page.inner_text("pre"), "bibtex").entries) > 1
