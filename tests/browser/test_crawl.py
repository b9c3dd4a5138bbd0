"""A crawl of the hosted site under /repo/: every internal link and asset resolves, anchors too.

No browser needed: links are read from the HTML as served, and resolved the way a browser does,
against the page's URL under the sub-path. A link to ``/assets/...`` would leave /repo/ and is
reported as broken, as it would be on GitHub Pages.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

LINKING = {("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("source", "src"), ("iframe", "src")}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                self.ids.add(value)
            if (tag, name) in LINKING and value:
                self.links.append(value)


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        return error.code, "", b""


def crawl(start: str) -> tuple[list[str], int]:
    """Broken links as "page -> link (why)", and how many URLs were checked."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(start))
    pages: dict[str, _Page | None] = {}
    queue: deque[tuple[str, str]] = deque([(start, start)])
    broken: list[str] = []
    anchors: list[tuple[str, str, str, str]] = []
    while queue:
        url, came_from = queue.popleft()
        if url in pages:
            continue
        status, kind, body = fetch(url)
        pages[url] = None
        if status != 200:
            broken.append(f"{came_from} -> {url} (HTTP {status})")
            continue
        if kind == "text/html":
            page = _Page()
            page.feed(body.decode("utf-8"))
            pages[url] = page
            for link in page.links:
                target = urljoin(url, link)
                if not target.startswith(origin):
                    continue  # links out of the site (DOIs, PubMed) are not ours to check here
                bare, fragment = urldefrag(target)
                if not bare.startswith(start):
                    broken.append(f"{url} -> {link} (outside {start})")
                    continue
                if fragment:
                    anchors.append((url, link, bare, fragment))
                queue.append((bare, url))
    for url, link, bare, fragment in anchors:
        linked = pages.get(bare)
        if linked is not None and fragment not in linked.ids:
            broken.append(f"{url} -> {link} (no id {fragment!r})")
    return broken, len(pages)


def test_crawl_under_the_sub_path_finds_no_broken_link(hosted_site: str) -> None:
    broken, checked = crawl(hosted_site)
    assert checked > 30
    assert broken == []
