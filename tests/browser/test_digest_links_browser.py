"""A digest's figure and its link to another entry, written relative to the digest's file, as a reader
meets them: Chromium shows the figure and follows the link on the hosted site (served under /repo/,
as GitHub Pages serves a project) and on the offline copy opened from file://."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser.conftest import SUB_PATH, serve
from conftest import build_site, copy_project
from test_digest_links import LINKS, png


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("links"))
    (root / "docs" / "assets" / "figure.png").write_bytes(png())
    digest = root / "docs" / "digests" / "berman2000.md"
    digest.write_text(digest.read_text(encoding="utf-8") + LINKS, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def hosted(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(build_site(project, strict=True).site, www / SUB_PATH)
    root_url, server = serve(www)
    yield f"{root_url}{SUB_PATH}/digests/berman2000/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def offline(project: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    site = tmp_path_factory.mktemp("offline") / "site-offline"
    shutil.copytree(build_site(project, strict=True, use_directory_urls=False).site, site)
    return (site / "digests" / "berman2000.html").as_uri()


@pytest.mark.parametrize("where", ["hosted", "offline"])
def test_the_figure_shows_and_the_link_leads_to_the_other_entry(where: str, page: Any, request: pytest.FixtureRequest) -> None:
    page.goto(request.getfixturevalue(where))
    page.wait_for_load_state("load")
    for alt in ("A figure", "Raw figure"):
        figure = page.locator(f'.digest-body img[alt="{alt}"]')
        assert figure.evaluate("img => img.complete && img.naturalWidth") == 3, alt
    page.locator(".digest-body a", has_text="the Zarate trial").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("zarate2006/#digest" if where == "hosted" else "zarate2006.html#digest")
    assert "zarate2006" in page.locator(".digest-entry").get_attribute("data-key")
    assert page.watched.errors == []
