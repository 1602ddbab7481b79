"""The interactive network: node and edge data built with pyvis, laid out at build time (no physics)."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network

from kb import vocab
from kb.graph import axes_of, span_of
from kb.markdown import plain
from kb.site.palette import KIND_SHAPES, NO_ERA, RELATION_STYLES, era_colours, eras_in_order
from kb.site.urls import Urls

VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
VIS_CSS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"

YEAR_WIDTH = 260
BAND_HEIGHT = 260
BIN_WIDTH = 70
ROW_HEIGHT = 34
AXIS_ORDER = ("parameters", "training-data", "training-compute", "sparsity", "test-time-compute")


def script_json(data) -> str:
    """JSON that is safe inside a <script> element or a .js file: no '<', '>', '&' or line separators.

    >>> script_json({"name": "</script><script>alert(1)</script>"})
    '{"name": "\\\\u003c/script\\\\u003e\\\\u003cscript\\\\u003ealert(1)\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(", ", ": "))
    for ch, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(ch, code)
    return text


def _bands(graph: nx.MultiDiGraph) -> list[str]:
    axes = [n for n, k in graph.nodes(data="kind") if k == "axis"]
    known = [a for a in AXIS_ORDER if a in axes]
    return known + sorted(a for a in axes if a not in known) + [""]


ERA_WIDTH = 900


def _time_scale(graph: nx.MultiDiGraph, first: float, last: float):
    """Date -> x. Each era gets the same width, so the crowded recent years spread out like the early ones.

    Within an era x grows linearly with the date; without eras the scale is simply linear.
    """
    spans = []
    for era in eras_in_order(graph):
        era_start, era_end = span_of(graph, era)
        start = era_start.fraction if era_start else first
        end = era_end.fraction if era_end else max(last, start + 1)
        spans.append((start, max(end, start + 0.1)))
    spans.sort()
    if not spans:
        return lambda year: int((year - first) * YEAR_WIDTH)

    def x_of(year: float) -> int:
        if year < spans[0][0]:
            return int((year - spans[0][0]) * YEAR_WIDTH)
        for i, (start, end) in enumerate(spans):
            if year < end or i == len(spans) - 1:
                return int(i * ERA_WIDTH + (year - start) / (end - start) * ERA_WIDTH)
        return 0  # pragma: no cover

    return x_of


def _when(graph: nx.MultiDiGraph) -> tuple[dict[str, float], float, float]:
    """The decimal year each entry is drawn at, and the first and last year of the time scale.

    Models, papers and articles set the scale; a concept sits at the mean date of the entries related to it.
    """
    kinds = dict(graph.nodes(data="kind"))
    when = {n: d.fraction for n, d in graph.nodes(data="date") if d and kinds[n] in ("model", "paper", "article")}
    first = min(when.values(), default=2012.0)
    last = max(when.values(), default=first + 1)
    for node, kind in kinds.items():
        if node in when or kind not in ("model", "paper", "concept", "article"):
            continue
        near = [when[m] for m in nx.all_neighbors(graph, node) if m in when]
        own = graph.nodes[node].get("date")
        guess = sum(near) / len(near) if near else (own.fraction if own else first)
        when[node] = min(max(guess, first), last)
    return when, first, last


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Positions computed at build time, so the page draws at once.

    x is the date (models, papers and articles set the time scale; a concept sits at the mean date of
    the entries that relate to it). y is a band per scaling axis, each as tall as its busiest year, so
    entries of the same axis and era end up near each other. Eras run along the top, axes label their
    bands on the left, organizations sit along the bottom under their entries' mean date.
    """
    bands = _bands(graph)
    band_of = {}
    for node in graph:
        axes = [axis for axis, _ in axes_of(graph, node)]
        band_of[node] = min((bands.index(a) for a in axes if a in bands), default=len(bands) - 1)
    kinds = dict(graph.nodes(data="kind"))
    when, first, last = _when(graph)
    x_of = _time_scale(graph, first, last)

    stack: dict[str, tuple[int, int, int]] = {}  # node -> (band, x, slot in its column)
    columns: dict[tuple[int, int], int] = defaultdict(int)
    for node in sorted(when, key=lambda n: (when[n], n)):
        band, x = band_of[node], x_of(when[node])
        column = (band, x // BIN_WIDTH)
        stack[node] = (band, x, columns[column])
        columns[column] += 1
    tallest = defaultdict(lambda: 1)
    for (band, _), count in columns.items():
        tallest[band] = max(tallest[band], count)
    tops, y = [], 0
    for band in range(len(bands)):
        tops.append(y)
        y += max(BAND_HEIGHT, (tallest[band] + 2) * ROW_HEIGHT)
    positions: dict[str, tuple[int, int]] = {}
    for node, (band, x, k) in stack.items():
        height = max(BAND_HEIGHT, (tallest[band] + 2) * ROW_HEIGHT)
        offset = (k + 1) // 2 * ROW_HEIGHT * (1 if k % 2 else -1)
        positions[node] = (x, tops[band] + height // 2 + offset)
    for era in eras_in_order(graph):
        era_start, era_end = span_of(graph, era)
        start = max(era_start.fraction, first) if era_start else first
        end = min(era_end.fraction, last) if era_end else last
        positions[era] = (x_of((start + end) / 2), -BAND_HEIGHT // 2)
    for i, axis in enumerate(bands):
        if axis:
            height = max(BAND_HEIGHT, (tallest[i] + 2) * ROW_HEIGHT)
            positions[axis] = (x_of(first) - YEAR_WIDTH // 2, tops[i] + height // 2)
    used: dict[int, int] = defaultdict(int)
    for org in sorted(n for n, k in kinds.items() if k == "organization"):
        near = [when[m] for m in nx.all_neighbors(graph, org) if m in when]
        x = x_of(sum(near) / len(near)) if near else x_of(first)
        slot = x // (BIN_WIDTH * 2)
        positions[org] = (x, y + BAND_HEIGHT // 2 + used[slot] * ROW_HEIGHT * 2)
        used[slot] += 1
    return positions


LANDMARKS = 24  # entries labelled in the zoomed-out view


def _landmarks(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Font sizes for the nodes whose labels should stay readable in the whole-network view."""
    sizes = {n: 64 for n, k in graph.nodes(data="kind") if k in ("era", "axis")}
    degree = {
        n: sum(1 for *_, r in graph.in_edges(n, data="relation") if r in vocab.RELATIONS)
        + sum(1 for *_, r in graph.out_edges(n, data="relation") if r in vocab.RELATIONS)
        for n, k in graph.nodes(data="kind")
        if k in ("model", "paper", "concept", "article")
    }
    for node in sorted(degree, key=lambda n: (-degree[n], n))[:LANDMARKS]:
        sizes[node] = 30
    return sizes


NODE_FIELDS = (
    *("id", "label", "shape", "color", "title", "url", "size", "side", "x", "y", "font"),
    *("kind", "era", "axes", "date", "summary"),
)
EDGE_FIELDS = ("from", "to", "relation", "color", "dashes", "title")


class _NodeIds(list):
    """pyvis 0.3.2 keeps node ids in a list and looks both ends of every edge up in it: a scan per edge, so
    building the whole network took quadratic time. This list answers `in` from a set beside it."""

    def __init__(self):
        super().__init__()
        self._known: set = set()

    def append(self, node) -> None:
        super().append(node)
        self._known.add(node)

    def __contains__(self, node) -> bool:
        return node in self._known


def new_network() -> Network:
    """An empty pyvis Network for precomputed positions: directed, physics off."""
    net = Network(directed=True, cdn_resources="remote")
    net.toggle_physics(False)
    net.node_ids = _NodeIds()  # pyvis is pinned (==0.3.2): add_node and add_edge use only `in` and append
    return net


def serialise(net: Network) -> dict:
    """A pyvis Network's nodes and edges as the browser reads them: our fields only, in a fixed order.

    Only pyvis' data is used, never its HTML template (it writes ids and some titles unescaped).
    """
    return {
        "nodes": [{key: node[key] for key in NODE_FIELDS if key in node} for node in net.nodes],
        "edges": [{key: edge[key] for key in EDGE_FIELDS if key in edge} for edge in net.edges],
    }


def _colour(colours: dict[str, str], node: str, data: dict) -> str:
    """An era's own colour, or the colour of the entry's era."""
    return colours.get(node if data["kind"] == "era" else data.get("era"), NO_ERA)


def _add_edge(net: Network, source: str, target: str, rel: str) -> None:
    style = RELATION_STYLES.get(rel, {})
    net.add_edge(
        source,
        target,
        relation=rel,
        color=style.get("color"),
        dashes=style.get("dashes", False),
        title=vocab.RELATIONS[rel].label if rel in vocab.RELATIONS else rel,
    )


def node_data(graph: nx.MultiDiGraph, urls: Urls) -> Network:
    """A pyvis Network holding every entry and edge, styled, positioned and ready to draw."""
    colours = era_colours(graph)
    positions = layout(graph)
    net = new_network()
    landmarks = _landmarks(graph)
    for node, data in graph.nodes(data=True):
        kind = data["kind"]
        x, y = positions.get(node, (0, 0))
        net.add_node(
            node,
            label=data["name"],
            shape=KIND_SHAPES[kind],
            color=_colour(colours, node, data),
            x=x,
            y=y,
            size=14 if kind in ("model", "paper") else 12,
            # eras, axes and the most connected entries keep a label large enough to read when zoomed out
            font={"size": landmarks.get(node, 13)},
            # plain text; vis-network shows a string title as text, and our own panel uses textContent
            title=f"{data['name']}\n{data.get('date', '')}\n{plain(data.get('summary', ''))}".replace("\n\n", "\n"),
            kind=kind,
            era=data.get("era", node if kind == "era" else ""),
            axes=[axis for axis, _ in axes_of(graph, node)],
            date=str(data.get("date") or ""),
            summary=plain(data.get("summary", "")),
            url=urls.url(urls.entry(kind, node)),
        )
    for source, target, rel in graph.edges(keys=True):
        _add_edge(net, source, target, rel)
    return net


OPTIONS = {
    "physics": {"enabled": False},
    "interaction": {"hover": True, "tooltipDelay": 150, "hideEdgesOnDrag": True, "navigationButtons": False},
    "nodes": {"font": {"size": 13, "face": "system-ui, sans-serif"}, "borderWidth": 1},
    "edges": {"arrows": {"to": {"enabled": True, "scaleFactor": 0.4}}, "smooth": False, "width": 1},
    "layout": {"improvedLayout": False},
}


DASH_LIMIT = 2000
# entry -> era / organization / axis edges start hidden: the layout already shows era (x, colour) and
# axis (band), and thousands of long hub edges would hide the relations that tell the story
STRUCTURAL_HIDDEN = tuple(vocab.STRUCTURAL)
"""Above this many edges every edge is drawn solid (colour still tells the relations apart): a dashed canvas
line costs several times a solid one, and at 3,000 entries (about 20,000 edges) dashes made every frame of
the network take over a second in headless Chromium (benchmarks/network_draw.py)."""


def network_payload(graph: nx.MultiDiGraph, urls: Urls) -> dict:
    """Everything the browser needs: nodes, edges, options and the legend."""
    data = serialise(node_data(graph, urls))
    dashed = len(data["edges"]) <= DASH_LIMIT
    for i, e in enumerate(data["edges"]):
        e["id"] = i
        if not dashed:
            e["dashes"] = False
        if e["relation"] in STRUCTURAL_HIDDEN:
            e["hidden"] = True
    colours = era_colours(graph)
    legend = {
        "eras": [{"id": e, "name": graph.nodes[e]["name"], "color": colours[e]} for e in eras_in_order(graph)],
        "kinds": [{"id": k, "shape": s} for k, s in KIND_SHAPES.items()],
        "relations": [
            {
                "id": r,
                "label": vocab.RELATIONS[r].label if r in vocab.RELATIONS else r,
                **RELATION_STYLES[r],
                **({} if dashed else {"dashes": False}),
                "shown": r not in STRUCTURAL_HIDDEN,
            }
            for r in RELATION_STYLES
        ],
        "axes": [{"id": a, "name": graph.nodes[a]["name"]} for a in _bands(graph) if a],
    }
    return {**data, "options": OPTIONS, "legend": legend}


def data_script(graph: nx.MultiDiGraph, urls: Urls) -> str:
    """The network's data as a script that sets ``window.ERAS_NETWORK`` (works offline and from file://)."""
    return "window.ERAS_NETWORK = " + script_json(network_payload(graph, urls)) + ";\n"


MINI_COLUMN = 230  # x of the columns left and right of the entry, in the network on its page
MINI_STEP = 46  # vertical distance between neighbours


def neighbourhood(graph: nx.MultiDiGraph, urls: Urls, node: str, colours: dict | None = None) -> dict:
    """A small payload: one entry and its direct relations, for the network on its page (stable order).

    Built with pyvis like the whole network, positions included: what the entry points to (what it built
    on, used, revised) in a column on the left (`side` "before"), what points to it on the right ("after").
    """
    colours = colours if colours is not None else era_colours(graph)
    out_edges = [(node, t, r) for _, t, r in graph.out_edges(node, keys=True) if r in vocab.RELATIONS]
    in_edges = [(s, node, r) for s, _, r in graph.in_edges(node, keys=True) if r in vocab.RELATIONS]
    side = {node: "self"}
    for _, target, _ in out_edges:
        side.setdefault(target, "before")
    for source, _, _ in in_edges:
        side.setdefault(source, "after")
    position = {node: (0, 0)}
    for where, x in (("before", -MINI_COLUMN), ("after", MINI_COLUMN)):
        column = [n for n, w in side.items() if w == where]
        for i, n in enumerate(column):
            position[n] = (x, int((i - (len(column) - 1) / 2) * MINI_STEP))
    net = new_network()
    for n, where in side.items():
        data = graph.nodes[n]
        net.add_node(
            n,
            label=data["name"],
            shape=KIND_SHAPES[data["kind"]],
            color=_colour(colours, n, data),
            title=f"{data['name']} {data.get('date', '')}".strip(),
            url=urls.url(urls.entry(data["kind"], n)),
            size=18 if n == node else 11,
            side=where,
            x=position[n][0],
            y=position[n][1],
        )
    for source, target, rel in out_edges + in_edges:
        _add_edge(net, source, target, rel)
    return serialise(net)
