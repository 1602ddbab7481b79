"""Numbers the eras can be compared by: how fast training compute grew, and the largest runs."""

from __future__ import annotations

import math
from dataclasses import dataclass

import networkx as nx

from kb.graph import figure_points as all_points

MIN_POINTS = 3


@dataclass(frozen=True)
class Trend:
    """A least-squares fit of log2(figure) against date."""

    points: int
    doubling_months: float | None  # None when the fit is flat or falling
    first: float  # decimal years of the first and last point
    last: float


def fit_trend(points: list[tuple[float, float]]) -> Trend | None:
    """Fit log2(value) = a + b * year; the doubling time is 12 / b months.

    >>> t = fit_trend([(2020.0, 1e20), (2021.0, 4e20), (2022.0, 1.6e21)])
    >>> round(t.doubling_months, 3), t.points
    (6.0, 3)
    """
    if len(points) < MIN_POINTS:
        return None
    xs = [x for x, _ in points]
    ys = [math.log2(v) for _, v in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    if sxx == 0:
        return None
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx
    return Trend(len(points), 12 / slope if slope > 0 else None, min(xs), max(xs))


def figure_points(graph: nx.MultiDiGraph, figure: str, era: str | None = None) -> list[tuple[float, float, str]]:
    """(decimal year, value, id) for every dated model reporting `figure`, rumors left out."""
    found = [(p.x, p.value, p.node) for p in all_points(graph, figure, ("model",), era) if p.status != "rumored"]
    return sorted(found)


def records(graph: nx.MultiDiGraph, figure: str = "training_compute") -> list[tuple[float, float, str]]:
    """The models that set a new record for `figure` when they appeared (rumors left out), in date order."""
    best, found = 0.0, []
    for x, value, node in figure_points(graph, figure):
        if value > best:
            best = value
            found.append((x, value, node))
    return found
