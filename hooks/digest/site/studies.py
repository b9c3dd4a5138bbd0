"""Study facts as pages show them: "Study at a glance" on an entry page, the rows of evidence tables
(topic pages, ``evidence/``), the whole-library evidence files and the facts' JSON-LD.

Plain text out: the templates escape it; CSV cells that a spreadsheet would run as a formula are
led by an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import fields
from typing import Any

from digest.library.study import Study
from digest.model import Entry

View = dict[str, Any]
COLUMNS = ("key", "year", "title", "design", "species", "participants", "population", "intervention", "comparator",
           "outcome", "result", "effect", "follow_up", "risk_of_bias", "funding", "registration", "topics", "page")
"""The columns of evidence.csv and the fields of evidence.json, the front matter's own names."""
PAGE = "evidence/index.md"
"""The evidence page: every study."""
TABLE_ROWS = 500
"""Rows a topic's evidence table shows at most (the evidence page pages through them all)."""
FACTS = {found.name for found in fields(Study)}
_TRIAL_DESIGNS = {"randomized-controlled-trial": "https://schema.org/RandomizedTrial"}
_OBSERVATIONAL = {"cohort": "https://schema.org/CohortStudy", "case-series": "https://schema.org/CaseSeries",
                  "cross-sectional": "https://schema.org/CrossSectional"}


def glance(study: Study | None) -> list[View]:
    """The description list of "Study at a glance": term, text and (for the registration) a link."""
    if study is None:
        return []
    rows: list[View] = []

    def add(term: str, text: str, href: str = "") -> None:
        if text:
            rows.append({"term": term, "text": text, "href": href})

    add("Design", study.design.name if study.design else "")
    add("Species", study.species)
    add("Participants", f"{study.participants:,}" if study.participants else "")
    add("Population", study.population)
    add("Intervention", versus(study))
    add("Outcome", study.outcome)
    add("Result", study.result)
    add("Effect size", study.effect)
    add("Follow-up", study.follow_up)
    add("Risk of bias (contributor's judgement)", study.risk_of_bias)
    add("Funding", study.funding)
    name, href = study.registry
    add("Registration", f"{study.registration} ({name})" if name else "", href)
    return rows


def versus(study: Study) -> str:
    """"ketamine vs saline placebo", or either alone."""
    if study.intervention and study.comparator:
        return f"{study.intervention} vs {study.comparator}"
    return study.intervention or (f"vs {study.comparator}" if study.comparator else "")


def json_ld(study: Study | None) -> dict[str, Any]:
    """The study as schema.org has words for it: the article is ``about`` a MedicalTrial (or
    MedicalObservationalStudy, MedicalStudy) with its population, outcome, design and registration."""
    if study is None or study.design is None or study.design.narrative:
        return {}
    slug = study.design.slug
    kind = "MedicalTrial" if "trial" in slug else "MedicalObservationalStudy" if slug in _OBSERVATIONAL else "MedicalStudy"
    about: dict[str, Any] = {"@type": kind}
    if slug in _TRIAL_DESIGNS:
        about["trialDesign"] = _TRIAL_DESIGNS[slug]
    if slug in _OBSERVATIONAL:
        about["studyDesign"] = _OBSERVATIONAL[slug]
    for name, value in (("population", study.population), ("outcome", study.outcome), ("description", study.result)):
        if value:
            about[name] = value
    if study.intervention:
        about["studySubject"] = {"@type": "MedicalEntity", "name": study.intervention}
    name, href = study.registry
    if name:
        about["identifier"] = {"@type": "PropertyValue", "propertyID": name, "value": study.registration}
        about["url"] = href
    return {"about": about}


def row(entry: Entry, study: Study, href: str) -> View:
    """One line of an evidence table (also what the evidence page's data and files hold)."""
    design = study.design
    return {"key": entry.key, "year": entry.year, "title": entry.title, "href": href,
            "design": design.slug if design else "", "design_name": design.name if design else "",
            "rank": design.rank if design else 99, "species": study.species,
            "participants": study.participants, "versus": versus(study), "result": study.result}


def choices(rows: list[View]) -> View:
    """What a table's filters offer: the designs (strongest first) and species its rows hold."""
    designs = {row["design"]: (row["rank"], row["design_name"]) for row in rows if row["design"]}
    return {"designs": [{"slug": slug, "name": name} for slug, (_, name) in sorted(designs.items(), key=lambda d: d[1])],
            "species": sorted({row["species"] for row in rows if row["species"]})}


def record(entry: Entry, study: Study, page: str) -> dict[str, Any]:
    """The study as evidence.json and evidence.csv hold it: :data:`COLUMNS`."""
    facts = {name: getattr(study, name) for name in COLUMNS if name in FACTS}
    return {**facts, "key": entry.key, "year": entry.year, "title": entry.title,
            "design": study.design.slug if study.design else "", "topics": " ".join(entry.topics), "page": page}


def safe_cell(value: Any) -> str:
    """A CSV cell no spreadsheet runs as a formula (one starting = + - @ tab or return gets a leading ')."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def evidence_csv(records: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for found in records:
        writer.writerow([safe_cell(found.get(name)) for name in COLUMNS])
    return out.getvalue()


def evidence_json(records: list[dict[str, Any]]) -> str:
    kept = [{name: found.get(name) for name in COLUMNS} for found in records]
    return json.dumps({"columns": list(COLUMNS), "studies": kept}, ensure_ascii=False, separators=(",", ":")) + "\n"
