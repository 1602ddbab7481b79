"""The typed graph of a checked knowledge base, and the few queries renderers need: knowledge base -> graph.

Nodes carry the entry's fields with dates as PartialDate and figures as plain mappings of parsed numbers.
Edges are typed by their key, which is also their ``relation`` attribute: a relation type from the
vocabulary (``builds_on``...), ``organization``, ``era`` or ``axis`` for the structural edges (axis edges
carry the one-line ``reason``), or ``results`` from an entry to a benchmark it has results on. Inverses
are not stored. Renderers ask the functions below rather than decode keys or parse values.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kb import vocab
from kb.model import Entry, KnowledgeBase
from kb.values import PartialDate

UNDATED = (9999, 12, 31)


def node_attributes(entry: Entry) -> dict:
    """An entry's fields as node attributes: dates typed, figure values as plain numbers."""
    attrs = dict(entry.data)
    attrs["kind"] = entry.kind
    attrs["path"] = f"{vocab.FOLDERS[entry.kind]}/{entry.path.name}"
    for key in ("date", "start", "end"):
        if attrs.get(key) is not None:
            attrs[key] = getattr(entry, key)
    if "figures" in attrs:
        attrs["figures"] = {name: fig.as_dict() for name, fig in entry.figures.items()}
    if "results" in attrs:
        attrs["results"] = [result.as_dict() for result in entry.results]
    return attrs


def build(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """A multigraph of every entry with typed edges; references are checked before this is called."""
    graph = nx.MultiDiGraph()
    for eid, entry in kb.entries.items():
        graph.add_node(eid, **node_attributes(entry))
    for eid, entry in kb.entries.items():
        data = entry.data
        for key in ("organization", "era"):
            if data.get(key) in graph:
                graph.add_edge(eid, data[key], key=key, relation=key)
        for axis, reason in (data.get("axes") or {}).items():
            if axis in graph:
                graph.add_edge(eid, axis, key="axis", relation="axis", reason=reason)
        for benchmark in dict.fromkeys(r.benchmark for r in entry.results):
            if benchmark in graph:
                graph.add_edge(eid, benchmark, key="results", relation="results")
        for rel, targets in (data.get("relations") or {}).items():
            for target in targets:
                if target in graph and target != eid:
                    graph.add_edge(eid, target, key=rel, relation=rel)
    return graph


# --------------------------------------------------------------------------- queries


def date_of(graph: nx.MultiDiGraph, node: str) -> PartialDate | None:
    """The entry's date (for eras, their start)."""
    data = graph.nodes[node]
    return data.get("date") or data.get("start")


def sort_key(graph: nx.MultiDiGraph, node: str) -> tuple:
    """Order entries by date (undated last), then by name."""
    date = graph.nodes[node].get("date")
    return (date.start if date else UNDATED, graph.nodes[node].get("name", node).lower())


def span_of(graph: nx.MultiDiGraph, era: str) -> tuple[PartialDate | None, PartialDate | None]:
    """An era's start and end (None for an era still running)."""
    return graph.nodes[era].get("start"), graph.nodes[era].get("end")


def eras_in_order(graph: nx.MultiDiGraph) -> list[str]:
    """Eras by start date."""
    eras = [n for n, k in graph.nodes(data="kind") if k == "era"]
    return sorted(eras, key=lambda n: ((graph.nodes[n].get("start") or PartialDate(9999)).start, n))


def axes_of(graph: nx.MultiDiGraph, node: str) -> list[tuple[str, str]]:
    """The axes an entry pushed, each with its one-line reason, in the order the entry gives them."""
    return [(axis, reason) for _, axis, rel, reason in graph.out_edges(node, keys=True, data="reason") if rel == "axis"]


def pushed(graph: nx.MultiDiGraph, axis: str) -> list[tuple[str, str]]:
    """The entries that pushed an axis, with their reasons, in date order."""
    found = [(s, reason) for s, _, rel, reason in graph.in_edges(axis, keys=True, data="reason") if rel == "axis"]
    return sorted(found, key=lambda item: sort_key(graph, item[0]))


def outgoing(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """Relation type -> targets, in the order of the vocabulary."""
    found: dict[str, list[str]] = {}
    for _, target, rel in graph.out_edges(node, keys=True):
        if rel in vocab.RELATIONS:
            found.setdefault(rel, []).append(target)
    return {rel: found[rel] for rel in vocab.RELATIONS if rel in found}


def incoming(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """Relation type -> sources pointing here (shown under the inverse label)."""
    found: dict[str, list[str]] = {}
    for source, _, rel in graph.in_edges(node, keys=True):
        found.setdefault(rel, []).append(source)
    return {rel: sorted(found[rel], key=lambda n: sort_key(graph, n)) for rel in found}


def members(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """Entries joined to an era, axis or organization by a structural edge, in date order."""
    return sorted(
        {source for source, _, rel in graph.in_edges(node, keys=True) if rel == relation},
        key=lambda n: sort_key(graph, n),
    )


@dataclass(frozen=True)
class Point:
    """One entry's figure placed in time: what charts and trend fits draw."""

    node: str
    x: float  # decimal year
    value: float
    status: str
    figure: dict


def figure_points(
    graph: nx.MultiDiGraph, figure: str, kinds=("model", "paper"), era: str | None = None, unit: str | None = None
) -> list[Point]:
    """Every dated entry of `kinds` that reports `figure` (in `unit`, when given), optionally in one era."""
    points = []
    for node, data in graph.nodes(data=True):
        fig = (data.get("figures") or {}).get(figure)
        if not fig or not data.get("date") or data["kind"] not in kinds:
            continue
        if (era and data.get("era") != era) or (unit and fig.get("unit") != unit):
            continue
        points.append(Point(node, data["date"].fraction, fig["value"], fig["status"], fig))
    return sorted(points, key=lambda p: (p.x, p.node))


def results_on(graph: nx.MultiDiGraph, benchmark: str, models=None) -> list[tuple[str, dict]]:
    """(entry, result) for every result on `benchmark` (of `models` only, when given), by entry then budget."""
    found = []
    for source, _, rel in graph.in_edges(benchmark, keys=True):
        if rel == "results" and (models is None or source in models):
            found += [(source, r) for r in graph.nodes[source]["results"] if r["benchmark"] == benchmark]
    return sorted(found, key=lambda item: (sort_key(graph, item[0]), budget(item[1])))


def budget(result: dict) -> int:
    """Samples spent on one problem's answer: 1 for a single sample or pass@1 (however many samples were
    averaged), else the samples combined into it."""
    if result["aggregation"] in ("single", "pass@1") or "samples" not in result:
        return 1
    return result["samples"]
