"""`make serve` as a contributor meets it: Chromium holds a digest open, the digest is saved, and the page
shows the edit by itself, under the site's own Content-Security-Policy (hosted at the root and under a
sub-path). The policy of a served page trusts exactly the live-reload script MkDocs injected; a built site
keeps its policy unchanged (hooks/digest/site/livereload.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_site, fetch_text, free_port

POLICY = 'http-equiv="Content-Security-Policy" content="'




def _policy(html: str) -> str:
    start = html.index(POLICY) + len(POLICY)
    return html[start:html.index('"', start)]


class Served:
    """`mkdocs serve --dirty --no-strict` (as `make serve` runs it) on a copy of a sample project."""

    def __init__(self, root: Path, sub_path: str) -> None:
        self.root = root
        port = free_port()
        if sub_path:
            config = root / "mkdocs.yml"
            config.write_text(f"site_url: http://127.0.0.1:{port}/{sub_path}/\n" + config.read_text(encoding="utf-8"),
                              encoding="utf-8")
        self.base = f"http://127.0.0.1:{port}/{sub_path + '/' if sub_path else ''}"
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"]
        self.process = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while "Ketamine and glutamate" not in fetch_text(self.url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Ketamine and glutamate" in fetch_text(self.url), "the server did not come up"

    @property
    def url(self) -> str:
        return f"{self.base}digests/one2020/"

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture(params=["", "repo"], ids=["root", "sub-path"])
def served(request: Any, tmp_path: Path) -> Iterator[Served]:
    server = Served(copy_site("clean", tmp_path), request.param)
    yield server
    server.stop()


def test_a_saved_digest_shows_by_itself(served: Served, page: Any) -> None:
    violations: list[str] = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.goto(served.url)
    page.wait_for_load_state("load")
    digest = served.root / "docs" / "digests" / "one2020.md"
    saved = time.monotonic()
    digest.write_text(digest.read_text(encoding="utf-8") + "\nAn edited sentence, shown by itself.\n", encoding="utf-8")
    page.get_by_text("An edited sentence, shown by itself.").wait_for(timeout=10_000)
    print(f"\nlive reload ({served.base}): the edit shown {time.monotonic() - saved:.2f} s after saving")
    assert violations == []


def test_only_the_injected_script_is_trusted_and_a_build_keeps_its_policy(served: Served, tmp_path: Path) -> None:
    served_policy = _policy(fetch_text(served.url))
    built = build_site(copy_site("clean", tmp_path / "built")).site
    built_policy = _policy((built / "digests" / "one2020" / "index.html").read_text(encoding="utf-8"))
    for policy in (served_policy, built_policy):
        assert "unsafe" not in policy.split("script-src", 1)[1].split(";", 1)[0]
    extra = set(served_policy.split()) - set(built_policy.split())
    assert len(extra) == 1 and next(iter(extra)).startswith("'sha256-")  # the one script MkDocs injected
    assert set(built_policy.split()) <= set(served_policy.split())


def test_a_page_shown_before_a_slow_rebuild_is_reloaded_again_when_the_rebuild_changes_it(tmp_path: Path, page: Any) -> None:
    """The edit shows at once (made from the last build, site/early.py); the rebuild, slowed to what
    tens of thousands of entries take, then finds a problem in it: the open page reloads again by
    itself and shows the problem."""
    from tests.test_serve import slow_rebuilds

    root = copy_site("clean", tmp_path)
    slow_rebuilds(root)
    served = Served(root, "")
    try:
        page.goto(served.url)
        page.wait_for_load_state("load")
        digest = root / "docs" / "digests" / "one2020.md"
        saved = time.monotonic()
        digest.write_text(digest.read_text(encoding="utf-8") + "\nShown early <script>alert(1)</script> here.\n",
                          encoding="utf-8")
        page.get_by_text("Shown early").wait_for(timeout=5_000)
        print(f"\nlive reload, a rebuild of 8 s: the edit shown {time.monotonic() - saved:.2f} s after saving")
        assert page.locator(".digest-problems").count() == 0, "the problems come with the rebuild"
        page.locator(".digest-problems").wait_for(timeout=30_000)
        assert "unsafe HTML removed" in page.locator(".digest-problems").inner_text()
        print(f"live reload: the rebuild's page shown {time.monotonic() - saved:.2f} s after saving")
    finally:
        served.stop()
