"""A topic's citation map: which of its papers cite which (``bib/enrichment.yml``), drawn at build time.

The papers sit on a circle, oldest at the top and clockwise by year, so that the arrows of a field
read as time: each arrow runs from the citing paper to the cited one. Inline SVG, 390 px wide (a
phone's width, no panning), no script, so it works from ``file://`` and in print; each paper is a
link with a ``<title>``; the same data is a table for screen readers
(``templates/partials/citation-map.html``).
"""

from __future__ import annotations

import math

from digest.model import Entry
from digest.site.pieces import Pieces, View

SIZE = 390
RADIUS = 120
MOST = 40
"""At most this many papers (the most cited and citing first): past it a circle is unreadable."""


def citations(pieces: Pieces, members: list[Entry]) -> list[tuple[str, str]]:
    """(citing, cited) among ``members``, in a stable order."""
    inside = {e.key for e in members}
    found = pieces.lib.enrichment
    return sorted((key, cited) for key in inside if key in found for cited in found[key].cites if cited in inside)


def view(pieces: Pieces, here: str, members: list[Entry], name: str) -> View | None:
    """The map's drawing and table; None when no paper of the topic cites another."""
    links = citations(pieces, members)
    if not links:
        return None
    degree: dict[str, int] = {}
    for a, b in links:
        degree[a], degree[b] = degree.get(a, 0) + 1, degree.get(b, 0) + 1
    shown = sorted(degree, key=lambda k: (-degree[k], k))[:MOST]
    entries = sorted((pieces.lib.entries[k] for k in shown), key=lambda e: (e.year, e.key))
    nodes = {e.key: _node(pieces, here, e, i, len(entries)) for i, e in enumerate(entries)}
    arrows = [_arrow(nodes[a], nodes[b]) for a, b in links if a in nodes and b in nodes]
    rows = [{"title": n["name"], "href": n["href"],
             "cites": [nodes[b]["name"] for a, b in links if a == key and b in nodes],
             "cited_by": [nodes[a]["name"] for a, b in links if b == key and a in nodes]} for key, n in nodes.items()]
    hidden = len(degree) - len(shown)
    return {"size": SIZE, "label": f"{name}: which of its papers cite which", "nodes": list(nodes.values()),
            "arrows": arrows, "rows": rows, "count": len(links), "hidden": hidden}


def _node(pieces: Pieces, here: str, entry: Entry, i: int, n: int) -> View:
    angle = 2 * math.pi * i / n - math.pi / 2
    x, y = SIZE / 2 + RADIUS * math.cos(angle), SIZE / 2 + RADIUS * math.sin(angle)
    lx, ly = SIZE / 2 + (RADIUS + 10) * math.cos(angle), SIZE / 2 + (RADIUS + 10) * math.sin(angle)
    anchor = "middle" if abs(math.cos(angle)) < 0.3 else "start" if math.cos(angle) > 0 else "end"
    label = pieces.cite_text(entry)
    return {"key": entry.key, "x": round(x, 1), "y": round(y, 1), "lx": round(lx, 1), "ly": round(ly + 4, 1),
            "anchor": anchor, "label": label[:28], "name": f"{label}: {entry.title}"[:300],
            "href": pieces.links.rel(here, pieces.entry_src(entry.key))}


def _arrow(a: View, b: View) -> View:
    """A line from ``a`` to ``b`` stopping short of both dots, so that the arrowhead shows."""
    dx, dy = b["x"] - a["x"], b["y"] - a["y"]
    length = math.hypot(dx, dy) or 1
    ux, uy = dx / length, dy / length
    return {"x1": round(a["x"] + 7 * ux, 1), "y1": round(a["y"] + 7 * uy, 1),
            "x2": round(b["x"] - 9 * ux, 1), "y2": round(b["y"] - 9 * uy, 1), "title": f"{a['name']} cites {b['name']}"}
