"""Downloads parse back: .bib with pybtex, .ris with rispy, CSL-JSON against the CSL-JSON schema."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import jsonschema
import rispy
from pybtex.database import parse_string

from conftest import Built
from digest.bibfiles import read_bib
from digest.exports import csl_item, ris_record, to_bib, to_csl_json, to_ris

SCHEMA = json.loads((Path(__file__).resolve().parent / "schemas" / "csl-data.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft3Validator(SCHEMA)
CASES = Path(__file__).resolve().parent / "golden" / "apa" / "cases.bib"


def check_exports(bib: str, ris: str, csl: str, count: int) -> None:
    """Each of the three files holds ``count`` records that a reader of its format accepts."""
    assert len(parse_string(bib, "bibtex").entries) == count
    assert len(rispy.loads(ris)) == count
    items = json.loads(csl)
    assert len(items) == count
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(items)]
    assert errors == []


def test_every_entry_type_exports_and_parses_back() -> None:
    entries, _ = read_bib(CASES, "cases.bib")
    check_exports(to_bib(entries), to_ris(entries), to_csl_json(entries), len(entries))


def test_ris_and_csl_fields() -> None:
    entries = {e.key: e for e in read_bib(CASES, "cases.bib")[0]}
    (record,) = rispy.loads(ris_record(entries["journal"]))
    assert record["type_of_reference"] == "JOUR"
    assert record["authors"] == ["Berman, Robert M.", "Cappiello, Angela", "Krystal, John H."]
    assert (record["start_page"], record["end_page"], record["doi"]) == ("351", "354", "10.1016/S0006-3223(99)00230-9")
    item = csl_item(entries["particles"])
    assert item["author"][2] == {"family": "Naalt", "given": "J.", "non-dropping-particle": "van der"}
    assert item["author"][3] == {"literal": "World Health Organization"}
    assert csl_item(entries["journal"])["issued"] == {"date-parts": [[2000, 2]]}


def _js_string(script: str) -> str:
    """The JSON inside a records script (``...=JSON.parse('...');``), unescaped as JavaScript does."""
    quoted = re.search(r"JSON\.parse\('(.*)'\);\s*$", script, re.S)
    assert quoted
    return re.sub(r"\\(\\|'|u2028|u2029)", lambda m: {"\\": "\\", "'": "'", "u2028": "\u2028", "u2029": "\u2029"}[m.group(1)],
                  quoted.group(1))


def test_site_offers_entry_topic_and_whole_site_downloads(project_site: Built) -> None:
    site = project_site.site
    page = project_site.page("digests/lener2016/")
    # The entry's own files are data: links in its page (no file per entry).
    links = dict(re.findall(r'href="(data:[^"]+)" download="lener2016\.(bib|ris)"', page))
    found = {ext: base64.b64decode(url.split(";base64,", 1)[1]).decode("utf-8") for url, ext in links.items()}
    assert list(parse_string(found["bib"], "bibtex").entries.keys()) == ["lener2016"]
    assert [r["id"] for r in rispy.loads(found["ris"])] == ["lener2016"]
    assert not (site / "exports" / "entries").exists()
    # A topic's reading list is made in the browser from the records scripts: made here the same way.
    topic = project_site.page("topics/ketamine/")
    listed = re.findall(r'<li><a href="../../digests/([^/]+)/', topic.split('id="digests-newest-first"')[1])
    link = re.search(r'<a class="digest-download" href="../../exports/all.bib" download="ketamine.bib" data-format="bib" '
                     r'data-entries="([\d ]+)" data-records="../../assets/records/" data-shard="(\d+)">', topic)
    assert link, "no reading-list link"
    size = int(link.group(2))
    shards = {n: json.loads(_js_string(script.read_text(encoding="utf-8")))
              for n, script in ((int(p.stem), p) for p in (site / "assets" / "records").glob("*.js"))}
    records = [shards[p // size][p % size] for p in map(int, link.group(1).split())]
    bib, ris = "\n\n".join(r[0] for r in records) + "\n", "\n".join(r[1] for r in records)
    assert sorted(parse_string(bib, "bibtex").entries.keys()) == sorted(listed)
    assert sorted(r["id"] for r in rispy.loads(ris)) == sorted(listed)
    assert not (site / "exports" / "topics").exists()
    index = project_site.page("digests/")
    for ext in ("bib", "ris", "json"):
        assert f'href="../exports/all.{ext}"' in index
    whole = [(site / "exports" / f"all.{ext}").read_text(encoding="utf-8") for ext in ("bib", "ris", "json")]
    counted = re.search(r'<p class="digest-count">(\d+) entries</p>', index)
    assert counted
    check_exports(*whole, count=int(counted.group(1)))


def test_entry_page_offers_every_style_with_a_copy_button(project_site: Built) -> None:
    page = project_site.page("digests/lener2016/")
    names = {"apa": "Copy APA 7 reference", "vancouver": "Copy Vancouver reference", "bibtex": "Copy BibTeX"}
    for style, name in names.items():
        assert re.search(rf'<p data-citation-style="{style}" data-citation-key="lener2016"[^>]*>', page), style
        assert (f'<button class="digest-copy" type="button" data-copy-style="{style}" '
                f'data-copy-key="lener2016">{name}</button>') in page
    assert "assets/digest.js" in page
