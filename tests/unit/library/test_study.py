"""Study facts at the door: each wrong fact a problem at its line, the rest kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest.library.digestfiles import read_digest
from digest.library.study import Study, read_designs, read_study, registry, summary

DESIGNS = read_designs()[0]
GOOD = """---
teaser: Fast
study:
  design: RCT
  species: humans
  participants: 18
  population: adults with treatment-resistant major depression
  intervention: ketamine 0.5 mg/kg IV
  comparator: saline placebo (crossover)
  outcome: HDRS at 24 hours
  result: 8 of 9 responded
  follow_up: 7
  registration: NCT01234567
---
Body
"""


def _study(tmp_path: Path, text: str) -> tuple[Study | None, list[str]]:
    file = tmp_path / "k.md"
    file.write_text(text, encoding="utf-8")
    digest, problems = read_digest(file, "docs/digests/k.md", "k")
    study, found = read_study(digest.study, DESIGNS, digest.path, digest.lines.get("study"), digest.study_lines)
    return study, [str(p) for p in problems + found]


def test_a_study_is_read_into_typed_facts(tmp_path: Path) -> None:
    study, problems = _study(tmp_path, GOOD)
    assert problems == []
    assert study is not None and study.design is not None
    assert study.design.slug == "randomized-controlled-trial" and study.species == "human"
    assert study.participants == 18 and study.follow_up == "7"
    assert study.registry == ("ClinicalTrials.gov", "https://clinicaltrials.gov/study/NCT01234567")


def test_each_wrong_fact_is_named_at_its_line(tmp_path: Path) -> None:
    text = ("---\nstudy:\n  design: randomised controled trail\n  participants: 18.5\n  registration: NCT123\n"
            "  colour: red\n  species: [human]\n  population: {a: 1}\n---\n")
    study, problems = _study(tmp_path, text)
    assert study == Study()
    assert problems[0].startswith("docs/digests/k.md:3: unknown study design 'randomised controled trail'; did you mean")
    assert problems[1].startswith("docs/digests/k.md:4: `participants` is 18.5, not a whole number")
    assert problems[2].startswith("docs/digests/k.md:5: registration 'NCT123' is in no known registry's format")
    assert problems[3].startswith("docs/digests/k.md:6: unknown study fact `colour`")
    assert [p.split(":")[1] for p in problems[4:]] == ["7", "8"]


@pytest.mark.parametrize("value", ["'18'", "-3", "0", "true", "[1, 2]", "1e12", "'about 20'"])
def test_participants_must_be_a_whole_number(tmp_path: Path, value: str) -> None:
    study, problems = _study(tmp_path, f"---\nstudy:\n  participants: {value}\n---\n")
    assert study is not None and study.participants is None
    assert len(problems) == 1 and problems[0].startswith("docs/digests/k.md:3: `participants`")


def test_study_facts_on_a_narrative_review_are_problems(tmp_path: Path) -> None:
    study, problems = _study(tmp_path, "---\nstudy:\n  design: review\n  participants: 40\n  topic: x\n---\n")
    assert study is not None and study.design is not None and study.design.slug == "narrative-review"
    assert study.participants is None
    assert any(p.startswith("docs/digests/k.md:4: `participants` makes no sense on a narrative review") for p in problems)


@pytest.mark.parametrize("raw", ["rct", ["rct"], 3, None])
def test_study_that_is_not_a_mapping(raw: object) -> None:
    study, problems = read_study(raw, DESIGNS, "d.md", 7)
    assert study is None and problems[0].line == 7 and problems[0].kind == "study"


@pytest.mark.parametrize("hostile", ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)",
                                     "=HYPERLINK(\"http://x\")", "line\n::error::x", "x" * 3000])
def test_hostile_values_are_refused_or_kept_as_text(hostile: str) -> None:
    for key in ("design", "species", "registration"):
        study, problems = read_study({key: hostile}, DESIGNS, "d.md", 2)
        assert study == Study() and len(problems) == 1
        assert "\n" not in str(problems[0])
    study, problems = read_study({"population": hostile}, DESIGNS, "d.md", 2)
    assert study is not None and (study.population == hostile.strip() or problems)


@pytest.mark.parametrize("registration, name", [
    ("NCT01234567", "ClinicalTrials.gov"), ("ISRCTN12345678", "ISRCTN"), ("2004-000123-45", "EudraCT"),
    ("ChiCTR2000029308", "ChiCTR"), ("ChiCTR-TRC-12002401", "ChiCTR"), ("ACTRN12612000123456", "ANZCTR"),
    ("DRKS00012345", "DRKS"), ("CRD42020123456", "PROSPERO"), ("CTRI/2020/05/025013", "CTRI"),
    ("NCT1234567", ""), ("javascript:alert(1)", ""), ("NCT01234567 ", "")])
def test_registries(registration: str, name: str) -> None:
    assert registry(registration)[0] == name


def test_site_extends_the_vocabulary(tmp_path: Path) -> None:
    (tmp_path / "designs.yml").write_text("modelling:\n  name: Computational model\n  synonyms: [simulation]\n"
                                          "cohort:\n  name: Cohort\n  synonyms: [follow-up-study]\nbad slug: 3\n")
    designs, problems = read_designs(tmp_path / "designs.yml", "bib/designs.yml")
    assert [p.line for p in problems] == [7]
    assert designs.find("Simulation") is not None and designs.ordered[-1].slug == "modelling"
    cohort = designs.find("follow-up study")
    assert cohort is not None and cohort.name == "Cohort" and cohort.rank == 3


def test_summary_line() -> None:
    rct, animal, review = (DESIGNS.find(w) for w in ("rct", "animal", "review"))
    studies = [Study(rct, participants=200), Study(rct, participants=31), Study(animal, participants=40),
               Study(review), Study(review), Study(None)]
    assert summary(studies) == "2 randomized trials (231 participants), 1 animal study (40 participants), 2 reviews"
