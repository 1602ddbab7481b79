"""The typed graph: a node per entry with its kind and fields, forward edges only, inverses computed."""

from __future__ import annotations

import pytest

from kb import vocab
from kb.check.run import load
from kb.graph import (
    Point,
    axes_of,
    build,
    eras_in_order,
    figure_points,
    incoming,
    members,
    outgoing,
    pushed,
    sort_key,
    span_of,
)
from kb.values import PartialDate

from .test_validate import TODAY


@pytest.fixture
def kb(minimal):
    kb = load(minimal, TODAY)
    assert kb.ok
    return kb


@pytest.fixture
def graph(kb):
    return build(kb)


def edges(graph) -> set[tuple[str, str, str]]:
    return {(s, t, r) for s, t, r in graph.edges(data="relation")}


def written(kb) -> list[tuple[str, str, str]]:
    """Every reference as its entry writes it: (entry, target, relation or structural field)."""
    found = []
    for eid, entry in kb.entries.items():
        data = entry.data
        found += [(eid, data[key], key) for key in ("organization", "era") if data.get(key)]
        found += [(eid, axis, "axis") for axis in data.get("axes") or {}]
        found += [(eid, t, rel) for rel, targets in (data.get("relations") or {}).items() for t in targets]
        found += [(eid, b, "results") for b in dict.fromkeys(r["benchmark"] for r in data.get("results") or [])]
    return found


def test_every_entry_is_a_node_with_its_kind(graph):
    kinds = {node: kind for node, kind in graph.nodes(data="kind")}
    assert kinds == {
        "alpha": "model",
        "beta": "model",
        "gamma": "paper",
        "idea": "concept",
        "essay": "article",
        "lab": "organization",
        "old-era": "era",
        "new-era": "era",
        "size": "axis",
    }


def test_nodes_carry_the_entry_fields_and_their_file(graph):
    alpha = graph.nodes["alpha"]
    assert alpha["name"] == "Alpha" and alpha["aliases"] == ["Alpha-1"]
    assert alpha["path"] == "models/alpha.yaml"
    assert alpha["date"] == PartialDate(2015, 6, 1) and str(alpha["date"]) == "2015-06-01"


def test_figure_values_become_plain_numbers_with_their_unit(graph):
    figures = graph.nodes["alpha"]["figures"]
    assert figures["parameters"]["value"] == 60_000_000 and isinstance(figures["parameters"]["value"], int)
    assert figures["parameters"]["unit"] == "parameters"
    assert figures["training_compute"]["value"] == 1e21 and figures["training_compute"]["unit"] == "FLOP"
    beta = graph.nodes["beta"]["figures"]
    assert beta["training_data"] == {
        "value": 1_400_000_000_000,
        "unit": "tokens",
        "status": "official",
        "source": "https://example.org/beta",
    }


def test_year_dates_written_as_numbers_become_year_dates(minimal):
    (minimal / "concepts" / "idea.yaml").write_text(
        "name: Idea\nsummary: s\ndate: 2015\nsources: [{title: t, url: 'https://example.org/'}]\n"
    )
    graph = build(load(minimal, TODAY))
    assert graph.nodes["idea"]["date"] == PartialDate(2015) and str(graph.nodes["idea"]["date"]) == "2015"


def test_edges_are_typed(graph):
    assert edges(graph) == {
        ("alpha", "lab", "organization"),
        ("alpha", "old-era", "era"),
        ("alpha", "size", "axis"),
        ("alpha", "idea", "introduces"),
        ("alpha", "idea", "uses"),
        ("beta", "lab", "organization"),
        ("beta", "new-era", "era"),
        ("beta", "size", "axis"),
        ("beta", "alpha", "succeeds"),
        ("beta", "alpha", "builds_on"),
        ("gamma", "size", "axis"),
        ("gamma", "lab", "organization"),
        ("gamma", "new-era", "era"),
        ("gamma", "alpha", "revises"),
        ("gamma", "idea", "uses"),
        ("essay", "beta", "discusses"),
        ("essay", "idea", "discusses"),
    }


def test_every_edge_relation_is_a_relation_type_or_structural(graph):
    allowed = set(vocab.RELATIONS) | set(vocab.STRUCTURAL)
    assert {r for _, _, r in graph.edges(data="relation")} <= allowed


def test_axis_edges_carry_the_reason(graph):
    [(_, _, reason)] = [e for e in graph.out_edges("alpha", data="reason") if e[1] == "size"]
    assert reason == "Was large for its time."


def test_edge_keys_are_the_relation_names(graph):
    assert all(key == relation for _, _, key, relation in graph.edges(keys=True, data="relation"))
    assert graph.has_edge("beta", "alpha", key="builds_on") and graph.has_edge("alpha", "size", key="axis")
    assert sorted(graph["beta"]["alpha"]) == ["builds_on", "succeeds"]


def test_inverse_relations_are_not_stored(kb, graph):
    assert sorted(graph.edges(keys=True)) == sorted(written(kb))  # each edge as its source wrote it, none back
    for source, target, key in graph.edges(keys=True):
        assert not graph.has_edge(target, source, key=key), (source, target, key)
    assert not graph.has_edge("alpha", "beta")  # beta succeeds alpha; alpha has no "succeeded by" edge
    assert not graph.has_edge("idea", "alpha")


def test_two_relations_between_the_same_pair_are_two_edges(graph):
    assert graph.number_of_edges("beta", "alpha") == 2
    assert graph.number_of_edges("alpha", "idea") == 2


def test_outgoing_follows_the_vocabulary_order(graph):
    assert outgoing(graph, "beta") == {"builds_on": ["alpha"], "succeeds": ["alpha"]}
    assert list(outgoing(graph, "beta")) == [r for r in vocab.RELATIONS if r in ("builds_on", "succeeds")]
    assert outgoing(graph, "lab") == {}


def test_incoming_gives_the_inverse_view(graph):
    into_alpha = incoming(graph, "alpha")
    assert into_alpha == {"succeeds": ["beta"], "builds_on": ["beta"], "revises": ["gamma"]}
    assert incoming(graph, "idea") == {"introduces": ["alpha"], "uses": ["alpha", "gamma"], "discusses": ["essay"]}


def test_incoming_includes_structural_members_in_date_order(graph):
    assert incoming(graph, "lab")["organization"] == ["alpha", "beta", "gamma"]
    assert members(graph, "lab", "organization") == ["alpha", "beta", "gamma"]
    assert members(graph, "new-era", "era") == ["beta", "gamma"]
    assert members(graph, "size", "axis") == ["alpha", "beta", "gamma"]


def test_sort_key_puts_undated_entries_last(graph):
    order = sorted(graph.nodes, key=lambda n: sort_key(graph, n))
    assert order[:2] == ["idea", "alpha"]
    assert set(order[-4:]) == {"lab", "old-era", "new-era", "size"}


def test_the_shipped_entries_build_a_graph_whose_edges_point_at_real_nodes():
    from .conftest import ENTRIES

    kb = load(ENTRIES)
    assert kb.ok, [p.format() for p in kb.errors()][:5]
    graph = build(kb)
    assert set(graph.nodes) == set(kb.entries)
    assert all(data.get("kind") for _, data in graph.nodes(data=True)), "a node networkx made up from an edge"
    assert sorted(graph.edges(keys=True)) == sorted(written(kb)), "a reference was dropped or invented"
    for source, target, relation in graph.edges(data="relation"):
        if relation in vocab.RELATIONS:
            rel = vocab.RELATIONS[relation]
            assert graph.nodes[source]["kind"] in rel.sources, (source, relation)
            assert graph.nodes[target]["kind"] in rel.targets, (source, relation, target)
        else:
            assert graph.nodes[target]["kind"] == vocab.STRUCTURAL[relation]


def test_axes_of_gives_each_axis_with_its_reason(graph):
    assert axes_of(graph, "alpha") == [("size", "Was large for its time.")]
    assert axes_of(graph, "beta") == [("size", "Much larger than Alpha.")]
    assert axes_of(graph, "gamma") == [("size", "Measured how loss falls with size.")]
    assert axes_of(graph, "size") == []


def test_axes_of_keeps_the_order_the_entry_gives(minimal):
    (minimal / "axes" / "depth.yaml").write_text(
        "name: Depth\nsummary: How many layers.\nunit: parameters\nfigure: parameters\n", encoding="utf-8"
    )
    path = minimal / "models" / "alpha.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  size: Was large for its time.\n", "  size: Large.\n  depth: Deep.\n"))
    kb = load(minimal, TODAY)
    assert kb.ok, [p.format() for p in kb.problems]
    assert axes_of(build(kb), "alpha") == [("size", "Large."), ("depth", "Deep.")]


def test_pushed_lists_the_entries_behind_an_axis_in_date_order(graph):
    assert pushed(graph, "size") == [
        ("alpha", "Was large for its time."),
        ("beta", "Much larger than Alpha."),
        ("gamma", "Measured how loss falls with size."),
    ]
    assert pushed(graph, "old-era") == []


def test_span_of_gives_an_eras_start_and_end(graph):
    assert span_of(graph, "old-era") == (PartialDate(2010), PartialDate(2019, 12))
    assert span_of(graph, "new-era") == (PartialDate(2020), None)  # still running


def test_eras_in_order_are_by_start_date_not_by_name(graph):
    assert eras_in_order(graph) == ["old-era", "new-era"]


def test_figure_points_place_each_reported_figure_in_time(graph):
    points = figure_points(graph, "parameters")
    assert [(p.node, p.value, p.status) for p in points] == [
        ("alpha", 60_000_000, "official"),
        ("beta", 70e9, "rumored"),
    ]
    assert points[0].x == PartialDate(2015, 6, 1).fraction and 2015 < points[0].x < 2016
    assert points[1].x == PartialDate(2021, 3).fraction
    assert isinstance(points[0], Point) and points[0].figure["source"] == "https://example.org/alpha"


def test_figure_points_filter_by_era_unit_and_kind(graph):
    assert [p.node for p in figure_points(graph, "parameters", era="new-era")] == ["beta"]
    assert [p.node for p in figure_points(graph, "parameters", era="old-era")] == ["alpha"]
    assert [p.node for p in figure_points(graph, "training_data", unit="tokens")] == ["beta"]
    assert figure_points(graph, "parameters", unit="FLOP") == []
    assert figure_points(graph, "parameters", kinds=("paper",)) == []
    assert figure_points(graph, "training_compute")[0].value == 1e21


def test_figure_points_skip_undated_entries(graph):
    del graph.nodes["alpha"]["date"]  # entries must be dated; the query must not rely on it
    assert [p.node for p in figure_points(graph, "parameters")] == ["beta"]
