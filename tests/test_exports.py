"""Downloads parse back: .bib with pybtex, .ris with rispy, CSL-JSON against the CSL-JSON schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import rispy
from pybtex.database import parse_string

from conftest import Built
from digest.library.bibfiles import read_bib
from digest.references.formats.bibtex import write as to_bib
from digest.references.formats.csljson import item as csl_item
from digest.references.formats.csljson import write as to_csl_json
from digest.references.formats.ris import record as ris_record
from digest.references.formats.ris import write as to_ris
from digest.site import downloads as exports

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


def test_site_offers_entry_topic_and_whole_site_downloads(project_site: Built) -> None:
    site = project_site.site
    shards = {n: exports.read_records_script(script.read_text(encoding="utf-8"))
              for n, script in ((int(p.stem), p) for p in (site / "assets" / "records").glob("*.js"))}

    def made(page: str, name: str) -> tuple[str, str]:
        """The .bib and .ris a page's links make in the browser from the records scripts, made here the same way."""
        found = []
        for ext in ("bib", "ris"):
            link = re.search(rf'<a class="digest-download" href="[./]*exports/all.{ext}" download="{re.escape(name)}.{ext}" '
                             rf'data-format="{ext}" data-entries="([\d ]+)" data-records="[./]*assets/records/" '
                             r'data-shard="(\d+)">', page)
            assert link, f"no {ext} link for {name}"
            size = int(link.group(2))
            records = [shards[p // size][p % size][0 if ext == "bib" else 1] for p in map(int, link.group(1).split())]
            found.append("\n\n".join(records) + "\n" if ext == "bib" else "\n".join(records))
        return found[0], found[1]

    # The entry's own files: its records, once in the records scripts (no file per entry, no copy in the page).
    page = project_site.page("digests/lener2016/")
    bib, ris = made(page, "lener2016")
    assert list(parse_string(bib, "bibtex").entries.keys()) == ["lener2016"]
    assert [r["id"] for r in rispy.loads(ris)] == ["lener2016"]
    assert 'href="data:' not in page
    assert not (site / "exports" / "entries").exists()
    # A topic's reading list, the same way.
    topic = project_site.page("topics/ketamine/")
    listed = re.findall(r'<li><a href="../../digests/([^/]+)/', topic.split('id="digests-newest-first"')[1])
    bib, ris = made(topic, "ketamine")
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


def test_records_scripts_round_trip_and_hold_only_base64(tmp_path: Path) -> None:
    """The records are deflated and base64-encoded: no text in them can end the script or the string."""
    bib = tmp_path / "a.bib"
    bib.write_text("@article{a, author = {Zarate, Carlos}, title = {</script><script>alert(1)</script> ' \\u2028 \"},"
                   " journal = {J}, year = {2006}}\n", encoding="utf-8")
    entries, problems = read_bib(bib, "a.bib")
    assert problems == []
    script = exports.records_script(3, entries)
    assert re.fullmatch(r'window\.digestRecords=window\.digestRecords\|\|\{\};window\.digestRecords\[3\]="[A-Za-z0-9+/=]+";\n',
                        script)
    assert exports.read_records_script(script) == [[exports.record("bib", entries[0]), exports.record("ris", entries[0])]]
