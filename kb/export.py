"""Export the graph: node-link JSON, GraphML, GEXF or a CSV table of entries."""

from __future__ import annotations

import csv
import io
import json
from typing import TYPE_CHECKING

from . import vocab

if TYPE_CHECKING:  # networkx is imported where it is used, so `kb` starts fast for commands that never export
    import networkx as nx

FORMATS = ("json", "graphml", "gexf", "csv")


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON: nodes carry the entry fields (with ``kind``), edges carry ``relation``."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="edges")
    data["edges"] = [{k: v for k, v in e.items() if k != "key"} for e in data["edges"]]
    return json.dumps(data, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def flat_attributes(attrs: dict) -> dict[str, str | int | float | bool]:
    """Node attributes as scalars, for formats that hold no lists or mappings (GraphML, GEXF, CSV)."""
    flat: dict[str, str | int | float | bool] = {}
    for key, value in attrs.items():
        if key == "figures":
            for name, fig in value.items():
                flat[name] = fig["value"]
                for part in ("status", "source", "unit", "by", "low", "high", "note"):
                    if part in fig and fig[part] is not None:
                        flat[f"{name}_{part}"] = fig[part]
        elif key == "relations":
            for rel, targets in value.items():
                flat[rel] = ";".join(targets)
        elif key == "axes":
            flat["axes"] = ";".join(value)
        elif key == "sources":
            flat["sources"] = " ; ".join(s["url"] for s in value)
        elif isinstance(value, list):
            flat[key] = ";".join(map(str, value))
        elif isinstance(value, dict):
            flat[key] = json.dumps(value, ensure_ascii=False)
        elif value is not None:
            flat[key] = value
    return flat


def _flat_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    import networkx as nx

    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **flat_attributes(attrs))
    for source, target, key, attrs in graph.edges(keys=True, data=True):
        flat.add_edge(source, target, key=key, **{k: v for k, v in attrs.items() if v is not None})
    return flat


def to_graphml(graph: nx.MultiDiGraph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_graphml(_flat_graph(graph))) + "\n"


def to_gexf(graph: nx.MultiDiGraph) -> str:
    import networkx as nx

    return "\n".join(nx.generate_gexf(_flat_graph(graph))) + "\n"


def _cell(value) -> str:
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def to_csv(graph: nx.MultiDiGraph) -> str:
    """One row per entry; figures as value/status/source columns, relations as ';'-joined ids."""
    rows = [{"id": node, **flat_attributes(attrs)} for node, attrs in graph.nodes(data=True)]
    first = ["id", "kind", "name", "date", "organization", "era", "axes", "summary"]
    figure_cols = [f"{f}{suffix}" for f in vocab.FIGURES for suffix in ("", "_unit", "_status", "_by", "_source")]
    seen = {k for row in rows for k in row}
    columns = [c for c in first if c in seen] + [c for c in figure_cols if c in seen]
    columns += sorted(seen - set(columns))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return buffer.getvalue()


def export(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The graph in one of FORMATS."""
    return {"json": to_json, "graphml": to_graphml, "gexf": to_gexf, "csv": to_csv}[fmt](graph)
