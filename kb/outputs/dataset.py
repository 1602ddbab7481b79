"""The downloadable dataset: one zip with the CSV tables, the JSON graph, GraphML, a README, licence and citation."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import TYPE_CHECKING

from kb import vocab
from kb.outputs.export import RESULT_COLUMNS, to_csv, to_graphml, to_json, to_results_csv

if TYPE_CHECKING:
    import networkx as nx

DATASET = "downloads/eras-dataset.zip"
FOLDER = "eras-dataset"
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
STAMP = (2025, 1, 1, 0, 0, 0)  # every member gets this time, so the same data gives the same bytes

CITATION = """\
cff-version: 1.2.0
message: "If you use the Eras knowledge base or its dataset, please cite it as below."
type: dataset
title: "Eras: a knowledge base of deep learning's history, told as eras and scaling axes"
authors:
  - name: "Eras contributors"
license: CC-BY-4.0
repository-code: "https://github.com/eras-kb/eras"
url: "https://eras-kb.github.io/eras/"
keywords:
  - deep learning
  - scaling laws
  - training compute
  - test-time compute
  - machine learning history
"""

FIXED = {
    "id": "The entry's id: its file name without .yaml, and the last part of its page's URL.",
    "kind": "model, paper, concept, article, era, axis, organization or benchmark.",
    "name": "The name people know it by.",
    "date": "The date as written in the entry: YYYY, YYYY-MM or YYYY-MM-DD.",
    "date_start": "The first day of `date` in YYYY-MM-DD (what a date parser reads).",
    "date_precision": "year, month or day: how much of `date_start` the entry states.",
    "organization": "The id of the organization that made it.",
    "era": "The id of the era it belongs to.",
    "axes": "The ids of the scaling axes it pushed, separated by ';' (the reasons are in the JSON).",
    "summary": "One to three sentences (inline Markdown).",
    "path": "The entry's file, relative to the entries folder.",
    "sources": "The URLs of its sources, separated by ';'.",
}
PARTS = {
    "": "the value, as a plain number (no suffixes)",
    "_unit": "the unit of the value",
    "_status": "official (published by the developer), estimated (by someone else, see _by) or rumored",
    "_by": "who made the estimate, for an estimated value",
    "_source": "the URL where the value is printed",
    "_note": "how the value was read or derived, and any caveat",
    "_low": "the lower end of the estimate's range",
    "_high": "the upper end of the estimate's range",
}
RESULTS = {
    "entry": "The id of the entry that records the result.",
    "model": "The model measured (the entry's name unless the result names a variant).",
    "benchmark": "The id of the benchmark entry.",
    "score": "The score, in the benchmark's metric.",
    "setting": "The setting the score was measured in, as written.",
    "aggregation": "How samples were combined: " + ", ".join(vocab.AGGREGATIONS) + ".",
    "samples": "Samples drawn per problem, where stated.",
    "submissions": "Answers submitted per problem, where stated.",
    "budget": "The test-time budget used to place the result on a chart: samples, else submissions, else 1.",
    "thinking_tokens": "Reasoning tokens per problem, where stated.",
    "cost_usd": "Cost of the run in US dollars, where stated.",
    "status": "official, estimated or rumored.",
    "by": "Who measured it, for an estimated result.",
    "source": "The URL where the score is printed.",
    "note": "How the score was read, and any caveat.",
}


def describe(column: str) -> str:
    """What one column of entries.csv holds, from the vocabulary and the schema's field descriptions."""
    from kb.schema import entry_schema

    if column in FIXED:
        return FIXED[column]
    for figure in sorted(vocab.FIGURES, key=len, reverse=True):
        for suffix in sorted(PARTS, key=len, reverse=True):
            if column == figure + suffix:
                return f"Figure `{figure}`: {PARTS[suffix]}."
    if column in vocab.RELATIONS:
        relation = vocab.RELATIONS[column]
        return f"Ids of the entries this one {relation.label}, separated by ';'. {relation.description}"
    for kind in vocab.ALL_KINDS:  # the schema is built once (cached): this runs for every column of every build
        field = entry_schema()["$defs"][kind]["properties"].get(column)
        if field and field.get("description"):
            return field["description"] + (" Items separated by ';'." if field.get("type") == "array" else "")
    return "An entry field, as written."


def readme(entries_csv: str, count: int) -> str:
    """The dataset's README: what each file is, every column of each table, the licence and how to cite."""
    header = next(csv.reader(io.StringIO(entries_csv)))
    lines = [
        "# Eras dataset",
        "",
        f"{count} entries of the Eras knowledge base: models, papers, concepts, eras, scaling axes, organizations,",
        "articles and benchmarks, with their figures, sources and relations.",
        "",
        "## Files",
        "",
        "- `entries.csv`: one row per entry (columns below).",
        "- `results.csv`: one row per benchmark result, with its test-time budget (columns below).",
        "- `graph.json`: the whole graph as node-link JSON (networkx `node_link_graph(data, edges='edges')`).",
        "- `graph.graphml`: the same graph for Gephi, igraph, Cytoscape (lists joined with ';').",
        "- `CITATION.cff`: how to cite the dataset.",
        "",
        "Lists in a cell are joined with ';'. A cell that starts with =, +, -, @ is prefixed with ' so that",
        "spreadsheets do not run it as a formula.",
        "",
        "## entries.csv",
        "",
        "| column | meaning |",
        "|---|---|",
        *(f"| `{column}` | {describe(column)} |" for column in header),
        "",
        "## results.csv",
        "",
        "| column | meaning |",
        "|---|---|",
        *(f"| `{column}` | {RESULTS[column]} |" for column in RESULT_COLUMNS),
        "",
        "## Licence",
        "",
        f"The data is licensed under {LICENCE} ({LICENCE_URL}): share and adapt it, with credit to",
        '"Eras contributors" and a link to the knowledge base. Figures marked `estimated, by: Epoch AI` come from',
        "Epoch AI's Data on Notable AI Models (https://epoch.ai/data/notable-ai-models), also CC BY 4.0; credit",
        "Epoch AI for them as well.",
        "",
        "## Citation",
        "",
        "See `CITATION.cff`.",
        "",
    ]
    return "\n".join(lines)


def dataset_zip(graph: nx.MultiDiGraph, graph_json: str | None = None, entries_csv: str | None = None) -> bytes:
    """The dataset as zip bytes; the same graph always gives the same bytes. The JSON and CSV texts may be
    given when the caller has them already (the site build writes them too)."""
    entries_csv = entries_csv if entries_csv is not None else to_csv(graph)
    members = {
        "README.md": readme(entries_csv, graph.number_of_nodes()),
        "CITATION.cff": CITATION,
        "entries.csv": entries_csv,
        "results.csv": to_results_csv(graph),
        "graph.json": graph_json if graph_json is not None else to_json(graph),
        "graph.graphml": to_graphml(graph),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            info = zipfile.ZipInfo(f"{FOLDER}/{name}", date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()
