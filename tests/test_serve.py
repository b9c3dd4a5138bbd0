"""`make serve` live reload: the hook asks the server to watch bib/ and the topic vocabulary too."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from mkdocs.config import load_config

from conftest import copy_site, fetch_text, free_port


class _Server:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)

    def _inject_js_into_html(self, content: bytes, epoch: int) -> bytes:
        return content.replace(b"</body>", b"<script>livereload(%d, 1);</script></body>" % epoch)


def test_serve_watches_bib_and_topics(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    config = load_config(str(root / "mkdocs.yml"))
    config.plugins.on_config(config)
    server = _Server()
    config.plugins.on_serve(server, config=config, builder=lambda: None)
    config.plugins.on_post_build(config=config)  # the end of a build: the hook gives the cycle collector back
    assert str(root / "bib") in server.watched
    assert str(root / "bib" / "topics.yml") in server.watched
    page = (b'<meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src \'self\'; '
            b'script-src \'self\' \'sha256-x\'; object-src \'none\'"></head><body></body>')
    served = server._inject_js_into_html(page, 7)  # the hook wrapped it: the policy trusts the injected script
    assert b"script-src 'self' 'sha256-" in served and b"'sha256-x'" in served and b"livereload(7, 1)" in served
    assert served.count(b"sha256-") == 2


def _dirty_build(root: Path, site: Path) -> None:
    from mkdocs.commands.build import build

    config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=False)
    build(config, serve_url="http://127.0.0.1:8000/", dirty=True)


def _stamp(site: Path) -> dict[str, int]:
    return {str(p.relative_to(site)): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def test_a_dirty_rebuild_remakes_only_what_changed_and_matches_a_clean_build(tmp_path: Path) -> None:
    """`make serve` runs `mkdocs serve --dirty`: after one digest edit only the pages showing it are
    written again, the files of a deleted entry go, and every page is what a clean build makes."""
    import shutil

    from conftest import build_site

    root = copy_site("clean", tmp_path)
    site = tmp_path / "served"
    startup = load_config(str(root / "mkdocs.yml"), site_dir=str(site))
    startup.plugins.on_startup(command="serve", dirty=True)
    _dirty_build(root, site)
    before = _stamp(site)
    digest = root / "docs" / "digests" / "one2020.md"
    digest.write_text(digest.read_text(encoding="utf-8") + "\nAn edited sentence.\n", encoding="utf-8")
    _dirty_build(root, site)
    after = _stamp(site)
    changed = {path for path in after if after[path] != before.get(path)}
    assert "digests/one2020/index.html" in changed
    assert "An edited sentence." in (site / "digests" / "one2020" / "index.html").read_text(encoding="utf-8")
    assert "digests/two2010/index.html" not in changed  # shows nothing of one2020's body
    assert "topics/glutamate/index.html" not in changed

    # A copy elsewhere loads its own copy of the hook (MkDocs caches hooks by path): a plain build.
    clean = build_site(Path(shutil.copytree(root, tmp_path / "copy", ignore=shutil.ignore_patterns("site"))))
    for path in ("digests/one2020/index.html", "digests/two2010/index.html", "topics/index.html", "assets/search/index.js"):
        assert (site / path).read_text(encoding="utf-8") == (clean.site / path).read_text(encoding="utf-8"), path

    digest.unlink()
    bib = root / "bib" / "refs.bib"
    text = bib.read_text(encoding="utf-8")
    bib.write_text(text.replace("@article{one2020", "@article{renamed2020"), encoding="utf-8")
    _dirty_build(root, site)
    assert not (site / "digests" / "one2020" / "index.html").exists()
    assert (site / "digests" / "renamed2020" / "index.html").exists()




def test_make_serve_shows_an_edited_digest(tmp_path: Path) -> None:
    """`mkdocs serve --dirty --no-strict`, as `make serve` runs it: a saved edit reaches the served page,
    and a broken digest does not stop the server. Prints the time from saving to the new page."""
    root = copy_site("clean", tmp_path)
    with serving(root) as (server, url):
        digest = root / "docs" / "digests" / "one2020.md"
        for words in ("A first edited sentence.", "A second <script>alert(1)</script> edited sentence."):
            saved = time.monotonic()
            digest.write_text(digest.read_text(encoding="utf-8") + f"\n{words}\n", encoding="utf-8")
            shown = words.split(" <")[0]
            while shown not in fetch_text(url) and time.monotonic() < saved + 30:
                time.sleep(0.05)
            page = fetch_text(url)
            assert shown in page
            assert "<script>alert(1)" not in page
            print(f"\nmake serve: an edit of one digest shown {time.monotonic() - saved:.2f} s after saving")
        # The script was a content problem: the preview shows it on the page (once the whole site is
        # rebuilt: the edit itself may be shown before, site/early.py), and keeps serving.
        deadline = time.monotonic() + 30
        while 'class="digest-problems"' not in fetch_text(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        page = fetch_text(url)
        assert 'class="digest-problems" role="alert"' in page
        assert "docs/digests/one2020.md:" in page and "unsafe HTML removed: element &lt;script&gt;" in page
        digest.write_text("---\ntopics: [ketamine\n---\nBroken front matter.\n", encoding="utf-8")
        deadline = time.monotonic() + 30
        while "front matter is not valid YAML" not in fetch_text(url) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "front matter is not valid YAML" in fetch_text(url)
        assert server.poll() is None, "the server stopped"


@contextmanager
def serving(root: Path, output: IO[str] | None = None) -> Iterator[tuple[subprocess.Popen[Any], str]]:
    """`mkdocs serve --dirty --no-strict` on the sample project ``root`` as `make serve` runs it (its log
    into ``output``), once one2020's page is served: the server and that page's URL."""
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    command = [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "-a", f"127.0.0.1:{port}"]
    server = subprocess.Popen(command, cwd=root, env=env, stdout=output or subprocess.DEVNULL,
                              stderr=subprocess.STDOUT if output else subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/digests/one2020/"
    try:
        deadline = time.monotonic() + 60
        while "Ketamine and glutamate" not in fetch_text(url) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "Ketamine and glutamate" in fetch_text(url), "the server did not come up"
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=10)


def slow_rebuilds(root: Path) -> None:
    """The sample project ``root`` with a second hook that makes every rebuild after the first 8 s longer."""
    (root / "slow_hook.py").write_text(SLOW_REBUILD, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - hooks/digest_hooks.py\n",
                                                                 "  - hooks/digest_hooks.py\n  - slow_hook.py\n"),
                      encoding="utf-8")


SLOW_REBUILD = """import time

builds = 0


def on_post_build(config):
    # A library of tens of thousands of entries: every rebuild after the first takes seconds.
    global builds
    builds += 1
    if builds > 1:
        time.sleep(8)
"""


def test_an_edited_digest_is_shown_before_a_slow_rebuild_ends_and_the_rebuild_agrees(tmp_path: Path) -> None:
    """The entry's page is made from the last build with the new text and shown at once (site/early.py);
    the rebuild (slowed down here to what tens of thousands of entries take) then writes the same page."""
    root = copy_site("clean", tmp_path)
    slow_rebuilds(root)
    log = tmp_path / "serve.log"
    with log.open("w") as said, serving(root, said) as (server, url):
        digest = root / "docs" / "digests" / "one2020.md"
        saved = time.monotonic()
        digest.write_text(digest.read_text(encoding="utf-8") + "\nA sentence shown early.\n", encoding="utf-8")
        while "A sentence shown early." not in fetch_text(url) and time.monotonic() < saved + 30:
            time.sleep(0.05)
        shown = time.monotonic() - saved
        early_page = fetch_text(url)
        assert "A sentence shown early." in early_page
        print(f"\nmake serve, a rebuild of 8 s: the edit shown {shown:.2f} s after saving")
        assert shown < 5, "shown before the rebuild ended"
        while "Reloading browsers" not in log.read_text() and time.monotonic() < saved + 40:
            time.sleep(0.2)
        assert "digest: digests/one2020.md shown before the rebuild" in log.read_text()
        assert "Reloading browsers" in log.read_text(), "the rebuild ended"
        assert _as_written(fetch_text(url)) == _as_written(early_page), "the rebuild wrote the page that was shown"
        time.sleep(2)  # MkDocs' polling watcher has seen the save too by now: it asks for no second rebuild
        assert log.read_text().count("Detected file changes") == 1
        assert server.poll() is None


def _as_written(served: str) -> str:
    """A served page without what the server adds to each response: its live-reload script (an epoch
    and a request id) and that script's hash in the page's policy."""
    import re

    served = re.sub(r"<script>\s*var livereload.*?</script>", "", served, flags=re.S)
    return re.sub(r'(http-equiv="Content-Security-Policy" content=")[^"]*', r"\1", served)
