"""Small sample sites under tests/sites/, built in-process, asserted on HTML and exact warnings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import build_site, copy_site

MESSY_WARNINGS = [
    "bib/a.bib:24: entry has an empty key; give it a key such as firstauthorYEARword (shown for now as unnamed-a-24)",
    "bib/a.bib:28: BibTeX syntax error in the entry that starts at line 17: premature end of file; "
    "check its braces, quotes and commas (every { needs its }, fields end with a comma)",
    "bib/b.bib:1: duplicate key plain2019; it is already at bib/a.bib:9; "
    "give one of them another key or delete the copy",
    "docs/digests/evil2020.md:5: unknown front matter key `colour`; "
    "use only changes, contributors, date, full_text, study, teaser, topics",
    "docs/digests/nobody2000.md: digest for nobody2000, but no BibTeX entry has that key; "
    "add its BibTeX entry to bib/ with this key",
    "docs/digests/plain2019.md:3: front matter is not valid YAML: expected ',' or ']', but got ':'; "
    "fix the YAML between the two `---` lines (quote text that holds a colon)",
    "bib/topics.yml:5: topic gaba is related to unknown topic serotonn; add it to the vocabulary or fix the slug",
    "docs/digests/evil2020.md:2: unknown topic 'glutamat'; add it to the topic vocabulary or fix it (did you mean glutamate?)",
    "docs/index.md:3: citation [@plian2019] names no entry; did you mean @plain2019? Fix the key",
    "bib/a.bib:24: entry unnamed-a-24 (@article) has no journal or journaltitle; "
    "add `journal = {...}` to it (check the publisher's page)",
]


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_site(copy_site("messy", tmp_path_factory.mktemp("messy")))


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return build_site(copy_site("clean", tmp_path_factory.mktemp("clean")), strict=True)


def test_messy_site_reports_every_problem_with_file_and_line(messy) -> None:  # type: ignore[no-untyped-def]
    problems = [w for w in messy.warnings if not w.startswith("Doc file")]
    assert sorted(problems) == sorted(MESSY_WARNINGS)


def test_messy_site_still_builds_every_entry(messy) -> None:  # type: ignore[no-untyped-def]
    for key in ("evil2020", "plain2019", "broken2018", "unnamed-a-24"):
        assert (messy.site / "digests" / key / "index.html").exists(), key
    broken = messy.page("digests/broken2018/")
    assert "This record has a BibTeX error at bib/a.bib:17" in broken


def test_text_from_bibtex_and_front_matter_is_escaped(messy) -> None:  # type: ignore[no-untyped-def]
    for path in Path(messy.site).rglob("*.html"):
        page = path.read_text(encoding="utf-8")
        assert "<script>alert" not in page, path
        assert "<img src=x" not in page, path
        assert 'content="<' not in page, path
    evil = messy.page("digests/evil2020/")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in evil
    title = re.search(r"<title>(.*?)</title>", evil)
    assert title and "<" not in title.group(1)


def test_digest_with_broken_front_matter_still_shows_its_body(messy) -> None:  # type: ignore[no-untyped-def]
    page = messy.page("digests/plain2019/")
    assert "<p>Broken front matter.</p>" in page


def test_entry_without_digest_shows_its_abstract(clean) -> None:  # type: ignore[no-untyped-def]
    page = clean.page("digests/two2010/")
    assert '<p class="digest-abstract">Drugs that act on glutamate &amp; more.</p>' in page


def test_strict_build_fails_on_content_problems(tmp_path: Path) -> None:
    from mkdocs.exceptions import Abort

    with pytest.raises(Abort):
        build_site(copy_site("messy", tmp_path), strict=True)


def test_clean_site_builds_strict_with_no_warnings(clean) -> None:  # type: ignore[no-untyped-def]
    assert clean.warnings == []


def test_citations_on_hand_written_pages(clean) -> None:  # type: ignore[no-untyped-def]
    home = clean.page("")
    assert ('(<a class="digest-citation" href="digests/one2020/">First &amp; Second, 2020</a>; '
            'see <a class="digest-citation" href="digests/two2010/">Writer, 2010</a>, p. 12)') in home
    assert '<h2 id="references">References</h2>' in home
    assert "digest-newest" in home


def test_topics_from_keywords_and_text_when_no_digest(clean) -> None:  # type: ignore[no-untyped-def]
    book = clean.page("digests/two2010/")
    assert 'data-topic="ketamine"' in book and 'data-topic="glutamate"' in book


def test_cited_in_lists_the_home_page_and_the_digest(clean) -> None:  # type: ignore[no-untyped-def]
    book = clean.page("digests/two2010/")
    cited_in = book.split('id="cited-in"')[1]
    assert 'href="../../"' in cited_in and 'href="../one2020/"' in cited_in


def test_offline_urls_when_directory_urls_are_off(tmp_path: Path) -> None:
    built = build_site(copy_site("clean", tmp_path), use_directory_urls=False)
    page = (built.site / "digests" / "one2020.html").read_text(encoding="utf-8")
    assert 'href="../topics/ketamine.html"' in page
    assert 'href="two2010.html"' in page
