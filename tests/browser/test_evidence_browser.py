"""Evidence tables as a reader uses them, from file://: sorting by keyboard and mouse, filters, the
evidence page's downloads of what is shown; and axe on the pages with studies, light and dark, 1280
and 390 px."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.test_a11y import WIDTHS, axe_js, violations  # noqa: F401 (axe_js: a fixture)
from browser.test_search import shown
from conftest import build_site, copy_project

HOSTILE = '<img src=x onerror=alert(1)>"><script>alert(2)</script>'
STUDIES = {
    "zarate2006": "study:\n  design: rct\n  species: human\n  participants: 18\n  comparator: placebo\n",
    "murrough2013": "study:\n  design: rct\n  species: human\n  participants: 73\n  result: '=1+2'\n",
    "autry2011": f"study:\n  design: animal\n  species: mice\n  participants: 40\n  population: '{HOSTILE}'\n",
    "abdallah2015": "study:\n  design: review\n",
}


@pytest.fixture(scope="module")
def evidence_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The starter content with four studies, built as `make offline` builds (``.html`` URLs)."""
    root = copy_project(tmp_path_factory.mktemp("evidence"))
    for key, study in STUDIES.items():
        digest = root / "docs" / "digests" / f"{key}.md"
        text = digest.read_text(encoding="utf-8")
        end = text.index("\n---\n", 4) + 1
        digest.write_text(text[:end] + study + text[end:], encoding="utf-8")
    built = build_site(root, use_directory_urls=False)
    assert built.warnings == []
    return built.site


def _rows(page: Any) -> list[str]:
    return page.eval_on_selector_all(".digest-evidence-table tbody tr:not([hidden])",
                                     "rows => rows.map(r => r.cells[4].textContent)")


def test_a_topic_table_sorts_by_keyboard_and_filters(page: Any, evidence_site: Path) -> None:
    page.goto((evidence_site / "topics" / "ketamine.html").as_uri())
    assert _rows(page) == ["73", "18", "40", ""], "strongest design first, then the largest"
    button = page.locator("th[data-key=participants] button")
    button.focus()
    page.keyboard.press("Enter")
    assert page.locator("th[data-key=participants]").get_attribute("aria-sort") == "ascending"
    assert _rows(page) == ["18", "40", "73", ""], "no value last"
    page.keyboard.press("Space")
    assert page.locator("th[data-key=participants]").get_attribute("aria-sort") == "descending"
    assert _rows(page) == ["73", "40", "18", ""]
    page.select_option(".digest-evidence select[data-filter=species]", "mouse")
    assert _rows(page) == ["40"]
    assert "Showing 1 of 1 studies that match" in page.locator(".digest-evidence-status").inner_text()
    assert page.watched.errors == []


def test_the_evidence_page_filters_and_downloads_what_is_shown(page: Any, evidence_site: Path) -> None:
    from playwright.sync_api import expect  # here, as the browser fixture imports Playwright: it may be absent
    page.goto((evidence_site / "evidence" / "index.html").as_uri())
    assert len(_rows(page)) == 4
    page.fill("input[data-filter=participants-min]", "20")
    # Not wait_for_function(expression): Playwright runs it through eval(), which the CSP refuses.
    expect(page.locator(".digest-evidence-table tbody tr")).to_have_count(2)
    with page.expect_download() as info:
        page.click("button[data-download=csv]")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert [(r["key"], r["participants"]) for r in rows] == [("murrough2013", "73"), ("autry2011", "40")]
    assert rows[0]["result"] == "'=1+2" and rows[1]["population"] == HOSTILE
    with page.expect_download() as info:
        page.click("button[data-download=json]")
    data = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    assert [s["participants"] for s in data["studies"]] == [73, 40]
    page.select_option("select[data-filter=design]", "animal")
    expect(page.locator(".digest-evidence-table tbody tr")).to_have_count(1)
    assert page.locator(".digest-evidence-table tbody tr td").nth(5).inner_text() == ""
    assert page.locator(".digest-evidence-table img").count() == 0 and page.watched.errors == []


@pytest.fixture(params=[(w, s) for w in WIDTHS for s in ("light", "dark")], ids=lambda p: f"{p[0]}-{p[1]}")
def axe_file_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    width, scheme = request.param
    ctx = browser.new_context(bypass_csp=True, viewport={"width": WIDTHS[width], "height": 900}, color_scheme=scheme)
    yield ctx.new_page()
    ctx.close()


def test_no_serious_axe_violations_on_pages_with_studies(axe_file_page: Any, axe_js: Path,  # noqa: F811
                                                          evidence_site: Path) -> None:
    problems = []
    for path in ("evidence/index.html", "topics/ketamine.html", "digests/zarate2006.html"):
        axe_file_page.goto((evidence_site / path).as_uri())
        problems += [f"{path}: {v}" for v in violations(axe_file_page, axe_js)]
        width = axe_file_page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        if width[0] > width[1]:
            problems.append(f"{path}: the page is {width[0]} px wide in a {width[1]} px window")
    assert problems == [], "\n".join(problems)


def _found(page: Any, query: str) -> list[str]:
    page.fill("#digest-search-q", query)
    shown(page)
    return sorted(page.eval_on_selector_all("[data-search-result]", "a => a.map(x => x.dataset.searchResult)"))


def test_search_by_design_species_and_participants(page: Any, evidence_site: Path) -> None:
    page.goto((evidence_site / "search.html").as_uri())
    assert _found(page, "design:rct") == ["digests/murrough2013.html", "digests/zarate2006.html"]
    assert _found(page, "species:mouse") == ["digests/autry2011.html"]
    assert _found(page, "participants:>30") == ["digests/autry2011.html", "digests/murrough2013.html"]
    assert _found(page, "participants:10-20") == ["digests/zarate2006.html"]
    assert _found(page, "design:rct participants:<=50") == ["digests/zarate2006.html"]
    page.select_option("select[name=design]", "animal")
    assert _found(page, "ketamine") == ["digests/autry2011.html"]
    assert "design=animal" in page.url and page.watched.errors == []
