"""Era statistics: record-setting runs and fitted doubling times, from the entries themselves."""

from __future__ import annotations

import networkx as nx
import pytest

from kb.site.trends import fit_trend, records
from kb.values import PartialDate


def graph_of(points: list[tuple[str, float, str]]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    for i, (date, value, status) in enumerate(points):
        graph.add_node(
            f"m{i}",
            kind="model",
            name=f"M{i}",
            date=PartialDate.parse(date),
            era="e",
            figures={"training_compute": {"value": value, "status": status, "source": "https://x.org"}},
        )
    return graph


def test_a_doubling_every_six_months_is_found():
    trend = fit_trend([(2020 + i / 2, 1e20 * 2**i) for i in range(6)])
    assert trend.doubling_months == pytest.approx(6.0)
    assert (trend.points, trend.first, trend.last) == (6, 2020, 2022.5)


def test_too_few_points_or_no_growth_give_no_doubling_time():
    assert fit_trend([(2020, 1e20), (2021, 1e21)]) is None
    assert fit_trend([(2020, 1e21), (2021, 1e20), (2022, 1e19)]).doubling_months is None


def test_records_skip_rumors_and_smaller_runs():
    graph = graph_of(
        [
            ("2019", 1e21, "official"),
            ("2020", 5e20, "estimated"),  # smaller than the record: not a record
            ("2021", 1e23, "rumored"),  # rumors never count
            ("2022", 1e22, "estimated"),
        ]
    )
    assert [node for _, _, node in records(graph)] == ["m0", "m3"]
