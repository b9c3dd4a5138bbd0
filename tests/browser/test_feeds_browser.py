"""Feeds of a living review in Chromium, on the hosted site with SITE_URL set: a page view requests no
sitemap.xml (Material fetches it beside every ``link[rel=alternate]``; ours say ``alternate feed``), and the
topic's feed is discoverable from its page and served."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import build_site
from tests.test_living_review import make_repo

from browser.conftest import serve


def hosted(tmp_path_factory: pytest.TempPathFactory, rel: str = "") -> Iterator[str]:
    """The sample served under /living/, built with SITE_URL set to where it is served; ``rel``: the
    feed links' rel put back to what it was, for the control."""
    repo = make_repo(tmp_path_factory.mktemp("living-hosted") / "repo")
    if rel:
        main = repo / "overrides" / "main.html"
        main.write_text(main.read_text(encoding="utf-8").replace('rel="alternate feed"', f'rel="{rel}"'), encoding="utf-8")
    www = tmp_path_factory.mktemp("living-www")
    url, server = serve(www)
    (www / "living").symlink_to(repo / "site", target_is_directory=True)  # the port is known once served
    try:
        build_site(repo, strict=True, site_url=url + "living/")
        yield url + "living/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def living_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield from hosted(tmp_path_factory)


def sitemap_requests(page: Any, site: str) -> list[str]:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for url in ("", "topics/gaba/", "digests/beta2021/", "changes/"):
        page.goto(site + url)
        page.wait_for_load_state("networkidle")
    assert len(requested) > 4
    return [r for r in requested if "sitemap" in r]


def own_errors(page: Any) -> list[str]:
    """What went wrong, but Material's fetch of the repository's facts from api.github.com (the sample
    names a repo_url; the CSP refuses connections to other hosts)."""
    return [e for e in page.watched.errors if "api.github.com" not in e]


def test_a_page_view_fetches_no_sitemap(page: Any, living_site: str) -> None:
    assert sitemap_requests(page, living_site) == []
    assert own_errors(page) == []


def test_control_rel_alternate_alone_fetches_the_sitemap(page: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    site = hosted(tmp_path_factory, rel="alternate")
    try:
        assert sitemap_requests(page, next(site))
    finally:
        site.close()


def test_the_topic_feed_is_discoverable_and_served(page: Any, living_site: str) -> None:
    page.goto(living_site + "topics/gaba/")
    script = "ls => ls.map(l => [l.relList.contains('alternate'), l.href])"
    feeds = page.eval_on_selector_all('link[type="application/atom+xml"]', script)
    assert [True, living_site + "topics/gaba/feed.xml"] in feeds
    visible = page.locator("a.digest-feed-link")
    assert visible.is_visible() and visible.evaluate("a => a.href") == living_site + "topics/gaba/feed.xml"
    response = page.request.get(living_site + "topics/gaba/feed.xml")
    assert response.ok and "<feed" in response.text() and "Beta on ketamine" in response.text()
