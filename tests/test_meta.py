"""Highwire Press citation_* tags and JSON-LD: units on entries, then the built pages' heads."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import Built, build_site, copy_site
from digest.model import Entry, Person
from digest.references.coins import coins, highwire_type, zotero_type
from digest.references.meta import citation_tags, json_ld, page_range, publication_date, type_tags
from factories import make_entry

THEME = {"name": "material", "font": False, "custom_dir": "overrides"}
"""The sample sites' theme with the project's overrides (copy_site puts them beside the site)."""


BERMAN = make_entry(
    authors=[Person("Berman", "Robert M."), Person("Zarate", "Carlos A.", suffix="Jr."), Person("WHO", group=True)],
    title="Antidepressant effects of ketamine in depressed patients", journal="Biological Psychiatry",
    year="2000", month="February", volume="47", number="4", pages="351--354", doi="https://doi.org/10.1016/S0006-3223(99)00230-9",
    pmid="10686270", issn="0006-3223", url="https://example.org/berman.pdf")


def test_article_tags_cover_what_zotero_reads() -> None:
    assert citation_tags(BERMAN) == [
        ("citation_title", "Antidepressant effects of ketamine in depressed patients"),
        ("citation_author", "Berman, Robert M."),
        ("citation_author", "Zarate, Carlos A., Jr."),
        ("citation_author", "WHO,"),  # the comma: Zotero keeps the whole as the family name
        ("citation_publication_date", "2000"),  # Scholar: a full date or a year alone
        ("citation_journal_title", "Biological Psychiatry"),
        ("citation_volume", "47"),
        ("citation_issue", "4"),
        ("citation_firstpage", "351"),
        ("citation_lastpage", "354"),
        ("citation_doi", "10.1016/S0006-3223(99)00230-9"),
        ("citation_pmid", "10686270"),
        ("citation_issn", "0006-3223"),
        ("citation_pdf_url", "https://example.org/berman.pdf"),
        ("citation_fulltext_html_url", "https://doi.org/10.1016/S0006-3223(99)00230-9"),
    ]


def test_empty_fields_make_no_tags_and_containers_follow_the_type() -> None:
    chapter = make_entry(type_="incollection", authors=[Person("Stahl", "Stephen")], title="A chapter", booktitle="The Book",
                    year="2013", pages="e12")
    thesis = make_entry(type_="phdthesis", title="A thesis", school="Some University", date="2019-05-02")
    assert ("citation_inbook_title", "The Book") in citation_tags(chapter)
    assert ("citation_firstpage", "e12") in citation_tags(chapter)
    assert not any(name == "citation_lastpage" for name, _ in citation_tags(chapter))
    assert citation_tags(thesis) == [("citation_title", "A thesis"), ("citation_publication_date", "2019/05/02"),
                                     ("citation_dissertation_institution", "Some University")]
    assert citation_tags(make_entry()) == [("citation_title", "[Untitled entry k2020]")]


def test_dates_and_pages() -> None:
    assert publication_date(make_entry(year="1999", month="12")) == (1999, 12, 0)
    assert publication_date(make_entry(year="n.d.")) is None
    assert page_range(make_entry(pages="856–864")) == ("856", "864")
    assert page_range(make_entry(pages="pp. 1-2")) == ("", "")


def test_json_ld_is_a_scholarly_article_with_its_journal_issue() -> None:
    data = json_ld(BERMAN, topics=["Ketamine"], description="One line.")
    assert data["@type"] == "ScholarlyArticle"
    assert data["author"][0] == {"@type": "Person", "name": "Robert M. Berman", "givenName": "Robert M.", "familyName": "Berman"}
    assert data["author"][2] == {"@type": "Organization", "name": "WHO"}
    assert data["datePublished"] == "2000-02"
    assert data["isPartOf"]["issueNumber"] == "4"
    assert data["isPartOf"]["isPartOf"]["volumeNumber"] == "47"
    journal = {"@type": "Periodical", "name": "Biological Psychiatry", "issn": "0006-3223"}
    assert data["isPartOf"]["isPartOf"]["isPartOf"] == journal
    assert (data["pageStart"], data["pageEnd"], data["keywords"]) == ("351", "354", "Ketamine")
    assert data["identifier"]["value"] == "10.1016/S0006-3223(99)00230-9"
    json.dumps(data)  # plain data, ready for the theme's tojson


def _head(html: str) -> str:
    return html.split("</head>")[0]


def test_entry_pages_carry_the_tags_and_json_ld(project_site: Built) -> None:
    head = _head(project_site.page("digests/berman2000/"))
    for tag in ('<meta name="citation_title" content="Antidepressant effects of ketamine in depressed patients">',
                '<meta name="citation_author" content="Berman, Robert M.">',
                '<meta name="citation_publication_date" content="2000">',
                '<meta name="citation_journal_title" content="Biological Psychiatry">',
                '<meta name="citation_volume" content="47">', '<meta name="citation_issue" content="4">',
                '<meta name="citation_firstpage" content="351">', '<meta name="citation_lastpage" content="354">',
                '<meta name="citation_doi" content="10.1016/S0006-3223(99)00230-9">',
                '<meta name="citation_fulltext_html_url" content="https://doi.org/10.1016/S0006-3223(99)00230-9">'):
        assert tag in head, tag
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert json.loads(ld)["@type"] == "ScholarlyArticle"


def test_every_entry_page_and_only_entry_pages_have_tags(project_site: Built) -> None:
    entries = [p for p in (project_site.site / "digests").glob("*/index.html")]
    assert entries and all('name="citation_title"' in _head(p.read_text(encoding="utf-8")) for p in entries)
    for url in ("", "topics/", "digests/", "contributing/"):
        assert "citation_" not in _head(project_site.page(url)) and "ld+json" not in project_site.page(url), url


def test_canonical_url_is_added_when_the_site_has_an_address(tmp_path: Path) -> None:
    built = build_site(copy_site("clean", tmp_path), site_url="https://example.org/repo/", theme=THEME)
    entry_page = next((built.site / "digests").glob("*/index.html"))
    head = _head(entry_page.read_text(encoding="utf-8"))
    url = "https://example.org/repo/digests/" + entry_page.parent.name + "/"
    assert f'<meta name="citation_abstract_html_url" content="{url}">' in head
    assert f'"mainEntityOfPage": "{url}"' in head
    assert f"<loc>{url}</loc>" in (built.site / "sitemap.xml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build_site(copy_site("messy", tmp_path_factory.mktemp("messy-meta")), theme=THEME)


def test_tags_and_json_ld_are_escaped(messy: Built) -> None:
    head = _head(messy.page("digests/evil2020/"))
    assert "<script>alert" not in head and "<b>Bold" not in head
    title = "A title with &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; ümlauts"
    assert f'<meta name="citation_title" content="{title}">' in head
    assert '<meta name="citation_author" content="&lt;script&gt;alert(1)&lt;/script&gt;, Mallory">' in head
    [ld] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', head, re.S)
    assert json.loads(ld)["name"].startswith('A title with <script>alert("x")</script> & ')


# -- issue 13: what Google Scholar's guidelines and Zotero's Embedded Metadata translator read ----------

def _tags(made: Entry) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, value in citation_tags(made):
        found.setdefault(name, []).append(value)
    return found


def test_dates_are_a_full_date_or_a_year_and_pages_are_expanded() -> None:
    assert _tags(make_entry(year="2010", month="oct"))["citation_publication_date"] == ["2010"]
    assert _tags(make_entry(date="2010-10-05"))["citation_publication_date"] == ["2010/10/05"]
    assert _tags(make_entry(date="2010-10-05/2010-10-07"))["citation_publication_date"] == ["2010/10/05"]
    tags = _tags(make_entry(year="2000", pages="316--29"))
    assert (tags["citation_firstpage"], tags["citation_lastpage"]) == (["316"], ["329"])
    assert json_ld(make_entry(year="2010", month="oct", journal="J"))["datePublished"] == "2010-10"


def test_suffixes_come_last_where_zotero_splits_names_and_json_ld_keeps_them() -> None:
    bowers = make_entry(authors=[Person("Bowers", "Malcolm B.", suffix="Jr.")], title="T")
    assert _tags(bowers)["citation_author"] == ["Bowers, Malcolm B., Jr."]
    person = json_ld(bowers)["author"][0]
    assert (person["familyName"], person["givenName"], person["honorificSuffix"]) == ("Bowers", "Malcolm B.", "Jr.")


def test_the_abstract_is_the_papers_own_and_the_pdf_url_only_a_pdf() -> None:
    tags = _tags(make_entry(title="T", abstract="What the paper found.", url="https://example.org/landing"))
    assert tags["citation_abstract"] == ["What the paper found."]
    assert "citation_pdf_url" not in tags
    assert "citation_pdf_url" not in _tags(make_entry(title="T", file="https://example.org/supplement.docx"))
    assert _tags(make_entry(title="T", file="https://example.org/paper.pdf"))["citation_pdf_url"] == ["https://example.org/paper.pdf"]


def test_books_chapters_papers_theses_and_reports_get_the_tags_that_set_zoteros_item_type() -> None:
    book = _tags(make_entry(type_="book", title="B", publisher="Press", isbn="978-0-00-000000-2"))
    assert book["citation_publisher"] == ["Press"] and book["citation_isbn"] == ["978-0-00-000000-2"]
    chapter = make_entry(type_="incollection", title="C", booktitle="The Book", publisher="Press", year="2001", pages="10--20")
    chapter.editors.append(Person("Editor", "Ed"))
    tags = citation_tags(chapter)
    assert ("citation_inbook_title", "The Book") in tags and ("citation_editor", "Editor, Ed") in tags
    assert not any(name == "citation_journal_title" for name, _ in tags)
    paper = citation_tags(make_entry(type_="inproceedings", title="P", booktitle="Proceedings of X", eventtitle="X 2001"))
    # Zotero takes the item type from the last container tag: conference paper, in the proceedings.
    assert paper[-2:] == [("citation_inbook_title", "Proceedings of X"), ("citation_conference_title", "X 2001")]
    thesis = _tags(make_entry(type_="thesis", title="T", institution="Uni", type="phdthesis", number="123"))
    assert thesis["citation_dissertation_institution"] == ["Uni"] and "citation_issue" not in thesis
    report = _tags(make_entry(type_="report", title="R", institution="Agency", number="TR-7"))
    assert report["citation_technical_report_institution"] == ["Agency"]
    assert report["citation_technical_report_number"] == ["TR-7"]
    ld = json_ld(chapter)
    assert ld["@type"] == "Chapter" and ld["isPartOf"]["@type"] == "Book" and ld["isPartOf"]["name"] == "The Book"
    assert (ld["pageStart"], ld["pageEnd"]) == ("10", "20")
    paper_ld = json_ld(make_entry(type_="inproceedings", title="P", booktitle="Proceedings of X"))
    assert paper_ld["isPartOf"]["name"] == "Proceedings of X"


def test_biblatex_fields_feed_the_tags() -> None:
    tags = _tags(make_entry(title="Obedience", subtitle="New Lessons", journaltitle="J", date="2015-03-02"))
    assert tags["citation_title"] == ["Obedience: New Lessons"] and tags["citation_journal_title"] == ["J"]
    assert tags["citation_publication_date"] == ["2015/03/02"]


# -- issue 22: COinS where the Highwire tags cannot give Zotero the item type ------------------------------

def _coins(made: Entry) -> list[tuple[str, str]]:
    """The ContextObject's pairs, decoded as Zotero's parseContextObject decodes them (without its "+")."""
    return [(key, unquote(value)) for key, _, value in (pair.partition("=") for pair in coins(made).split("&"))]


def test_coins_only_where_embedded_metadata_would_take_the_wrong_type() -> None:
    typed_by_tags = [
        make_entry(title="A", journal="J"), make_entry(type_="book", title="B", isbn="978-0-00-000000-2"),
        make_entry(type_="incollection", title="C", booktitle="Book"), make_entry(type_="inbook", title="C", booktitle="Book"),
        make_entry(type_="inproceedings", title="P", booktitle="Proc"), make_entry(type_="phdthesis", title="T", school="U"),
        make_entry(type_="thesis", title="T", institution="U"), make_entry(type_="techreport", title="R", institution="I"),
        make_entry(type_="report", title="R", publisher="Agency"),
    ]
    for made in typed_by_tags:
        assert highwire_type(citation_tags(made)) == zotero_type(made) and coins(made) == "", made.type
    untyped = {
        "book": make_entry(type_="book", title="B", publisher="Press"),
        "bookSection": make_entry(type_="incollection", title="C"),
        "conferencePaper": make_entry(type_="inproceedings", title="P"),
        "thesis": make_entry(type_="mastersthesis", title="T"),
        "report": make_entry(type_="techreport", title="R", number="7"),
        "document": make_entry(type_="misc", title="M"),
        "webpage": make_entry(type_="online", title="W", url="https://example.org/w"),
        "journalArticle": make_entry(title="A", isbn="978-0-00-000000-2"),  # an ISBN alone makes Zotero guess a book
    }
    formats = {"book": ("book", "book"), "bookSection": ("book", "bookitem"), "conferencePaper": ("book", "proceeding"),
               "thesis": ("dc", None), "report": ("book", "report"), "document": ("book", "document"),
               "webpage": ("dc", None), "journalArticle": ("journal", "article")}
    for kind, made in untyped.items():
        assert zotero_type(made) == kind and highwire_type(citation_tags(made)) != kind
        pairs = dict(_coins(made))
        assert pairs["ctx_ver"] == "Z39.88-2004"
        assert (pairs["rft_val_fmt"], pairs.get("rft.genre")) == (f"info:ofi/fmt:kev:mtx:{formats[kind][0]}", formats[kind][1])
    # A type Zotero has no counterpart for here is left to Embedded Metadata.
    assert coins(make_entry(type_="patent", title="P")) == "" and coins(make_entry(type_="unpublished", title="U")) == ""


TYPES = ["article", "book", "incollection", "inbook", "inproceedings", "conference", "phdthesis", "mastersthesis", "thesis",
         "techreport", "report", "misc", "online", "patent", "unpublished"]
DECIDING = ["journal", "isbn", "booktitle", "eventtitle", "school", "institution", "publisher", "number"]


@given(st.sampled_from(TYPES), st.dictionaries(st.sampled_from(DECIDING), st.sampled_from(["", " ", "X", " Y "])))
def test_type_tags_decide_the_type_as_all_the_tags_do(type_: str, fields: dict[str, str]) -> None:
    """coins() reads the type from meta.type_tags, not from every tag made printable again."""
    made = make_entry(type_=type_, title="T", **fields)
    assert highwire_type(type_tags(made)) == highwire_type(citation_tags(made))
    names = [name for name, _ in citation_tags(made)]
    assert [name for name, _ in type_tags(made)] == [name for name in names if name in {n for n, _ in type_tags(made)}]


def test_coins_carry_the_fields_zotero_reads_for_each_type() -> None:
    book = make_entry(type_="book", title="Essential Psychopharmacology", publisher="Cambridge University Press",
                      address="Cambridge", edition="4", year="2013", doi="10.1017/x", abstract="About drugs.",
                      authors=[Person("Stahl", "Stephen M."), Person("Zarate", "Carlos A.", suffix="Jr."),
                               Person("WHO", group=True)],
                      editors=[Person("Muntner", "Nancy")])
    assert _coins(book) == [
        ("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "book"),
        ("rft.btitle", "Essential Psychopharmacology"),
        ("rft.au", "Stahl, Stephen M."), ("rft.au", "Zarate, Carlos A., Jr."), ("rft.au", "WHO,"),
        ("rft.contributor", "Muntner, Nancy"), ("rft.date", "2013"), ("rft_id", "info:doi/10.1017/x"),
        ("rft.edition", "4"), ("rft.place", "Cambridge"), ("rft.pub", "Cambridge University Press"),
        ("rft.description", "About drugs."),
    ]
    thesis = _coins(make_entry(type_="thesis", title="T", type="mathesis", date="2018-05", abstract="A."))
    # Zotero reads a Dublin Core record's abstract, then turns it into a thesis and reads the degree.
    assert thesis[-3:] == [("rft.description", "A."), ("rft.type", "thesis"), ("rft.degree", "Master's thesis")]
    assert (dict(thesis)["rft.title"], dict(thesis)["rft.date"]) == ("T", "2018-05")
    chapter = dict(_coins(make_entry(type_="inbook", title="C", pages="10--20", isbn="978-0-00-000000-2", publisher="P")))
    assert (chapter["rft.atitle"], chapter["rft.spage"], chapter["rft.epage"]) == ("C", "10", "20")
    assert chapter["rft.isbn"] == "978-0-00-000000-2"
    report = dict(_coins(make_entry(type_="report", title="R", number="7")))
    assert report["rft.btitle"] == "R" and "rft.pub" not in report  # no empty value is written


def test_coins_values_are_percent_encoded_so_no_value_can_add_a_key() -> None:
    hostile = 'Tom & "Jerry" <script>alert(1)</script> = 100%; rft.genre=article\x01 ' + "x" * 5000
    made = make_entry(type_="book", title=hostile, publisher="A&B=C")
    text = coins(made)
    assert re.fullmatch(r"[A-Za-z0-9_.~%\-]+=[A-Za-z0-9_.~%\-]*(&[A-Za-z0-9_.~%\-]+=[A-Za-z0-9_.~%\-]*)*", text)
    pairs = _coins(made)
    assert [key for key, _ in pairs].count("rft.genre") == 1
    assert dict(pairs)["rft.btitle"] == " ".join(hostile.replace("\x01", "").split())
    assert dict(pairs)["rft.pub"] == "A&B=C"


@pytest.fixture(scope="module")
def typed_site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("coins"))
    (root / "bib" / "types.bib").write_text(
        "@book{nobn, author = {Stahl, Stephen}, title = {Tom & \\textquotedbl{}Jerry\\textquotedbl{} <script>alert(1)</script>},"
        " publisher = {Press}, year = {2013}}\n"
        "@book{withisbn, author = {Stahl, Stephen}, title = {With ISBN}, isbn = {978-0-00-000000-2},"
        " publisher = {Press}, year = {2013}}\n",
        encoding="utf-8")
    return build_site(root, theme=THEME)


def test_entry_pages_carry_coins_hidden_and_escaped_only_where_needed(typed_site: Built) -> None:
    page = typed_site.page("digests/nobn/")
    [span] = re.findall(r'<span class="Z3988" title="([^"<>]*)" hidden></span>', page)
    assert "<script>" not in span and "&amp;" in span
    pairs = dict((k, unquote(v)) for k, _, v in (p.partition("=") for p in html.unescape(span).split("&")))
    assert pairs["rft.genre"] == "book" and pairs["rft.btitle"].startswith("Tom & ")
    assert pairs["rft.btitle"].endswith("<script>alert(1)</script>")
    assert "Z3988" not in typed_site.page("digests/withisbn/")  # its ISBN already makes Zotero save a book
