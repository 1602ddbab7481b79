"""The interactive network: node and edge data built with pyvis, laid out at build time (no physics)."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pyvis
from pyvis.network import Network

from kb import vocab
from kb.graph import axes_of
from kb.markdown import plain
from kb.site.network_layout import MINI_FONT, MINI_SIZES, MINI_WRAP, bands, layout, mini_layout, wrap
from kb.site.palette import KIND_SHAPES, NO_ERA, RELATION_STYLES, era_colours, eras_in_order
from kb.site.urls import Urls

VIS_JS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.min.js"
VIS_CSS = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2" / "vis-network.css"


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


def _degree(graph: nx.MultiDiGraph, node: str) -> int:
    """How many entries a node is linked with, the structural links to eras and axes left out."""
    kinds = graph.nodes
    return len({m for m in nx.all_neighbors(graph, node) if kinds[m]["kind"] not in ("era", "axis")})


LABEL_TIERS = {"era": 0, "axis": 1}


def priority(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Each node's rank for a label, 0 first: eras, then axes, then entries by how many others they link.

    Where two labels would overlap, the browser draws the one ranked first; zooming in makes room for the rest.
    """
    order = sorted(
        graph.nodes,
        key=lambda n: (LABEL_TIERS.get(graph.nodes[n]["kind"], 2), -_degree(graph, n), graph.nodes[n]["name"], n),
    )
    return {node: rank for rank, node in enumerate(order)}


NODE_FIELDS = (
    *("id", "label", "shape", "color", "title", "url", "size", "side", "x", "y", "caption"),
    *("kind", "era", "axes", "date", "summary", "aliases", "rank"),
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
    ranks = priority(graph)
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
            # plain text; vis-network shows a string title as text, and our own panel uses textContent
            title=f"{data['name']}\n{data.get('date', '')}\n{plain(data.get('summary', ''))}".replace("\n\n", "\n"),
            kind=kind,
            era=data.get("era", node if kind == "era" else ""),
            axes=[axis for axis, _ in axes_of(graph, node)],
            date=str(data.get("date") or ""),
            summary=plain(data.get("summary", "")),
            url=urls.url(urls.entry(kind, node)),
            aliases=list(data.get("aliases") or ()),  # the network's search box finds entries by these too
            rank=ranks[node],  # which label the browser keeps where two would overlap
        )
    for source, target, rel in graph.edges(keys=True):
        _add_edge(net, source, target, rel)
    return net


OPTIONS = {
    "physics": {"enabled": False},
    # nodes stay where the build put them; assets/network.js draws the edges and the labels itself
    "interaction": {"hover": True, "tooltipDelay": 150, "dragNodes": False, "navigationButtons": False},
    "nodes": {"borderWidth": 0, "borderWidthSelected": 3},
    "layout": {"improvedLayout": False},
}


DASH_LIMIT = 2000
"""Above this many edges every edge is drawn solid (colour still tells the relations apart): a dashed canvas
line costs several times a solid one, and at 3,000 entries (about 20,000 edges) dashes made every frame of
the network take over a second in headless Chromium (benchmarks/network_draw.py)."""
# entry -> era / organization / axis edges start hidden: the layout already shows era (x, colour) and
# axis (band), and thousands of long hub edges would hide the relations that tell the story
STRUCTURAL_HIDDEN = tuple(vocab.STRUCTURAL)


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
        "axes": [{"id": a, "name": graph.nodes[a]["name"]} for a in bands(graph) if a],
    }
    return {**data, "options": OPTIONS, "legend": legend}


def data_script(graph: nx.MultiDiGraph, urls: Urls) -> str:
    """The network's data as a script that sets ``window.ERAS_NETWORK`` (works offline and from file://)."""
    return "window.ERAS_NETWORK = " + script_json(network_payload(graph, urls)) + ";\n"


def neighbourhood(graph: nx.MultiDiGraph, urls: Urls, node: str, colours: dict | None = None) -> dict:
    """A small payload: one entry and its direct relations, for the network on its page (stable order).

    Built with pyvis like the whole network, positions included: what the entry points to (what it built
    on, used, revised) in columns on the left (`side` "before"), what points to it on the right ("after").
    `caption` is the label as drawn, long names wrapped; the layout leaves room for every caption.
    """
    colours = colours if colours is not None else era_colours(graph)
    out_edges = [(node, t, r) for _, t, r in graph.out_edges(node, keys=True) if r in vocab.RELATIONS]
    in_edges = [(s, node, r) for s, _, r in graph.in_edges(node, keys=True) if r in vocab.RELATIONS]
    side = {node: "self"}
    for _, target, _ in out_edges:
        side.setdefault(target, "before")
    for source, _, _ in in_edges:
        side.setdefault(source, "after")
    captions = {n: wrap(graph.nodes[n]["name"], MINI_FONT, MINI_WRAP) for n in side}
    position = mini_layout(captions, side)
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
            size=MINI_SIZES["self" if n == node else "other"],
            side=where,
            x=position[n][0],
            y=position[n][1],
            caption="\n".join(captions[n]),
        )
    for source, target, rel in out_edges + in_edges:
        _add_edge(net, source, target, rel)
    return serialise(net)
