"""Study facts on the site: "Study at a glance", the topic's evidence table, evidence/ and its files."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from tests.conftest import Built, build_site, copy_site

HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'
STUDY = """---
topics: [ketamine]
teaser: A trial
study:
  design: rct
  species: humans
  participants: 18
  population: 'HOSTILE'
  intervention: "=HYPERLINK(\\"http://evil\\")"
  comparator: saline placebo
  outcome: "@SUM(1+1)"
  result: 8 of 9 responded
  registration: NCT01234567
---
A digest.
""".replace("HOSTILE", HOSTILE)
BOOK = """---
topics: [ketamine, glutamate]
study:
  design: book
---
A book.
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    root = copy_site("clean", tmp_path_factory.mktemp("evidence"))
    (root / "docs/digests/one2020.md").write_text(STUDY, encoding="utf-8")
    (root / "docs/digests/two2010.md").write_text(BOOK, encoding="utf-8")
    return build_site(root, strict=True)


def test_entry_page_shows_study_at_a_glance(site: Built) -> None:
    html = site.page("digests/one2020/index.html")
    glance = html[html.index('id="study-at-a-glance"'):html.index("</dl>")]
    assert "<dt>Design</dt><dd>Randomized controlled trial</dd>" in glance
    assert "<dt>Participants</dt><dd>18</dd>" in glance
    assert "<dt>Intervention</dt><dd>=HYPERLINK(&#34;http://evil&#34;) vs saline placebo</dd>" in glance
    assert '<a href="https://clinicaltrials.gov/study/NCT01234567">NCT01234567 (ClinicalTrials.gov)</a>' in glance
    assert "<script>alert" not in html and "<img src=x" not in html


def test_topic_page_has_the_evidence_table_and_summary(site: Built) -> None:
    html = site.page("topics/ketamine/index.html")
    assert '<p class="digest-evidence-summary">1 randomized controlled trial (18 participants), 1 book.</p>' in html
    start = html.index('<table class="digest-evidence-table">')
    table = html[start:html.index("</table>", start)]
    assert table.count("<tr data-design=") == 2
    assert table.index("randomized-controlled-trial") < table.index('data-design="book"')
    assert '<th scope="col" data-key="participants">Participants</th>' in table
    assert "<script>alert" not in html and "<img src=x" not in html


def test_evidence_page_and_files(site: Built) -> None:
    html = site.page("evidence/index.html")
    assert "2 studies" in html and 'data-shards="1"' in html
    assert '<option value="ketamine">Ketamine</option>' in html
    assert "<script>alert" not in html
    rows = list(csv.reader(io.StringIO((site.site / "evidence/evidence.csv").read_text(encoding="utf-8"))))
    assert rows[0][:3] == ["key", "year", "title"]
    trial = dict(zip(rows[0], rows[1], strict=True))
    assert trial["intervention"] == "'=HYPERLINK(\"http://evil\")" and trial["outcome"] == "'@SUM(1+1)"
    assert trial["population"] == HOSTILE and trial["participants"] == "18"
    data = json.loads((site.site / "evidence/evidence.json").read_text(encoding="utf-8"))
    assert data["studies"][0]["participants"] == 18 and data["studies"][0]["population"] == HOSTILE
    script = (site.site / "assets/evidence/0.js").read_text(encoding="utf-8")
    assert script.startswith("window.digestEvidence = window.digestEvidence || {};") and "<script>" not in script


def test_make_check_names_bad_facts(tmp_path: Path) -> None:
    root = copy_site("clean", tmp_path)
    (root / "docs/digests/one2020.md").write_text("---\nstudy:\n  design: randomized controled trial\n"
                                                  "  participants: many\n---\nText\n", encoding="utf-8")
    built = build_site(root)
    found = [m for m in built.warnings if "one2020.md" in m]
    assert any("docs/digests/one2020.md:3: unknown study design" in m and "did you mean" in m for m in found)
    assert any("docs/digests/one2020.md:4: `participants` is 'many'" in m for m in found)
