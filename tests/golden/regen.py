"""Rewrite tests/golden/<style>/expected.txt from the current formatter (review the diff!)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "hooks"))

from digest.library.bibfiles import read_bib  # noqa: E402
from digest.references.parts import to_plain  # noqa: E402
from digest.references.styles import get  # noqa: E402

for style in ("apa", "vancouver"):
    entries, _ = read_bib(HERE / "apa" / "cases.bib", "cases.bib")
    lines = [f"{e.key}: {to_plain(get(style).reference(e))}" for e in entries]
    (HERE / style / "expected.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
