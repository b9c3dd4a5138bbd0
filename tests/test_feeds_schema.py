"""Every Atom feed of a built site is valid against the Atom schema: RFC 4287's RELAX NG Compact schema
(tests/schemas/atom.rnc, Appendix B) checked by Jing, the RELAX NG validator inside vnu.jar, plus the
schema's two Schematron rules (an author for every entry, an alternate link), which RELAX NG leaves out.

The sample is the living review of tests/test_living_review.py (a git repository with dated commits) with
one more digest whose title, teaser, contributor and topic name are hostile, built without and with a
``site_url``: ``feed.xml``, ``changes/feed.xml`` and every ``topics/<slug>/feed.xml``. A broken feed is
refused, so the check can fail.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from tests.conftest import Built, build_site
from tests.test_html_valid import vnu  # noqa: F401 - the fixture: java and vnu.jar, or a loud skip
from tests.test_living_review import commit, make_repo, write

SCHEMA = Path(__file__).parent / "schemas" / "atom.rnc"
JING = "nu.validator.vendor.thaiopensource.relaxng.util.Driver"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script> ]]> & \"quotes\" \u2028 end"
QUOTED = "'" + HOSTILE.replace("'", "''") + "'"
HOSTILE_BIB = ("@article{delta2023,\n  author = {Fourth, Dee},\n  title = {"
               + HOSTILE.replace("&", "\\&") + " \x01\x1f " + "long " * 2000
               + "},\n  journal = {J},\n  year = {2023}\n}\n")
HOSTILE_DIGEST = f"---\ntopics: [gaba, hostile]\ndate: 2024-05-01\ncontributors: [{QUOTED}]\nteaser: {QUOTED}\n---\nDelta.\n"


@pytest.fixture(scope="module", params=["", "https://example.org/living/"], ids=["relative", "site_url"])
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    repo = make_repo(tmp_path_factory.mktemp("feeds-schema") / "repo")
    topics = (repo / "bib" / "topics.yml").read_text(encoding="utf-8")
    write(repo, "bib/topics.yml", topics + "hostile:\n  name: '<b>Bold</b> ]]> &amp;'\n  description: Hostile.\n")
    write(repo, "bib/more.bib", HOSTILE_BIB)
    write(repo, "docs/digests/delta2023.md", HOSTILE_DIGEST)
    commit(repo, "Add <delta> ]]>", "2024-05-02T09:00:00Z")
    built = build_site(repo, site_url=request.param)
    return built


def feeds(site: Path) -> list[Path]:
    found = [site / "feed.xml", site / "changes" / "feed.xml", *sorted((site / "topics").glob("*/feed.xml"))]
    assert len(found) == 5 and all(f.is_file() for f in found), found  # main, changelog, gaba, ketamine, hostile
    return found


def jing(command: list[str], files: list[Path]) -> subprocess.CompletedProcess[str]:
    java, _, jar = command
    return subprocess.run([java, "-cp", jar, JING, "-c", str(SCHEMA), *map(str, files)],
                          capture_output=True, text=True, timeout=120, check=False)


def test_every_feed_is_valid_against_the_atom_schema(site: Built, vnu: list[str]) -> None:  # noqa: F811
    done = jing(vnu, feeds(site.site))
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""


def test_every_feed_keeps_the_schematron_rules(site: Built) -> None:
    for feed in feeds(site.site):
        root = ET.parse(feed).getroot()
        has_author = root.find(f"{ATOM}author") is not None
        for entry in root.findall(f"{ATOM}entry"):
            rels = [link.get("rel", "alternate") for link in entry.findall(f"{ATOM}link")]
            assert "alternate" in rels or entry.find(f"{ATOM}content") is not None, feed
            assert has_author or entry.find(f"{ATOM}author") is not None, feed


def test_hostile_text_is_text_in_every_feed(site: Built) -> None:
    gaba = ET.parse(site.site / "topics" / "gaba" / "feed.xml").getroot()
    titles = [e.findtext(f"{ATOM}title") or "" for e in gaba.findall(f"{ATOM}entry")]
    assert titles[0].startswith("<script>alert(1)</script> ]]> & \"quotes\"")  # text to a reader, not markup
    hostile = ET.parse(site.site / "topics" / "hostile" / "feed.xml").getroot()
    assert "<b>Bold</b> ]]> &amp;" in (hostile.findtext(f"{ATOM}title") or "")
    for feed in feeds(site.site):
        raw = feed.read_text(encoding="utf-8")
        assert "<script>" not in raw and "\x01" not in raw


def test_a_broken_feed_is_refused(site: Built, vnu: list[str], tmp_path: Path) -> None:  # noqa: F811
    source = (site.site / "topics" / "gaba" / "feed.xml").read_text(encoding="utf-8")
    broken = {
        "no-id": source.replace("<id>", "<!--", 1).replace("</id>", "-->", 1),
        "bad-date": source.replace("<updated>2024", "<updated>2024-13", 1),
        "no-href": source.replace('href="', 'hreff="', 1),
        "unknown-atom-element": source.replace("<title>", "<headline>x</headline><title>", 1),
    }
    for name, text in broken.items():
        assert text != source, name
        path = tmp_path / f"{name}.xml"
        path.write_text(text, encoding="utf-8")
        done = jing(vnu, [path])
        assert done.returncode != 0 and f"{path}:" in done.stdout, (name, done.stdout)
