"""`make verify` against a local stub of Crossref and NCBI E-utilities (their real JSON shapes, no network).

Planted: a record with a wrong title, year and missing volume, issue and pages (as lener2016 was), a
wrong given name (as moghaddam1997 was), a wrong type, a wrong issue found through PubMed, and a
retracted paper, a Title Case title that PubMed writes in sentence case. Correct
records, and a journal abbreviated where the ISSN agrees, say nothing.
"""

from __future__ import annotations

import http.server
import io
import json
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import build_site, copy_site
from digest.commands import pubmedtitle, verify
from digest.search.index import FIELDS, read_index

BIB = """@article{good2020,
  author = {Ames, Ann and Bell, Bo},
  title = {A correct record},
  journal = {J. Good Res.},
  issn = {1234-5678},
  year = {2020},
  volume = {3},
  number = {2},
  pages = {10--20},
  doi = {10.5555/good}
}

@article{lener2016,
  author = {Lener, Marc S. and Zarate, Carlos A.},
  title = {Glutamate and {GABA} Systems in Depression},
  journal = {Biological Psychiatry},
  year = {2016},
  doi = {10.5555/lener}
}

@article{moghaddam1997,
  author = {Moghaddam, Bita and Daly, Darrick},
  title = {Activation of glutamatergic neurotransmission by ketamine},
  journal = {Journal of Neuroscience},
  year = {1997},
  volume = {17},
  number = {8},
  pages = {2921--2927},
  doi = {10.5555/moghaddam}
}

@book{typed2019,
  author = {Cole, Cy},
  title = {A paper filed as a book},
  publisher = {Press},
  year = {2019},
  doi = {10.5555/typed}
}

@article{pubmed2001,
  author = {Doe, Jane},
  title = {Only a PMID},
  journal = {Neuro J},
  year = {2001},
  volume = {12},
  number = {4},
  pages = {1--9},
  pmid = {11111111}
}

@article{cased2018,
  author = {Gray, Gil},
  title = {Rapid Ketamine Effects on {NMDA} Receptors in {Wistar} Rats and Treatment-Resistant Depression.},
  journal = {Journal of Things},
  year = {2018},
  doi = {10.5555/cased},
  pmid = {22222222}
}

@article{retracted2015,
  author = {Fake, Fred},
  title = {A retracted paper on glutamate},
  journal = {Journal of Things},
  year = {2015},
  doi = {10.5555/retracted}
}
"""


def _work(doi: str, title: str, authors: list[tuple[str, str]], year: int, journal: str, **more: Any) -> dict[str, Any]:
    message = {"DOI": doi, "type": more.pop("type", "journal-article"), "title": [title],
               "author": [{"given": g, "family": f, "sequence": "additional"} for f, g in authors],
               "container-title": [journal], "issued": {"date-parts": [[year]]}, **more}
    return {"status": "ok", "message-type": "work", "message-version": "1.0.0", "message": message}


WORKS = {
    "10.5555/good": _work("10.5555/good", "A Correct Record", [("Ames", "Ann"), ("Bell", "Bo")], 2020,
                          "Journal of Good Research", ISSN=["1234-5678"], volume="3", issue="2", page="10-20",
                          **{"short-container-title": ["J Good Res"]}),
    "10.5555/lener": _work("10.5555/lener", "Glutamate and Gamma-Aminobutyric Acid Systems in Depression",
                           [("Lener", "Marc S."), ("Zarate", "Carlos A.")], 2017, "Biological Psychiatry", volume="81",
                           issue="10", page="886-897", **{"published-print": {"date-parts": [[2017, 5, 15]]},
                                                           "published-online": {"date-parts": [[2016, 5, 12]]}}),
    "10.5555/moghaddam": _work("10.5555/moghaddam", "Activation of Glutamatergic Neurotransmission by Ketamine",
                               [("Moghaddam", "Bita"), ("Daly", "Darron")], 1997, "The Journal of Neuroscience",
                               volume="17", issue="8", page="2921-2927"),
    "10.5555/typed": _work("10.5555/typed", "A paper filed as a book", [("Cole", "Cy")], 2019, "Journal of Types"),
    "10.5555/cased": _work("10.5555/cased", "Rapid Ketamine Effects on NMDA Receptors in Wistar Rats and Treatment-Resistant "
                           "Depression", [("Gray", "Gil")], 2018, "Journal of Things"),
    "10.5555/retracted": _work("10.5555/retracted", "A retracted paper on glutamate", [("Fake", "Fred")], 2015,
                               "Journal of Things", **{"updated-by": [{"updated": {"date-parts": [[2021, 3, 4]]},
                                                                       "DOI": "10.5555/retraction-notice", "type": "retraction",
                                                                       "source": "retraction-watch", "label": "Retraction"}]}),
}
ESUMMARY = {"header": {"type": "esummary", "version": "0.3"}, "result": {"uids": ["11111111"], "11111111": {
    "uid": "11111111", "pubdate": "2001 Apr", "source": "Neuro J", "fulljournalname": "Neuro journal",
    "authors": [{"name": "Doe J", "authtype": "Author", "clusterid": ""}], "title": "Only a PMID.",
    "volume": "12", "issue": "5", "pages": "1-9", "pubtype": ["Journal Article"], "issn": "", "essn": ""}}}
CASED = {"header": {"type": "esummary", "version": "0.3"}, "result": {"uids": ["22222222"], "22222222": {
    "uid": "22222222", "pubdate": "2018", "source": "J Things", "fulljournalname": "Journal of things",
    "authors": [{"name": "Gray G", "authtype": "Author", "clusterid": ""}],
    "title": "Rapid ketamine effects on NMDA receptors in wistar rats and treatment-resistant depression.",
    "volume": "", "issue": "", "pages": "", "pubtype": ["Journal Article"], "issn": "", "essn": ""}}}
SUMMARIES = {"11111111": ESUMMARY, "22222222": CASED}


class _Stub(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        _Stub.seen.append(self.headers.get("User-Agent", ""))
        body: Any = None
        if url.path.startswith("/crossref/works/"):
            body = WORKS.get(urllib.parse.unquote(url.path[len("/crossref/works/"):]))
        elif url.path == "/eutils/esummary.fcgi":
            body = SUMMARIES.get(urllib.parse.parse_qs(url.query).get("id", [""])[0])
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps(body or {"status": "error"}).encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def stub(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("DIGEST_CROSSREF_URL", f"{root}/crossref")
    monkeypatch.setenv("DIGEST_EUTILS_URL", f"{root}/eutils")
    yield root
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_site("clean", tmp_path)
    (root / "bib" / "refs.bib").write_text(BIB, encoding="utf-8")
    for digest in (root / "docs" / "digests").glob("*.md"):
        digest.unlink()
    return root


def _verify(project: Path, apply: bool = False) -> tuple[int, list[str]]:
    out = io.StringIO()
    client = verify.Client("digests@example.org", cache=None, pause=0, backoff=0.01)
    code = verify.run(project / "mkdocs.yml", apply, out, client)
    return code, out.getvalue().splitlines()


HINT = "; check it against the publisher's page, then correct the record (`make verify FIX=1` writes {}'s value)"


def test_every_planted_difference_is_reported_at_its_line_and_nothing_else(stub: str, project: Path) -> None:
    code, lines = _verify(project)
    assert code == 1
    crossref = HINT.format("Crossref")
    assert lines[:-2] == [
        f"bib/refs.bib:15: lener2016: title: the record says 'Glutamate and GABA Systems in Depression', Crossref says "
        f"'Glutamate and Gamma-Aminobutyric Acid Systems in Depression'{crossref}",
        f"bib/refs.bib:17: lener2016: year: the record says '2016', Crossref says '2017'{crossref}",
        f"bib/refs.bib:13: lener2016: volume: the record says nothing, Crossref says '81'{crossref}",
        f"bib/refs.bib:13: lener2016: number: the record says nothing, Crossref says '10'{crossref}",
        f"bib/refs.bib:13: lener2016: pages: the record says nothing, Crossref says '886-897'{crossref}",
        f"bib/refs.bib:22: moghaddam1997: author: the record says 'Moghaddam, Bita and Daly, Darrick', Crossref says "
        f"'Moghaddam, Bita and Daly, Darron'{crossref}",
        f"bib/refs.bib:32: typed2019: journal: the record says nothing, Crossref says 'Journal of Types'{crossref}",
        f"bib/refs.bib:32: typed2019: type: the record says 'book', Crossref says 'journal-article'{crossref}",
        f"bib/refs.bib:46: pubmed2001: number: the record says '4', PubMed says '5'{HINT.format('PubMed')}",
        "bib/refs.bib:53: cased2018: title: cannot decide the case of 'Wistar' (the record protects it with braces; "
        "PubMed writes 'wistar'); correct the title by hand if PubMed is right",
        "bib/refs.bib:53: cased2018: title: differs from PubMed's only in case: the record says 'Rapid Ketamine Effects on "
        "NMDA Receptors in Wistar Rats and Treatment-Resistant Depression.', PubMed says 'Rapid ketamine effects on NMDA "
        "receptors in wistar rats and treatment-resistant depression'; APA prints titles in sentence case: "
        "`make verify FIX=1` writes 'Rapid ketamine effects on NMDA receptors in Wistar rats and treatment-resistant depression'",
    ]
    assert lines[-2].startswith("bib/status.yml: retracted2015: retracted (https://doi.org/10.5555/retraction-notice)")
    assert lines[-1] == "7 entries checked, 5 differ from their registry"
    assert all("mailto:digests@example.org" in agent for agent in _Stub.seen)  # the polite pool


def test_fix_repairs_the_fields_and_leaves_every_other_byte(stub: str, project: Path) -> None:
    code, lines = _verify(project, apply=True)
    assert code == 1 and "bib/refs.bib: fixed 10 field(s) in 5 entries" in lines
    expected = (BIB
                .replace("title = {Glutamate and {GABA} Systems in Depression}",
                         "title = {Glutamate and Gamma-Aminobutyric Acid Systems in Depression}")
                .replace("year = {2016},\n  doi = {10.5555/lener}",
                         "year = {2017},\n  doi = {10.5555/lener},\n  volume = {81},\n  number = {10},\n  pages = {886--897}")
                .replace("Daly, Darrick", "Daly, Darron")
                .replace("@book{typed2019", "@article{typed2019")
                .replace("doi = {10.5555/typed}", "doi = {10.5555/typed},\n  journal = {Journal of Types}")
                .replace("number = {4},\n  pages = {1--9},\n  pmid", "number = {5},\n  pages = {1--9},\n  pmid")
                .replace("{Rapid Ketamine Effects on {NMDA} Receptors in {Wistar} Rats and Treatment-Resistant Depression.}",
                         "{Rapid ketamine effects on {NMDA} receptors in {Wistar} rats and treatment-resistant depression}"))
    assert (project / "bib" / "refs.bib").read_text(encoding="utf-8") == expected
    code, lines = _verify(project)
    # What a person must decide is still said, and does not make the record differ.
    assert lines[-1] == "7 entries checked, 0 differ from their registry" and code == 0, lines
    assert [line for line in lines if "cased2018" in line] == [
        "bib/refs.bib:57: cased2018: title: cannot decide the case of 'Wistar' (the record protects it with braces; "
        "PubMed writes 'wistar'); correct the title by hand if PubMed is right"]


def test_a_retraction_shows_on_the_page_in_lists_and_in_search(stub: str, project: Path) -> None:
    _verify(project)
    status = (project / "bib" / "status.yml").read_text(encoding="utf-8")
    assert "retracted2015:\n  status: retracted\n  notice: 10.5555/retraction-notice\n  date: '2021-03-04'" in status
    built = build_site(project)
    page = built.page("digests/retracted2015/")
    assert '<p class="digest-status-notice digest-status-retracted" role="note"><strong>Retracted.</strong>' in page
    assert '<a href="https://doi.org/10.5555/retraction-notice">Read the notice</a>' in page
    topic = built.page("topics/glutamate/")
    assert '<strong class="digest-status">Retracted:</strong> <a href="../../digests/retracted2015/">' in topic
    index = read_index(lambda path: (built.site / path).read_text(encoding="utf-8"))
    found = [d for d in index["docs"] if d[0] == "digests/retracted2015/"]
    assert found and found[0][FIELDS.index("status")] == "Retracted"


def test_offline_is_a_message_not_a_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_CROSSREF_URL", "http://127.0.0.1:9/crossref")  # nothing listens on the discard port
    monkeypatch.setenv("DIGEST_EUTILS_URL", "http://127.0.0.1:9/eutils")
    code, lines = _verify(project)
    assert code == 2
    assert lines == ["127.0.0.1:9 cannot be reached ([Errno 111] Connection refused): nothing was checked; "
                     "run make verify again when online"] or (len(lines) == 1 and "cannot be reached" in lines[0])


def test_pubmeds_case_is_offered_word_by_word_keeping_what_our_rules_keep() -> None:
    offer = pubmedtitle.offer
    made = offer("Ketamine in Parkinson Disease: The mTOR Pathway", "", "Ketamine in parkinson disease: the MTOR pathway.")
    assert made and made.text == "Ketamine in Parkinson disease: the mTOR pathway" and made.kept == ["Parkinson", "mTOR"]
    # Capitals throughout: no word is an acronym by its look; PubMed's case is taken, braces aside.
    made = offer("KETAMINE FOR NMDA AND GABA STUDIES", "KETAMINE FOR NMDA AND {GABA} STUDIES",
                 "Ketamine for NMDA and gaba studies")
    assert made and made.text == "Ketamine for NMDA and GABA studies" and made.bibtex == "Ketamine for NMDA and {GABA} studies"
    assert made.undecided == ["'GABA' (the record protects it with braces; PubMed writes 'gaba')"]
    # A final period is dropped (PubMed's titles end with one, which we do not count); another title is
    # not PubMed's case of ours; the same letters written differently cannot be offered.
    made = offer("A title.", "", "A title")
    assert made and made.text == "A title" and offer("A title", "", "A title.") is None
    assert offer("A title", "", "Another title") is None
    made = offer("Anti-Depressant Effects", "", "Antidepressant effects")
    assert made and not made.text
    assert made.undecided == ["PubMed writes 'Antidepressant effects': the same words, written differently"]
    # Written as BibTeX once: TeX's specials escaped, no brace of the text reaches the file.
    made = offer('Salt & Pepper: 100% "Fine" Rats', "", 'Salt & pepper: 100% "fine" rats')
    assert made and made.bibtex == 'Salt \\& pepper: 100\\% "fine" rats'
