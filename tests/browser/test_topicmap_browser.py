"""What a reader does with the topic map: click a topic or a line, on the hosted site and from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_clicking_a_node_on_the_map_opens_the_topic_page(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + "topics/")
    node = page.locator('svg.digest-map-svg a[data-topic="glutamate"] .digest-map-dot')
    node.click()
    page.wait_for_url(hosted_site + "topics/glutamate/")
    assert page.locator("h1").first.inner_text() == "Glutamate"
    # The topic page has its own small map: its centre is the topic, its spokes go to cross-topic pages.
    assert page.locator('svg.digest-map-svg a.digest-map-focus[data-topic="glutamate"]').count() == 1
    page.locator('svg.digest-map-svg a.digest-map-edge[data-topics="glutamate ketamine"] text').click()
    page.wait_for_url(hosted_site + "topics/glutamate+ketamine/")
    assert page.locator("h1").first.inner_text() == "Glutamate and ketamine: 9 digests"
    assert page.watched.errors == []


def test_the_map_works_from_file_urls(page: Any, offline_site: Path) -> None:
    page.goto((offline_site / "topics" / "index.html").as_uri())
    box = page.locator('svg.digest-map-svg a[data-topic="gaba"] .digest-map-dot').bounding_box()
    assert box and box["width"] > 4, "the map is drawn"
    page.locator('svg.digest-map-svg a[data-topic="gaba"] .digest-map-dot').click()
    page.wait_for_url("**/topics/gaba.html")
    assert page.locator("h1").first.inner_text() == "GABA"


def test_on_a_phone_the_map_keeps_its_size_and_a_tap_shows_what_a_topic_shares(browser: Any, hosted_site: str) -> None:
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True)
    page = ctx.new_page()
    page.goto(hosted_site + "topics/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "the page itself does not scroll sideways"
    pan = page.locator("[data-map-pan]").first
    scroll = pan.evaluate("p => [p.scrollWidth, p.clientWidth, p.scrollLeft, p.tabIndex, p.getAttribute('role')]")
    assert scroll[0] > scroll[1] and scroll[2] > 0 and scroll[3] == 0 and scroll[4] == "region", scroll
    assert page.locator(".digest-map-pan-hint").first.is_visible()
    label = page.locator('svg.digest-map-svg a[data-topic="glutamate"] text')
    assert label.bounding_box()["height"] >= 12, "labels at their own size (12 px), not shrunk"
    target = page.locator('svg.digest-map-svg a[data-topic="lateral-habenula"]').bounding_box()
    assert target["width"] >= 24 and target["height"] >= 24, "every node is at least 24 px across"
    page.locator('svg.digest-map-svg a[data-topic="glutamate"] .digest-map-dot').tap()
    panel = page.locator("[data-map-panel]")
    panel.wait_for(state="visible")
    assert page.url == hosted_site + "topics/", "the first tap picks the topic"
    assert panel.locator("a").first.inner_text() == "Open Glutamate"
    assert "Ketamine (9)" in panel.inner_text()
    faded = page.locator("svg.digest-map-svg a.digest-map-node:not(.digest-map-near):not(.digest-map-selected)")
    assert faded.count() > 0 and faded.first.evaluate("a => getComputedStyle(a).opacity") == "0.3"
    page.locator('svg.digest-map-svg a[data-topic="glutamate"] .digest-map-dot').tap()
    page.wait_for_url(hosted_site + "topics/glutamate/")
    ctx.close()


def test_keyboard_goes_from_each_topic_to_its_edges(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + "topics/")
    order = page.eval_on_selector_all(
        "svg.digest-map-svg a", "as => as.map(a => a.getAttribute('data-topic') || 'edge ' + a.getAttribute('data-topics'))")
    topics = [o for o in order if not o.startswith("edge ")]
    assert order[0] == topics[0]
    for i, item in enumerate(order):
        if item.startswith("edge "):
            owner = next(o for o in reversed(order[:i]) if not o.startswith("edge "))
            assert owner in item.split()[1:], f"{item} follows {owner}, which it does not touch"
    page.locator(f'svg.digest-map-svg a[data-topic="{topics[0]}"]').focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("(a => a.getAttribute('data-topics') || a.getAttribute('data-topic'))(document.activeElement)")
    assert focused == order[1].removeprefix("edge ")
