"""The compute chart: readable with 50 or 5,000 models (labels never overlap), points link to entries."""

from __future__ import annotations

import math
import random
import xml.etree.ElementTree as ET

import networkx as nx
import pytest

from kb.site.charts import LABEL_PX, chart_svg
from kb.site.urls import Urls
from kb.values import PartialDate

SVG = "{http://www.w3.org/2000/svg}"


def synthetic_graph(models: int, seed: int = 1) -> nx.MultiDiGraph:
    rng = random.Random(seed)
    graph = nx.MultiDiGraph()
    for era, start, end in (("old", "2012", "2019-12"), ("new", "2020", None)):
        graph.add_node(
            era,
            kind="era",
            name=f"{era} era",
            start=PartialDate.parse(start),
            **({"end": PartialDate.parse(end)} if end else {}),
        )
    for i in range(models):
        year = rng.randint(2012, 2025)
        status = rng.choice(["official", "estimated", "rumored"])
        fig = {"value": 10 ** rng.uniform(15, 26), "status": status, "source": "https://example.org", "unit": "FLOP"}
        if i % 7 == 0:
            fig["low"], fig["high"] = fig["value"] / 3, fig["value"] * 3
        graph.add_node(
            f"m{i}",
            kind="model",
            name=f"Model number {i}",
            date=PartialDate(year, rng.randint(1, 12)),
            era="old" if year < 2020 else "new",
            figures={"training_compute": fig},
        )
    return graph


def label_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    root = ET.fromstring(svg)
    boxes = []
    for text in root.iter(f"{SVG}text"):
        if (text.text or "").startswith("Model number"):
            x, y = float(text.get("x")), float(text.get("y"))
            boxes.append((x, y - 11, x + len(text.text) * LABEL_PX, y + 1))
    return boxes


@pytest.mark.parametrize("models", [50, 5000])
def test_labels_never_overlap(models):
    svg = chart_svg(synthetic_graph(models), "training_compute", "index.md", Urls())
    boxes = label_boxes(svg)
    assert 1 <= len(boxes) <= 40
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)


def test_every_point_links_to_its_entry_and_shows_its_status():
    graph = synthetic_graph(50)
    root = ET.fromstring(chart_svg(graph, "training_compute", "index.md", Urls()))
    links = [a for a in root.iter(f"{SVG}a") if "eras-point" in (a.get("class") or "")]
    assert len(links) == 50
    hrefs = {a.get("href") for a in links}
    assert "models/m0/" in hrefs
    titles = [a.find(f"{SVG}title").text for a in links]
    assert any(t.endswith("(rumored)") for t in titles) and any(t.endswith("(official)") for t in titles)


def test_ranges_draw_error_bars():
    root = ET.fromstring(chart_svg(synthetic_graph(50), "training_compute", "index.md", Urls()))
    bars = [a for a in root.iter(f"{SVG}a") if a.find(f"{SVG}line") is not None]
    assert len(bars) == math.ceil(50 / 7)


def test_era_spans_are_shaded_and_labelled():
    svg = chart_svg(synthetic_graph(50), "training_compute", "index.md", Urls())
    assert svg.count('fill-opacity="0.07"') == 2
    assert ">old era<" in svg and ">new era<" in svg


def test_chart_stays_small_at_5000_models():
    svg = chart_svg(synthetic_graph(5000), "training_compute", "index.md", Urls())
    assert len(svg.encode()) / 5000 < 400  # bytes per point
