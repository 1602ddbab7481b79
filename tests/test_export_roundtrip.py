"""GraphML and GEXF files that other tools read back: one type per attribute, valid dates, legal XML."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kb.check.run import load
from kb.graph import build
from kb.outputs.export import export

from .test_validate import TODAY

GEXF = "{http://www.gexf.net/1.2draft}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"


def mixed_figures(entries: Path) -> nx.MultiDiGraph:
    """The minimal corpus with beta's parameters a float (5e23) beside alpha's int (60M)."""
    beta = entries / "models" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("value: 70B", "value: 5e23"), encoding="utf-8")
    kb = load(entries, TODAY)
    assert kb.ok, kb.errors()
    graph = build(kb)
    assert isinstance(graph.nodes["alpha"]["figures"]["parameters"]["value"], int)
    assert isinstance(graph.nodes["beta"]["figures"]["parameters"]["value"], float)
    return graph


def graphml_keys(text: str) -> list[tuple[str, str, str]]:
    root = ET.fromstring(text.encode("utf-8"))
    return [(k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(f"{GRAPHML}key")]


def test_graphml_declares_one_key_per_attribute_when_a_figure_mixes_int_and_float(minimal):
    keys = graphml_keys(export(mixed_figures(minimal), "graphml"))
    names = [(scope, name) for scope, name, _ in keys]
    assert len(names) == len(set(names)), sorted(n for n in names if names.count(n) > 1)
    assert ("node", "parameters", "double") in keys


def test_igraph_reads_the_graphml_export_of_mixed_figures(minimal, tmp_path):
    igraph = pytest.importorskip("igraph")
    target = tmp_path / "g.graphml"
    target.write_text(export(mixed_figures(minimal), "graphml"), encoding="utf-8")
    graph = igraph.Graph.Read_GraphML(str(target))
    values = {v["id"]: v["parameters"] for v in graph.vs}
    assert values["alpha"] == 60_000_000.0 and values["beta"] == 5e23


def test_gexf_of_mixed_figures_declares_double_and_reads_back(minimal, tmp_path):
    text = export(mixed_figures(minimal), "gexf")
    root = ET.fromstring(text.encode("utf-8"))
    declared = {a.get("title"): a.get("type") for a in root.iter(f"{GEXF}attribute")}
    assert declared["parameters"] == "double"
    target = tmp_path / "g.gexf"
    target.write_text(text, encoding="utf-8")
    back = nx.read_gexf(target)
    assert back.nodes["beta"]["parameters"] == 5e23
    assert back.nodes["alpha"]["parameters"] == 60_000_000.0


def test_an_attribute_mixing_numbers_and_text_is_text_everywhere(tmp_path):
    graph = nx.MultiDiGraph()
    graph.add_node("a", score=1, tag=3, flag=True)
    graph.add_node("b", score=2.5, tag="x", flag=1)
    graph.add_edge("a", "b", key="k", relation="uses", weight=1)
    graph.add_edge("b", "a", key="k", relation="uses", weight=0.5)
    text = export(graph, "graphml")
    assert sorted(graphml_keys(text)) == [
        ("edge", "relation", "string"),
        ("edge", "weight", "double"),
        ("node", "flag", "string"),
        ("node", "score", "double"),
        ("node", "tag", "string"),
    ]
    target = tmp_path / "g.graphml"
    target.write_text(text, encoding="utf-8")
    back = nx.read_graphml(target)
    assert back.nodes["a"]["score"] == 1.0 and back.nodes["a"]["tag"] == "3" and back.nodes["b"]["tag"] == "x"
    gexf = tmp_path / "g.gexf"
    gexf.write_text(export(graph, "gexf"), encoding="utf-8")
    assert nx.read_gexf(gexf).nodes["a"]["score"] == 1.0


def test_gexf_dates_are_real_dates_in_the_declared_timeformat(minimal, tmp_path):
    text = export(build(load(minimal, TODAY)), "gexf")
    root = ET.fromstring(text.encode("utf-8"))
    graph_el = root.find(f"{GEXF}graph")
    assert graph_el.get("mode") == "dynamic" and graph_el.get("timeformat") == "date"
    spans = {n.get("id"): (n.get("start"), n.get("end")) for n in root.iter(f"{GEXF}node")}
    for node, (start, end) in spans.items():
        for when in (start, end):
            if when is not None:
                assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", when), (node, when)
                dt.date.fromisoformat(when)
    assert spans["old-era"] == ("2010-01-01", "2019-12-31")
    assert spans["new-era"] == ("2020-01-01", None)
    assert spans["beta"] == ("2021-03-01", None)
    assert spans["alpha"] == ("2015-06-01", None)
    assert spans["lab"] == (None, None)
    target = tmp_path / "g.gexf"
    target.write_text(text, encoding="utf-8")
    back = nx.read_gexf(target)
    assert back.nodes["old-era"]["start"] == "2010-01-01" and back.nodes["old-era"]["end"] == "2019-12-31"
    assert back.nodes["beta"]["date"] == "2021-03"  # the date as written stays an attribute
    assert "start" not in back.nodes["lab"]


ILLEGAL = "\x00\x01\x08\x0b\x0c\x0e\x1f\ud800\udfff\ufffe\uffff"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_characters_xml_forbids_become_the_replacement_character(minimal, tmp_path, fmt):
    graph = build(load(minimal, TODAY))
    graph.nodes["alpha"]["name"] = f"Al{ILLEGAL}pha\ttab"
    graph.nodes["alpha"]["aliases"] = ["ok", "bad\uffff"]
    graph.add_node("beta", **{"odd\x01key": "v"})
    graph.edges["alpha", "size", "axis"]["reason"] = "why\x02"
    text = export(graph, fmt)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]", text)
    target = tmp_path / f"g.{fmt}"
    target.write_bytes(text.encode("utf-8"))  # a lone surrogate would raise here
    ET.parse(target)  # expat refuses every character XML 1.0 forbids
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(target)
    assert back.nodes["alpha"]["name"] == "Al" + "\ufffd" * len(ILLEGAL) + "pha\ttab"
    assert back.nodes["alpha"]["aliases"] == "ok;bad\ufffd"
    assert back.nodes["beta"]["odd\ufffdkey"] == "v"
    reasons = {d.get("reason") for _, _, d in back.edges(data=True)}
    assert "why\ufffd" in reasons


def test_the_graphml_writer_says_what_networkx_would_for_the_shipped_corpus(tmp_path):
    """kb writes GraphML itself (for speed); read back, it is the graph networkx's own writer gives."""
    import io

    import networkx as nx

    from kb.check.run import load_valid
    from kb.graph import build
    from kb.outputs.export import _flat_graph, to_graphml

    from .conftest import ENTRIES

    graph = build(load_valid(ENTRIES))
    ours = nx.read_graphml(io.BytesIO(to_graphml(graph).encode("utf-8")), force_multigraph=True)
    theirs_text = "\n".join(nx.generate_graphml(_flat_graph(graph)))
    theirs = nx.read_graphml(io.BytesIO(theirs_text.encode("utf-8")), force_multigraph=True)
    assert dict(ours.nodes(data=True)) == dict(theirs.nodes(data=True))
    assert sorted(ours.edges(keys=True, data=True), key=repr) == sorted(theirs.edges(keys=True, data=True), key=repr)
