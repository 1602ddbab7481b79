"""`kb export`: node-link JSON, GraphML, GEXF and CSV, through the real command line."""

from __future__ import annotations

import csv
import io
import json

import networkx as nx
import pytest

from kb import vocab
from kb.check.run import load
from kb.graph import build
from kb.outputs.export import FORMATS, export, flat_attributes

from .test_validate import TODAY, add

EDGE_RELATIONS = set(vocab.RELATIONS) | {"organization", "era", "axis"}


def run_export(cli, entries, *args):
    result = cli("export", "--entries", entries, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_json_is_node_link_with_kinds_fields_and_typed_edges(cli, minimal):
    data = json.loads(run_export(cli, minimal, "--format", "json"))
    assert data["directed"] is True and data["multigraph"] is True
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == 9
    assert all(n["kind"] in vocab.ALL_KINDS for n in nodes.values())
    alpha = nodes["alpha"]
    assert alpha["kind"] == "model" and alpha["name"] == "Alpha" and alpha["era"] == "old-era"
    assert alpha["sources"] == [{"title": "Alpha paper", "url": "https://example.org/alpha"}]
    assert {(e["source"], e["target"], e["relation"]) for e in data["edges"]} >= {
        ("beta", "alpha", "succeeds"),
        ("alpha", "lab", "organization"),
        ("alpha", "old-era", "era"),
        ("alpha", "size", "axis"),
        ("essay", "beta", "discusses"),
    }
    assert {e["relation"] for e in data["edges"]} <= EDGE_RELATIONS
    assert all("key" not in e for e in data["edges"])


def test_json_figure_values_are_plain_numbers(cli, minimal):
    nodes = {n["id"]: n for n in json.loads(run_export(cli, minimal))["nodes"]}
    assert nodes["alpha"]["figures"]["parameters"]["value"] == 60_000_000
    assert nodes["alpha"]["figures"]["training_compute"]["value"] == 1e21
    assert nodes["beta"]["figures"]["parameters"]["value"] == 70_000_000_000
    for node in nodes.values():
        for fig in node.get("figures", {}).values():
            assert isinstance(fig["value"], int | float) and not isinstance(fig["value"], bool)


def test_json_keeps_inverse_relations_out(cli, minimal):
    data = json.loads(run_export(cli, minimal))
    inverses = {rel.inverse for rel in vocab.RELATIONS.values()}
    assert not {e["relation"] for e in data["edges"]} & inverses
    assert ("alpha", "beta") not in {(e["source"], e["target"]) for e in data["edges"]}


def test_json_reads_back_into_the_same_graph(cli, minimal):
    data = json.loads(run_export(cli, minimal))
    graph = nx.node_link_graph(data, edges="edges")
    original = build(load(minimal, TODAY))
    assert set(graph.nodes) == set(original.nodes)
    assert sorted((s, t, r) for s, t, r in graph.edges(data="relation")) == sorted(
        (s, t, r) for s, t, r in original.edges(data="relation")
    )


def test_output_option_writes_a_file_and_prints_nothing_to_stdout(cli, minimal, tmp_path):
    target = tmp_path / "graph.json"
    result = cli("export", "--entries", minimal, "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert f"Wrote {target}" in result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["nodes"]


@pytest.mark.parametrize(("fmt", "reader"), [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_read_back_with_networkx(cli, minimal, tmp_path, fmt, reader):
    target = tmp_path / f"graph.{fmt}"
    result = cli("export", "--entries", minimal, "--format", fmt, "--output", target)
    assert result.exit_code == 0, result.output
    graph = reader(target)
    assert set(graph.nodes) == {"alpha", "beta", "gamma", "idea", "essay", "lab", "old-era", "new-era", "size"}
    assert graph.nodes["alpha"]["kind"] == "model"
    assert float(graph.nodes["alpha"]["parameters"]) == 60_000_000
    assert graph.nodes["alpha"]["parameters_status"] == "official"
    relations = {d["relation"] for _, _, d in graph.edges(data=True)}
    assert relations <= EDGE_RELATIONS and {"succeeds", "organization", "era", "axis"} <= relations


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_a_figure_that_is_an_int_in_one_entry_and_a_float_in_another_reads_back(minimal, tmp_path, fmt):
    beta = minimal / "models" / "beta.yaml"
    beta.write_text(
        beta.read_text().replace(
            "figures:\n", 'figures:\n  training_compute: {value: 5e14, status: official, source: "https://e.org/"}\n'
        )
    )
    graph = build(load(minimal, TODAY))
    assert isinstance(graph.nodes["beta"]["figures"]["training_compute"]["value"], int)
    assert isinstance(graph.nodes["alpha"]["figures"]["training_compute"]["value"], float)
    target = tmp_path / f"g.{fmt}"
    target.write_text(export(graph, fmt), encoding="utf-8")
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(target)
    assert float(back.nodes["beta"]["training_compute"]) == 5e14
    assert float(back.nodes["alpha"]["training_compute"]) == 1e21


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_entry_with_figure_columns(cli, minimal):
    table = rows(run_export(cli, minimal, "--format", "csv"))
    assert len(table) == 9
    by_id = {row["id"]: row for row in table}
    assert list(table[0])[:4] == ["id", "kind", "name", "date"]
    alpha = by_id["alpha"]
    assert alpha["parameters"] == "60000000" and alpha["parameters_status"] == "official"
    assert alpha["training_compute_by"] == "Epoch AI"
    assert by_id["beta"]["succeeds"] == "alpha"
    assert by_id["essay"]["discusses"] == "beta;idea"


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(cli, minimal):
    add(
        minimal,
        "models/evil.yaml",
        """\
name: "=HYPERLINK(\\"https://evil.example\\",\\"x\\")"
aliases: ["+cmd|' /C calc'!A0", "-2+3", "@SUM(1+1)"]
summary: "=1+1"
date: "2021"
organization: lab
era: new-era
authors: ["\\tTabbed", "@handle"]
axes:
  size: "-1 grew"
relations:
  builds_on: [alpha, beta]
sources:
  - title: "=cmd"
    url: https://example.org/evil
""",
    )
    text = run_export(cli, minimal, "--format", "csv")
    evil = next(row for row in rows(text) if row["id"] == "evil")
    assert evil["name"] == '\'=HYPERLINK("https://evil.example","x")'
    assert evil["summary"] == "'=1+1"
    assert evil["aliases"].startswith("'+cmd")
    assert evil["authors"].startswith("'\t")
    for row in rows(text):
        for cell in row.values():
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


def test_csv_neutralises_every_item_of_a_joined_list(cli, minimal):
    """A spreadsheet whose CSV separator is ';' splits 'x;=cmd' into two cells and runs the second."""
    alpha = minimal / "models" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8").replace(
            "aliases: [Alpha-1]", 'aliases: [Alpha-1, "=cmd|\' /C calc\'!A0", "+1", "@SUM(1)", "-2", "a;=b"]'
        ),
        encoding="utf-8",
    )
    by_id = {row["id"]: row for row in rows(run_export(cli, minimal, "--format", "csv"))}
    assert by_id["alpha"]["aliases"] == "Alpha-1;'=cmd|' /C calc'!A0;'+1;'@SUM(1);'-2;a;'=b"
    for row in by_id.values():
        for cell in row.values():
            for segment in cell.split(";"):
                assert segment[:1] not in ("=", "+", "-", "@", "\t", "\r"), cell


def test_csv_joins_every_list_with_the_same_separator(cli, minimal):
    alpha = minimal / "models" / "alpha.yaml"
    alpha.write_text(
        alpha.read_text(encoding="utf-8") + "  - title: Alpha blog\n    url: https://example.org/alpha-blog\n",
        encoding="utf-8",
    )
    by_id = {row["id"]: row for row in rows(run_export(cli, minimal, "--format", "csv"))}
    assert by_id["alpha"]["sources"] == "https://example.org/alpha;https://example.org/alpha-blog"
    assert by_id["alpha"]["axes"] == "size"
    assert by_id["essay"]["discusses"] == "beta;idea"


def test_flat_attributes_are_scalars_only(minimal):
    graph = build(load(minimal, TODAY))
    for _, attrs in graph.nodes(data=True):
        for value in flat_attributes(attrs).values():
            assert isinstance(value, str | int | float | bool)


@pytest.mark.parametrize("fmt", FORMATS)
def test_export_of_an_invalid_corpus_fails_with_the_problems(cli, minimal, fmt):
    add(minimal, "models/bad.yaml", "name: [x\n")
    result = cli("export", "--entries", minimal, "--format", fmt)
    assert result.exit_code == 1
    assert "bad.yaml:2:1: error: YAML syntax" in result.stderr
    assert result.stdout == ""


def test_unknown_export_format_is_a_usage_error(cli, minimal):
    result = cli("export", "--entries", minimal, "--format", "xml")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_the_shipped_entries_export_in_every_format():
    from .conftest import ENTRIES

    graph = build(load(ENTRIES))
    for fmt in FORMATS:
        assert export(graph, fmt)
    data = json.loads(export(graph, "json"))
    assert len(data["nodes"]) == graph.number_of_nodes()


def test_csv_dates_parse_with_their_precision_and_notes_sit_beside_their_figures(minimal):
    import csv
    import datetime as dt
    import io

    from kb.check.run import load_valid
    from kb.graph import build
    from kb.outputs.export import to_csv

    rows = list(csv.DictReader(io.StringIO(to_csv(build(load_valid(minimal))))))
    alpha = next(r for r in rows if r["id"] == "alpha")
    assert (alpha["date"], alpha["date_start"], alpha["date_precision"]) == ("2015-06-01", "2015-06-01", "day")
    for row in rows:
        if row["date"]:
            dt.date.fromisoformat(row["date_start"])  # every start date parses
            assert row["date_precision"] == {1: "year", 2: "month", 3: "day"}[len(row["date"].split("-"))]
    header = next(csv.reader(io.StringIO(to_csv(build(load_valid(minimal))))))
    for name in ("parameters", "training_compute"):
        present = [c for c in header if c == name or c.startswith(name + "_")]
        at = header.index(name)
        assert header[at : at + len(present)] == present, header  # a figure's columns sit together
