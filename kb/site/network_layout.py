"""Where the network's nodes go, computed at build time: the whole network by date and axis, a neighbourhood in
columns whose labels never overlap."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import repeat

import networkx as nx

from kb.graph import axes_of, span_of
from kb.site.palette import eras_in_order

YEAR_WIDTH = 260
BAND_HEIGHT = 260
BIN_WIDTH = 70
ROW_HEIGHT = 34
ERA_WIDTH = 900
AXIS_ORDER = ("parameters", "training-data", "training-compute", "sparsity", "test-time-compute")


def bands(graph: nx.MultiDiGraph) -> list[str]:
    """The axes in band order, top to bottom, then "" for the band of entries that pushed none."""
    axes = [n for n, k in graph.nodes(data="kind") if k == "axis"]
    known = [a for a in AXIS_ORDER if a in axes]
    return known + sorted(a for a in axes if a not in known) + [""]


def _time_scale(graph: nx.MultiDiGraph, first: float, last: float):
    """Date -> x. Each era gets the same width, so the crowded recent years spread out like the early ones.

    Within an era x grows linearly with the date; without eras the scale is simply linear.
    """
    spans = []
    for era in eras_in_order(graph):
        era_start, era_end = span_of(graph, era)
        start = era_start.fraction if era_start else first
        end = era_end.fraction if era_end else max(last, start + 1)
        spans.append((start, max(end, start + 0.1)))
    spans.sort()
    if not spans:
        return lambda year: int((year - first) * YEAR_WIDTH)

    def x_of(year: float) -> int:
        if year < spans[0][0]:
            return int((year - spans[0][0]) * YEAR_WIDTH)
        for i, (start, end) in enumerate(spans):
            if year < end or i == len(spans) - 1:
                return int(i * ERA_WIDTH + (year - start) / (end - start) * ERA_WIDTH)
        return 0  # pragma: no cover

    return x_of


def _when(graph: nx.MultiDiGraph) -> tuple[dict[str, float], float, float]:
    """The decimal year each entry is drawn at, and the first and last year of the time scale.

    Models, papers and articles set the scale; a concept sits at the mean date of the entries related to it.
    """
    kinds = dict(graph.nodes(data="kind"))
    when = {n: d.fraction for n, d in graph.nodes(data="date") if d and kinds[n] in ("model", "paper", "article")}
    first = min(when.values(), default=2012.0)
    last = max(when.values(), default=first + 1)
    for node, kind in kinds.items():
        if node in when or kind not in ("model", "paper", "concept", "article"):
            continue
        near = [when[m] for m in nx.all_neighbors(graph, node) if m in when]
        own = graph.nodes[node].get("date")
        guess = sum(near) / len(near) if near else (own.fraction if own else first)
        when[node] = min(max(guess, first), last)
    return when, first, last


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Positions computed at build time, so the page draws at once.

    x is the date (models, papers and articles set the time scale; a concept sits at the mean date of
    the entries that relate to it). y is a band per scaling axis, each as tall as its busiest year, so
    entries of the same axis and era end up near each other. Eras run along the top, axes label their
    bands on the left, organizations sit along the bottom under their entries' mean date.
    """
    order = bands(graph)
    band_of = {}
    for node in graph:
        axes = [axis for axis, _ in axes_of(graph, node)]
        band_of[node] = min((order.index(a) for a in axes if a in order), default=len(order) - 1)
    kinds = dict(graph.nodes(data="kind"))
    when, first, last = _when(graph)
    x_of = _time_scale(graph, first, last)

    stack: dict[str, tuple[int, int, int]] = {}  # node -> (band, x, slot in its column)
    columns: dict[tuple[int, int], int] = defaultdict(int)
    for node in sorted(when, key=lambda n: (when[n], n)):
        band, x = band_of[node], x_of(when[node])
        column = (band, x // BIN_WIDTH)
        stack[node] = (band, x, columns[column])
        columns[column] += 1
    tallest = defaultdict(lambda: 1)
    for (band, _), count in columns.items():
        tallest[band] = max(tallest[band], count)
    tops, y = [], 0
    for band in range(len(order)):
        tops.append(y)
        y += max(BAND_HEIGHT, (tallest[band] + 2) * ROW_HEIGHT)
    positions: dict[str, tuple[int, int]] = {}
    for node, (band, x, k) in stack.items():
        height = max(BAND_HEIGHT, (tallest[band] + 2) * ROW_HEIGHT)
        offset = (k + 1) // 2 * ROW_HEIGHT * (1 if k % 2 else -1)
        positions[node] = (x, tops[band] + height // 2 + offset)
    for era in eras_in_order(graph):
        era_start, era_end = span_of(graph, era)
        start = max(era_start.fraction, first) if era_start else first
        end = min(era_end.fraction, last) if era_end else last
        positions[era] = (x_of((start + end) / 2), -BAND_HEIGHT // 2)
    for i, axis in enumerate(order):
        if axis:
            height = max(BAND_HEIGHT, (tallest[i] + 2) * ROW_HEIGHT)
            positions[axis] = (x_of(first) - YEAR_WIDTH // 2, tops[i] + height // 2)
    used: dict[int, int] = defaultdict(int)
    for org in sorted(n for n, k in kinds.items() if k == "organization"):
        near = [when[m] for m in nx.all_neighbors(graph, org) if m in when]
        x = x_of(sum(near) / len(near)) if near else x_of(first)
        slot = x // (BIN_WIDTH * 2)
        positions[org] = (x, y + BAND_HEIGHT // 2 + used[slot] * ROW_HEIGHT * 2)
        used[slot] += 1
    return positions


# ----------------------------------------------------------------------------------------- label sizes

# Advance widths of Arial (and of Liberation Sans, metric-compatible, which stands in for it on Linux) in
# thousandths of the font size: vis-network draws the neighbourhood's labels in Arial.
_ARIAL = {
    191: "'",
    222: "ijl",
    260: "|",
    278: " !,./:;I[\\]ft",
    333: "()-`r",
    334: "{}",
    355: '"',
    389: "*",
    469: "^",
    500: "Jckvsxyz",
    556: "#$0123456789?L_abdeghnopqu",
    584: "+<=>~",
    611: "FTZ",
    667: "&ABEKPSVXY",
    722: "CDHNRUw",
    778: "GOQ",
    833: "Mm",
    889: "%",
    944: "W",
    1015: "@",
}
_WIDTH = {ch: width for width, chars in _ARIAL.items() for ch in chars}


def text_width(text: str, size: float) -> float:
    """The width in pixels of one line of Arial text at `size` pixels; wide for letters it does not know.

    >>> text_width("Chinchilla", 12)
    52.008
    """
    thousandths = sum(map(_WIDTH.get, text, repeat(0)))
    for ch in set(text).difference(_WIDTH):
        thousandths += text.count(ch) * (1000 if ord(ch) >= 0x2E80 else 722)
    return thousandths * size / 1000


def wrap(text: str, size: float, width: float, lines: int = 3) -> list[str]:
    """`text` broken at spaces into at most `lines` lines of about `width` pixels; the last one ends in '…'
    when the text does not fit. A word longer than the width gets a line of its own.

    >>> wrap("Scaling Laws for Neural Language Models", 12, 150)
    ['Scaling Laws for Neural', 'Language Models']
    """
    out: list[str] = []
    space, used = text_width(" ", size), 0.0
    for word in text.split():
        wide = text_width(word, size)
        if out and used + space + wide <= width:
            out[-1], used = f"{out[-1]} {word}", used + space + wide
        else:
            out.append(word)
            used = wide
    if len(out) > lines:
        out = out[: lines - 1] + [out[lines - 1] + "…"]
    return out or [""]


# ----------------------------------------------------------------------------------------- neighbourhoods

MINI_FONT = 12  # px; vis-network draws a label's lines MINI_FONT apart, hanging under the node
MINI_WRAP = 150  # px: longer names wrap onto a second and third line
MINI_GAP_X = 24  # between a column's widest label and the next column
MINI_GAP_Y = 12  # between a label's last line and the next node
MINI_CANVAS = (620, 600)  # px the layout aims to fit at full size: an entry page's canvas, less vis' 10% margin
MINI_SIZES = {"self": 18, "other": 11}


def _grid(boxes: list[tuple[float, int]], columns: int) -> tuple[list[float], list[int]]:
    """Column widths and row heights for `boxes` (label width, lines) filled column by column: a column is as
    wide as its widest label, a row as tall as its tallest label."""
    if not boxes:
        return [], []
    rows = math.ceil(len(boxes) / columns)
    cells = [boxes[c * rows : (c + 1) * rows] for c in range(math.ceil(len(boxes) / rows))]
    widths = [max(max(w, 2 * MINI_SIZES["other"]) for w, _ in cell) + MINI_GAP_X for cell in cells]
    lines = [max(cell[r][1] for cell in cells if r < len(cell)) for r in range(rows)]
    return widths, [2 * MINI_SIZES["other"] + n * MINI_FONT + MINI_GAP_Y for n in lines]


def _columns(before: list[tuple[float, int]], after: list[tuple[float, int]], middle: float) -> tuple[int, int]:
    """How many columns each side gets: the split that draws largest in the target canvas; then one that fits
    the canvas' usual height; then the fewest columns."""

    # (width, height) of each side in one column, then in up to 8
    sizes = [{1: tuple(map(sum, _grid(boxes, 1)))} for boxes in (before, after)]

    def key(split: tuple[int, int]) -> tuple:
        (left, height_l), (right, height_r) = sizes[0][split[0]], sizes[1][split[1]]
        width, height = left + right + middle, max(height_l, height_r, 1)
        return round(min(1.0, MINI_CANVAS[0] / width, MINI_CANVAS[1] / height), 2), height <= 400, -sum(split)

    if key((1, 1))[:2] == (1.0, True):
        return 1, 1  # the usual case: one column a side already fits at full size
    for side, boxes in zip(sizes, (before, after), strict=True):
        side.update({c: tuple(map(sum, _grid(boxes, c))) for c in range(2, min(len(boxes), 8) + 1)})
    return max(((b, a) for b in sizes[0] for a in sizes[1]), key=key)


def mini_layout(labels: dict[str, list[str]], side: dict[str, str]) -> dict[str, tuple[int, int]]:
    """Positions for a neighbourhood: the entry at (0, 0), what it points to in columns on the left ("before"),
    what points to it on the right ("after"). Columns are as wide as their widest label and rows as tall as
    their tallest label, so no two labels meet; a long side is split into as many columns as fill the canvas.
    """
    self_id = next(n for n, where in side.items() if where == "self")
    self_half = max(max(text_width(line, MINI_FONT) for line in labels[self_id]) / 2, MINI_SIZES["self"])
    groups = {where: [n for n, w in side.items() if w == where] for where in ("before", "after")}
    boxes = {
        where: [(max(text_width(line, MINI_FONT) for line in labels[n]), len(labels[n])) for n in group]
        for where, group in groups.items()
    }
    middle = 2 * (self_half + MINI_GAP_X)
    split = dict(zip(("before", "after"), _columns(boxes["before"], boxes["after"], middle), strict=True))
    positions = {self_id: (0, 0)}
    for where, sign in (("before", -1), ("after", 1)):
        widths, heights = _grid(boxes[where], split[where])
        tops = [sum(heights[:r]) for r in range(len(heights))]
        edge = middle / 2
        for c, width in enumerate(widths):
            for r, node in enumerate(groups[where][c * len(heights) : (c + 1) * len(heights)]):
                y = tops[r] - (tops[0] + tops[-1]) / 2  # node centres spread evenly around the entry's
                positions[node] = (int(sign * (edge + width / 2)), int(y))
            edge += width
    return positions
