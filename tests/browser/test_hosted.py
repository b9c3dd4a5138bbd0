"""The site as GitHub Pages serves it, under a sub-path (/repo/), in Chromium."""

from __future__ import annotations

import re
from typing import Any

from browser.conftest import search

ENTRY = "digests/berman2000/"


def test_search_finds_ketamine_and_opens_a_result(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site)
    results = search(page, "ketamine")
    assert results.count() >= 5
    first = results.first
    title = first.locator(".digest-search__title").inner_text()
    first.click()
    page.wait_for_load_state()
    assert page.url.startswith(hosted_site + "digests/") or page.url.startswith(hosted_site + "topics/")
    assert page.locator("h1").first.inner_text().strip().removeprefix("Topic: ") in title
    assert page.watched.errors == []


def test_search_from_a_deep_page_links_within_the_sub_path(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    results = search(page, "zarate 2006")
    href = results.first.evaluate("a => a.href")
    assert href == hosted_site + "digests/zarate2006/"
    assert page.watched.errors == []


def test_topic_link_opens_the_topic_page(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    chip = page.locator("a.digest-chip").first
    name, slug = chip.inner_text().strip(), chip.get_attribute("data-topic")
    chip.click()
    page.wait_for_load_state()
    assert page.url == f"{hosted_site}topics/{slug}/"
    assert page.locator("h1").first.inner_text().strip() == name
    assert page.locator('a[href$="berman2000/"]').count() >= 1
    assert page.watched.errors == []


def test_copy_button_puts_the_apa_reference_on_the_clipboard(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    button = page.locator('button.digest-copy[data-copy-style="apa"]').first
    assert button.count() == 1, "no copy button (button.digest-copy[data-copy-style=apa]) on the entry page"
    key = button.get_attribute("data-copy-key")
    reference = page.locator(f'[data-citation-style="apa"][data-citation-key="{key}"]')
    page.evaluate("navigator.clipboard.writeText('')")
    button.click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()) !== ''")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.strip() in (reference.inner_text().strip(), " ".join(reference.text_content().split()))
    assert "Berman, R. M." in copied
    assert page.watched.errors == []


def test_pages_load_without_console_errors(page: Any, hosted_site: str) -> None:
    for url in ("", "digests/", "topics/", "topics/ketamine/", ENTRY, "contributing/"):
        page.goto(hosted_site + url)
        page.wait_for_load_state("load")
        assert page.locator("h1").count() >= 1, url
    assert page.watched.errors == []


def test_footer_links_to_the_offline_zip(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    href = page.locator("a[data-offline-zip]").evaluate("a => a.href")
    assert href == hosted_site + "download/digests-offline.zip"
    response = page.request.get(href)
    assert response.ok and response.body()[:2] == b"PK"


def test_footer_names_the_page_to_open_as_the_zip_holds_it(page: Any, hosted_site: str) -> None:
    import io
    import zipfile

    page.goto(hosted_site + ENTRY)
    start = page.locator("[data-offline-start]").inner_text()
    assert start == "site-offline/index.html"
    body = page.request.get(page.locator("a[data-offline-zip]").evaluate("a => a.href")).body()
    assert start in zipfile.ZipFile(io.BytesIO(body)).namelist()


def test_entry_page_head_carries_citation_tags_and_feed(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    tags = page.eval_on_selector_all('meta[name^="citation_"]', "ms => ms.map(m => [m.name, m.content])")
    names = {name for name, _ in tags}
    assert {"citation_title", "citation_author", "citation_publication_date", "citation_journal_title",
            "citation_volume", "citation_issue", "citation_firstpage", "citation_lastpage", "citation_doi"} <= names
    ld = page.evaluate("JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)")
    assert ld["@type"] == "ScholarlyArticle"
    feed = page.locator('link[type="application/atom+xml"]').first.evaluate("l => l.href")
    assert page.request.get(feed).ok
    assert re.search(r"<feed", page.request.get(feed).text())


def test_the_404_page_is_styled_and_links_within_the_sub_path(page: Any, hosted_site: str) -> None:
    # GitHub Pages answers any missing address under /repo/ with /repo/404.html (conftest's server too);
    # the site is built without site_url, so the page cannot know where it is served from.
    response = page.goto(hosted_site + "no/such/page/")
    assert response.status == 404
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    assert page.locator(".md-header").evaluate("h => getComputedStyle(h).position") == "sticky", "Material's styles apply"
    assert page.locator(".digest-search").evaluate("s => getComputedStyle(s).position") != "static", "the site's styles apply"
    assert page.locator("a.md-header__button.md-logo").evaluate("a => a.href") == hosted_site
    tabs = page.eval_on_selector_all(".md-nav__link[href]", "links => links.map(a => a.href)")
    assert hosted_site + "topics/" in tabs
    results = search(page, "ketamine")  # the site's scripts were loaded from the site's root
    found = results.first.evaluate("a => a.href")
    assert found.startswith(hosted_site) and "//" not in found.removeprefix("http://"), found
    # The one failed request is the page itself (Chromium logs its 404 status on the console too).
    document = {f"HTTP 404: {hosted_site}no/such/page/",
                "console: Failed to load resource: the server responded with a status of 404 (Not Found)"}
    assert sorted(page.watched.errors) == sorted(document)
