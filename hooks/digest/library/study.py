"""Study facts: a digest's ``study:`` front matter (design, species, participants, ...) read at the door.

The design vocabulary ships as ``designs.yml`` beside this module, strongest evidence first, and a
site extends it with ``designs.yml`` beside its topic vocabulary. Every fact a contributor writes is
checked here once, into a typed :class:`Study`; what is wrong is a problem at the fact's line and
the fact is left out (the rest of the study is kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest import charset
from digest.library import yamlfiles
from digest.library.topics import closest
from digest.limits import FIELD_LENGTH
from digest.problems import Problem

BUILT_IN = Path(__file__).with_name("designs.yml")
TEXT_FIELDS = {
    "population": "who was studied, in words",
    "intervention": "what was given or done, with dose and schedule",
    "comparator": "what it was compared with (placebo, usual care, another drug)",
    "outcome": "what was measured, and when",
    "result": "what was found, with numbers",
    "effect": "the effect size with its confidence interval (\"SMD 0.8, 95% CI 0.4 to 1.2\")",
    "follow_up": "how long participants were followed (\"7 days\")",
    "risk_of_bias": "low, some concerns or high, as judged by the digest's author",
    "funding": "who paid for the study",
}
STUDY_KEYS = {
    "design": "a design from the vocabulary (randomized-controlled-trial, cohort, animal, ...)",
    "species": "one word: human, mouse, rat, ... or in-vitro",
    "participants": "a whole number: people (or animals) randomized or analysed",
    **TEXT_FIELDS,
    "registration": "a trial registration id: NCT01234567, ISRCTN12345678, 2004-000123-45 (EudraCT), ...",
}
"""Every key ``study:`` may hold, and how to write it."""
NOT_NARRATIVE = ("participants", "intervention", "comparator", "outcome", "result", "effect", "follow_up", "registration")
"""Facts that make no sense on a work with no study of its own (a narrative review, a book)."""
RISK_OF_BIAS = ("low", "some concerns", "high")
MOST_PARTICIPANTS = 10**9
SPECIES_SYNONYMS = {"humans": "human", "people": "human", "patients": "human", "mice": "mouse", "rats": "rat",
                    "cells": "in-vitro", "in vitro": "in-vitro", "monkey": "macaque", "primate": "macaque"}
_SPECIES = re.compile(r"^[a-z][a-z -]{0,38}[a-z]$")
_REGISTRIES = (
    (re.compile(r"^NCT\d{8}$"), "ClinicalTrials.gov", "https://clinicaltrials.gov/study/{}"),
    (re.compile(r"^ISRCTN\d{8}$"), "ISRCTN", "https://www.isrctn.com/{}"),
    (re.compile(r"^\d{4}-\d{6}-\d{2}$"), "EudraCT", "https://www.clinicaltrialsregister.eu/ctr-search/search?query={}"),
    (re.compile(r"^\d{4}-\d{6}-\d{2}-\d{2}$"), "CTIS", "https://euclinicaltrials.eu/search-for-clinical-trials/?lang=en&EUCT={}"),
    (re.compile(r"^CRD\d{11}$"), "PROSPERO", "https://www.crd.york.ac.uk/prospero/display_record.php?ID={}"),
    (re.compile(r"^ChiCTR(-[A-Z]{2,4}-)?\d{6,12}$"), "ChiCTR", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^ACTRN\d{14}$"), "ANZCTR", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^DRKS\d{8}$"), "DRKS", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^CTRI/\d{4}/\d{2,3}/\d{6}$"), "CTRI", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^jRCT\d{10}$"), "jRCT", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^UMIN\d{9}$"), "UMIN-CTR", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
    (re.compile(r"^IRCT\d{8,20}N\d{1,3}$"), "IRCT", "https://trialsearch.who.int/Trial2.aspx?TrialID={}"),
)
"""Registration id formats -> the registry's name and the address of the record (the WHO's ICTRP
search portal for registries whose own record addresses are not stable)."""


@dataclass(frozen=True)
class Design:
    """One study design of the vocabulary; ``rank`` 0 is the strongest evidence."""

    slug: str
    name: str
    plural: str
    rank: int
    synonyms: tuple[str, ...] = ()
    narrative: bool = False


@dataclass(frozen=True)
class Study:
    """The checked facts of one study; "" (or None) where the contributor gave none or it was wrong."""

    design: Design | None = None
    species: str = ""
    participants: int | None = None
    population: str = ""
    intervention: str = ""
    comparator: str = ""
    outcome: str = ""
    result: str = ""
    effect: str = ""
    follow_up: str = ""
    risk_of_bias: str = ""
    funding: str = ""
    registration: str = ""

    @property
    def registry(self) -> tuple[str, str]:
        """(registry name, address of the record) of the registration, ("", "") without one."""
        return registry(self.registration) if self.registration else ("", "")


def registry(registration: str) -> tuple[str, str]:
    """The registry a registration id belongs to and its record's address; ("", "") in no known format."""
    for pattern, name, address in _REGISTRIES:
        if pattern.match(registration):
            return name, address.format(registration)
    return "", ""


class Designs:
    """The design vocabulary: slugs and synonyms -> :class:`Design`, strongest first."""

    def __init__(self, designs: list[Design]) -> None:
        self.ordered = designs
        self.words: dict[str, Design] = {}
        for design in designs:
            for word in (*design.synonyms, design.slug):
                self.words[word] = design

    def find(self, word: str) -> Design | None:
        return self.words.get(_word(word))

    def suggest(self, word: str) -> str:
        return closest(_word(word), list(self.words))


def _word(text: str) -> str:
    return re.sub(r"[\s_/]+", "-", text.strip().lower())


def read_designs(site_file: Path | None = None, site_path: str = "") -> tuple[Designs, list[Problem]]:
    """The built-in vocabulary, extended (or renamed) by the site's file when there is one."""
    problems: list[Problem] = []
    specs = _read_file(BUILT_IN, "designs.yml (built in)", problems)
    if site_file is not None and site_file.is_file():
        for slug, spec in _read_file(site_file, site_path, problems).items():
            specs[slug] = {**specs.get(slug, {}), **spec}
    designs = [Design(slug, spec["name"], spec.get("plural", spec["name"]), rank, tuple(spec.get("synonyms", ())),
                      spec.get("narrative", False)) for rank, (slug, spec) in enumerate(specs.items())]
    return Designs(designs), problems


def _read_file(file: Path, path: str, problems: list[Problem]) -> dict[str, dict[str, Any]]:
    data, lines, found, read = yamlfiles.read_file(file, path, "fix the YAML (quote text that holds a colon)", "designs-file",
                                                   "the design vocabulary", charset.HINT)
    problems += found
    if not read:
        return {}
    specs: dict[str, dict[str, Any]] = {}
    for slug, spec in (data if isinstance(data, dict) else {}).items():
        checked = _spec(spec)
        if not isinstance(slug, str) or not re.match(r"^[a-z][a-z0-9-]{0,60}$", slug) or checked is None:
            hint = "write `slug:` with `name:`, and optionally `plural:`, `synonyms:` (a list) and `narrative: true`"
            problems.append(Problem(path, lines.get(str(slug)), f"design {str(slug)[:40]!r} cannot be read; it is left out",
                                    hint, "designs-file"))
            continue
        specs[slug] = checked
    if not isinstance(data, dict):
        problems.append(Problem(path, 1, "the design vocabulary is not a mapping", "write `slug:` entries", "designs-file"))
    return specs


def _spec(spec: Any) -> dict[str, Any] | None:
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or len(spec["name"]) > 200:
        return None
    synonyms = spec.get("synonyms", [])
    plural = spec.get("plural", spec["name"])
    if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms) or not isinstance(plural, str):
        return None
    return {"name": spec["name"], "plural": plural[:200], "synonyms": [_word(s) for s in synonyms[:100]],
            "narrative": spec.get("narrative") is True}


def field_lines(front: str, study_line: int) -> dict[str, int]:
    """The line (in the file, as ``study_line``) of each key written in block style under ``study:``."""
    found: dict[str, int] = {}
    rows = front.splitlines()
    for number, row in enumerate(rows[study_line - 1:], start=study_line + 1):
        if row.strip() and not row[:1].isspace():
            break
        match = re.match(r"^\s+([A-Za-z_][\w-]*)\s*:", row)
        if match:
            found.setdefault(match.group(1), number)
    return found


def read_study(raw: Any, designs: Designs, path: str, line: int | None,
               lines: dict[str, int] | None = None) -> tuple[Study | None, list[Problem]]:
    """``study:`` as a contributor wrote it -> a :class:`Study` (None when it is not a mapping), and a
    problem at its line for each fact that is wrong (that fact is left out)."""
    problems: list[Problem] = []
    lines = lines or {}

    def problem(key: str, message: str, hint: str = "") -> None:
        hint = hint or f"write `{key}:` as {STUDY_KEYS.get(key, 'text')}"
        problems.append(Problem(path, lines.get(key, line), message, hint, "study"))

    if not isinstance(raw, dict):
        problem("study", f"`study` is {_shown(raw)}, not a list of `key: value` facts",
                f"write `study:` with facts under it: {', '.join(STUDY_KEYS)}")
        return None, problems
    facts: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key)
        if name not in STUDY_KEYS:
            near = closest(name.lower(), list(STUDY_KEYS))
            problem(name, f"unknown study fact `{name[:40]}`",
                    f"did you mean `{near}`?" if near else f"use only {', '.join(STUDY_KEYS)}")
        else:
            checked = _fact(name, value, designs, problem)
            if checked is not None:
                facts[name] = checked
    design = facts.get("design")
    if isinstance(design, Design) and design.narrative:
        for key in NOT_NARRATIVE:
            if key in facts:
                problem(key, f"`{key}` makes no sense on a {design.name.lower()} (it reports no study of its own)",
                        "remove it, or give the design of the study it reports")
                del facts[key]
    return Study(**facts), problems


def _fact(key: str, value: Any, designs: Designs, problem: Any) -> Any:
    """One fact checked (None and a problem when it is wrong)."""
    if key == "participants":
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MOST_PARTICIPANTS:
            problem(key, f"`participants` is {_shown(value)}, not a whole number of people or animals")
            return None
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool) and key != "design":
        value = str(value)  # a follow-up of `7`, an EudraCT id read as a number
    if not isinstance(value, str) or not value.strip() or len(value) > FIELD_LENGTH:
        problem(key, f"`{key}` is {_shown(value)}, not text of at most {FIELD_LENGTH} characters")
        return None
    value = value.strip()
    if key == "design":
        found = designs.find(value)
        if found is None:
            near = designs.suggest(value)
            problem(key, f"unknown study design {_shown(value)}",
                    f"did you mean {near}?" if near else f"use one of {', '.join(d.slug for d in designs.ordered)}")
        return found
    if key == "species":
        species = SPECIES_SYNONYMS.get(value.lower(), value.lower())
        if not _SPECIES.match(species):
            problem(key, f"`species` is {_shown(value)}, not a species' common name")
            return None
        return species
    if key == "registration":
        if not registry(value)[0]:
            problem(key, f"registration {_shown(value)} is in no known registry's format")
            return None
    if key == "risk_of_bias" and value.lower() not in RISK_OF_BIAS:
        problem(key, f"`risk_of_bias` is {_shown(value)}", f"write one of {', '.join(RISK_OF_BIAS)}")
        return None
    return value.lower() if key == "risk_of_bias" else value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def summary(studies: list[Study]) -> str:
    """One line over a list of studies: "4 randomized trials (231 participants), 3 animal studies"."""
    counts: dict[Design, list[int]] = {}
    for study in studies:
        if study.design is not None:
            counts.setdefault(study.design, []).append(study.participants or 0)
    parts = []
    for design in sorted(counts, key=lambda d: d.rank):
        found = counts[design]
        word = design.plural if len(found) > 1 else design.name.lower()
        people = sum(found)
        parts.append(f"{len(found)} {word}" + (f" ({people:,} participants)" if people and not design.narrative else ""))
    return ", ".join(parts)
