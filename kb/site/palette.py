"""Colours and shapes shared by the pages, charts and network, so all views agree."""

from __future__ import annotations

import networkx as nx

from kb.graph import eras_in_order

ERA_COLOURS = ("#c2410c", "#1d4ed8", "#15803d", "#7e22ce", "#b91c1c", "#0f766e", "#a16207")
NO_ERA = "#6b7280"

KIND_SHAPES = {
    "model": "dot",
    "paper": "square",
    "concept": "diamond",
    "article": "triangle",
    "era": "star",
    "axis": "hexagon",
    "organization": "box",
    "benchmark": "triangleDown",
}

RELATION_STYLES = {
    "builds_on": {"color": "#64748b", "dashes": False},
    "introduces": {"color": "#16a34a", "dashes": False},
    "uses": {"color": "#0891b2", "dashes": [2, 4]},
    "succeeds": {"color": "#9333ea", "dashes": False},
    "revises": {"color": "#dc2626", "dashes": [8, 4]},
    "discusses": {"color": "#ca8a04", "dashes": [2, 2]},
    "organization": {"color": "#cbd5e1", "dashes": [1, 3]},
    "era": {"color": "#e2e8f0", "dashes": [1, 3]},
    "axis": {"color": "#fdba74", "dashes": [1, 3]},
    "results": {"color": "#c4b5fd", "dashes": [1, 3]},
}


__all__ = ["eras_in_order", "era_colours"]


def era_colours(graph: nx.MultiDiGraph) -> dict[str, str]:
    """A colour for each era, stable in era order."""
    return {era: ERA_COLOURS[i % len(ERA_COLOURS)] for i, era in enumerate(eras_in_order(graph))}
