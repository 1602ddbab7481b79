"""Build the typed graph of a checked knowledge base: entries -> graph."""

from __future__ import annotations

import networkx as nx

from . import vocab
from .validate import KnowledgeBase
from .values import PartialDate, parse_number


def node_attributes(entry) -> dict:
    """An entry's fields as node attributes, with figure values as plain numbers."""
    attrs = dict(entry.data)
    attrs["kind"] = entry.kind
    attrs["path"] = f"{vocab.FOLDERS[entry.kind]}/{entry.path.name}"
    for key in ("date", "start", "end"):
        if key in attrs and attrs[key] is not None:
            attrs[key] = str(PartialDate.parse(attrs[key]))
    if "figures" in attrs:
        figures = {}
        for name, fig in attrs["figures"].items():
            fig = dict(fig)
            for key in ("value", "low", "high"):
                if key in fig:
                    fig[key] = parse_number(fig[key])
            fig.setdefault("unit", vocab.FIGURES[name].unit)
            figures[name] = fig
        attrs["figures"] = figures
    return attrs


def build(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """A multigraph of every entry with typed edges; references are checked before this is called.

    Edges carry ``relation``: a relation type, or ``organization``, ``era``, ``axis`` for the
    structural edges (axis edges also carry the one-line ``reason``). Inverses are not stored.
    """
    graph = nx.MultiDiGraph()
    for eid, entry in kb.entries.items():
        graph.add_node(eid, **node_attributes(entry))
    for eid, entry in kb.entries.items():
        data = entry.data
        org = data.get("organization")
        if org in graph:
            graph.add_edge(eid, org, key="organization", relation="organization")
        era = data.get("era")
        if era in graph:
            graph.add_edge(eid, era, key="era", relation="era")
        for axis, reason in (data.get("axes") or {}).items():
            if axis in graph:
                graph.add_edge(eid, axis, key=f"axis:{axis}", relation="axis", reason=reason)
        for rel, targets in (data.get("relations") or {}).items():
            for target in targets:
                if target in graph and target != eid:
                    graph.add_edge(eid, target, key=f"{rel}:{target}", relation=rel)
    return graph


def sort_key(graph: nx.MultiDiGraph, node: str) -> tuple:
    """Order entries by date (undated last), then by name."""
    date = graph.nodes[node].get("date")
    start = PartialDate.parse(date).start if date else (9999, 12, 31)
    return (start, graph.nodes[node].get("name", node).lower())


def outgoing(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """Relation type -> targets, in the order of the vocabulary."""
    found: dict[str, list[str]] = {}
    for _, target, rel in graph.out_edges(node, data="relation"):
        if rel in vocab.RELATIONS:
            found.setdefault(rel, []).append(target)
    return {rel: found[rel] for rel in vocab.RELATIONS if rel in found}


def incoming(graph: nx.MultiDiGraph, node: str) -> dict[str, list[str]]:
    """Relation type -> sources pointing here (shown under the inverse label)."""
    found: dict[str, list[str]] = {}
    for source, _, rel in graph.in_edges(node, data="relation"):
        found.setdefault(rel, []).append(source)
    return {rel: sorted(found[rel], key=lambda n: sort_key(graph, n)) for rel in found}


def members(graph: nx.MultiDiGraph, node: str, relation: str) -> list[str]:
    """Entries joined to an era, axis or organization by a structural edge, in date order."""
    return sorted(
        {source for source, _, rel in graph.in_edges(node, data="relation") if rel == relation},
        key=lambda n: sort_key(graph, n),
    )
