"""What a reader sees of the page's frame on a phone and in tables: the site's name whole in the header
at 390 px, a search box that folds to a magnifier and opens over the header, and evidence tables that
break lines only between words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from browser.test_evidence_browser import evidence_site  # noqa: F401 (a fixture)

PHONE = {"width": 390, "height": 844}
NAME = "Glutamate, GABA and ketamine \u2014 research digests"

TITLE = """name => { const e = document.querySelector('.md-header__topic .md-ellipsis'); if (name) e.textContent = name;
    const box = e.getBoundingClientRect(), option = document.querySelector('.md-header__option').getBoundingClientRect();
    const range = document.createRange(); range.selectNodeContents(e);
    const shown = [...range.getClientRects()].every(r => r.right <= box.right + 0.5 && r.bottom <= box.bottom + 0.5);
    return {shown: shown, lines: Math.round(box.height / parseFloat(getComputedStyle(e).lineHeight)),
            right: box.right, option: option.left, top: box.top, bottom: box.bottom,
            header: document.querySelector('.md-header').getBoundingClientRect().height}; }"""
"""Whether the header's name shows whole (no part of its text laid out beyond its box: cut by an
ellipsis or by the line clamp), on how many lines, and where."""


def test_on_a_phone_the_sites_name_is_whole_in_the_header(browser: Any, hosted_site: str) -> None:
    ctx = browser.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(hosted_site)
    title = page.evaluate(TITLE, NAME)
    assert title["shown"], f"the name is cut: {title}"
    assert title["lines"] == 2, title
    assert title["right"] <= title["option"], "the name stops before the palette switch"
    assert 0 <= title["top"] and title["bottom"] <= title["header"], "inside the header, which keeps its height"
    # A name too long for two lines ends with an ellipsis there instead of spilling out of the header.
    long = page.evaluate(TITLE, NAME + " and much more about everything else besides")
    assert long["lines"] == 2 and not long["shown"] and long["header"] == title["header"], long
    # The folded search box: a magnifier at least 24 px across that opens over the header when tapped.
    box = page.locator("[data-digest-search-input]")
    folded = box.bounding_box()
    assert folded and 24 <= folded["width"] <= 48 and folded["height"] >= 24, folded
    assert box.get_attribute("aria-label")
    box.tap()
    box.type("ketamine")
    page.locator("[data-digest-search-panel]").wait_for(state="visible")
    opened = box.bounding_box()
    for _ in range(20):  # the box widens over 0.25 s (a CSS transition)
        if opened and opened["width"] >= 250:
            break
        page.wait_for_timeout(50)
        opened = box.bounding_box()
    assert opened and opened["width"] >= 250 and opened["x"] + opened["width"] <= PHONE["width"], opened
    assert page.locator("[data-digest-search-list] a").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    ctx.close()


def test_on_a_desktop_the_header_is_unchanged(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site)
    title = page.evaluate(TITLE, NAME)
    assert title["lines"] == 1 and title["shown"], title
    assert page.locator("[data-digest-search-input]").bounding_box()["width"] >= 200


BROKEN_WORDS = """() => { const broken = [];
    for (const cell of document.querySelectorAll('.digest-evidence-table td')) {
      const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let text = walk.nextNode(); text; text = walk.nextNode()) {
        for (const m of text.data.matchAll(/[^\\s\\-\u2010-\u2014]+/g)) {
          const range = document.createRange();
          range.setStart(text, m.index);
          range.setEnd(text, m.index + m[0].length);
          const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
          if (lines.size > 1) broken.push(m[0]);
        }
      }
    }
    return broken; }"""


@pytest.mark.parametrize("width", [1280, 768, 390])
@pytest.mark.parametrize("where", ["topics/ketamine.html", "evidence/index.html"])
def test_evidence_tables_break_lines_only_between_words(browser: Any, evidence_site: Path, width: int,  # noqa: F811
                                                        where: str) -> None:
    ctx = browser.new_context(viewport={"width": width, "height": 900})
    page = ctx.new_page()
    page.goto((evidence_site / where).as_uri())
    assert page.locator(".digest-evidence-table td").count() > 0
    # Long words a contributor could write, in the first row, beside what the site holds.
    page.evaluate("""() => { const row = document.querySelector('.digest-evidence-table tbody tr');
        row.cells[1].querySelector('a').textContent = 'Neuropsychopharmacology of glutamate/glutamine in depression';
        row.cells[2].textContent = 'Randomized controlled crossover trial';
        row.cells[5].textContent = 'intravenous esketamine hydrochloride, once weekly, versus intravenous midazolam';
        row.cells[6].textContent = 'Montgomery-Asberg scores improved substantially, unexpectedly, remarkably'; }""")
    assert page.evaluate(BROKEN_WORDS) == []
    region = page.locator(".digest-evidence-scroll").first
    # What does not fit scrolls inside its region, not the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert region.evaluate("r => getComputedStyle(r).overflowX") == "auto"
    ctx.close()
