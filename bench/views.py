"""What a reader's browser fetches: the first view of an entry page (cold cache) and a later view of
another page, bytes uncompressed, in Debian's Chromium (Playwright), from the built site served on
127.0.0.1 as GitHub Pages would serve it. `make bench` runs it on our published site and the floor's.

    .venv/bin/python bench/views.py site/ digests/<key>/ digests/<other>/

Files are served as GitHub Pages serves them (``Cache-Control: max-age=600``, no compression here, so
the bytes are the uncompressed size); what the browser takes from its cache is not counted.
A request for ``sitemap.xml`` is counted apart: Material fetches it on page views in some
configurations (a ``link[rel=alternate]``), and it grows with the site.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")


class _Pages(http.server.SimpleHTTPRequestHandler):
    """Files as GitHub Pages serves them: cached by the browser for ten minutes (``max-age=600``)."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


def views(site: Path, first: str, later: list[str]) -> dict[str, Any] | None:
    """{"first": bytes, "first_requests": n, "later": mean bytes of the later views, "sitemap": fetches};
    None where Chromium or Playwright is missing."""
    chromium = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if not chromium:
        return None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Pages, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    seen: list[tuple[str, int]] = []

    def finished(request: Any) -> None:
        response = request.response()
        if response is None or response.status != 200:
            return  # 304: not transferred again
        body = request.sizes()["responseBodySize"]  # 0 for what came from the browser's cache
        if body > 0:
            seen.append((request.url, body))

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_context().new_page()
            page.on("requestfinished", finished)
            page.goto(base + first, wait_until="networkidle")
            page.wait_for_timeout(1500)
            first_view = list(seen)
            later_views = []
            for path in later:
                seen.clear()
                page.goto(base + path, wait_until="networkidle")
                page.wait_for_timeout(300)
                later_views.append(list(seen))
            browser.close()
    finally:
        server.shutdown()
    every = [*first_view, *(r for view in later_views for r in view)]
    return {
        "first": sum(n for _, n in first_view), "first_requests": len(first_view),
        "later": sum(n for view in later_views for _, n in view) / max(1, len(later_views)),
        "sitemap": sum(1 for url, _ in every if url.split("?")[0].endswith(("sitemap.xml", "sitemap.xml.gz"))),
        "largest": max(first_view, key=lambda r: r[1]) if first_view else ("", 0),
    }


if __name__ == "__main__":
    print(views(Path(sys.argv[1]), sys.argv[2], sys.argv[3:]))
