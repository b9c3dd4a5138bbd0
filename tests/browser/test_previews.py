"""Previews on hover, keyboard focus and first tap, from file:// in Chromium: an in-text citation shows
its reference from the page's own reference list; a "cites in this library" link shows the entry's
title, byline and teaser. No request, no console error; Escape closes it; on a phone it stays clear of
the link being read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_project
from test_enrich import BIB, DIGESTS, EXPECTED


@pytest.fixture(scope="module")
def enriched_offline(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's code with three entries that cite each other, bib/enrichment.yml as make enrich wrote
    it, built as `make offline` builds it."""
    root = copy_project(tmp_path_factory.mktemp("previews"))
    (root / "bib" / "starter.bib").write_text(BIB, encoding="utf-8")
    (root / "bib" / "enrichment.yml").write_text(EXPECTED, encoding="utf-8")
    for digest in (root / "docs" / "digests").glob("*.md"):
        digest.unlink()
    for key, text in DIGESTS.items():
        (root / "docs" / "digests" / f"{key}.md").write_text(text, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n\nSee [@review2020].\n", encoding="utf-8")
    (root / "docs" / "contributing.md").write_text("# Contributing\n\nAdd a paper.\n", encoding="utf-8")
    return build_site(root, use_directory_urls=False).site


def _card(page: Any) -> Any:
    return page.locator("#digest-preview")


def test_hover_and_focus_show_the_card_and_escape_closes_it(page: Any, enriched_offline: Path) -> None:
    page.goto((enriched_offline / "digests" / "review2020.html").as_uri())
    citation = page.locator(".digest-body a.digest-citation").first
    citation.hover()
    card = _card(page)
    card.wait_for(state="visible")
    assert "A paper in between" in card.inner_text() and "Bell" in card.inner_text()
    assert citation.get_attribute("aria-describedby") == "digest-preview"
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    page.mouse.move(0, 0)
    listed = page.locator(".digest-cites li > a").first
    listed.focus()
    card.wait_for(state="visible")
    text = card.inner_text()
    assert "A paper in between" in text and "The middle paper's teaser." in text
    page.keyboard.press("Escape")
    card.wait_for(state="hidden")
    assert page.watched.errors == []


def test_on_a_phone_the_first_tap_previews_and_the_card_stays_clear_of_the_link(browser: Any, enriched_offline: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        url = (enriched_offline / "digests" / "review2020.html").as_uri()
        page.goto(url)
        citation = page.locator(".digest-body a.digest-citation").first
        citation.scroll_into_view_if_needed()
        citation.tap()
        card = _card(page)
        card.wait_for(state="visible")
        assert page.url == url  # the first tap previews, it does not follow the link
        link, shown = citation.bounding_box(), card.bounding_box()
        assert shown["y"] >= link["y"] + link["height"] or shown["y"] + shown["height"] <= link["y"]
        assert shown["width"] <= 390
        citation.tap()
        page.wait_for_url("**/mid2015.html")
        assert errors == []
    finally:
        context.close()
