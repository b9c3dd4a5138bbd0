"""The Content-Security-Policy (hooks/digest/csp.py): the site works under it, hosted and from file://,
and it stops what it is there to stop: an inline event handler or a javascript: link that reached a page."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import search, serve
from conftest import build_site, copy_project

INJECTED = ('<img src="data:," onerror="window.__csp_failed = \'handler\'">'
            '<a id="csp-probe" href="javascript:window.__csp_failed=\'link\'">probe</a>')


def test_every_page_carries_the_policy_before_any_script(hosted_build: Path, offline_site: Path) -> None:
    for site in (hosted_build, offline_site):
        for path in site.rglob("*.html"):
            page = path.read_text(encoding="utf-8")
            policy = page.find('http-equiv="Content-Security-Policy"')
            assert policy != -1, path
            assert policy < page.find("<script"), path


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_the_site_runs_under_its_policy(where: str, page: Any, hosted_site: str, offline_site: Path) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    url = f"{hosted_site}digests/lener2016/" if where == "hosted" else (offline_site / "digests" / "lener2016.html").as_uri()
    page.goto(url)
    assert search(page, "ketamine").count() > 0
    assert page.evaluate("typeof window.__md_scope") == "object"  # Material's inline script ran (allowed by its hash)
    assert violations == []


def _injected(where: str, markup: str, hosted_build: Path, offline_site: Path, tmp_path: Path) -> tuple[str, Any]:
    """A copy of the built site (hosted, or offline for file://) with ``markup`` put into an entry page
    after the build, as if it had slipped through: the page's address and its server (None for file://)."""
    site = shutil.copytree(hosted_build if where == "hosted" else offline_site, tmp_path / "site")
    target = site / ("digests/lener2016/index.html" if where == "hosted" else "digests/lener2016.html")
    html = target.read_text(encoding="utf-8")
    target.write_text(html.replace("<h1>", markup + "<h1>", 1), encoding="utf-8")
    if where == "file":
        return target.as_uri(), None
    root, server = serve(site)
    return f"{root}digests/lener2016/", server


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_script_that_slipped_into_a_page_does_not_run(where: str, page: Any, hosted_build: Path, offline_site: Path,
                                                     tmp_path: Path) -> None:
    """What the policy is for: were a handler or a script link to get past the sanitizer, it stays inert."""
    url, server = _injected(where, INJECTED, hosted_build, offline_site, tmp_path)
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    try:
        page.goto(url)
        page.click("#csp-probe")
        page.wait_for_timeout(300)
        assert page.evaluate("window.__csp_failed === undefined")
        assert any("inline event handler" in text or "script-src" in text for text in blocked), blocked
    finally:
        if server:
            server.shutdown()
            server.server_close()


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_an_inline_script_injected_into_a_built_page_is_refused(where: str, page: Any, hosted_build: Path,
                                                                offline_site: Path, tmp_path: Path) -> None:
    """The policy's hashes come from the theme's templates, not from the page: a bare <script> put
    into the body after the build (as if it had slipped through) does not run; the theme's do."""
    url, server = _injected(where, "<script>window.__csp_failed = 'script'; alert(1)</script>", hosted_build, offline_site,
                            tmp_path)
    blocked: list[str] = []
    dialogs: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        page.goto(url)
        page.wait_for_timeout(300)
        assert page.evaluate("window.__csp_failed === undefined")
        assert dialogs == []
        assert any("inline script" in text and "script-src" in text for text in blocked), blocked
        assert len(blocked) == 1, blocked  # the injected one only: the theme's own inline scripts ran
        assert page.evaluate("typeof window.__md_scope") == "object"  # Material's scope script
        assert page.evaluate("'palette' in window")  # Material's palette script
        assert search(page, "ketamine").count() > 0
    finally:
        if server:
            server.shutdown()
            server.server_close()


def test_a_script_that_slipped_past_the_sanitizer_in_the_build_is_refused(page: Any, tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A digest's <script> that got past the sanitizer (here: the sanitizer switched off) is in the
    page when its policy is made: the policy still does not allow it, and the build says so."""
    from digest.markdown import sanitizer

    monkeypatch.setattr(sanitizer, "clean", lambda fragment, local=None: fragment)
    root = copy_project(tmp_path)
    digest = root / "docs" / "digests" / "lener2016.md"
    digest.write_text(digest.read_text(encoding="utf-8") + "\n\n<script>window.__csp_failed = 'script'</script>\n",
                      encoding="utf-8")
    built = build_site(root, use_directory_urls=False)
    assert any("refused by the Content-Security-Policy" in w and "lener2016" in w for w in built.warnings), built.warnings
    blocked: list[str] = []
    page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto((built.site / "digests" / "lener2016.html").as_uri())
    page.wait_for_timeout(300)
    assert page.evaluate("window.__csp_failed === undefined")
    assert len(blocked) == 1, blocked
    assert page.evaluate("typeof window.__md_scope") == "object" and page.evaluate("'palette' in window")


def test_images_come_from_the_site_only(hosted_build: Path) -> None:
    page = (hosted_build / "index.html").read_text(encoding="utf-8")
    assert "img-src 'self' data:;" in page
    assert "https:" not in page[page.find("Content-Security-Policy"):page.find("Content-Security-Policy") + 2000].split(">")[0]
