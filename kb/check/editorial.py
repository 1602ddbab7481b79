"""Editorial rules for the shipped corpus: what is still missing. Shown on the coverage page, enforced by tests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx

from kb import vocab

MIN_RELATIONS = 2
MIN_MEMBERS = 5


@dataclass(frozen=True)
class Rule:
    """An editorial rule: what it asks for, and a function giving the entries that miss it."""

    name: str
    title: str
    offenders: Callable[[nx.MultiDiGraph], list[str]]


def _of_kind(graph: nx.MultiDiGraph, *kinds: str) -> list[str]:
    return sorted(n for n, k in graph.nodes(data="kind") if k in kinds)


def _missing_figure(figure: str) -> Callable[[nx.MultiDiGraph], list[str]]:
    def rule(graph: nx.MultiDiGraph) -> list[str]:
        return [n for n in _of_kind(graph, "model") if figure not in (graph.nodes[n].get("figures") or {})]

    return rule


def few_relations(graph: nx.MultiDiGraph) -> list[str]:
    """Models and papers with fewer than two outgoing relations."""
    return [
        n
        for n in _of_kind(graph, "model", "paper")
        if sum(1 for _, _, r in graph.out_edges(n, data="relation") if r in vocab.RELATIONS) < MIN_RELATIONS
    ]


def unsourced(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n in _of_kind(graph, *vocab.SOURCED_KINDS) if not graph.nodes[n].get("sources")]


def no_axis(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n in _of_kind(graph, "model", "paper") if not graph.nodes[n].get("axes")]


def small_groups(graph: nx.MultiDiGraph) -> list[str]:
    """Eras and axes with fewer than five entries."""
    small = []
    for node in _of_kind(graph, "era", "axis"):
        relation = "era" if graph.nodes[node]["kind"] == "era" else "axis"
        members = {s for s, _, r in graph.in_edges(node, data="relation") if r == relation}
        if len(members) < MIN_MEMBERS:
            small.append(node)
    return small


def no_description(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n in _of_kind(graph, "model", "paper", "concept", "article") if not graph.nodes[n].get("description")]


def unused_organizations(graph: nx.MultiDiGraph) -> list[str]:
    return [n for n in _of_kind(graph, "organization") if not any(True for _ in graph.in_edges(n))]


RULES = (
    Rule("few-relations", "Models and papers with fewer than two outgoing relations", few_relations),
    Rule("unsourced", "Entries without a source", unsourced),
    Rule("no-axis", "Models and papers without a scaling axis", no_axis),
    Rule("small-groups", "Eras and axes with fewer than five entries", small_groups),
    Rule("no-compute", "Models without a training compute figure", _missing_figure("training_compute")),
    Rule("no-parameters", "Models without a parameter count", _missing_figure("parameters")),
    Rule("no-data", "Models without a training data figure", _missing_figure("training_data")),
    Rule("no-description", "Entries without a longer description", no_description),
    Rule("unused-organizations", "Organizations no entry points to", unused_organizations),
)

# Rules the shipped corpus must pass (the others describe gaps to fill, often because figures were never disclosed).
REQUIRED_RULES = ("few-relations", "unsourced", "no-axis", "small-groups")
