"""A plain-text view of one entry for the terminal (`kb show ID`)."""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from kb import vocab
from kb.graph import axes_of, incoming, outgoing
from kb.markdown import plain
from kb.values import short


def describe(graph: nx.MultiDiGraph, eid: str, entries_dir: Path = Path("entries")) -> str:
    """Everything known about one entry, as readable text."""
    node = graph.nodes[eid]
    name = lambda n: f"{graph.nodes[n]['name']} ({n})"  # noqa: E731
    lines = [f"{node['name']}  [{node['kind']}: {eid}]", f"  file: {(entries_dir / node['path']).as_posix()}"]
    for key in ("date", "organization", "era"):
        if node.get(key):
            value = name(node[key]) if key != "date" and node[key] in graph else node[key]
            lines.append(f"  {key}: {value}")
    if node.get("aliases"):
        lines.append(f"  aliases: {', '.join(node['aliases'])}")
    lines += ["", "  " + plain(node.get("summary", ""))]
    if node.get("figures"):
        lines += ["", "Figures:"]
        for fig_name, fig in node["figures"].items():
            by = f" by {fig['by']}" if fig.get("by") else ""
            lines.append(
                f"  {fig_name}: {short(fig['value'])} {fig.get('unit') or ''} ({fig['status']}{by}) {fig['source']}"
            )
    if node.get("results"):
        lines += ["", "Results:"] + [_result_line(r) for r in node["results"]]
    axes = axes_of(graph, eid)
    if axes:
        lines += ["", "Axes:"] + [f"  {name(a)}: {plain(r)}" for a, r in axes]
    out_rel, in_rel = outgoing(graph, eid), incoming(graph, eid)
    if out_rel or any(r in vocab.RELATIONS for r in in_rel):
        lines += ["", "Relations:"]
        for rel, targets in out_rel.items():
            lines.append(f"  {vocab.RELATIONS[rel].label}: {', '.join(map(name, targets))}")
        for rel, sources in in_rel.items():
            if rel in vocab.RELATIONS:
                lines.append(f"  {vocab.RELATIONS[rel].inverse}: {', '.join(map(name, sources))}")
    members = {r: s for r, s in in_rel.items() if r not in vocab.RELATIONS}
    for rel, sources in members.items():
        lines += ["", f"Entries ({rel}): {len(sources)}"] + [
            f"  {graph.nodes[s].get('date', '')} {name(s)}" for s in sources
        ]
    if node.get("sources"):
        lines += ["", "Sources:"] + [f"  {s['title']}: {s['url']}" for s in node["sources"]]
    return "\n".join(lines)


def _result_line(result: dict) -> str:
    """One result as a line: benchmark, score, who, setting and budget, status, source."""
    from kb.outputs.diff import result_text

    return "  " + result_text(result)
