"""A living review, built from a small git repository made here (commits with set dates): entry pages show
first published / last revised / revisions, "What changed" and its feed list a new digest, a revision and a
retraction, every topic has a valid Atom feed with ids that outlive a new ``site_url``; a shallow clone and
a project without git still build, with one info line."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import ROOT, build_site

ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE_NOTE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
MKDOCS_YML = """site_name: Living sample
repo_url: https://github.com/example/living
theme:
  name: material
  font: false
  custom_dir: overrides
plugins: []
hooks:
  - hooks/digest_hooks.py
extra:
  digest:
    bib_dir: bib
    topics_file: bib/topics.yml
"""
TOPICS = """gaba:
  name: GABA
  description: Inhibitory.
ketamine:
  name: Ketamine
  description: A drug.
"""


def record(key: str, author: str, title: str) -> str:
    fields = f"author = {{{author}}}, title = {{{title}}}, journal = {{J}}, year = {{{key[-4:]}}}"
    return f"@article{{{key},\n  {fields}\n}}\n"


BIB = {"alpha2020": record("alpha2020", "First, Anna", "Alpha and GABA"),
       "beta2021": record("beta2021", "Second, Bob", "Beta on ketamine"),
       "gamma2022": record("gamma2022", "Third, Cy", "Gamma without a digest")}


def digest(topics: str, body: str, changes: str = "") -> str:
    return f"---\ntopics: [{topics}]\ndate: 2024-01-01\ncontributors: [A. Reader]\nteaser: One line.\n{changes}---\n{body}\n"


def git(root: Path, *args: str, when: str = "2024-01-01T12:00:00Z") -> str:
    env = {**os.environ, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_NAME": "T",
           "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"}
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str, when: str) -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", message, when=when)


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def make_repo(root: Path) -> Path:
    """Four commits: alpha published (Jan), beta and gamma's record (Feb), beta revised with a note (Mar),
    alpha retracted (Apr)."""
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    write(root, "mkdocs.yml", MKDOCS_YML)
    for shared in ("hooks", "overrides"):
        shutil.copytree(ROOT / shared, root / shared, ignore=shutil.ignore_patterns("__pycache__"))
    write(root, "bib/topics.yml", TOPICS)
    write(root, "bib/refs.bib", BIB["alpha2020"] + "\n" + BIB["beta2021"])
    write(root, "docs/index.md", "# Living\n")
    write(root, "docs/digests/alpha2020.md", digest("gaba", "Alpha."))
    commit(root, "Add alpha", "2024-01-10T09:00:00Z")
    write(root, "docs/digests/beta2021.md", digest("ketamine, gaba", "Beta."))
    write(root, "bib/refs.bib", BIB["alpha2020"] + "\n" + BIB["beta2021"] + "\n" + BIB["gamma2022"])
    commit(root, "Add beta; add gamma's record", "2024-02-10T09:00:00Z")
    changes = f"changes:\n  - date: 2024-03-01\n    what: [facts, conclusion]\n    note: '{HOSTILE_NOTE}'\n"
    write(root, "docs/digests/beta2021.md", digest("ketamine, gaba", "Beta, revised.", changes))
    commit(root, "Revise beta\n\n<b>body</b>", "2024-03-05T09:00:00Z")
    status = "alpha2020:\n  status: retracted\n  notice: 10.1000/retraction\n  date: 2024-04-02\n  source: Crossref\n"
    write(root, "bib/status.yml", status)
    commit(root, "Alpha retracted", "2024-04-02T09:00:00Z")
    return root


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_repo(tmp_path_factory.mktemp("living") / "repo")


@pytest.fixture(scope="module")
def built(repo: Path):  # type: ignore[no-untyped-def]
    return build_site(repo, strict=True)


def test_entry_page_shows_its_history_from_git(built) -> None:  # type: ignore[no-untyped-def]
    page = built.page("digests/beta2021/")
    assert 'First published <time datetime="2024-02-10">2024-02-10</time>; last revised <time datetime="2024-03-05">' in page
    assert "1 revision" in page
    assert 'href="https://github.com/example/living/commits/HEAD/docs/digests/beta2021.md"' in page
    assert "changed the study facts and the conclusion" in page
    assert "<script>alert(1)" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    alpha = built.page("digests/alpha2020/")
    assert 'First published <time datetime="2024-01-10">' in alpha and "revision" not in alpha.split("digest-history")[1][:200]
    assert built.warnings == []


def test_what_changed_lists_new_revised_added_and_retracted(built) -> None:  # type: ignore[no-untyped-def]
    page = built.page("changes/")
    items = page.split('<ul class="digest-changes">')[1].split("</ul>")[0]
    order = [line.split("<strong>")[1].split("</strong>")[0] + ":" + line.split('href="')[1].split('"')[0]
             for line in items.splitlines() if "<strong>" in line]
    assert order == ["Retracted:../digests/alpha2020/", "Revised digest:../digests/beta2021/",
                     "New digest:../digests/beta2021/", "Added without a digest:../digests/gamma2022/",
                     "New digest:../digests/alpha2020/"]
    assert "&lt;img src=x onerror" in items and "<img src=x" not in items


def entries(feed: str) -> list[ET.Element]:
    return ET.fromstring(feed).findall(f"{ATOM}entry")


def test_changelog_feed_holds_the_same_events(built) -> None:  # type: ignore[no-untyped-def]
    found = entries((built.site / "changes/feed.xml").read_text(encoding="utf-8"))
    titles = [e.findtext(f"{ATOM}title") for e in found]
    assert titles[:3] == ["Retracted: Alpha and GABA", "Revised digest: Beta on ketamine", "New digest: Beta on ketamine"]
    assert HOSTILE_NOTE in (found[1].findtext(f"{ATOM}summary") or "")  # text, escaped by the XML writer


def test_every_topic_has_a_feed_linked_from_its_page(built) -> None:  # type: ignore[no-untyped-def]
    for slug in ("gaba", "ketamine"):
        page = built.page(f"topics/{slug}/")
        assert '<link rel="alternate feed" type="application/atom+xml" title="Living sample: ' in page
        assert 'href="feed.xml"' in page and "Follow this topic (Atom feed)" in page
        assert entries((built.site / f"topics/{slug}/feed.xml").read_text(encoding="utf-8"))
    gaba = entries((built.site / "topics/gaba/feed.xml").read_text(encoding="utf-8"))
    assert [e.findtext(f"{ATOM}title") for e in gaba] == ["Beta on ketamine", "Alpha and GABA"]
    assert gaba[0].findtext(f"{ATOM}updated") == "2024-03-05T00:00:00Z"
    assert gaba[0].findtext(f"{ATOM}published") == "2024-02-10T00:00:00Z"
    assert gaba[0].find(f"{ATOM}link").get("href") == "../../digests/beta2021/"  # type: ignore[union-attr]


def test_feed_ids_do_not_change_when_site_url_is_set(repo: Path, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = {p: [e.findtext(f"{ATOM}id") for e in entries((built.site / p).read_text(encoding="utf-8"))]
              for p in ("topics/gaba/feed.xml", "changes/feed.xml")}
    copy = tmp_path / "copy"
    shutil.copytree(repo, copy, ignore=shutil.ignore_patterns("site"))
    hosted = build_site(copy, strict=True, site_url="https://example.org/living/")
    for path, ids in before.items():
        feed = (hosted.site / path).read_text(encoding="utf-8")
        assert [e.findtext(f"{ATOM}id") for e in entries(feed)] == ids
        assert all(i and i.startswith("urn:uuid:") for i in ids)
        assert "https://example.org/living/digests/" in feed
    assert hosted.warnings == []


def test_a_shallow_clone_builds_from_front_matter_dates(repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)], check=True, capture_output=True)
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.digest"):
        built = build_site(clone, strict=True)
    notes = [r.getMessage() for r in caplog.records if "digest history" in r.getMessage()]
    assert len(notes) == 1 and "shallow clone" in notes[0]
    assert built.warnings == []
    page = built.page("digests/beta2021/")
    assert 'First published <time datetime="2024-01-01">' in page and "dates from the digest's front matter" in page
    assert "changed the study facts and the conclusion" in page  # the changes: note still marks the revision
    assert "github.com/example/living/commits" not in page


def test_without_git_the_site_builds(repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(repo, plain, ignore=shutil.ignore_patterns(".git", "site"))
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.digest"):
        built = build_site(plain, strict=True)
    notes = [r.getMessage() for r in caplog.records if "digest history" in r.getMessage()]
    assert len(notes) == 1 and "not in a git repository" in notes[0]
    assert "Retracted" in built.page("changes/")


def counting_git(folder: Path) -> tuple[dict[str, str], Path]:
    """A `git` first on PATH that logs each command it runs (then runs the real git): the environment
    to build with, and the log."""
    calls = folder / "calls.txt"
    wrapper = folder / "bin" / "git"
    wrapper.parent.mkdir(parents=True)
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> "{calls}"\nexec {shutil.which("git")} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    return {"PATH": f"{wrapper.parent}{os.pathsep}{os.environ.get('PATH', '')}"}, calls


def logs_read(calls: Path) -> int:
    return sum(1 for line in calls.read_text(encoding="utf-8").splitlines() if "log" in line.split()) if calls.exists() else 0


def test_rebuilds_read_the_git_log_again_only_after_a_new_commit(tmp_path: Path) -> None:
    # Rebuilds of one process, as `mkdocs serve` runs them: the history is kept by HEAD's commit.
    repo = make_repo(tmp_path / "repo")
    env, calls = counting_git(tmp_path)
    build_site(repo, strict=True, env=env)
    assert logs_read(calls) == 2  # the digests folder and the BibTeX folder, once each
    write(repo, "docs/digests/gamma2022.md", digest("gaba", "Gamma, not committed yet."))
    again = build_site(repo, strict=True, env=env)
    assert logs_read(calls) == 2, calls.read_text(encoding="utf-8")  # HEAD unchanged: no git log
    assert "rev-parse" in calls.read_text(encoding="utf-8").splitlines()[-1].split()
    assert 'First published <time datetime="2024-01-01">' in again.page("digests/gamma2022/")  # its front matter's
    assert "1 revision" in again.page("digests/beta2021/")
    write(repo, "docs/digests/beta2021.md", digest("ketamine, gaba", "Beta, revised twice."))
    commit(repo, "Revise beta again; add gamma", "2024-06-01T09:00:00Z")
    after = build_site(repo, strict=True, env=env)
    assert logs_read(calls) == 4  # a new commit: read again
    assert "2 revisions" in after.page("digests/beta2021/")
    assert 'First published <time datetime="2024-06-01">' in after.page("digests/gamma2022/")


def test_a_repository_with_no_commit_yet_builds_and_says_so(repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(repo, fresh, ignore=shutil.ignore_patterns(".git", "site"))
    git(fresh, "init", "-q", "-b", "main")
    with caplog.at_level(logging.INFO, logger="mkdocs.hooks.digest"):
        built = build_site(fresh, strict=True)
    notes = [r.getMessage() for r in caplog.records if "digest history" in r.getMessage()]
    assert len(notes) == 1 and "no commit yet" in notes[0], notes
    assert 'First published <time datetime="2024-01-01">' in built.page("digests/beta2021/")


class NavLinks(HTMLParser):
    """The links of a page's main nav (Material's ``md-nav--primary``): (href, text), in order."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text = ""
        self.feed(page.split("md-nav--primary", 1)[1].split("md-sidebar--secondary", 1)[0])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "md-nav__link" in (found.get("class") or ""):
            self._href, self._text = found.get("href") or "", ""

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join(self._text.split())))
            self._href = None


def test_what_changed_is_in_the_nav_of_a_site_without_nav(built) -> None:  # type: ignore[no-untyped-def]
    assert ("changes/", "What changed") in NavLinks(built.page("")).links


STUDY = "study:\n  design: rct\n  species: human\n  participants: 18\n"
NAV = "nav:\n  - Home: index.md\n  - Digests: digests/index.md\n  - Topics: topics/index.md\n  - About: about.md\n"


@pytest.mark.parametrize("study", [True, False], ids=["with-evidence", "no-study"])
def test_an_explicit_nav_gets_what_changed_and_evidence_after_its_generated_pages(
        repo: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture, study: bool) -> None:
    site = tmp_path / "nav"
    shutil.copytree(repo, site, ignore=shutil.ignore_patterns("site"))
    write(site, "mkdocs.yml", MKDOCS_YML + NAV)
    write(site, "docs/about.md", "# About\n")
    if study:
        write(site, "docs/digests/alpha2020.md", digest("gaba", "Alpha.", STUDY))
    with caplog.at_level(logging.INFO, logger="mkdocs"):
        built = build_site(site, strict=True)
    assert built.warnings == []
    omitted = [r.getMessage() for r in caplog.records if "not included in the \"nav\"" in r.getMessage()]
    assert not [m for m in omitted if "changes/" in m or "evidence/" in m], omitted
    added = [("../evidence/", "Evidence")] if study else []
    assert NavLinks(built.page("changes/")).links == [
        ("..", "Home"), ("../digests/", "Digests"), ("../topics/", "Topics"), *added,
        ("./", "What changed"), ("../about/", "About")]
