"""Session fixtures for the browser tests: Debian's Chromium, the hosted site, the offline site.

Playwright's own browser download does not work here, so the tests drive the Chromium that
``.ci/run`` installs from Debian. Where it is missing the tests skip loudly; in CI (``CI=true``)
a missing browser fails the run instead, so that CI can never pass without testing a browser.

The sites are built once per session, the way the Makefile builds them: ``hosted_site`` is
``make build`` served by a local HTTP server under the sub-path ``/repo/`` (as GitHub Pages
serves a project site), ``offline_site`` is ``make offline`` (``.html`` URLs), opened from
``file://``.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_project

CHROMIUM = os.environ.get("DIGEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # The network service inside the browser process, not a utility process of its own: twice in six
    # full runs (Debian's Chromium 156) the suite hung with that process gone, every Playwright call
    # waiting on a browser that could no longer open a page or a context.
    "--enable-features=NetworkServiceInProcess2",
]
SUB_PATH = "repo"
OFFLINE_ZIP = "download/digests-offline.zip"
"""Where `make offline-zip` puts the zip in the hosted site (the footer links to it)."""
OFFLINE_DIR = "site-offline"


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Path of Debian's Chromium; skip (fail in CI) with a loud message when it is missing."""
    found = CHROMIUM if Path(CHROMIUM).is_file() else shutil.which("chromium")
    if found:
        return found
    message = (f"\n\n*** BROWSER TESTS NOT RUN: no Chromium at {CHROMIUM} ***\n"
               "*** install it with `apt-get install chromium` (as .ci/run does) ***\n")
    if _in_ci():
        pytest.fail(message + "*** CI=true: a missing browser is a failure ***", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Any]:
    """One headless Chromium for the whole session (Playwright's sync API)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - requirements-dev.txt pins it
        if _in_ci():
            pytest.fail("playwright is not installed; `make test` installs requirements-dev.txt", pytrace=False)
        pytest.skip("\n\n*** BROWSER TESTS NOT RUN: python playwright is not installed ***\n")
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """A missing page gets the site's 404.html with status 404, as GitHub Pages answers: the one
        of the project the path is under (``/repo/404.html``), whatever the depth of the path."""
        page = self._not_found_page() if code == 404 else None
        if page is None:
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _not_found_page(self) -> Path | None:
        root = Path(self.directory)
        first = self.path.lstrip("/").split("/", 1)[0].split("?", 1)[0]
        candidates = ([root / first / "404.html"] if first else []) + [root / "404.html"]
        return next((c for c in candidates if c.is_file()), None)


def serve(folder: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    """Serve ``folder`` on 127.0.0.1 (a free port) from a daemon thread; returns its root URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def hosted_build(offline_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as `make offline-zip` builds it for the Pages workflow: the offline site
    zipped, then the site with directory URLs, which carries the zip; returns the site folder."""
    root = copy_project(tmp_path_factory.mktemp("hosted"))
    packed = pack_offline(offline_site, root / "dist" / "digests-offline.zip")
    return build_site(root, env={"OFFLINE_ZIP": str(packed)}).site


def pack_offline(offline: Path, zip_path: Path) -> Path:
    """Zip the offline site as `make offline-zip` does: one folder, ``site-offline/``, inside."""
    from digest.publish import offlinezip

    if offline.name == OFFLINE_DIR:
        offlinezip.write_zip(offline, zip_path)
        return zip_path
    packing = zip_path.parent / ".packing"  # a copy under the name the zip holds
    shutil.copytree(offline, packing / OFFLINE_DIR)
    offlinezip.write_zip(packing / OFFLINE_DIR, zip_path)
    shutil.rmtree(packing)
    return zip_path


@pytest.fixture(scope="session")
def hosted_site(hosted_build: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The hosted site served under ``/repo/``, as GitHub Pages serves a project; returns its URL.

    Like the Pages workflow (`make offline-zip`), it carries the zip of the offline site.
    """
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(hosted_build, www / SUB_PATH)
    root_url, server = serve(www)
    yield f"{root_url}{SUB_PATH}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project built as `make offline` builds it (``.html`` URLs); returns the site folder.

    Open ``(offline_site / "index.html").as_uri()``.
    """
    root = copy_project(tmp_path_factory.mktemp("offline"))
    return build_site(root, use_directory_urls=False).site


class Watched:
    """What went wrong on a page: console errors, uncaught exceptions, failed requests."""

    def __init__(self, page: Any) -> None:
        self.errors: list[str] = []
        page.on("console", lambda msg: self.errors.append(f"console: {msg.text}") if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))
        page.on("requestfailed", self._failed)
        page.on("response", lambda res: self.errors.append(f"HTTP {res.status}: {res.url}") if res.status >= 400 else None)

    def _failed(self, request: Any) -> None:
        # ERR_ABORTED: a request cut short because the page navigated away (the favicon, say).
        if "ERR_ABORTED" not in (request.failure or ""):
            self.errors.append(f"request failed: {request.url} ({request.failure})")


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    """A fresh browser context per test, allowed to use the clipboard."""
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    ctx.set_default_timeout(5000)
    yield ctx
    ctx.close()


@pytest.fixture
def page(context: Any) -> Any:
    """A page in its own context, with ``page.watched`` collecting what went wrong on it."""
    page = context.new_page()
    page.watched = Watched(page)
    return page


def search(page: Any, query: str) -> Any:
    """Type a query the way a reader does: "/" to focus the box, then real key events."""
    page.keyboard.press("/")
    page.keyboard.type(query)
    results = page.locator("[data-search-result]")
    results.first.wait_for(state="visible")
    return results
