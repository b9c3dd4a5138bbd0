"""The topic map: topics as nodes sized by their digests, shared digests as weighted edges.

The graph comes from :class:`TopicIndex` (one pass over the entries, so pairs of topics, never
pairs of entries); :mod:`digest.site.layout` lays it out from a fixed seed in plain Python and the
coordinates are rounded, so the same corpus gives the same bytes on any machine. The map is drawn
at build time as inline SVG by ``templates/partials/map.html`` from :func:`drawing` (no script: it
works from ``file://`` and in print), with a ``<title>`` on every node and edge for hover, and the same
data as an HTML table for screen readers.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from digest.library.topics import Topic, TopicIndex
from digest.model import Entry
from digest.site import layout
from digest.urls import Links

SEED = 7
FONT = 12
# The map shows every edge up to this many, and beyond that the strongest EDGES_PER_TOPIC x topics.
MIN_EDGES = 80
EDGES_PER_TOPIC = 2
# Cross-topic pages: every sharing pair up to this many; past it the strongest one per 40 entries,
# so that 200 topics (19,900 possible pairs) cannot double a 20,000-entry build.
MIN_PAIR_PAGES = 500
ENTRIES_PER_PAIR_PAGE = 40
# The small map on a topic page shows its strongest neighbours.
NEIGHBOURS = 10
# The layout pulls along each topic's strongest few edges only (all edges are still drawn).
LAYOUT_EDGES_PER_TOPIC = 3

Pair = tuple[str, str]


def pair(a: str, b: str) -> Pair:
    """A pair of topics in its one canonical order."""
    return (a, b) if a < b else (b, a)


def pair_src(a: str, b: str) -> str:
    """The source path of the cross-topic page of ``a`` and ``b``: ``topics/<a>+<b>.md``."""
    first, second = pair(a, b)
    return f"topics/{first}+{second}.md"


def shared_entries(index: TopicIndex) -> dict[Pair, list[Entry]]:
    """The entries each pair of topics shares, newest first (the order of each topic's list).

    One pass over each topic's entries: the work grows with entries x topics per entry squared.
    """
    shared: dict[Pair, list[Entry]] = defaultdict(list)
    for slug, members in index.members.items():
        for entry in members:
            for other in entry.topics:
                if other > slug and other in index.members:
                    shared[(slug, other)].append(entry)
    return {key: shared[key] for key in sorted(shared)}


def pages_for(shared: dict[Pair, list[Entry]], entry_count: int) -> list[Pair]:
    """The pairs that get a cross-topic page: all of them on any but a huge site, else the strongest."""
    limit = max(MIN_PAIR_PAGES, entry_count // ENTRIES_PER_PAIR_PAGE)
    ranked = sorted(shared, key=lambda p: (-len(shared[p]), p))
    return sorted(ranked[:limit])


def and_names(first: str, second: str) -> str:
    """ "Glutamate and ketamine": the second name in lower case unless it is an acronym (GABA)."""
    if len(second) > 1 and second[0].isupper() and second[1].islower():
        second = second[0].lower() + second[1:]
    return f"{first} and {second}"


def _plural(n: int, word: str = "digest") -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- the graph and its layout ---------------------------------------------------------------


@dataclass
class Graph:
    """Topics (slug -> digest count) and the pairs that share digests (pair -> how many)."""

    nodes: dict[str, int]
    edges: dict[Pair, int]


def topic_graph(index: TopicIndex, topics: dict[str, Topic]) -> Graph:
    """Every topic a node (with its digest count), every pair that shares digests an edge."""
    graph = Graph({slug: index.count(slug) for slug in sorted(topics)}, {})
    for slug in sorted(topics):
        for other, shared in index.cooccurring(slug):
            if slug < other and other in topics:
                graph.edges[(slug, other)] = shared
    return graph


def strongest_edges(graph: Graph, limit: int) -> list[tuple[str, str, int]]:
    """The edges to draw: all when there are at most ``limit``; else each topic's strongest edge
    (so no topic is cut off) and then the strongest of the rest, up to ``limit``."""
    ranked = sorted(((a, b, w) for (a, b), w in graph.edges.items()), key=lambda e: (-e[2], e[0], e[1]))
    if len(ranked) <= limit:
        return ranked
    kept: dict[Pair, int] = {}
    best: set[str] = set()
    for a, b, w in ranked:
        if a not in best or b not in best:
            kept[(a, b)] = w
            best.update((a, b))
    for a, b, w in ranked:
        if len(kept) >= limit:
            break
        kept.setdefault((a, b), w)
    return sorted(((a, b, w) for (a, b), w in kept.items()), key=lambda e: (-e[2], e[0], e[1]))


def backbone(edges: list[tuple[str, str, int]], per_topic: int) -> list[tuple[str, str, int]]:
    """Each topic's ``per_topic`` strongest edges (``edges`` strongest first). Laid out on these
    alone, a dense field spreads into its neighbourhoods instead of collapsing into one ball."""
    degree: dict[str, int] = defaultdict(int)
    kept = []
    for a, b, w in edges:
        if degree[a] < per_topic or degree[b] < per_topic:
            kept.append((a, b, w))
            degree[a] += 1
            degree[b] += 1
    return kept


def spring_positions(nodes: list[str], edges: list[tuple[str, str, int]]) -> dict[str, tuple[float, float]]:
    """A force-directed layout in [-1, 1]^2, the same for the same graph on any machine."""
    # A pair sharing 100 digests pulls harder than one sharing 1, but not 100 times: 2 w^(1/4) - 1
    # (1, 2.5, 5.3 for 1, 9, 100), close to 1 + ln w without a logarithm the C library rounds.
    ranked = sorted((*pair(a, b), w) for a, b, w in edges)
    ranked.sort(key=lambda e: -e[2])  # strongest first, ties in name order: the same backbone for any input order
    pulls = [(a, b, 2 * math.sqrt(math.sqrt(w)) - 1) for a, b, w in backbone(ranked, LAYOUT_EDGES_PER_TOPIC)]
    return layout.spring(nodes, pulls, k=1.0, seed=SEED)


def ring_positions(focus: str, neighbours: list[str]) -> dict[str, tuple[float, float]]:
    """The focus in the middle and its neighbours on a ring, strongest at the top, clockwise."""
    # The first neighbour at the top (y is down in SVG), the others clockwise from it.
    pos = {focus: (0.0, 0.0)}
    for i, slug in enumerate(neighbours):
        angle = 2 * math.pi * i / len(neighbours)
        pos[slug] = (round(math.sin(angle), 12), round(-math.cos(angle), 12))
    return pos


# -- the drawing ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MapNode:
    slug: str
    name: str
    count: int
    x: float
    y: float
    r: float
    href: str
    label: tuple[float, float, str] | None = None
    """Where the name is written (x, y, text-anchor); None when there was no free room for it."""


@dataclass(frozen=True)
class MapEdge:
    a: str
    b: str
    count: int
    href: str
    """The cross-topic page, or "" when the pair has none."""


@dataclass(frozen=True)
class TopicMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    hidden: int
    """Edges left out to keep the map legible."""
    width: int
    height: int
    names: dict[str, str]
    edge_labels: bool = False


def _radius(count: int, most: int, small: float, large: float) -> float:
    return small + (large - small) * math.sqrt(count / most) if most else small


Point = tuple[float, float]


def _fit(pos: dict[str, Point], width: int, height: int, margin_x: float, margin_y: float) -> dict[str, Point]:
    """Scale layout coordinates into the canvas, rounded to tenths of a pixel (byte-stable output)."""
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    span_x, span_y = max(xs) - min(xs), max(ys) - min(ys)
    fit = {}
    for n, (x, y) in pos.items():
        px = margin_x + (x - min(xs)) / span_x * (width - 2 * margin_x) if span_x > 1e-9 else width / 2
        py = margin_y + (y - min(ys)) / span_y * (height - 2 * margin_y) if span_y > 1e-9 else height / 2
        fit[n] = (round(px, 1) + 0.0, round(py, 1) + 0.0)
    return fit


Box = tuple[float, float, float, float]


def _overlaps(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


LINE = FONT * 1.15
WRAP = 20


def label_lines(name: str) -> list[str]:
    """A name longer than WRAP characters on two or more lines, broken at spaces."""
    lines: list[str] = []
    for word in name.split():
        if lines and len(lines[-1]) + 1 + len(word) <= WRAP:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines if len(name) > WRAP and lines else [name]


def _label_box(x: float, y: float, anchor: str, lines: list[str]) -> Box:
    w = max(len(line) for line in lines) * FONT * 0.6 + 2
    left = x if anchor == "start" else x - w if anchor == "end" else x - w / 2
    return (left, y - FONT * 0.85, left + w, y + FONT * 0.3 + (len(lines) - 1) * LINE)


Spot = tuple[float, float, str]
"""Where a name is written: x, y and its SVG text-anchor."""


def _label_spots(node: MapNode, lines: list[str], center: Point, width: int, height: int, more: bool) -> list[Spot]:
    """Where ``node``'s name may go, best first: beside it, on the side facing away from the middle
    first, then above or below it; with ``more``, also at its corners and a line or two farther out."""
    extra = (len(lines) - 1) * LINE
    spots = []
    for step in ((0.0, LINE, 2 * LINE) if more else (0.0,)):
        gap = node.r + 4 + step
        right, left = (node.x + gap, node.y + 4 - extra / 2, "start"), (node.x - gap, node.y + 4 - extra / 2, "end")
        above, below = (node.x, node.y - gap - 1 - extra, "middle"), (node.x, node.y + gap + FONT * 0.85, "middle")
        sides = [right, left] if node.x >= center[0] else [left, right]
        ends = [above, below] if node.y <= center[1] else [below, above]
        spots += [*sides, *ends] if abs(node.x - center[0]) * height >= abs(node.y - center[1]) * width else [*ends, *sides]
        if more:
            d = gap * 0.75
            spots += [(node.x + d, node.y - d - extra, "start"), (node.x - d, node.y - d - extra, "end"),
                      (node.x + d, node.y + d + FONT * 0.85, "start"), (node.x - d, node.y + d + FONT * 0.85, "end")]
    # Rounded as drawn, before the test: a name is checked where it will be, not 0.05 beside it.
    return [(round(x, 1), round(y, 1), anchor) for x, y, anchor in spots]


def place_labels(nodes: list[MapNode], width: int, height: int, center: Point, always: bool) -> list[MapNode]:
    """Put each name beside its node where it overlaps no other name and no node and stays inside the
    picture, the biggest topics first. A name with no free room is left out (its node keeps its hover
    title and its row in the table): names never overlap, by construction. ``always`` (a small map,
    where every name should show) tries more places before leaving one out."""
    placed: list[Box] = []
    circles = {n.slug: (n.x - n.r, n.y - n.r, n.x + n.r, n.y + n.r) for n in nodes}
    labelled: dict[str, MapNode] = {}
    for node in sorted(nodes, key=lambda n: (-n.count, n.slug)):
        lines = label_lines(node.name)
        choice = None
        for x, y, anchor in _label_spots(node, lines, center, width, height, always):
            box = _label_box(x, y, anchor, lines)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(_overlaps(box, b) for b in placed) and not any(
                    _overlaps(box, c) for s, c in circles.items() if s != node.slug):
                choice = (x, y, anchor)
                placed.append(box)
                break
        labelled[node.slug] = MapNode(node.slug, node.name, node.count, node.x, node.y, node.r, node.href, choice)
    return [labelled[n.slug] for n in nodes]


def build_map(index: TopicIndex, topics: dict[str, Topic], links: Links, here: str, pair_pages: set[Pair]) -> TopicMap:
    """The whole field: every topic, and the strongest edges when there are too many to draw."""
    graph = topic_graph(index, topics)
    n = len(graph.nodes)
    edges = strongest_edges(graph, max(MIN_EDGES, EDGES_PER_TOPIC * n))
    width = min(2000, max(720, round(math.sqrt(n) * 170)))
    height = min(1500, max(480, round(width * 0.68)))
    pos = _fit(spring_positions(list(graph.nodes), edges), width, height, 110, 36)
    most = max(graph.nodes.values(), default=0)
    nodes = [MapNode(s, topics[s].name, count, *pos[s], round(_radius(count, most, 5, 26), 1),
                     links.rel(here, links.topic(s))) for s, count in graph.nodes.items()]
    nodes = place_labels(nodes, width, height, (width / 2, height / 2), always=n <= 30)
    drawn = [MapEdge(a, b, w, links.rel(here, pair_src(a, b)) if (a, b) in pair_pages else "") for a, b, w in edges]
    names = {s: t.name for s, t in topics.items()}
    return TopicMap(tuple(nodes), tuple(drawn), len(graph.edges) - len(drawn), width, height, names)


def build_focus_map(index: TopicIndex, topics: dict[str, Topic], links: Links, slug: str, pair_pages: set[Pair]) -> TopicMap:
    """A topic and its strongest neighbours, each spoke labelled with the digests they share."""
    here = links.topic(slug)
    found = [(s, n) for s, n in index.cooccurring(slug) if s in topics]
    shown = found[:NEIGHBOURS]
    # Room on both sides for the longest name, so that names on the ring can face outwards.
    longest = max((len(line) for s, _ in shown for line in label_lines(topics[s].name)), default=0)
    margin = min(180, round(longest * FONT * 0.6 + 26))
    width, height = 2 * margin + 200, 300
    pos = _fit(ring_positions(slug, [s for s, _ in shown]), width, height, margin, 40)
    counts = {slug: index.count(slug), **{s: index.count(s) for s, _ in shown}}
    most = max(counts.values()) if counts else 0
    nodes = [MapNode(s, topics[s].name, counts[s], *pos[s], round(_radius(counts[s], most, 4, 16), 1),
                     links.rel(here, links.topic(s))) for s in [slug, *(s for s, _ in shown)]]
    nodes = place_labels(nodes, width, height, pos[slug], always=True)
    edges = [MapEdge(*pair(slug, s), n, links.rel(here, pair_src(slug, s)) if pair(slug, s) in pair_pages else "")
             for s, n in shown]
    names = {s: topics[s].name for s in counts}
    return TopicMap(tuple(nodes), tuple(edges), len(found) - len(shown), width, height, names, edge_labels=True)


def _edge_title(edge: MapEdge, names: dict[str, str]) -> str:
    return f"{and_names(names[edge.a], names[edge.b])}: {_plural(edge.count, 'shared digest')}"


def _inside(a: MapNode, b: MapNode) -> tuple[float, float, float, float]:
    """The part of the line from ``a`` to ``b`` outside both circles (and a gap): an edge's tap and
    focus area, which so never covers the nodes it joins."""
    dx, dy = b.x - a.x, b.y - a.y
    length = math.hypot(dx, dy) or 1.0
    start, end = min(a.r + 3, length / 2), max(length - b.r - 3, length / 2)
    ux, uy = dx / length, dy / length
    return (round(a.x + ux * start, 1), round(a.y + uy * start, 1), round(a.x + ux * end, 1), round(a.y + uy * end, 1))


TARGET = 12
"""The smallest radius a node can be tapped within (a 24 px target, WCAG 2.2's minimum)."""


def _hit_path(a: MapNode, b: MapNode, others: list[MapNode], hit: float) -> str:
    """An edge's tap and focus area as an SVG path: the part of the line from ``a`` to ``b`` outside
    both circles (:func:`_inside`), less wherever it passes over another node's tap circle, so that an
    edge drawn across a node never takes that node's clicks."""
    x1, y1, x2, y2 = _inside(a, b)
    dx, dy = x2 - x1, y2 - y1
    length = math.hypot(dx, dy)
    def reach(node: MapNode) -> float:  # the node's tap circle, widened by half the hit stroke
        return max(node.r, TARGET) + hit / 2

    if length == 0:  # nodes that touch: a point between them, unless another node's tap circle holds it
        held = any(math.hypot(node.x - x1, node.y - y1) < reach(node) for node in others)
        return "" if held else f"M{x1} {y1}L{x2} {y2}"
    kept = [(0.0, 1.0)]
    for node in others:
        # Where along the line the node's tap circle cuts it.
        t = ((node.x - x1) * dx + (node.y - y1) * dy) / (length * length)
        gap = math.hypot(x1 + t * dx - node.x, y1 + t * dy - node.y)
        radius = reach(node)
        if gap >= radius:
            continue
        half = math.sqrt(radius * radius - gap * gap) / length
        cut = (t - half, t + half)
        kept = [piece for start, end in kept
                for piece in ((start, min(end, cut[0])), (max(start, cut[1]), end)) if piece[1] - piece[0] > 1e-9]
    return "".join(f"M{round(x1 + dx * s, 1)} {round(y1 + dy * s, 1)}L{round(x1 + dx * e, 1)} {round(y1 + dy * e, 1)}"
                   for s, e in kept)


def drawing(topic_map: TopicMap, label: str, focus: str = "") -> dict[str, Any]:
    """The map as view data for ``templates/partials/map.html``: edges drawn under the nodes, and the
    links in reading order: each topic, then its edges (to topics after it), so that the keyboard
    goes from a topic to what it shares."""
    where = {n.slug: n for n in topic_map.nodes}
    order = {n.slug: i for i, n in enumerate(topic_map.nodes)}
    most = max((e.count for e in topic_map.edges), default=1)
    edges = []
    owned: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in topic_map.edges:
        a, b = where[edge.a], where[edge.b]
        width = round(1 + 5 * edge.count / most, 1)
        mid = (round(a.x + (b.x - a.x) * 0.55, 1), round(a.y + (b.y - a.y) * 0.55, 1) + 4) if topic_map.edge_labels else None
        others = [n for n in topic_map.nodes if n.slug not in (edge.a, edge.b)]
        view = {"a": edge.a, "b": edge.b, "count": edge.count, "href": edge.href,
                "title": _edge_title(edge, topic_map.names),
                "x1": a.x, "y1": a.y, "x2": b.x, "y2": b.y, "width": width, "hit": max(width, 10), "mid": mid,
                "hit_path": _hit_path(a, b, others, max(width, 10))}
        edges.append(view)
        owned[min(edge.a, edge.b, key=order.__getitem__)].append(view)
    nodes = []
    for node in topic_map.nodes:
        label_view = None
        if node.label:
            x, y, anchor = node.label
            lines = [(x, 0 if i == 0 else LINE, line) for i, line in enumerate(label_lines(node.name))]
            label_view = {"x": x, "y": y, "anchor": anchor, "lines": lines}
        nodes.append({"slug": node.slug, "name": node.name, "count": node.count, "href": node.href, "focus": node.slug == focus,
                      "title": f"{node.name}: {_plural(node.count)}", "x": node.x, "y": node.y, "r": node.r,
                      "target": max(node.r, TARGET), "label": label_view, "edges": owned[node.slug]})
    return {"label": label, "width": topic_map.width, "height": topic_map.height, "font": FONT, "edges": edges, "nodes": nodes,
            "hidden": topic_map.hidden, "shown": len(topic_map.edges), "wide": topic_map.width > 900}


def table(topic_map: TopicMap, caption: str) -> dict[str, Any]:
    """The map's data as table rows: each topic, its digests, and the topics it shares digests with."""
    by_topic: dict[str, list[MapEdge]] = defaultdict(list)
    for edge in topic_map.edges:
        by_topic[edge.a].append(edge)
        by_topic[edge.b].append(edge)
    rows = []
    for node in sorted(topic_map.nodes, key=lambda n: (-n.count, n.name.lower())):
        shared = [{"name": topic_map.names[edge.b if edge.a == node.slug else edge.a], "count": edge.count, "href": edge.href}
                  for edge in by_topic[node.slug]]
        rows.append({"slug": node.slug, "name": node.name, "href": node.href, "count": node.count, "shared": shared})
    return {"caption": caption, "rows": rows}
