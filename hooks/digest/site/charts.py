"""Small charts drawn at build time as inline SVG: a topic's digests by the papers' publication year.

This module works out the figures and the geometry; ``templates/partials/timeline.html`` draws them.
The SVG needs no script and no stylesheet to be read (colours are presentation attributes that
``digest.css`` may override), so it works from ``file://`` and in print. Every bar has a
``<title>`` for hover, and the same figures go into a table that screen readers read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from digest.model import Entry

# More bars than this and years are grouped into bins of 2, 5, 10 ... years.
MAX_BARS = 40
BIN_SIZES = (1, 2, 5, 10, 20, 25, 50, 100)


@dataclass(frozen=True)
class Bar:
    """One bar of the timeline: the years it covers and how many digests fall in them."""

    start: int
    end: int
    count: int

    @property
    def label(self) -> str:
        return str(self.start) if self.start == self.end else f"{self.start}–{self.end}"


def year_bars(entries: Iterable[Entry]) -> tuple[list[Bar], int]:
    """Bars from the first year to the last (empty years included, so gaps show), and how many
    entries have no year. Years are grouped into bins when there would be too many bars."""
    years: Counter[int] = Counter()
    undated = 0
    for entry in entries:
        if entry.year:
            years[int(entry.year)] += 1
        else:
            undated += 1
    if not years:
        return [], undated
    first, last = min(years), max(years)
    size = next((s for s in BIN_SIZES if (last // s - first // s + 1) <= MAX_BARS), BIN_SIZES[-1])
    bars = []
    for start in range(first // size * size, last + 1, size):
        end = start + size - 1
        bars.append(Bar(start, end if size > 1 else start, sum(years[y] for y in range(start, end + 1))))
    return bars, undated


def _plural(n: int, word: str = "digest") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def timeline_summary(bars: list[Bar], undated: int) -> str:
    """One sentence saying what the timeline shows, for the caption and for screen readers."""
    if not bars:
        return f"No publication years ({_plural(undated)} without one)." if undated else "No digests yet."
    total = sum(b.count for b in bars)
    peak = max(bars, key=lambda b: (b.count, b.start))
    ties = sum(1 for b in bars if b.count == peak.count)
    span = "year" if bars[0].start == bars[0].end else f"{bars[0].end - bars[0].start + 1} years"
    most = f"most in {peak.label} ({peak.count})" if ties == 1 else f"at most {peak.count} in any {span}"
    text = f"{_plural(total)} published {bars[0].start}–{bars[-1].end}; {most}."
    if undated:
        text += f" {_plural(undated)} without a year."
    return text


def timeline(entries: Iterable[Entry], label: str, width: int = 360, height: int = 170) -> dict[str, Any]:
    """A bar chart of ``entries`` by publication year, as view data for ``templates/partials/timeline.html``."""
    bars, undated = year_bars(entries)
    view: dict[str, Any] = {"label": label, "summary": timeline_summary(bars, undated), "bars": [],
                            "width": width, "height": height}
    if not bars:
        return view
    left, right, top, bottom = 28, 8, 10, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max(b.count for b in bars)
    step = plot_w / len(bars)
    bar_w = max(1.0, step * 0.8)
    every = max(1, round(len(bars) / 6))
    for i, bar in enumerate(bars):
        x = left + i * step + (step - bar_w) / 2
        h = plot_h * bar.count / peak
        last_far_enough = i == len(bars) - 1 and i % every >= every / 2
        view["bars"].append({"start": bar.start, "count": bar.count, "label": bar.label,
                             "title": f"{bar.label}: {_plural(bar.count)}",
                             "x": f"{x:.1f}", "y": f"{top + plot_h - h:.1f}", "w": f"{bar_w:.1f}", "h": f"{h:.1f}",
                             "tick": f"{x + bar_w / 2:.1f}" if i % every == 0 or last_far_enough else ""})
    view.update(left=left, top=top, base=top + plot_h, right=width - right, peak=peak, tick_y=top + plot_h + 14,
                middle=f"{left + plot_w / 2:.1f}", bottom=height - 4)
    return view
