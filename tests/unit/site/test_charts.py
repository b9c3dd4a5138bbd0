"""The timeline chart: bars by publication year, bins for long spans, valid and escaped SVG."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from digest.model import Entry
from digest.site.charts import MAX_BARS, timeline, year_bars
from digest.site.pages import maker as pages
from factories import make_entry

SVG = "{http://www.w3.org/2000/svg}"
ENV = pages.environment()


def timeline_svg(entries: list[Entry], label: str) -> str:
    return pages.render_macro(ENV, "partials/timeline.html", "timeline", timeline(entries, label))



def test_bars_run_from_the_first_year_to_the_last_with_gaps() -> None:
    years = [("a", "2001"), ("b", "2004"), ("c", "2004"), ("d", "")]
    bars, undated = year_bars([make_entry(key, year=year) for key, year in years])
    assert [(b.start, b.count) for b in bars] == [(2001, 1), (2002, 0), (2003, 0), (2004, 2)]
    assert undated == 1


def test_long_spans_are_grouped_into_bins() -> None:
    bars, _ = year_bars([make_entry(str(y), year=str(y)) for y in range(1900, 2026, 3)])
    assert len(bars) <= MAX_BARS
    assert bars[0].label == "1900–1904"
    assert sum(b.count for b in bars) == len(range(1900, 2026, 3))


def test_the_chart_is_valid_svg_with_a_title_per_bar() -> None:
    html = timeline_svg([make_entry("a", year="2001"), make_entry("b", year="2003")], "Glutamate <&> \"digests\"")
    svg = ET.fromstring(html[html.index("<svg"): html.index("</svg>") + 6])
    bars = svg.findall(f"{SVG}g[@class='digest-bar']")
    assert [(b.get("data-year"), b.get("data-count")) for b in bars] == [("2001", "1"), ("2002", "0"), ("2003", "1")]
    assert bars[0].findtext(f"{SVG}title") == "2001: 1 digest"
    assert svg.findtext(f"{SVG}title") == 'Glutamate <&> "digests"'
    assert "2 digests published 2001–2003" in html
    assert '<div class="digest-sr-only"><table class="digest-timeline-table">' in html


def test_no_years_gives_a_sentence_not_a_chart() -> None:
    assert "<svg" not in timeline_svg([make_entry("a", year="")], "x")
    assert "without one" in timeline_svg([make_entry("a", year="")], "x")


def test_templates_escape_and_drop_characters_xml_forbids() -> None:
    out = pages.printable(timeline_svg([make_entry("a", year="2001")], "a\x01<b>&'"))
    assert "a&lt;b&gt;&amp;&#39;" in out and "\x01" not in out
