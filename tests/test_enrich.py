"""`make enrich` against a local stand-in for OpenAlex (its real response shapes, no network), then the
site built from what it wrote: cites / cited by between entries, "Read free", the citation count, the
suggestions, and a hostile enrichment file read at the door.

Planted: a review citing two library papers and one outsider; a paper found only by PMID; a DOI OpenAlex
does not know (404); a rate limit (429 with Retry-After) on the first request for one work; citing works
on two pages (cursor paging), two of them outside the library citing two and one library entries.
"""

from __future__ import annotations

import datetime as dt
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
from digest.commands import enrich, verify
from digest.library import enrichment

BIB = """@article{review2020,
  author = {Ames, Ann},
  title = {A review of glutamate},
  journal = {J Rev},
  year = {2020},
  doi = {10.5555/review}
}

@article{mid2015,
  author = {Bell, Bo},
  title = {A paper in between},
  journal = {J Mid},
  year = {2015},
  doi = {10.5555/mid}
}

@article{old2010,
  author = {Cole, Cy},
  title = {An old paper},
  journal = {J Old},
  year = {2010},
  pmid = {11111111}
}

@article{missing2019,
  author = {Dale, Di},
  title = {Unknown to OpenAlex},
  journal = {J Gone},
  year = {2019},
  doi = {10.5555/missing}
}
"""
DIGESTS = {
    "review2020": "---\ntopics: [glutamate]\nteaser: The review's teaser.\n---\n"
                  "As shown before [@mid2015], and earlier [@old2010].\n",
    "mid2015": "---\ntopics: [glutamate]\nteaser: The middle paper's teaser.\n---\nA digest.\n",
    "old2010": "---\ntopics: [glutamate]\nteaser: The old paper's teaser.\n---\nA digest.\n",
}
OA = "https://openalex.org/"


def _work(short: str, doi: str, title: str, year: int, refs: list[str], count: int, **more: Any) -> dict[str, Any]:
    """A work as OpenAlex's /works/{id} answers it (the fields make enrich reads, and some it does not)."""
    closed = {"is_oa": False, "oa_status": "closed", "oa_url": None, "any_repository_has_fulltext": False}
    return {"id": OA + short, "doi": f"https://doi.org/{doi}" if doi else None, "title": title, "display_name": title,
            "publication_year": year, "type": "article", "cited_by_count": count,
            "referenced_works": [OA + r for r in refs], "referenced_works_count": len(refs),
            "authorships": [{"author_position": "first", "author": {"id": OA + "A1", "display_name": "Someone"}}],
            "open_access": more.pop("open_access", closed), "best_oa_location": more.pop("best_oa_location", None),
            "cited_by_api_url": f"https://api.openalex.org/works?filter=cites:{short}", **more}


WORKS = {
    "doi:10.5555/review": _work("W1", "10.5555/review", "A review of glutamate", 2020, ["W2", "W3", "W999"], 42),
    "doi:10.5555/mid": _work("W2", "10.5555/mid", "A paper in between", 2015, ["W3"], 7,
                             open_access={"is_oa": True, "oa_status": "green", "oa_url": "https://europepmc.org/articles/pmc2",
                                          "any_repository_has_fulltext": True},
                             best_oa_location={"is_oa": True, "landing_page_url": "https://europepmc.org/articles/pmc2",
                                               "pdf_url": None, "version": "acceptedVersion", "license": "cc-by",
                                               "source": {"display_name": "Europe PMC"}}),
    "pmid:11111111": _work("W3", "", "An old paper", 2010, [], 1),
}
OUTSIDER = {"id": OA + "W10", "doi": "https://doi.org/10.5555/outsider", "display_name": "An <i>outsider</i> citing two",
            "publication_year": 2024}
CITING = {  # cites:W -> pages of results
    "W1": [[{"id": OA + "W12", "doi": None, "display_name": "No DOI here",
             "publication_year": 2023}]],
    "W2": [[WORKS["doi:10.5555/review"], OUTSIDER]],
    "W3": [[WORKS["doi:10.5555/review"], WORKS["doi:10.5555/mid"]],
           [OUTSIDER, {"id": OA + "W11", "doi": "https://doi.org/10.5555/another", "display_name": "Another",
                       "publication_year": 2025}]],
}


class _Stand(http.server.BaseHTTPRequestHandler):
    seen: list[str] = []  # noqa: RUF012
    limited: set[str] = set()  # noqa: RUF012

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = urllib.parse.parse_qs(url.query)
        _Stand.seen.append(self.path)
        name = urllib.parse.unquote(url.path.removeprefix("/works/"))
        if name == "doi:10.5555/mid" and name not in _Stand.limited:  # OpenAlex's rate limit, once
            _Stand.limited.add(name)
            return self._send(429, {"error": "Too many requests"}, {"Retry-After": "0"})
        if url.path == "/works":
            pages = CITING.get(query["filter"][0].removeprefix("cites:"), [[]])
            at = 0 if query["cursor"] == ["*"] else int(query["cursor"][0])
            more = str(at + 1) if at + 1 < len(pages) else None
            meta = {"count": sum(map(len, pages)), "db_response_time_ms": 5, "page": None, "per_page": 200, "next_cursor": more}
            return self._send(200, {"meta": meta, "results": pages[at], "group_by": []})
        work = WORKS.get(name)
        self._send(200 if work else 404, work or {"error": "Not Found", "message": "not found"})

    def _send(self, code: int, body: Any, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def stand_in(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    _Stand.seen.clear()
    _Stand.limited.clear()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Stand)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    root = f"http://127.0.0.1:{server.server_address[1]}"
    monkeypatch.setenv("DIGEST_OPENALEX_URL", root)
    yield root
    server.shutdown()
    server.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = copy_site("clean", tmp_path)
    (root / "bib" / "refs.bib").write_text(BIB, encoding="utf-8")
    for digest in (root / "docs" / "digests").glob("*.md"):
        digest.unlink()
    for key, text in DIGESTS.items():
        (root / "docs" / "digests" / f"{key}.md").write_text(text, encoding="utf-8")
    (root / "docs" / "index.md").write_text("# Home\n\nSee [@review2020].\n", encoding="utf-8")
    config = root / "mkdocs.yml"
    mailto = "    bib_dir: bib\n    verify_mailto: digests@example.org\n"
    config.write_text(config.read_text(encoding="utf-8").replace("    bib_dir: bib\n", mailto), encoding="utf-8")
    return root


def _enrich(project: Path) -> tuple[int, list[str]]:
    out = io.StringIO()
    client = verify.Client("digests@example.org", cache=None, pause=0, backoff=0.01)
    code = enrich.run(project / "mkdocs.yml", out, client, today=dt.date(2026, 5, 1))
    return code, out.getvalue().splitlines()


EXPECTED = """review2020:
  openalex: W1
  cited_by_count: 42
  read: '2026-05-01'
  cites:
  - mid2015
  - old2010
mid2015:
  openalex: W2
  cited_by_count: 7
  read: '2026-05-01'
  free:
    url: https://europepmc.org/articles/pmc2
    version: acceptedVersion
    licence: cc-by
  cites:
  - old2010
old2010:
  openalex: W3
  cited_by_count: 1
  read: '2026-05-01'
"""


def test_enrich_writes_the_file_and_the_suggestions(stand_in: str, project: Path) -> None:
    code, lines = _enrich(project)
    assert code == 0, lines
    assert lines[0] == "bib/refs.bib:25: missing2019: OpenAlex has no work for DOI 10.5555/missing; check the identifier"
    text = (project / "bib" / "enrichment.yml").read_text(encoding="utf-8")
    assert text.split("\n", 2)[2] == _sorted_blocks(EXPECTED)
    suggestions = [
        "2 library entries cited: An <i>outsider</i> citing two (2024): make new FROM=10.5555/outsider",
        "1 library entries cited: Another (2025): make new FROM=10.5555/another",
        "1 library entries cited: No DOI here (2023): no DOI: add it by hand (https://openalex.org/W12)",
    ]
    assert [line.strip() for line in lines[3:6]] == suggestions
    assert (project / enrich.SUGGESTIONS_FILE).read_text(encoding="utf-8") == "".join(f"{s}\n" for s in suggestions)
    assert lines[-1] == "4 entries, 3 found in OpenAlex, 3 citations between them, 3 citing works not in the library"
    assert all("mailto=digests%40example.org" in path for path in _Stand.seen)  # the polite pool
    assert _Stand.limited == {"doi:10.5555/mid"}  # the 429 was waited out and asked again


def _sorted_blocks(text: str) -> str:
    blocks = [b for b in text.split("\n") if b]
    starts = [i for i, line in enumerate(blocks) if not line.startswith(" ") and not line.startswith("-")]
    chunks = ["\n".join(blocks[a:b]) for a, b in zip(starts, [*starts[1:], len(blocks)], strict=True)]
    return "\n".join(sorted(chunks)) + "\n"


def test_a_second_run_changes_nothing_and_keeps_the_dates(stand_in: str, project: Path) -> None:
    _enrich(project)
    before = (project / "bib" / "enrichment.yml").read_text(encoding="utf-8")
    out = io.StringIO()
    client = verify.Client("", cache=None, pause=0, backoff=0.01)
    enrich.run(project / "mkdocs.yml", out, client, today=dt.date(2026, 6, 1))
    assert "bib/enrichment.yml: unchanged" in out.getvalue().splitlines()
    assert (project / "bib" / "enrichment.yml").read_text(encoding="utf-8") == before


def test_entry_pages_show_citations_free_copy_and_count(stand_in: str, project: Path) -> None:
    _enrich(project)
    built = build_site(project, strict=True)
    assert built.warnings == []
    review = built.page("digests/review2020/")
    cites = review.split('id="cites-in-this-library"', 1)[1].split("</ul>", 1)[0]
    assert cites.index('href="../mid2015/"') < cites.index('href="../old2010/"')  # newest first
    assert 'id="cited-by-in-this-library"' not in review
    assert "cited 42 times (<a href=\"https://openalex.org/W1\">OpenAlex</a>, 2026-05-01)" in review
    old = built.page("digests/old2010/")
    cited_by = old.split('id="cited-by-in-this-library"', 1)[1].split("</ul>", 1)[0]
    assert cited_by.index('href="../review2020/"') < cited_by.index('href="../mid2015/"')
    assert "cited 1 time (" in old
    mid = built.page("digests/mid2015/")
    assert ('<a class="digest-read-free" href="https://europepmc.org/articles/pmc2">Read free</a> '
            '<span class="digest-free-terms">(accepted manuscript, licence: cc-by)</span>') in mid
    assert "digest-openalex" not in built.page("digests/missing2019/")


def test_offline_is_a_message_and_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIGEST_OPENALEX_URL", "http://127.0.0.1:9")
    code, lines = _enrich(project)
    assert code == 2 and len(lines) == 1
    assert "127.0.0.1:9 cannot be reached" in lines[0]
    assert lines[0].endswith("nothing was read; run make enrich again when online")
    assert not (project / "bib" / "enrichment.yml").exists()


HOSTILE = """review2020:
  openalex: '<script>alert(1)</script>'
  cited_by_count: '12; DROP'
  read: [2026]
  free:
    url: 'javascript:alert(1)'
  cites: mid2015
  extra: {a: b}
mid2015:
  cited_by_count: 3
  free:
    url: 'https://example.org/"><img src=x onerror=alert(1)>'
    version: '<b>published</b>'
    licence: cc-by
  cites: [old2010, nobody, mid2015]
old2010: just text
12: {}
"""


def test_a_hostile_enrichment_file_is_read_at_the_door(project: Path) -> None:
    file = project / "bib" / "enrichment.yml"
    file.write_text(HOSTILE, encoding="utf-8")
    found, problems = enrichment.read(file, "bib/enrichment.yml")
    said = [f"{p.line}: {p.message}" for p in problems]
    assert said == [
        "1: review2020: unknown key(s) extra, left out (this file holds openalex, cited_by_count, read, free, cites)",
        "1: review2020: openalex '<script>alert(1)</script>' is not what make enrich writes, left out",
        "1: review2020: cited_by_count '12; DROP' is not a whole number, left out",
        "1: review2020: read '[2026]' is not what make enrich writes, left out",
        "1: review2020: free: its url is not an http(s) link, left out",
        "1: review2020: cites is not a list of at most 2000 entry keys, left out",
        "9: mid2015: free: version must be one of submittedVersion, acceptedVersion, publishedVersion and licence short text; "
        "both left out",
        "16: old2010: it is not an entry key with a mapping under it",
        "17: 12: it is not an entry key with a mapping under it",
    ]
    assert found["review2020"] == enrichment.Enrichment()
    assert found["mid2015"].free == enrichment.FreeCopy("https://example.org/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E")
    built = build_site(project)
    mid = built.page("digests/mid2015/")
    assert "<img src=x" not in mid and "onerror=alert(1)>" not in mid
    assert 'href="https://example.org/%22%3E%3Cimg%20src=x%20onerror=alert(1)%3E">Read free</a>' in mid
    assert "javascript:" not in built.page("digests/review2020/") and "<script>alert" not in built.page("digests/review2020/")
    cites = mid.split('id="cites-in-this-library"', 1)[1].split("</ul>", 1)[0]  # unknown and own keys passed over
    assert cites.count("<li>") == 1 and 'href="../old2010/"' in cites
    assert any("bib/enrichment.yml:9: mid2015: free: version" in w for w in built.warnings)


def test_wrong_yaml_is_a_problem_at_its_line(project: Path) -> None:
    file = project / "bib" / "enrichment.yml"
    for text, line in (("a: [\n", 2), ("- a\n- b\n", 1), ("a: &x {}\nb: *x\n", 1)):
        file.write_text(text, encoding="utf-8")
        found, problems = enrichment.read(file, "bib/enrichment.yml")
        assert found == {} and len(problems) == 1 and problems[0].line == line, problems


def test_a_topic_page_shows_its_citation_map_and_its_table(stand_in: str, project: Path) -> None:
    _enrich(project)
    built = build_site(project, strict=True)
    topic = built.page("topics/glutamate/")
    figure = topic.split('<figure class="digest-citation-map">', 1)[1].split("</figure>", 1)[0]
    assert figure.count("<line ") == 3 and figure.count('<a href="../../digests/') == 3
    assert "3 citations between the topic's papers" in figure
    nodes = [part.split('"', 1)[0] for part in figure.split('data-key="')[1:]]
    assert nodes == ["old2010", "mid2015", "review2020"]  # oldest first, at the top
    table = topic.split('<table class="digest-citation-table', 1)[1].split("</table>", 1)[0]
    assert ('<tr><td><a href="../../digests/review2020/">Ames, 2020: A review of glutamate</a></td>'
            "<td>Bell, 2015: A paper in between; Cole, 2010: An old paper</td><td></td></tr>") in table
    assert table.count("<tr>") == 4
    assert 'id="citation-map"' not in built.page("topics/ketamine/")
