"""Test-time compute as data on the site and in exports: charts of score against budget, results tables."""

from __future__ import annotations

import json
import re

import pytest

from kb.check.run import load_valid
from kb.graph import budget, build, results_on
from kb.outputs.export import to_json, to_results_csv
from kb.site.assemble import render_site

from .conftest import ENTRIES


@pytest.fixture(scope="module")
def shipped():
    kb = load_valid(ENTRIES)
    return build(kb), render_site(kb)


def points(html: str) -> list[tuple[str, str]]:
    """(href, hover text) of every point of the budget charts in a page."""
    return re.findall(r'<a href="([^"]+)" class="eras-point"[^>]*><title>([^<]*)</title>', html)


@pytest.mark.parametrize("src", ["models/o1.md", "axes/test-time-compute.md", "articles/o1-takes.md"])
def test_the_essays_chart_is_drawn_where_the_essay_needs_it(shipped, src):
    _, site = shipped
    html = site.pages[src].markdown()
    assert 'class="eras-chart eras-budget-chart"' in html
    found = points(html)
    assert len(found) >= 4
    assert any("OpenAI o1: 83.3% - consensus" in tip for _, tip in found), found
    assert any("GPT-4o: 9.3% - pass@1" in tip for _, tip in found), found
    assert all(href.startswith("https://") for href, _ in found)


def test_the_home_page_fragment_draws_it_too(shipped):
    _, site = shipped
    assert len(points(site.fragments["test-time-chart"]("index.md"))) >= 4


def test_each_benchmark_page_has_its_table_and_a_chart_when_budgets_differ(shipped):
    graph, site = shipped
    benchmarks = [n for n, k in graph.nodes(data="kind") if k == "benchmark"]
    assert len(benchmarks) >= 7
    for bench in benchmarks:
        html = site.pages[f"benchmarks/{bench}.md"].markdown()
        rows = results_on(graph, bench)
        assert f"Results ({len(rows)})" in html or not rows, bench
        multi = any(len({budget(r) for n2, r in rows if n2 == n}) > 1 for n, _ in rows)
        assert ("eras-budget-chart" in html) == multi, bench


def test_the_data_meets_the_issue(shipped):
    graph, _ = shipped
    results = [(n, r) for n, d in graph.nodes(data=True) for r in d.get("results") or []]
    assert len(results) >= 40
    assert len({r["benchmark"] for _, r in results}) >= 6
    series = {}
    for node, r in results:
        series.setdefault((node, r.get("model"), r["benchmark"]), set()).add(budget(r))
    assert sum(len(b) > 1 for b in series.values()) >= 5


def test_json_export_carries_o1_and_gpt4o_on_aime_with_setting_and_budget(shipped):
    graph, _ = shipped
    data = json.loads(to_json(graph))
    nodes = {n["id"]: n for n in data["nodes"]}
    aime = [r for eid in ("o1", "gpt-4o") for r in nodes[eid]["results"] if r["benchmark"] == "aime-2024"]
    assert {(r["score"], r["aggregation"], r.get("samples")) for r in aime} >= {
        (74.4, "pass@1", 1),
        (83.3, "majority", 64),
        (93.0, "rerank", 1000),
        (9.3, "pass@1", 1),
        (13.4, "majority", 64),
    }
    assert all(r["setting"] and r["source"].startswith("https://") and r["status"] for r in aime)


def test_the_results_csv_has_one_row_per_result(shipped):
    graph, _ = shipped
    lines = to_results_csv(graph).splitlines()
    total = sum(len(d.get("results") or []) for _, d in graph.nodes(data=True))
    assert lines[0].startswith("entry,model,benchmark,score,setting,aggregation,samples")
    assert len(lines) == total + 1


def test_results_are_in_the_search_index(shipped):
    _, site = shipped
    doc = site.pages["models/o1.md"].search
    assert any("aime-2024 83.3 consensus" in text for text in doc.text)
