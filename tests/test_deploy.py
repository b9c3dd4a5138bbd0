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

from conftest import copy_project


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

    # `make deploy`: the offline zip is put into site/ first (`make offline-zip`), and the deploy
    # rebuilds with --dirty so as not to wipe it (--no-strict only because MkDocs warns about
    # --dirty itself; `make build` checked the content strictly just before).
    download = project / "site" / "download"
    download.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(download / "digests-offline.zip", "w") as archive:
        archive.writestr("site-offline/index.html", "<!doctype html><title>offline</title>")
    gh_deploy("--dirty", "--no-strict")

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

    from digest import cli, sitesize

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
