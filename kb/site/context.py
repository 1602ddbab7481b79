"""What every page renderer shares: the graph with its URL rules, colours and indexes, links, and the entry table."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

import networkx as nx
from markupsafe import Markup

from kb.graph import sort_key
from kb.site.palette import NO_ERA, era_colours
from kb.site.templating import render
from kb.site.text import LinkFor, inline
from kb.site.urls import Urls
from kb.values import short

KIND_TITLES = {
    "model": ("Model", "Models"),
    "paper": ("Paper", "Papers"),
    "concept": ("Concept", "Concepts"),
    "article": ("Article", "Articles"),
    "era": ("Era", "Eras"),
    "axis": ("Axis", "Axes"),
    "organization": ("Organization", "Organizations"),
    "benchmark": ("Benchmark", "Benchmarks"),
}
ASSET_DIR = "assets/eras"


class Link(NamedTuple):
    """A link to a page: where it goes (relative to the page it is on) and its text, both plain."""

    href: str
    text: str


class Chip(NamedTuple):
    """A link to an era, marked with the era's colour."""

    href: str
    text: str
    colour: str


@dataclass
class Context:
    """The graph, URL rules and a few indexes built once; every page renderer reads them."""

    graph: nx.MultiDiGraph
    urls: Urls = field(default_factory=Urls)
    dates: dict = field(default_factory=dict)  # each entry's git dates (kb.read.history.FileDates), where known

    def __post_init__(self):
        self._inline: dict[tuple[str, str], Markup] = {}
        self.colours = era_colours(self.graph)
        self.by_kind: dict[str, list[str]] = defaultdict(list)
        for node, kind in self.graph.nodes(data="kind"):
            self.by_kind[kind].append(node)
        for kind in self.by_kind:
            self.by_kind[kind].sort(key=lambda n: sort_key(self.graph, n))

    def node(self, eid: str) -> dict:
        return self.graph.nodes[eid]

    def src(self, eid: str) -> str:
        return self.urls.entry(self.node(eid)["kind"], eid)

    def href(self, here: str, src: str) -> str:
        """The link from page `here` to a page or asset `src`."""
        return self.urls.rel(here, src)

    def root(self, here: str) -> str:
        """The site root from page `here`, for a script that turns the site's URLs into links (data-root)."""
        return self.urls.root(here)

    def link_for(self, here: str) -> LinkFor:
        """A function giving the link from page `here` to an entry id (None for unknown ids)."""
        return lambda eid: self.urls.rel(here, self.src(eid)) if eid in self.graph else None

    def link(self, here: str, eid: str | None) -> Link | None:
        """A link from page `here` to an entry, named after it; None for no entry or an unknown id."""
        if eid is None or eid not in self.graph:
            return None
        return Link(self.urls.rel(here, self.src(eid)), self.node(eid)["name"])

    def listing_link(self, here: str, kind: str, text: str) -> Link:
        """A link from page `here` to the listing of every entry of a kind."""
        return Link(self.urls.rel(here, self.urls.listing(kind)), text)

    def links(self, here: str, ids) -> list[Link]:
        return [self.link(here, eid) for eid in ids if eid in self.graph]

    def chip(self, here: str, era: str | None, short_name: bool = False) -> Chip | None:
        """A link to an era in its colour; `short_name` drops "The" and "era" for narrow columns."""
        if not era or era not in self.graph:
            return None
        name = self.node(era)["name"]
        if short_name:
            name = re.sub(r"^the\s+|\s+era$", "", name, flags=re.IGNORECASE)
        return Chip(self.urls.rel(here, self.src(era)), name, self.colours.get(era, NO_ERA))

    def inline(self, here: str, text: str) -> Markup:
        """Entry text rendered as safe HTML, its entry links relative to page `here`.

        The result depends only on how far `here` is from the site root, so it is kept for the other pages
        at that depth (a summary appears on its entry's page, its era's, its organization's...).
        """
        key = (text, self.urls.rel(here, ""))
        if key not in self._inline:
            self._inline[key] = inline(text, self.link_for(here))
        return self._inline[key]


def figure_value(fig: dict) -> str:
    """A figure with its range and unit, as people read it.

    >>> figure_value({"value": 7e10, "low": 6e10, "unit": "parameters"})
    '70B (60B to ?) parameters'
    """
    unit = fig.get("unit") or ""
    value = short(fig["value"])
    if "low" in fig or "high" in fig:
        low = short(fig["low"]) if "low" in fig else "?"
        high = short(fig["high"]) if "high" in fig else "?"
        value += f" ({low} to {high})"
    return f"{value} {unit}".strip()


COLUMN_TITLES = {
    "date": "Date",
    "kind": "Kind",
    "era": "Era",
    "summary": "Summary",
    "org": "Organization",
    "params": "Parameters",
    "compute": "Training compute",
}


def entry_table(ctx: Context, here: str, ids: list[str], columns=("date", "kind", "era", "summary")) -> Markup:
    """An HTML table of entries in the given order: a link to each, then the named columns."""
    rows = []
    for eid in ids:
        node = ctx.node(eid)
        figures = node.get("figures") or {}
        row = {"link": ctx.link(here, eid), "date": node.get("date") or "", "kind": node["kind"]}
        if "era" in columns:
            row["era"] = ctx.chip(here, node.get("era"))
        if "org" in columns:
            row["org"] = ctx.link(here, node.get("organization"))
        if "params" in columns:
            row["params"] = figures.get("parameters")
        if "compute" in columns:
            row["compute"] = figures.get("training_compute")
        if "summary" in columns:
            row["summary"] = ctx.inline(here, node.get("summary", ""))
        rows.append(row)
    return render("entry_table.html", rows=rows, columns=columns, titles=COLUMN_TITLES, kinds=KIND_TITLES, short=short)
