"""The Content-Security-Policy (hooks/digest/csp.py): the site works under it, hosted and from file://,
and it stops what it is there to stop: an inline event handler or a javascript: link that reached a page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import search, serve

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


@pytest.mark.parametrize("where", ["hosted", "file"])
def test_script_that_slipped_into_a_page_does_not_run(where: str, page: Any, hosted_build: Path, offline_site: Path,
                                                     tmp_path: Path) -> None:
    """What the policy is for: were a handler or a script link to get past the sanitizer, it stays inert."""
    site = shutil.copytree(hosted_build if where == "hosted" else offline_site, tmp_path / "site")
    target = site / ("digests/lener2016/index.html" if where == "hosted" else "digests/lener2016.html")
    html = target.read_text(encoding="utf-8")
    target.write_text(re.sub(r"(<h1>)", INJECTED + r"\1", html, count=1), encoding="utf-8")
    if where == "hosted":
        root, server = serve(site)
        url = f"{root}digests/lener2016/"
    else:
        server, url = None, target.as_uri()
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
