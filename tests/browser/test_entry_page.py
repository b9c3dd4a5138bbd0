"""What an entry page offers a reader around the digest: the notice, copy buttons named by what they copy,
share links, "Cite this digest". On the hosted site built without site_url (the address is learnt in
the browser), under /repo/."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import quote

ENTRY = "digests/berman2000/"
TITLE = "Antidepressant effects of ketamine in depressed patients"


def test_the_notice_is_shown(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    notice = page.locator(".digest-notice")
    assert notice.get_attribute("role") == "note"
    assert notice.inner_text().startswith("Research summary, not medical advice.")


def test_copy_buttons_say_what_they_copy_and_announce_it(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    names = page.eval_on_selector_all("button.digest-copy", "bs => bs.map(b => b.textContent.trim())")
    assert names == ["Copy APA 7 reference", "Copy Vancouver reference", "Copy BibTeX",
                     "Copy APA 7 citation of this digest", "Copy BibTeX of this digest"]
    status = page.get_by_role("status").and_(page.locator(".digest-status-live"))  # not the search box's own
    assert status.count() == 1 and status.text_content() == "", "the live region is there before it speaks"
    page.get_by_role("button", name="Copy Vancouver reference").click()
    status.filter(has_text="Vancouver reference copied to the clipboard").wait_for()
    assert status.get_attribute("aria-live") == "polite"
    assert "Berman RM" in page.evaluate("navigator.clipboard.readText()")
    page.emulate_media(media="print")
    assert not page.locator("button.digest-copy").first.is_visible(), "copy buttons are hidden in print"
    assert not page.locator(".digest-share").is_visible(), "share links are hidden in print"
    assert page.watched.errors == []


def test_share_links_carry_the_page_address_and_load_nothing(page: Any, hosted_site: str) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(hosted_site + ENTRY)
    page.wait_for_load_state("networkidle")
    url = quote(hosted_site + ENTRY, safe="")
    links = dict(page.eval_on_selector_all(".digest-share a", "as => as.map(a => [a.dataset.share, a.href])"))
    assert links == {
        "email": f"mailto:?subject={quote(TITLE, safe='')}&body={quote(TITLE, safe='')}%0A%0A{url}",
        "bluesky": f"https://bsky.app/intent/compose?text={quote(TITLE, safe='')}%20{url}",
        "linkedin": f"https://www.linkedin.com/sharing/share-offsite/?url={url}",
        "x": f"https://x.com/intent/post?text={quote(TITLE, safe='')}&url={url}",
    }
    assert all(u.startswith(hosted_site) or u.startswith("data:") for u in requested), "nothing from elsewhere"
    assert page.locator(".digest-share-mastodon").is_visible()
    assert page.watched.errors == []


def test_mastodon_asks_for_the_readers_server(page: Any, context: Any, hosted_site: str) -> None:
    context.route("https://example.social/**", lambda route: route.fulfill(status=200, body="shared", content_type="text/plain"))
    page.goto(hosted_site + ENTRY)
    button = page.get_by_role("button", name="Mastodon", exact=True)
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    server = page.get_by_label("Your Mastodon server")
    assert server.evaluate("input => input === document.activeElement")
    server.fill("not a server")
    page.get_by_role("button", name="Share on Mastodon").click()
    assert "such as mastodon.social" in page.locator(".digest-share-error").inner_text()
    server.fill("@reader@Example.Social")
    with page.expect_popup() as opened:
        server.press("Enter")
    popup = opened.value
    popup.wait_for_load_state()
    expected = f"https://example.social/share?text={quote(TITLE, safe='')}%20{quote(hosted_site + ENTRY, safe='')}"
    assert popup.url == expected
    assert page.evaluate("localStorage.getItem('digest.mastodon')") == "example.social"


def test_web_share_button_only_where_the_browser_has_it(page: Any, context: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    has_share = page.evaluate("typeof navigator.share === 'function'")
    assert page.locator(".digest-share-native").is_visible() == has_share
    other = context.new_page()
    other.add_init_script("navigator.share = async (data) => { window.sharedData = data; };")
    other.goto(hosted_site + ENTRY)
    other.get_by_role("button", name="Share…").click()
    assert other.evaluate("window.sharedData") == {"title": TITLE, "url": hosted_site + ENTRY}


def test_cite_this_digest_in_the_sites_style_and_as_bibtex(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + ENTRY)
    apa = page.locator('[data-citation-style="digest-apa"]').inner_text()
    assert apa == (f"Digest editors. (2026, January 19). {TITLE} [Research digest]. "
                   f"Glutamate, GABA and ketamine — research digests. {hosted_site}{ENTRY}")
    assert page.locator('[data-citation-style="digest-apa"] em').inner_text() == TITLE
    page.get_by_role("button", name="Copy BibTeX of this digest").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('@online')")
    bibtex = page.evaluate("navigator.clipboard.readText()")
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    assert bibtex.splitlines() == [
        "@online{berman2000-digest,",
        "  author = {{Digest editors}},",
        f"  title = {{{TITLE}}},",
        "  titleaddon = {Research digest},",
        "  organization = {Glutamate, GABA and ketamine — research digests},",
        "  date = {2026-01-19},",
        f"  url = {{{hosted_site}{ENTRY}}},",
        f"  urldate = {{{today}}}",
        "}",
    ]
    assert page.locator('[data-citation-style="digest-bibtex"]').inner_text().splitlines() == bibtex.splitlines()


def test_from_file_urls_nothing_shares_or_cites_a_local_path(page: Any, offline_site: Any) -> None:
    page.goto((offline_site / "digests" / "berman2000.html").as_uri())
    hrefs = page.eval_on_selector_all(".digest-share a", "as => as.map(a => a.href)")
    assert len(hrefs) == 4 and not any("file" in h for h in hrefs), hrefs
    assert page.locator('[data-citation-style="digest-apa"]').inner_text().endswith("research digests.")
    assert page.watched.errors == []


def test_from_file_urls_the_copied_bibtex_has_no_url_field(page: Any, offline_site: Any) -> None:
    """Built without site_url and read from file://: the page has no address to cite, so the url field is
    left out of what is shown and what is copied (never an empty "url = {}")."""
    page.goto((offline_site / "digests" / "berman2000.html").as_uri())
    shown = page.locator('[data-citation-style="digest-bibtex"]').inner_text()
    page.get_by_role("button", name="Copy BibTeX of this digest").click()
    page.wait_for_function("async () => (await navigator.clipboard.readText()).startsWith('@online')")
    copied = page.evaluate("navigator.clipboard.readText()")
    today = datetime.datetime.now(datetime.UTC).date().isoformat()
    for text in (shown, copied):
        lines = text.splitlines()
        assert lines[-3:] == ["  date = {2026-01-19},", f"  urldate = {{{today}}}", "}"], text
        assert not any(line.strip().startswith("url =") for line in lines), text
    assert page.locator("[data-digest-url-line]").count() == 0
    assert page.watched.errors == []
