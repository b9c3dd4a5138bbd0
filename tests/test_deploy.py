"""`mkdocs gh-deploy` (as `make deploy` runs it) publishes the site to a gh-pages branch.

Tested against a local bare repository standing in for GitHub: the project is committed into a
fresh repository whose ``origin`` is the bare one, and the CLI is run as a reader would run it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from conftest import build_site, copy_project
from digest.publish import offlinezip


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def test_gh_deploy_pushes_the_site_with_the_offline_zip(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    git(project, "init", "--quiet", "-b", "main")
    git(project, "config", "user.name", "Deploy Test")
    git(project, "config", "user.email", "deploy@example.org")
    git(project, "config", "commit.gpgsign", "false")
    git(project, "add", ".")
    git(project, "commit", "--quiet", "-m", "site")
    git(project, "remote", "add", "origin", str(remote))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_TERMINAL_PROMPT": "0"}
    env.pop("SITE_URL", None)

    def gh_deploy(*args: str) -> None:
        run = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--remote-name", "origin",
                              "--message", "Deploy {sha} with MkDocs {version}", *args],
                             cwd=project, env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr

    # Plain `mkdocs gh-deploy`: a clean, strict build pushed to gh-pages.
    gh_deploy()
    assert "index.html" in git(remote, "ls-tree", "--name-only", "gh-pages").split()

    # `make deploy`: gh-deploy builds with OFFLINE_ZIP naming the zip `make offline-zip` made, and the
    # build puts it into the site (it is under 50 MB).
    offline = tmp_path / "offline" / "site-offline"
    offline.mkdir(parents=True)
    (offline / "index.html").write_text("<!doctype html><title>offline</title>", encoding="utf-8")
    packed = project / "dist" / "digests-offline.zip"
    offlinezip.write_zip(offline, packed)
    env["OFFLINE_ZIP"] = str(packed)
    gh_deploy("--strict")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    git(remote, "--work-tree", str(checkout), "checkout", "gh-pages", "--", ".")
    with zipfile.ZipFile(checkout / "download" / "digests-offline.zip") as archive:
        assert archive.namelist() == ["site-offline/index.html"]
    assert 'href="download/digests-offline.zip" download data-offline-zip' in (checkout / "index.html").read_text("utf-8")

    published = set(git(remote, "ls-tree", "-r", "--name-only", "gh-pages").split())
    assert {".nojekyll", "index.html", "404.html", "sitemap.xml", "feed.xml", "assets/search/index.js",
            "digests/berman2000/index.html", "topics/ketamine/index.html", "download/digests-offline.zip"} <= published
    head = git(project, "rev-parse", "--short", "HEAD").strip()
    assert git(remote, "rev-list", "--count", "gh-pages").strip() == "2"
    assert git(remote, "log", "-1", "--format=%s", "gh-pages").strip().startswith(f"Deploy {head} with MkDocs")
    assert git(remote, "log", "-1", "--format=%an <%ae>", "gh-pages").strip() == "Deploy Test <deploy@example.org>"


def test_site_size_names_the_largest_parts_and_guards_the_limits(tmp_path: Path) -> None:
    """`make site-size` (run by `make deploy` and the Pages workflow before the upload)."""
    import io

    from digest.commands import cli
    from digest.publish import sitesize

    site = tmp_path / "site"
    (site / "exports" / "topics").mkdir(parents=True)
    (site / "exports" / "topics" / "big.bib").write_bytes(b"x" * 3 * sitesize.MB)
    (site / "index.html").write_bytes(b"<p>small</p>")
    out = io.StringIO()
    assert cli.site_size(site, out=out) == 0
    assert "site: 3.0 MB in 2 files" in out.getvalue()
    assert "  exports/topics: 3.0 MB" in out.getvalue()
    out = io.StringIO()
    assert cli.site_size(site, limit=2 * sitesize.MB, out=out) == 1
    assert "error: the site is 3 MB, over the 2 MB GitHub Pages serves" in out.getvalue()
    lines, ok = sitesize.report(sitesize.measure(site), file_limit=sitesize.MB)
    assert not ok and any("exports/topics/big.bib is 3 MB, over the 1 MB GitHub takes for one file" in line for line in lines)


def test_offline_zip_is_deterministic_and_leaves_out_source_maps(tmp_path: Path) -> None:
    folder = tmp_path / "site-offline"
    (folder / "assets").mkdir(parents=True)
    (folder / "index.html").write_text("<p>" + "digest " * 2000, encoding="utf-8")
    (folder / "assets" / "bundle.js").write_text("var a;", encoding="utf-8")
    (folder / "assets" / "bundle.js.map").write_text("{}", encoding="utf-8")
    first = offlinezip.write_zip(folder, tmp_path / "a.zip")
    (folder / "index.html").touch()
    offlinezip.write_zip(folder, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == ["site-offline/assets/bundle.js", "site-offline/index.html"]
        assert archive.getinfo("site-offline/index.html").compress_type == zipfile.ZIP_DEFLATED
    assert first < 14000 / 10


def test_an_offline_zip_past_the_file_limit_is_linked_as_a_release_asset(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  caplog: pytest.LogCaptureFixture) -> None:
    """Past 50 MB a file (here: past a limit made small), the zip stays out of the site and the footer
    links to OFFLINE_ZIP_URL; without that URL the build stops and says what to do."""
    project = copy_project(tmp_path)
    packed = tmp_path / "digests-offline.zip"
    packed.write_bytes(b"PK" + b"x" * 4000)
    monkeypatch.setattr(offlinezip, "IN_SITE_LIMIT", 1000)
    url = "https://github.com/example/digests/releases/download/offline-copy/digests-offline.zip"
    built = build_site(project, env={"OFFLINE_ZIP": str(packed), "OFFLINE_ZIP_URL": url})
    assert not (built.site / "download").exists()
    assert f'<a href="{url}" download data-offline-zip>' in built.page("digests/")
    with pytest.raises(Abort):
        build_site(project, env={"OFFLINE_ZIP": str(packed), "OFFLINE_ZIP_URL": ""})
    assert "digests-offline.zip is 4 KB, over the 1 KB a file of the site may be; set OFFLINE_ZIP_URL" in caplog.text
    monkeypatch.undo()
    built = build_site(project, env={"OFFLINE_ZIP": str(packed), "OFFLINE_ZIP_URL": url})
    assert (built.site / "download" / "digests-offline.zip").read_bytes() == packed.read_bytes()
    footer = " ".join(built.page("digests/").split())  # the theme's templates are unindented (site/compact.py)
    assert 'href="../download/digests-offline.zip" download data-offline-zip>Download the whole site</a> (4 KB zip)' in footer
    built = build_site(project)  # `make build`: no zip made, no link to one
    assert "data-offline-zip" not in built.page("digests/")
