"""Study facts as pages show them: the glance list, JSON-LD, CSV cells."""

from __future__ import annotations

import csv
import io

import pytest
from tests.factories import make_entry

from digest.library.study import Study, read_designs
from digest.site import studies

DESIGNS = read_designs()[0]


def test_json_ld_says_what_schema_org_has_words_for() -> None:
    study = Study(DESIGNS.find("rct"), population="adults", outcome="HDRS", intervention="ketamine",
                  registration="ISRCTN12345678")
    about = studies.json_ld(study)["about"]
    assert about["@type"] == "MedicalTrial" and about["trialDesign"] == "https://schema.org/RandomizedTrial"
    assert about["identifier"] == {"@type": "PropertyValue", "propertyID": "ISRCTN", "value": "ISRCTN12345678"}
    assert studies.json_ld(Study(DESIGNS.find("cohort")))["about"]["studyDesign"] == "https://schema.org/CohortStudy"
    assert studies.json_ld(Study(DESIGNS.find("review"))) == {} and studies.json_ld(None) == {}


def test_glance_leaves_out_what_is_not_given() -> None:
    rows = studies.glance(Study(DESIGNS.find("animal"), species="mouse", participants=1200, comparator="saline"))
    assert [(r["term"], r["text"]) for r in rows] == [("Design", "Animal study"), ("Species", "mouse"),
                                                      ("Participants", "1,200"), ("Intervention", "vs saline")]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_csv_cells_never_start_a_formula(text: str) -> None:
    entry = make_entry("k")
    record = studies.record(entry, Study(DESIGNS.find("rct"), population=text, result=text), "digests/k/")
    rows = list(csv.reader(io.StringIO(studies.evidence_csv([record]))))
    assert rows[1][rows[0].index("population")] == "'" + text
