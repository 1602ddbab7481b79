"""Build-time SVG charts: a figure (log scale) against date, coloured by era, shaped by status."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import networkx as nx
from markupsafe import Markup

from kb import vocab
from kb.graph import Point, figure_points, span_of
from kb.site.palette import NO_ERA, era_colours, eras_in_order
from kb.site.templating import render
from kb.site.urls import Urls
from kb.values import short

WIDTH, HEIGHT = 960, 480
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 34, 58
LABEL_PX = 6.2  # approximate width of one character at font-size 11
STATUSES = ("official", "estimated", "rumored")
LEGEND_COLOUR = "#64748b"


@dataclass(frozen=True)
class Frame:
    """The plotted ranges (whole years, powers of ten) and how they map to pixels."""

    x0: int
    x1: int
    y0: int
    y1: int

    @classmethod
    def around(cls, points: list[Point]) -> Frame:
        xs = [p.x for p in points]
        ys = [v for p in points for v in (p.value, p.figure.get("low"), p.figure.get("high")) if v]
        y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)) + 0.01)
        return cls(math.floor(min(xs)), math.ceil(max(xs) + 0.01), y0, y1 if y1 > y0 else y0 + 1)

    def sx(self, x: float) -> float:
        return LEFT + (x - self.x0) / (self.x1 - self.x0) * (WIDTH - LEFT - RIGHT)

    def sy(self, y: float) -> float:
        return TOP + (1 - (math.log10(y) - self.y0) / (self.y1 - self.y0)) * (HEIGHT - TOP - BOTTOM)


def chart_svg(
    graph: nx.MultiDiGraph,
    figure: str,
    here: str,
    urls: Urls,
    unit: str | None = None,
    max_labels: int = 40,
    era: str | None = None,
) -> Markup:
    """An SVG chart of `figure` against date for every model and paper that reports it (or those of one era).

    Points link to their entry pages; labels are placed greedily by importance so they never overlap.
    """
    spec = vocab.FIGURES[figure]
    unit = unit or spec.unit
    points = figure_points(graph, figure, era=era, unit=unit)
    if not points:
        return render("chart.svg", points=[], empty=spec.title.lower())
    key = (figure, here, urls, unit, max_labels, era, _inputs(graph, points))
    if key not in MEMO:
        if len(MEMO) >= MEMO_SIZE:
            MEMO.pop(next(iter(MEMO)))
        MEMO[key] = _chart(graph, points, spec, unit, here, urls, max_labels)
    return MEMO[key]


# Charts already drawn, by everything they are drawn from: under `kb serve` an edit that touches no point of a
# chart (a summary, a relation of an entry without the figure) does not draw it again.
MEMO: dict[tuple, Markup] = {}
MEMO_SIZE = 64


def _inputs(graph: nx.MultiDiGraph, points: list[Point]) -> tuple:
    """Everything of the graph a chart of `points` shows: each point's entry, figure, link and label priority,
    and the eras' spans, names and order (the bands and the colours)."""
    nodes = graph.nodes
    marks = tuple(
        (p.node, p.x, p.value, p.status, tuple(p.figure.items()), graph.degree(p.node))
        + (nodes[p.node]["name"], nodes[p.node]["kind"], nodes[p.node].get("era"))
        for p in points
    )
    eras = tuple((era, repr(span_of(graph, era)), nodes[era]["name"]) for era in eras_in_order(graph))
    return marks, eras


def _chart(graph: nx.MultiDiGraph, points: list[Point], spec, unit: str, here: str, urls: Urls, max_labels: int):
    frame = Frame.around(points)
    marks, labels = _marks(graph, points, frame, here, urls, max_labels)
    x_lines, y_lines = _grid(frame)
    plot_h = HEIGHT - TOP - BOTTOM
    geometry = {"width": WIDTH, "height": HEIGHT, "top": TOP, "left": LEFT, "right": WIDTH - RIGHT}
    geometry |= {"plot_h": plot_h, "bottom": TOP + plot_h, "middle": f"{TOP + plot_h / 2:.0f}"}
    return render(
        "chart.svg",
        g=geometry,
        title=f"{spec.title} ({unit}) against date",
        axis_label=f"{spec.title} ({unit}, log scale)",
        bands=_era_bands(graph, frame, here, urls),
        x_lines=x_lines,
        y_lines=y_lines,
        points=marks,
        labels=labels,
        legend=[
            {"marker": marker(s, LEFT + 8 + 90 * i, HEIGHT - 10, LEGEND_COLOUR), "x": LEFT + 18 + 90 * i, "status": s}
            for i, s in enumerate(STATUSES)
        ],
    )


def marker(status: str, x: float, y: float, colour: str) -> Markup:
    """The shape of a point: a disc for official, a diamond for estimated, an open triangle for rumored.

    Markup without a template: it holds only numbers and a colour of the palette, never text from an entry
    (a chart has thousands of points; rendering each shape through the template doubled its cost).
    """
    if status == "estimated":
        return Markup(
            f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} {y:.1f}Z" '
            f'fill="{colour}" fill-opacity="0.55" stroke="{colour}"/>'
        )
    if status == "rumored":
        return Markup(
            f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y + 5:.1f}L{x - 6:.1f} {y + 5:.1f}Z" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return Markup(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>')


def _era_bands(graph: nx.MultiDiGraph, frame: Frame, here: str, urls: Urls) -> list[dict]:
    """A shaded band per era, labelled with its name (shortened when the band is narrow)."""
    colours = era_colours(graph)
    bands = []
    for era in eras_in_order(graph):
        first, last = span_of(graph, era)
        start = first.fraction if first else frame.x0
        end = last.fraction if last else frame.x1
        a = max(frame.sx(max(start, frame.x0)), LEFT)
        b = min(frame.sx(min(end, frame.x1)), WIDTH - RIGHT)
        if b <= a:
            continue
        name = graph.nodes[era]["name"]
        if len(name) * LABEL_PX > b - a:  # a narrow band: "The current scaling-laws era" -> "current scaling-laws"
            name = re.sub(r"^the\s+|\s+era$", "", name, flags=re.IGNORECASE)
        half = len(name) * LABEL_PX / 2
        centre = min(max((a + b) / 2, LEFT + half), WIDTH - RIGHT - half)
        bands.append(
            {
                "x": f"{a:.1f}",
                "width": f"{b - a:.1f}",
                "colour": colours[era],
                "href": urls.rel(here, urls.entry("era", era)),
                "label_x": f"{centre:.1f}",
                "name": name,
            }
        )
    return bands


def _grid(frame: Frame) -> tuple[list[dict], list[dict]]:
    """Vertical lines at (some) years and horizontal lines at each power of ten."""
    step = max(1, (frame.x1 - frame.x0) // 12)
    x_lines = [{"x": f"{frame.sx(year):.1f}", "year": year} for year in range(frame.x0, frame.x1 + 1, step)]
    y_lines = []
    for exp in range(frame.y0, frame.y1 + 1):
        y = frame.sy(10**exp)
        y_lines.append({"y": f"{y:.1f}", "label_y": f"{y + 4:.1f}", "exp": exp})
    return x_lines, y_lines


def _marks(
    graph: nx.MultiDiGraph, points: list[Point], frame: Frame, here: str, urls: Urls, max_labels: int
) -> tuple[list[dict], list[dict]]:
    """Each point (the most connected first) with its link and tooltip, and the labels that fit without overlap."""
    colours = era_colours(graph)
    placed: list[tuple[float, float, float, float]] = []
    marks, labels = [], []
    for p in sorted(points, key=lambda p: (-graph.degree(p.node), p.x)):
        data = graph.nodes[p.node]
        x, y = frame.sx(p.x), frame.sy(p.value)
        low, high = p.figure.get("low"), p.figure.get("high")
        colour = colours.get(data.get("era"), NO_ERA)
        shape = marker(p.status, x, y, colour)
        if low or high:  # an error bar from the low to the high estimate, drawn under the marker
            lo, hi = frame.sy(low or p.value), frame.sy(high or p.value)
            bar = f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{lo:.1f}" y2="{hi:.1f}" stroke="{colour}" stroke-width="1.5"/>'
            shape = Markup(bar) + shape
        marks.append(
            {
                "href": urls.rel(here, urls.entry(data["kind"], p.node)),
                "tip": f"{data['name']}: {short(p.value)} {p.figure.get('unit') or ''} ({p.status})",
                "shape": shape,
            }
        )
        if len(labels) < max_labels:
            w = len(data["name"]) * LABEL_PX
            box = (x + 8, y - 8, x + 8 + w, y + 4)
            if box[2] > WIDTH - RIGHT:
                box = (x - 8 - w, y - 8, x - 8, y + 4)
            if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
                placed.append(box)
                labels.append({"x": f"{box[0]:.1f}", "y": f"{y + 3:.1f}", "text": data["name"]})
    return marks, labels
