"""Build-time SVG charts: a figure (log scale) against date, coloured by era, shaped by status."""

from __future__ import annotations

import math
import re

import networkx as nx

from kb import vocab
from kb.graph import figure_points, span_of
from kb.site.palette import NO_ERA, era_colours, eras_in_order
from kb.site.text import esc
from kb.site.urls import Urls
from kb.values import short

WIDTH, HEIGHT = 960, 480
LEFT, RIGHT, TOP, BOTTOM = 70, 20, 34, 58
LABEL_PX = 6.2  # approximate width of one character at font-size 11


def _points(graph: nx.MultiDiGraph, figure: str, unit: str | None, era: str | None = None) -> list[dict]:
    return [
        {
            "id": p.node,
            "name": graph.nodes[p.node]["name"],
            "kind": graph.nodes[p.node]["kind"],
            "era": graph.nodes[p.node].get("era"),
            "x": p.x,
            "y": p.value,
            "low": p.figure.get("low"),
            "high": p.figure.get("high"),
            "status": p.status,
            "unit": p.figure.get("unit") or "",
            "weight": graph.degree(p.node),
        }
        for p in figure_points(graph, figure, era=era, unit=unit)
    ]


def _marker(status: str, x: float, y: float, colour: str) -> str:
    if status == "estimated":
        return (
            f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y:.1f}L{x:.1f} {y + 6:.1f}L{x - 6:.1f} {y:.1f}Z" '
            f'fill="{colour}" fill-opacity="0.55" stroke="{colour}"/>'
        )
    if status == "rumored":
        return (
            f'<path d="M{x:.1f} {y - 6:.1f}L{x + 6:.1f} {y + 5:.1f}L{x - 6:.1f} {y + 5:.1f}Z" fill="none" '
            f'stroke="{colour}" stroke-width="2"/>'
        )
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}"/>'


def chart_svg(
    graph: nx.MultiDiGraph,
    figure: str,
    here: str,
    urls: Urls,
    unit: str | None = None,
    max_labels: int = 40,
    era: str | None = None,
) -> str:
    """An SVG chart of `figure` against date for every model and paper that reports it (or those of one era).

    Points link to their entry pages; labels are placed greedily by importance so they never overlap.
    """
    spec = vocab.FIGURES[figure]
    unit = unit or spec.unit
    points = _points(graph, figure, unit, era)
    title = f"{spec.title} ({unit}) against date"
    if not points:
        return f'<p class="eras-chart-empty">No entry reports {esc(spec.title.lower())} yet.</p>'
    colours = era_colours(graph)
    eras = eras_in_order(graph)
    xs = [p["x"] for p in points]
    ys = [v for p in points for v in (p["y"], p["low"], p["high"]) if v]
    x0, x1 = math.floor(min(xs)), math.ceil(max(xs) + 0.01)
    y0, y1 = math.floor(math.log10(min(ys))), math.ceil(math.log10(max(ys)) + 0.01)
    if y1 == y0:
        y1 += 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def sx(x: float) -> float:
        return LEFT + (x - x0) / (x1 - x0) * plot_w

    def sy(y: float) -> float:
        return TOP + (1 - (math.log10(y) - y0) / (y1 - y0)) * plot_h

    out = [
        f'<svg class="eras-chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{esc(title)}" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="11">',
        f"<title>{esc(title)}</title>",
    ]
    for era in eras:
        data = graph.nodes[era]
        first, last = span_of(graph, era)
        start = first.fraction if first else x0
        end = last.fraction if last else x1
        a, b = max(sx(max(start, x0)), LEFT), min(sx(min(end, x1)), WIDTH - RIGHT)
        if b <= a:
            continue
        colour = colours[era]
        out.append(
            f'<rect x="{a:.1f}" y="{TOP}" width="{b - a:.1f}" height="{plot_h}" fill="{colour}" fill-opacity="0.07"/>'
        )
        href = esc(urls.rel(here, urls.entry("era", era)))
        name = data["name"]
        if len(name) * LABEL_PX > b - a:  # a narrow band: "The current scaling-laws era" -> "current scaling-laws"
            name = re.sub(r"^the\s+|\s+era$", "", name, flags=re.IGNORECASE)
        half = len(name) * LABEL_PX / 2
        centre = min(max((a + b) / 2, LEFT + half), WIDTH - RIGHT - half)
        out.append(
            f'<a href="{href}"><text x="{centre:.1f}" y="{TOP - 10}" text-anchor="middle" fill="{colour}" '
            f'font-weight="600">{esc(name)}</text></a>'
        )
    for exp in range(y0, y1 + 1):
        y = sy(10**exp)
        out.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="#94a3b8" stroke-opacity="0.35"/>'
        )
        out.append(f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" fill="currentColor">1e{exp}</text>')
    step = max(1, (x1 - x0) // 12)
    for year in range(x0, x1 + 1, step):
        x = sx(year)
        out.append(
            f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{TOP + plot_h}" stroke="#94a3b8" stroke-opacity="0.2"/>'
        )
        out.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 16}" text-anchor="middle" fill="currentColor">{year}</text>')
    out.append(
        f'<text x="14" y="{TOP + plot_h / 2:.0f}" transform="rotate(-90 14 {TOP + plot_h / 2:.0f})" '
        f'text-anchor="middle" fill="currentColor">{esc(spec.title)} ({esc(unit)}, log scale)</text>'
    )
    placed: list[tuple[float, float, float, float]] = []
    labels = []
    for p in sorted(points, key=lambda p: (-p["weight"], p["x"])):
        x, y = sx(p["x"]), sy(p["y"])
        colour = colours.get(p["era"], NO_ERA)
        href = esc(urls.rel(here, urls.entry(p["kind"], p["id"])))
        bar = ""
        if p["low"] or p["high"]:
            lo, hi = sy(p["low"] or p["y"]), sy(p["high"] or p["y"])
            bar = f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{lo:.1f}" y2="{hi:.1f}" stroke="{colour}" stroke-width="1.5"/>'
        tip = f"{p['name']}: {short(p['y'])} {p['unit']} ({p['status']})"
        out.append(
            f'<a href="{href}" class="eras-point"><title>{esc(tip)}</title>{bar}'
            f"{_marker(p['status'], x, y, colour)}</a>"
        )
        if len(labels) < max_labels:
            w = len(p["name"]) * LABEL_PX
            box = (x + 8, y - 8, x + 8 + w, y + 4)
            if box[2] > WIDTH - RIGHT:
                box = (x - 8 - w, y - 8, x - 8, y + 4)
            if all(box[2] < b[0] or box[0] > b[2] or box[3] < b[1] or box[1] > b[3] for b in placed):
                placed.append(box)
                labels.append(f'<text x="{box[0]:.1f}" y="{y + 3:.1f}" fill="currentColor">{esc(p["name"])}</text>')
    out += labels
    lx = LEFT + 8
    for status, word in (("official", "official"), ("estimated", "estimated"), ("rumored", "rumored")):
        out.append(_marker(status, lx, HEIGHT - 10, "#64748b"))
        out.append(f'<text x="{lx + 10}" y="{HEIGHT - 6}" fill="currentColor">{word}</text>')
        lx += 90
    out.append("</svg>")
    return "\n".join(out)
