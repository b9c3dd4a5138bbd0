"""The project built as `make build` builds it, with the starter library frozen in tests/sites/starter
(the real library's own invariants are in test_real_library.py)."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import STARTER, Built
from digest.search.index import read_index

FEED = {"a": "http://www.w3.org/2005/Atom"}

LENER_APA = (
    "Lener, M. S., Niciu, M. J., Ballard, E. D., Park, M., Park, L. T., Nugent, A., & Zarate, C. A. "
    "(2016). Glutamate and GABA systems in the pathophysiology of major depression and antidepressant "
    "response to ketamine. Biological Psychiatry. https://doi.org/10.1016/j.biopsych.2016.05.005"
)


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment))


def _bib_keys() -> list[str]:
    keys = []
    for file in sorted((STARTER / "bib").rglob("*.bib")):
        keys += re.findall(r"^@\w+\s*\{\s*([^,\s]+)\s*,", file.read_text(encoding="utf-8"), re.MULTILINE)
    return keys


def test_strict_build_has_no_warnings(project_site: Built) -> None:
    assert project_site.warnings == []


def test_lener2016_shows_the_apa_reference(project_site: Built) -> None:
    page = project_site.page("digests/lener2016/")
    match = re.search(r'<p data-citation-style="apa" data-citation-key="lener2016">(.*?)</p>', page, re.DOTALL)
    assert match, "no APA reference element"
    assert _text(match.group(1)) == LENER_APA
    assert '<a href="https://doi.org/10.1016/j.biopsych.2016.05.005">' in match.group(1)


def test_lener2016_links_to_its_topics_and_they_list_it(project_site: Built) -> None:
    page = project_site.page("digests/lener2016/")
    for slug in ("glutamate", "gaba", "ketamine"):
        assert f'href="../../topics/{slug}/"' in page
        topic = project_site.page(f"topics/{slug}/")
        assert 'href="../../digests/lener2016/"' in topic


def test_topic_pages_show_cooccurring_topics_with_counts(project_site: Built) -> None:
    page = project_site.page("topics/glutamate/")
    match = re.search(r'href="../ketamine/">Ketamine</a> <span class="digest-count" data-count="(\d+)"', page)
    assert match and int(match.group(1)) >= 2


def test_every_bib_entry_has_a_page_and_a_digest(project_site: Built) -> None:
    keys = _bib_keys()
    assert len(keys) == 19
    for key in keys:
        page = project_site.page(f"digests/{key}/")
        assert '<h2 id="digest">Digest</h2>' in page, key
        assert (STARTER / "docs" / "digests" / f"{key}.md").exists()


def test_search_index_finds_lener2016_by_title_author_journal_year_doi_topic(project_site: Built) -> None:
    # The site's own index (hooks/digest/search.py): scripts under assets/search/.
    index = read_index(lambda path: (project_site.site / path).read_text(encoding="utf-8"))
    docs = [d for d in index["docs"] if d[0].startswith("digests/lener2016/")]
    text = " ".join(" ".join(d) for d in docs)
    for needle in ("Pathophysiology", "Niciu", "Biological Psychiatry", "2016", "10.1016/j.biopsych.2016.05.005", "Glutamate"):
        assert needle in text, needle


def test_citations_link_and_backlink(project_site: Built) -> None:
    lener = project_site.page("digests/lener2016/")
    assert '(<a class="digest-citation" href="../sanacora1999/">Sanacora et al., 1999</a>;' in lener
    sanacora = project_site.page("digests/sanacora1999/")
    cited_in = sanacora.split('id="cited-in"')[1]
    assert 'href="../lener2016/"' in cited_in


def test_entry_pages_stay_out_of_the_navigation(project_site: Built) -> None:
    home = project_site.page("")
    assert "digests/lener2016/" not in home.split('class="md-nav')[1].split("</nav>")[0]


def test_home_lists_newest_digests_and_topics(project_site: Built) -> None:
    home = project_site.page("")
    assert 'class="digest-list digest-newest"' in home
    assert 'href="topics/ketamine/"' in home


def test_digests_index_groups_by_year(project_site: Built) -> None:
    page = project_site.page("digests/")
    years = re.findall(r'<h2 id="(\d{4})">', page)
    assert years == sorted(years, reverse=True) and "2016" in years


def test_no_request_leaves_the_site(project_site: Built) -> None:
    for page in Path(project_site.site).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "unpkg.com" not in text, page


def test_with_a_site_url_entry_pages_share_and_cite_their_address(tmp_path: Path) -> None:
    from conftest import build_site, copy_project

    built = build_site(copy_project(tmp_path), strict=True, site_url="https://example.org/repo/")
    page = built.page("digests/lener2016/")
    url = "https://example.org/repo/digests/lener2016/"
    assert 'href="https://bsky.app/intent/compose?text=Glutamate%20and%20GABA%20Systems' in page
    assert "%20https%3A%2F%2Fexample.org%2Frepo%2Fdigests%2Flener2016%2F" in page
    assert 'data-share-url="https://' in page, "the address is known: nothing for the script to fill in"
    cite = page.split('id="cite-this-digest"')[1].split("</div>")[1]
    assert f'<a href="{url}" data-digest-url>{url}</a>' in cite
    assert "data-digest-url></span>" not in page
    # The 404 page is MkDocs's own: its assets are linked from the site_url's path.
    not_found = (built.site / "404.html").read_text(encoding="utf-8")
    assert 'href="/repo/assets/digest.css"' in not_found and "__digest_root" not in not_found


def test_the_site_feed_lists_the_newest_digests_with_working_links(project_site: Built) -> None:
    feed = ET.fromstring((project_site.site / "feed.xml").read_text(encoding="utf-8"))
    items = feed.findall("a:entry", FEED)
    assert 5 <= len(items) <= 20
    dates = [i.findtext("a:updated", namespaces=FEED) or "" for i in items]
    assert dates == sorted(dates, reverse=True)
    for item in items:
        href = item.find("a:link", FEED).get("href")  # type: ignore[union-attr]
        assert (project_site.site / str(href) / "index.html").is_file(), href
    assert '<link rel="alternate feed" type="application/atom+xml"' in project_site.page("")


def test_site_search_index_holds_every_entry_and_topic(project_site: Built) -> None:
    index = read_index(lambda path: (project_site.site / path).read_text(encoding="utf-8"))
    docs = {row[0]: dict(zip(index["fields"], row, strict=True)) for row in index["docs"]}
    site = project_site.site
    pages = {p.parent.relative_to(site).as_posix() + "/" for p in (site / "digests").glob("*/index.html")}
    assert pages <= set(docs)
    lener = docs["digests/lener2016/"]
    assert (lener["year"], lener["venue"], lener["doi"]) == ("2016", "Biological Psychiatry", "10.1016/j.biopsych.2016.05.005")
    assert "Niciu" in lener["authors"] and "Glutamate" in lener["topics"]
    assert docs["topics/ketamine/"]["kind"] == "topic"

