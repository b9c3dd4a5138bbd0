"""Full-text search as a reader uses it, from file:// (the offline site) and over HTTP under /repo/.

The site is the starter fixture plus one made-up record (SEARCH_CASE, below) whose names and
digest hold what the starter lacks: a Polish ł, a Danish ø, a German ß, a brand name and a
trial's name with a hyphen. What is asserted comes from the index files themselves where it
can (the text of each result), so that the tests say what the search does, not what the
fixture happens to hold.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from browser.conftest import SUB_PATH, serve
from conftest import build_site, copy_project
from digest.search.index import FOLDER, read_index, read_script

SEARCH_CASE = r"""
@article{searchcase2019,
  author   = {Cuba{\l}a, Wies{\l}aw Jerzy and {\O}stergaard, S{\o}ren and Wei{\ss}, J{\"u}rgen},
  title    = {A made-up record for the search tests},
  journal  = {Journal of Test Fixtures},
  year     = {2019},
  doi      = {10.5555/search.case.2019},
  abstract = {An invented abstract: the esketamine nasal spray sold as Spravato, added to a new oral
              antidepressant, in an invented trial called TRANSFORM-2.}
}
"""
SEARCH_CASE_DIGEST = """---
topics: [ketamine, treatment-resistant-depression]
date: 2026-11-01
contributors: [Test editors]
teaser: An invented digest for the search tests.
---
This digest is made up. It says that the trial measured noradrenergic tone and the **colour** of
nothing, and that the patients were randomised [@daly2018]. A constructor of the trial said so.
"""


def _add_search_case(root: Path) -> None:
    with (root / "bib" / "starter.bib").open("a", encoding="utf-8") as bib:
        bib.write(SEARCH_CASE)
    (root / "docs" / "digests" / "searchcase2019.md").write_text(SEARCH_CASE_DIGEST, encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The offline build (.html URLs) of the starter fixture with SEARCH_CASE."""
    root = copy_project(tmp_path_factory.mktemp("search"))
    _add_search_case(root)
    built = build_site(root, use_directory_urls=False)
    assert built.warnings == []
    return built.site


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = copy_project(tmp_path_factory.mktemp("search-hosted"))
    _add_search_case(root)
    www = tmp_path_factory.mktemp("www")
    shutil.copytree(build_site(root).site, www / SUB_PATH)
    url, server = serve(www)
    yield f"{url}{SUB_PATH}/"
    server.shutdown()
    server.server_close()


class Index:
    """The index files of a built site, read as the script reads them."""

    def __init__(self, site: Path) -> None:
        self.site = site
        data = read_index(lambda path: (site / path).read_text(encoding="utf-8"))
        self.manifest = data["index"]
        self.urls = [row[0] for row in data["docs"]]
        self.rows = {row[0]: dict(zip(data["fields"], row, strict=True)) for row in data["docs"]}

    def text(self, url: str) -> str:
        doc = self.urls.index(url)
        texts = read_script((self.site / FOLDER / f"x{doc // self.manifest['text']}.js").read_text(encoding="utf-8"))
        return f"{self.rows[url]['title']}\n{texts[doc % self.manifest['text']]}"


@pytest.fixture(scope="module")
def index(site: Path) -> Index:
    return Index(site)


def open_page(page: Any, site: Path) -> None:
    page.goto((site / "digests" / "berman2000.html").as_uri())
    page.wait_for_load_state("load")


def results(page: Any, query: str) -> list[str]:
    """The URLs of the results of ``query`` typed in the box, once the count is shown."""
    box = page.locator("[data-digest-search-input]")
    if box.input_value():
        box.fill("")  # focuses the box too
    else:
        page.keyboard.press("/")  # as a reader does
    page.keyboard.type(query)
    page.wait_for_function("q => document.querySelector('[data-digest-search]').dataset.shown === q", arg=query)
    return page.eval_on_selector_all("[data-search-result]", "links => links.map(a => a.dataset.searchResult)")  # type: ignore[no-any-return]


@pytest.mark.parametrize(("query", "url"), [
    ("noradrenaline", "digests/lener2016.html"),  # a word of a digest's body only
    ("Spravato", "digests/searchcase2019.html"),  # of an abstract only
    ("TRANSFORM-2", "digests/searchcase2019.html"),
    ("hydroxynorketamine", "digests/zanos2016.html"),  # a synonym of a topic, and in one digest
    ("Cubala", "digests/searchcase2019.html"),  # ł
    ("ostergaard", "digests/searchcase2019.html"),  # Ø
    ("weiss jurgen", "digests/searchcase2019.html"),  # ß, ü, and a given name
    ("wiesław", "digests/searchcase2019.html"),  # a given name, typed with its accent
    ("colour", "digests/searchcase2019.html"),  # the digest says "colour": both spellings find it
    ("color", "digests/searchcase2019.html"),
    ("constructor", "digests/searchcase2019.html"),  # a name of JavaScript's Object.prototype
])
def test_the_issue_queries_find_their_paper_first_or_second(page: Any, site: Path, query: str, url: str) -> None:
    open_page(page, site)
    found = results(page, query)
    assert url in found[:2], (query, found)
    assert page.watched.errors == []


def test_british_spelling_finds_american_and_marks_it(page: Any, site: Path, index: Index) -> None:
    open_page(page, site)
    found = results(page, "randomised")
    count = page.locator("[data-digest-search-meta]").inner_text()
    same = [u for u in index.urls if re.search(r"\brandom(i[sz](e|ed|es|ing|ation))?\b", index.text(u), re.I)]
    assert len(same) >= 3 and count.startswith(f"{len(same)} matches")
    assert set(found) <= set(same)
    marks = page.locator("[data-digest-search-list] mark").all_inner_texts()
    assert "randomized" in [m.lower() for m in marks]


def test_gamma_aminobutyric_in_greek_or_in_letters(page: Any, site: Path) -> None:
    open_page(page, site)
    greek = results(page, "γ-aminobutyric")
    latin = results(page, "gamma-aminobutyric")
    assert greek == latin and "digests/sanacora1999.html" in greek


def test_a_topic_named_comes_first(page: Any, site: Path) -> None:
    open_page(page, site)
    assert results(page, "gaba")[0] == "topics/gaba.html"
    assert results(page, "esketamine")[0] == "topics/ketamine.html"  # a synonym of Ketamine


def count(page: Any, query: str) -> str:
    results(page, query)
    return str(page.locator("[data-digest-search-meta]").inner_text())


def test_prefix_while_typing_and_typos(page: Any, site: Path) -> None:
    open_page(page, site)
    whole = count(page, "ketamine")
    assert whole.split()[0].isdigit() and int(whole.split()[0]) > 10
    assert count(page, "ketam") == whole
    assert count(page, "ketamnie") == whole  # a typo in a word of 5+ letters
    assert count(page, "ketamine ") == whole  # a word finished: no prefix
    assert count(page, "gabx") == "No matches"  # four letters: no typo tolerance
    assert count(page, "specializ") == count(page, "specialised") != "No matches"  # British in the text
    assert count(page, "randomis") == count(page, "randomized")  # British typed


def test_a_phrase_keeps_only_the_texts_that_hold_it(page: Any, site: Path, index: Index) -> None:
    open_page(page, site)
    loose = results(page, "crossover trial")
    phrase = results(page, '"crossover trial"')
    assert phrase and len(phrase) < len(loose)
    for url in phrase:
        assert re.search(r"crossover\W+trial", index.text(url), re.I), url
    for url in set(loose) - set(phrase):
        assert not re.search(r"crossover\W+trial", index.text(url), re.I), url


def test_minus_excludes_a_word(page: Any, site: Path, index: Index) -> None:
    open_page(page, site)
    everything = count(page, "ketamine")
    without = results(page, "ketamine -esketamine")
    assert without and int(count(page, "ketamine -esketamine").split()[0]) < int(everything.split()[0])
    for url in without:
        assert "esketamine" not in index.text(url).lower(), url


def test_field_prefixes(page: Any, site: Path, index: Index) -> None:
    open_page(page, site)
    zarate = results(page, "author:zarate")
    assert zarate and all("Zarate" in index.rows[u]["authors"] for u in zarate)
    assert "Zarate" in index.text("topics/ketamine.html") or "topics/ketamine.html" not in zarate
    years = results(page, "year:2016")
    assert years and all(index.rows[u]["year"] == "2016" for u in years)
    span = results(page, "ketamine year:2010-2015")
    assert span and all(2010 <= int(index.rows[u]["year"]) <= 2015 for u in span)
    gaba = results(page, "topic:gaba")
    assert gaba[0] == "topics/gaba.html"
    assert all("GABA" in index.rows[u]["topics"] for u in gaba[1:])
    assert results(page, "doi:10.1016/j.biopsych.2016") == ["digests/lener2016.html"]
    assert results(page, "10.5555/search.case.2019") == ["digests/searchcase2019.html"]
    assert results(page, "constructor:trial") == results(page, "constructor trial")  # not a field: words


def test_no_markup_citation_keys_or_urls_in_the_texts(index: Index) -> None:
    for url in index.urls:
        text = index.text(url)
        assert not re.search(r"<[a-z/!]|\[@|\]\(|https?://|\*\*", text), (url, text[:300])
    assert "lener2016" not in index.text("digests/searchcase2019.html").lower()  # [@daly2018] is gone
    assert "daly2018" not in index.text("digests/searchcase2019.html")


def test_hand_written_pages_are_found(page: Any, site: Path, index: Index) -> None:
    open_page(page, site)
    assert "contributing.html" in index.urls
    assert "pull requests" in index.text("contributing.html")  # its words, without markup
    assert "`" not in index.text("contributing.html") and "](" not in index.text("contributing.html")
    assert results(page, "pull requests")[0] == "contributing.html"


def test_author_names_are_marked(page: Any, site: Path) -> None:
    open_page(page, site)
    results(page, "author:zarate")
    assert "Zarate" in page.locator("[data-digest-search-list] .digest-search__detail mark").all_inner_texts()


def test_results_show_why_they_matched(page: Any, site: Path) -> None:
    open_page(page, site)
    results(page, "noradrenaline")
    first = page.locator("[data-search-result]").first
    excerpt = first.locator("[data-search-excerpt]")
    excerpt.wait_for(state="visible")
    assert excerpt.locator("mark").all_inner_texts() == ["noradrenaline"]
    assert "serotonin and noradrenaline" in excerpt.inner_text()
    assert "Lener" in first.locator(".digest-search__detail").inner_text()
    assert "Ketamine" in first.locator(".digest-search__topics").inner_text()


def shown(page: Any) -> None:
    """Wait for the results page to show the results of what its form says now."""
    page.wait_for_function("() => { const form = document.querySelector('[data-digest-search-page]');"
                           " return form && form.dataset.shown === window.location.search.replace(/^[?]/, ''); }")


def test_results_page_from_file_with_filters(page: Any, site: Path, index: Index) -> None:
    page.goto((site / "search.html").as_uri() + "?q=ketamine")
    shown(page)
    listed = page.eval_on_selector_all("[data-search-result]", "a => a.map(x => x.dataset.searchResult)")
    assert len(listed) > 8  # more than the box shows
    assert page.locator("#digest-search-q").input_value() == "ketamine"
    page.select_option("select[name=topic]", "gaba")
    shown(page)
    narrowed = page.eval_on_selector_all("[data-search-result]", "a => a.map(x => x.dataset.searchResult)")
    assert narrowed and len(narrowed) < len(listed)
    assert all("GABA" in index.rows[u]["topics"] or u == "topics/gaba.html" for u in narrowed)
    assert "topic=gaba" in page.url and "q=ketamine" in page.url  # the URL holds the filters: a bookmark
    page.fill("input[name=from]", "2012")
    page.fill("input[name=to]", "2016")
    page.check("input[name=digest]")
    shown(page)
    years = page.eval_on_selector_all("[data-search-result]", "a => a.map(x => x.dataset.searchResult)")
    assert years and all(2012 <= int(index.rows[u]["year"]) <= 2016 for u in years)
    page.goto(page.url)  # the bookmark reopens the same results
    shown(page)
    again = page.eval_on_selector_all("[data-search-result]", "a => a.map(x => x.dataset.searchResult)")
    assert again == years
    assert page.watched.errors == []


def test_the_box_links_to_the_results_page(page: Any, site: Path) -> None:
    open_page(page, site)
    results(page, "ketamine")
    more = page.locator("[data-digest-search-all]")
    assert more.is_visible()
    more.click()
    shown(page)
    assert page.url.endswith("search.html?q=ketamine")


def test_keyboard_only_and_the_combobox_pattern(page: Any, site: Path) -> None:
    open_page(page, site)
    box = page.locator("[data-digest-search-input]")
    assert box.get_attribute("role") == "combobox" and box.get_attribute("aria-expanded") == "false"
    found = results(page, "noradrenaline")
    assert box.get_attribute("aria-expanded") == "true"
    listbox = page.locator("#" + str(box.get_attribute("aria-controls")))
    assert listbox.get_attribute("role") == "listbox"
    live = page.locator("[data-digest-search-live]")
    assert live.get_attribute("aria-live") == "polite" and "1 match" in live.inner_text()
    page.keyboard.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    option = page.locator(f"#{active}")
    assert option.get_attribute("role") == "option" and option.get_attribute("aria-selected") == "true"
    page.keyboard.press("Escape")  # closes the results, keeps the focus and the text
    assert box.get_attribute("aria-expanded") == "false" and page.locator("[data-digest-search-panel]").is_hidden()
    assert page.evaluate("document.activeElement.matches('[data-digest-search-input]')")
    assert box.input_value() == "noradrenaline"
    page.keyboard.press("ArrowDown")  # opens them again
    assert box.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(re.escape(found[0]) + "$"))
    outline = page.evaluate("""() => { const box = document.querySelector('[data-digest-search-input]'); box.focus();
        return getComputedStyle(box).outlineStyle; }""")
    assert outline != "none"  # a visible focus ring


def test_results_page_under_a_sub_path(page: Any, hosted: str) -> None:
    page.goto(hosted + "search/?q=" + quote("noradrenaline"))
    shown(page)
    first = page.locator("[data-search-result]").first
    assert str(first.get_attribute("href")).endswith("digests/lener2016/")
    first.click()
    page.wait_for_url(re.compile(r"/repo/digests/lener2016/$"))
    assert page.watched.errors == []


def test_show_more_is_hidden_when_every_result_is_shown(page: Any, hosted: str) -> None:
    page.goto(hosted + "search/?q=" + quote("noradrenaline"))
    shown(page)
    assert page.locator("[data-search-result]").count() == 1
    assert page.locator("[data-digest-search-more]").is_hidden()


def test_enter_opens_a_result_only_when_one_is_highlighted(page: Any, site: Path) -> None:
    open_page(page, site)
    assert results(page, "noradrenaline")
    page.keyboard.press("Enter")  # nothing highlighted: all the results, not the first one
    shown(page)
    assert "search.html?q=noradrenaline" in page.url


def test_on_the_results_page_only_a_results_title_reads_as_a_link(page: Any, site: Path) -> None:
    """Each result is one link (one tab stop), but its byline, topics and excerpt are not underlined."""
    page.goto((site / "search.html").as_uri() + "?q=ketamine")
    shown(page)
    first = page.locator("[data-search-result^='digests/']").first
    decoration = "el => getComputedStyle(el).textDecorationLine"
    assert first.evaluate(decoration) == "none"
    assert first.locator(".digest-search__title").evaluate(decoration) == "underline"
    assert first.locator(".digest-search__detail").evaluate(decoration) == "none"
    assert first.locator(".digest-search__excerpt").evaluate(decoration) == "none"


DECORATION = """a => [a, ...a.querySelectorAll('span')].filter(e => !e.hidden)
    .map(e => [e.className, getComputedStyle(e).textDecorationLine])"""


def test_a_result_stays_one_click_target_and_the_box_underlines_only_titles_too(page: Any, hosted: str) -> None:
    """Only a result's title is underlined, on the results page (under a sub-path) and in the box's
    list (underline propagates to children, so the link itself must have none); a click anywhere on
    the result, the excerpt too, opens its page."""
    page.goto(hosted + "search/?q=" + quote("noradrenaline"))
    shown(page)
    first = page.locator("[data-search-result]").first
    page.locator("[data-search-excerpt]").first.wait_for(state="visible")
    parts = dict(first.evaluate(DECORATION))
    assert parts.pop("digest-search__result") == "none"
    assert parts.pop("digest-search__title") == "underline"
    assert {"digest-search__detail", "digest-search__topics", "digest-search__excerpt"} <= set(parts)
    assert set(parts.values()) == {"none"}, parts
    first.locator(".digest-search__excerpt").click()  # the excerpt still opens the page
    page.wait_for_url(re.compile(r"/repo/digests/lener2016/$"))
    # The box's results in the header alike.
    results(page, "noradrenaline")
    option = page.locator("[data-digest-search-list] a").first
    parts = dict(option.evaluate(DECORATION))
    assert parts.pop("digest-search__result") == "none" and parts.pop("digest-search__title") == "underline"
    assert set(parts.values()) == {"none"}, parts


def test_a_page_view_reads_no_index_until_a_reader_heads_for_the_box(page: Any, hosted: str) -> None:
    # The index grows with the library (100 kB at 20,000 entries): a page view leaves it unread.
    fetched: list[str] = []
    page.on("requestfinished", lambda request: fetched.append(request.url))
    page.goto(hosted + "digests/lener2016/")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)  # past the moment an idle page would have read it
    assert [url for url in fetched if "/assets/search/" in url] == []
    page.locator("[data-digest-search-input]").hover()  # a hand on its way to the box
    page.wait_for_function("() => performance.getEntriesByType('resource').some(r => r.name.includes('/assets/search/index.js'))")
    found = results(page, "noradrenaline")
    assert len(found) == 1 and found[0].endswith("lener2016/"), found
    assert page.watched.errors == []
