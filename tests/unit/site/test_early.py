"""Which saves under `mkdocs serve` get their entry page shown before the rebuild (site/early.py): a
digest's text edited, and nothing else."""

from __future__ import annotations

import os
from pathlib import Path

from tests.factories import make_entry

from digest.library.digestfiles import read_digest
from digest.site import early

FRONT = "---\nteaser: Ketamine lifts mood.\ncontributors: [Jane Doe]\n---\n\n"


def _library(tmp_path: Path) -> tuple[Path, dict[str, object]]:
    folder = tmp_path / "docs" / "digests"
    folder.mkdir(parents=True)
    entries = {}
    for key in ("a2020", "b2020"):
        file = folder / f"{key}.md"
        file.write_text(FRONT + f"The text of {key}.\n", encoding="utf-8")
        entries[key] = make_entry(key, title=key, digest=read_digest(file, f"docs/digests/{key}.md", key)[0])
    make_entry("c2020")  # no digest
    return folder, entries


def _touch(file: Path, text: str) -> None:
    file.write_text(text, encoding="utf-8")
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later time, however coarse the clock


def test_an_edited_text_gives_the_entry_with_its_new_digest(tmp_path: Path) -> None:
    folder, entries = _library(tmp_path)
    before = early.snapshot(folder)
    _touch(folder / "a2020.md", FRONT + "The text of a2020, edited.\n")
    names = early.changed(before, early.snapshot(folder))
    assert names == ["a2020.md"]
    [edited] = early.edited_entries(entries, folder, tmp_path, names)  # type: ignore[arg-type]
    assert edited.key == "a2020" and edited.digest is not None and "edited" in edited.digest.body
    assert edited.digest.path == "docs/digests/a2020.md"
    assert entries["a2020"].digest.body.strip() == "The text of a2020.", "the library's entry is left as it was"  # type: ignore[attr-defined]
    assert edited.signature != entries["a2020"].signature  # type: ignore[attr-defined]


def test_anything_but_a_digests_text_is_left_to_the_rebuild(tmp_path: Path) -> None:
    folder, entries = _library(tmp_path)
    before = early.snapshot(folder)
    _touch(folder / "a2020.md", "---\nteaser: Another teaser.\ncontributors: [Jane Doe]\n---\n\nThe text.\n")
    assert early.edited_entries(entries, folder, tmp_path, early.changed(before, early.snapshot(folder))) == []  # type: ignore[arg-type]
    _touch(folder / "a2020.md", "---\nteaser: [unclosed\n---\n\nThe text.\n")  # a problem: the rebuild reports it
    assert early.edited_entries(entries, folder, tmp_path, ["a2020.md"]) == []  # type: ignore[arg-type]
    _touch(folder / "a2020.md", FRONT + "The text of a2020.\n")  # saved unchanged
    assert early.edited_entries(entries, folder, tmp_path, ["a2020.md"]) == []  # type: ignore[arg-type]
    (folder / "c2020.md").write_text(FRONT + "A new digest.\n", encoding="utf-8")
    assert early.changed(before, early.snapshot(folder)) == [], "a digest added changes lists"
    assert early.edited_entries(entries, folder, tmp_path, ["zzz.md"]) == []  # type: ignore[arg-type]
    assert early.snapshot(tmp_path / "nowhere") == {}
