"""What a reader does with the topic map: click a topic or a line, on the hosted site and from file://."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def test_clicking_a_node_on_the_map_opens_the_topic_page(page: Any, hosted_site: str) -> None:
    page.goto(hosted_site + "topics/")
    node = page.locator('svg.digest-map-svg a[data-topic="glutamate"] circle')
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
    box = page.locator('svg.digest-map-svg a[data-topic="gaba"] circle').bounding_box()
    assert box and box["width"] > 4, "the map is drawn"
    page.locator('svg.digest-map-svg a[data-topic="gaba"] circle').click()
    page.wait_for_url("**/topics/gaba.html")
    assert page.locator("h1").first.inner_text() == "GABA"
