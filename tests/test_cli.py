"""`make new` adds an entry from each source a contributor has: BibTeX, RIS, PubMed .nbib, a DOI."""

from __future__ import annotations

import http.server
import io
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
import yaml

from conftest import copy_project
from digest.commands import cli, importers

RIS = """TY  - JOUR
AU  - Murrough, James W.
AU  - Iosifescu, Dan V.
TI  - Antidepressant efficacy of ketamine in treatment-resistant major depression: a replication (not the starter's murrough2013)
T2  - American Journal of Psychiatry
PY  - 2013
VL  - 170
IS  - 10
SP  - 1134
EP  - 1142
DO  - 10.1176/appi.ajp.2013.13030392x
UR  - https://example.org/murrough
AB  - Ketamine & midazolam: 50% responded.
ER  -"""  " \n"  # RIS ends a record with "ER  - "

NBIB = """PMID- 99999999
OWN - NLM
STAT- MEDLINE
DP  - 2021 Mar 4
TI  - Glutamate signalling in the lateral habenula: a long title that
      continues on a second line.
PG  - 351-9
AB  - An abstract that goes on
      over two lines.
FAU - Ångström, Åsa
AU  - Ångström Å
FAU - Berg, Per
AU  - Berg P
LA  - eng
PT  - Journal Article
TA  - Neuro J
JT  - Neuroscience journal
VI  - 12
IP  - 3
AID - 10.5555/neuro.2021.0003 [doi]
SO  - Neuro J. 2021;12(3):351-9.
"""

BIBTEX = """@article{whatever,
  author = {van der Berg, Jan and Smith, Ann},
  title = {{The} Role of {GABA} in Mood},
  journal = {Mood Research},
  year = {2019},
  volume = {3},
  doi = {10.5555/mood.2019.1}
}
"""

CROSSREF = ("@article{Someone_2022, title={Ketamine, esketamine and the \\{NMDA\\} receptor}, volume={1}, "
            "DOI={10.5555/doi.2022.7}, journal={Journal of Stubs}, publisher={Stub Press}, "
            "author={Öberg, Lisa and Park, Kim}, year={2022}, month=jan, pages={1–10} }")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path)


def run_new(project: Path, source: str, **options: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.new(source, project / "mkdocs.yml", out=out, **options)  # type: ignore[arg-type]
    return code, out.getvalue()


def added_entry(project: Path, key: str) -> str:
    text = (project / "bib" / "starter.bib").read_text(encoding="utf-8")
    match = re.search(rf"@\w+\{{{re.escape(key)},\n.*?\n\}}\n", text, re.DOTALL)
    assert match, f"{key} not in bib/starter.bib"
    return match.group(0)


def front_matter(project: Path, key: str) -> dict:  # type: ignore[type-arg]
    text = (project / "docs" / "digests" / f"{key}.md").read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n")[1])


def check_lines(project: Path) -> list[str]:
    out = io.StringIO()
    cli.check(project / "mkdocs.yml", out, annotate=False)
    return out.getvalue().splitlines()[:-1]


def only_the_template_is_left(project: Path, key: str) -> None:
    """After `make new`, `make check` asks for what the contributor must write (the digest, its
    teaser and who wrote it: the site requires both), and for nothing else."""
    problems = check_lines(project)
    assert sorted(problems) == sorted([
        f"docs/digests/{key}.md:9: the digest is still the template; "
        "write the digest in your own words and delete the placeholder comment",
        f"docs/digests/{key}.md:4: `contributors` is empty; this site requires it; "
        'write `contributors:` as a list of the names of the people who wrote the digest: [Jane Doe] or ["Doe, Jane"]',
        f"docs/digests/{key}.md:5: `teaser` is empty; this site requires it; "
        "write `teaser:` as one sentence shown in lists and search results",
    ])


def test_new_from_a_bibtex_file(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "paper.bib"
    source.write_text(BIBTEX, encoding="utf-8")
    code, out = run_new(project, str(source))
    assert code == 0, out
    entry = added_entry(project, "berg2019role")
    assert "title   = {{The} Role of {GABA} in Mood}" in entry
    assert "author  = {van der Berg, Jan and Smith, Ann}" in entry
    assert re.search(r"^bib/starter\.bib:\d+: added @article\{berg2019role\}$", out, re.MULTILINE)
    front = front_matter(project, "berg2019role")
    assert front["topics"] == ["gaba"] and front["contributors"] == [] and front["teaser"] == ""
    only_the_template_is_left(project, "berg2019role")


def test_new_from_a_bibtex_snippet(project: Path) -> None:
    code, out = run_new(project, BIBTEX.replace("10.5555/mood.2019.1", "10.5555/mood.2019.2"), key="myown2019")
    assert code == 0, out
    assert "doi     = {10.5555/mood.2019.2}" in added_entry(project, "myown2019")


def test_new_from_ris(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "export.ris"
    source.write_text(RIS, encoding="utf-8")
    code, out = run_new(project, str(source))
    assert code == 0, out
    entry = added_entry(project, "murrough2013antidepressant")
    assert "journal  = {American Journal of Psychiatry}" in entry
    assert "pages    = {1134--1142}" in entry
    assert r"abstract = {Ketamine \& midazolam: 50\% responded.}" in entry
    assert "type" not in entry
    only_the_template_is_left(project, "murrough2013antidepressant")


def test_new_from_pubmed_nbib(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "pubmed-99999999.nbib"
    source.write_text(NBIB, encoding="utf-8")
    code, out = run_new(project, str(source))
    assert code == 0, out
    entry = added_entry(project, "angstrom2021glutamate")
    assert "title    = {Glutamate signalling in the lateral habenula: a long title that continues on a second line}" in entry
    assert "abstract = {An abstract that goes on over two lines.}" in entry
    assert "pages    = {351--359}" in entry and "number   = {3}" in entry and "pmid     = {99999999}" in entry
    assert "doi      = {10.5555/neuro.2021.0003}" in entry
    assert "OWN" not in entry.upper().replace("ÅNGSTRÖM", "")
    only_the_template_is_left(project, "angstrom2021glutamate")


class _Stub(http.server.BaseHTTPRequestHandler):
    """A DOI resolver on 127.0.0.1: BibTeX for one DOI, 404 for the others."""

    accepts: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Stub.accepts.append(self.headers.get("Accept", ""))
        if self.path == "/10.5555/doi.2022.7":
            body = CROSSREF.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", "application/x-bibtex; charset=utf-8")
        else:
            body = b"DOI not found"
            self.send_response(404)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def resolver() -> Iterator[str]:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Stub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


def test_new_from_a_doi_by_content_negotiation(project: Path, resolver: str) -> None:
    code, out = run_new(project, "https://doi.org/10.5555/doi.2022.7", resolver=resolver)
    assert code == 0, out
    assert _Stub.accepts[-1].startswith("application/x-bibtex")
    entry = added_entry(project, "oberg2022ketamine")
    assert "doi       = {10.5555/doi.2022.7}" in entry and "publisher = {Stub Press}" in entry
    only_the_template_is_left(project, "oberg2022ketamine")


def test_unknown_doi_is_said_plainly(project: Path, resolver: str) -> None:
    code, out = run_new(project, "10.5555/no.such.doi", resolver=resolver)
    assert code == 2
    assert "knows no DOI 10.5555/no.such.doi (HTTP 404)" in out and "Traceback" not in out


def test_offline_doi_lookup_says_what_to_do(project: Path) -> None:
    with __import__("socket").socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    code, out = run_new(project, "10.5555/doi.2022.7", resolver=f"http://127.0.0.1:{port}/")
    assert code == 2
    assert "could not reach" in out and "are you offline?" in out and "make new FROM=" in out
    assert not (project / "docs" / "digests" / "oberg2022ketamine.md").exists()


def test_a_doi_already_in_the_library_is_refused(project: Path) -> None:
    before = (project / "bib" / "starter.bib").read_text(encoding="utf-8")
    code, out = run_new(project, BIBTEX.replace("10.5555/mood.2019.1", "https://doi.org/10.1016/J.BIOPSYCH.2016.05.005"))
    assert code == 1
    assert out.startswith("bib/starter.bib:5: DOI ") and "already in the library as lener2016; cite it as [@lener2016]" in out
    assert (project / "bib" / "starter.bib").read_text(encoding="utf-8") == before


def test_a_doi_already_in_the_library_is_refused_without_looking_it_up(project: Path) -> None:
    code, out = run_new(project, "doi:10.1038/NATURE17998", resolver="http://127.0.0.1:9/")
    assert code == 1 and "already in the library as zanos2016" in out and "could not reach" not in out


def test_a_key_already_taken_is_refused(project: Path) -> None:
    code, out = run_new(project, BIBTEX, key="lener2016")
    assert code == 1
    assert "bib/starter.bib:5: key lener2016 is already taken" in out and "KEY=lener2016b" in out
    code, out = run_new(project, BIBTEX)
    assert code == 0
    another = BIBTEX.replace("10.5555/mood.2019.1", "10.5555/mood.2019.9").replace("in Mood}", "in Sleep}")
    code, out = run_new(project, another)
    assert code == 1 and "key berg2019role is already taken" in out
    code, out = run_new(project, BIBTEX.replace("10.5555/mood.2019.1", "10.5555/mood.2019.9"))  # the same paper
    assert code == 1 and "has the title, year and first author of berg2019role" in out and "[@berg2019role]" in out


def test_not_a_source_at_all(project: Path) -> None:
    code, out = run_new(project, "my paper")
    assert code == 2 and "is neither a file, a BibTeX record nor a DOI" in out


def test_new_entries_go_to_contributed_bib_when_bib_has_several_files(project: Path) -> None:
    (project / "bib" / "other.bib").write_text("", encoding="utf-8")
    code, out = run_new(project, BIBTEX)
    assert code == 0, out
    assert "@article{berg2019role," in (project / "bib" / "contributed.bib").read_text(encoding="utf-8")


@pytest.mark.parametrize(("record", "key"), [
    (importers.Record("article", "", {"year": "2016", "title": "The {GABA} story"}, {"author": ["Lener, Marc S."]}),
     "lener2016gaba"),
    (importers.Record("article", "", {"year": "2006", "title": "A randomized trial"}, {"author": ["Zarate, Jr., Carlos A."]}),
     "zarate2006randomized"),
    (importers.Record("book", "", {"title": "On {\\\"U}bung"}, {"editor": ["M{\\\"u}ller, J."]}), "mullerndubung"),
    (importers.Record("misc", "", {"year": "2020", "title": "World report"}, {}), "anon2020world"),
])
def test_keys_are_firstauthor_year_word(record: importers.Record, key: str) -> None:
    assert importers.suggest_key(record) == key


def test_main_usage_errors_are_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--config", str(tmp_path / "nope.yml"), "check"]) == 2
    assert "nope.yml: not found" in capsys.readouterr().err


def test_ris_and_nbib_are_read_as_a_reference_manager_would() -> None:
    """Dates, name suffixes, keywords, titles, ISSNs and publication types, as the issue found them."""
    ris = ("TY  - JOUR\nAU  - Zarate, Carlos A, Jr\nAU  - Doe, J\nTI  - A trial\nY1  - 2019/02/01\nT2  - Journal\n"
           "KW  - ketamine\nKW  - depression\nER  - \n")
    (record,) = importers.from_ris(ris)
    assert record.fields["year"] == "2019" and record.fields["month"] == "2"
    assert record.fields["keywords"] == "ketamine, depression"
    assert record.persons["author"][0] == "Zarate, Jr, Carlos A"
    nbib = ("PMID- 1\nTI  - A review of glutamate.\nDP  - 2021 Mar 4\nIS  - 1234-5678 (Electronic)\nIS  - 1111-2222 (Linking)\n"
            "PT  - Journal Article\nPT  - Review\nFAU - Berg, Per\nAU  - Berg P\nJT  - Journal\n")
    (record,) = importers.from_nbib(nbib)
    assert record.fields["title"] == "A review of glutamate"
    assert record.fields["issn"] == "1234-5678, 1111-2222"
    assert record.fields["month"] == "3"
    assert "Review" in record.fields["keywords"].split(", ")


def test_make_new_fails_when_the_record_it_wrote_has_a_problem(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "no-journal.ris"
    source.write_text("TY  - JOUR\nAU  - Doe, J\nTI  - A paper without its journal\nPY  - 2020\nER  - \n", encoding="utf-8")
    out = io.StringIO()
    assert cli.new(str(source), project / "mkdocs.yml", out=out) == 1
    assert "has no journal" in out.getvalue()


def test_make_check_reports_a_style_that_does_not_exist(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("\n    style: apa\n", "\n    style: natur\n"), encoding="utf-8")
    assert [line for line in check_lines(project) if "extra.digest.style" in line] == [
        "mkdocs.yml: extra.digest.style: no CSL style is called 'natur' (did you mean nature, naturae, water?); use apa, "
        "vancouver, a CSL style name such as nature or chicago-author-date, or a .csl file (apa is used for now)"]
