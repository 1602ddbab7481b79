"""The typed graph: a node per entry with its kind and fields, forward edges only, inverses computed."""

from __future__ import annotations

import pytest

from kb import vocab
from kb.check.run import load
from kb.graph import build, incoming, members, outgoing, sort_key
from kb.values import PartialDate

from .test_validate import TODAY


@pytest.fixture
def graph(minimal):
    kb = load(minimal, TODAY)
    assert kb.ok
    return build(kb)


def edges(graph) -> set[tuple[str, str, str]]:
    return {(s, t, r) for s, t, r in graph.edges(data="relation")}


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


def test_inverse_relations_are_not_stored(graph):
    inverse_labels = {rel.inverse for rel in vocab.RELATIONS.values()}
    relations = {r for _, _, r in graph.edges(data="relation")}
    assert not relations & inverse_labels
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
    assert members(graph, "size", "axis") == ["alpha", "beta"]


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
    for source, target, relation in graph.edges(data="relation"):
        assert target in graph, (source, target)
        if relation in vocab.RELATIONS:
            rel = vocab.RELATIONS[relation]
            assert graph.nodes[source]["kind"] in rel.sources, (source, relation)
            assert graph.nodes[target]["kind"] in rel.targets, (source, relation, target)
        else:
            assert graph.nodes[target]["kind"] == vocab.STRUCTURAL[relation]
