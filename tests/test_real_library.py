"""The project's real library (bib/ and docs/ as they stand), checked by invariants only.

Every other site test builds fixtures (tests/sites/), so a contributor who adds, edits or removes
entries never turns a test red; here the real content must build strictly, give every entry its
page, and agree with itself. The second case adds three papers the way a contributor does (`make
new` from BibTeX, RIS and PubMed .nbib, then a digest) and must pass the same checks.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from conftest import ROOT, Built, build_site, copy_project
from digest.commands import cli
from digest.search.index import FIELDS, read_index
from test_cli import BIBTEX, NBIB, RIS

DIGEST = """---
topics: [ketamine]
date: 2026-11-20
contributors: [A. Contributor]
teaser: One sentence on what the paper found.
---
What was asked, what was done and what was found, in our own words.
"""


def _add_three_papers(root: Path) -> list[str]:
    """Add three papers as CONTRIBUTING.md says: `make new` from each file, then fill in the digest."""
    keys = []
    for name, text in (("paper.bib", BIBTEX), ("paper.ris", RIS), ("paper.nbib", NBIB)):
        source = root / name
        source.write_text(text, encoding="utf-8")
        out = io.StringIO()
        assert cli.new(str(source), root / "mkdocs.yml", out=out) == 0, out.getvalue()
        key = re.findall(r"docs/digests/([^/\s]+)\.md", out.getvalue())[0]
        (root / "docs" / "digests" / f"{key}.md").write_text(DIGEST, encoding="utf-8")
        keys.append(key)
    return keys


@pytest.fixture(scope="module", params=["as it stands", "with three added papers"])
def real(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Built, list[str]]:
    root = copy_project(tmp_path_factory.mktemp("real"), content=ROOT)
    added = _add_three_papers(root) if request.param != "as it stands" else []
    out = io.StringIO()
    assert cli.check(root / "mkdocs.yml", out, annotate=False) == 0, out.getvalue()
    return build_site(root, strict=True), added


def _keys(root: Path) -> list[str]:
    keys = []
    for file in sorted((root / "bib").rglob("*.bib")):
        keys += re.findall(r"^@(?!string|preamble|comment)\w+\s*\{\s*([^,\s]+)\s*,", file.read_text(encoding="utf-8"),
                           re.MULTILINE | re.IGNORECASE)
    return keys


def test_builds_strictly_with_no_warning(real: tuple[Built, list[str]]) -> None:
    assert real[0].warnings == []


def test_every_entry_has_its_page_and_the_counts_agree(real: tuple[Built, list[str]]) -> None:
    built, added = real
    keys = _keys(built.root)
    assert set(added) <= set(keys)
    for key in keys:
        page = built.page(f"digests/{key}/")
        assert f'data-citation-key="{key}"' in page, key
        if (built.root / "docs" / "digests" / f"{key}.md").exists():
            assert '<h2 id="digest">Digest</h2>' in page, key
    index = built.page("digests/")
    assert f'<p class="digest-count">{len(keys)} entries</p>' in index
    search = read_index(lambda path: (built.site / path).read_text(encoding="utf-8"))
    kind = FIELDS.index("kind")
    assert sorted(d[0] for d in search["docs"] if d[kind] == "entry") == sorted(f"digests/{key}/" for key in keys)


def test_topic_pages_list_what_the_topics_index_counts(real: tuple[Built, list[str]]) -> None:
    built, _ = real
    topics = built.page("topics/")
    listed = re.findall(r'<li><a href="([^"/]+)/">[^<]*</a> <span class="digest-count" data-count="(\d+)"', topics)
    assert listed
    for slug, count in listed:
        page = built.page(f"topics/{slug}/")
        assert f'<p class="digest-count">{count} digest' in page, slug
