"""Render the graph into Markdown pages (with HTML blocks): graph -> pages. Plain functions, no mkdocs."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

import networkx as nx
import yaml

from kb import vocab
from kb.graph import axes_of, incoming, members, outgoing, pushed, sort_key
from kb.markdown import plain
from kb.site.palette import era_colours, eras_in_order
from kb.site.text import blocks, esc, inline, md_text
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
}
LISTED_KINDS = ("era", "axis", "model", "paper", "concept", "article", "organization")


@dataclass
class Site:
    """What every page renderer needs: the graph, URL rules and a few indexes built once."""

    graph: nx.MultiDiGraph
    urls: Urls = field(default_factory=Urls)

    def __post_init__(self):
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

    def link_for(self, here: str):
        """A function giving the link from page `here` to an entry id (None for unknown ids)."""
        return lambda eid: self.urls.rel(here, self.src(eid)) if eid in self.graph else None

    def a(self, here: str, eid: str) -> str:
        """An HTML link to an entry, its name escaped."""
        return f'<a href="{esc(self.urls.rel(here, self.src(eid)))}">{esc(self.node(eid)["name"])}</a>'


# --------------------------------------------------------------------------- shared pieces


def front_matter(title: str, description: str = "", hide: tuple[str, ...] = ()) -> str:
    """YAML front matter with an escaped title (mkdocs would un-escape a heading into <title>).

    Written by PyYAML itself, so that mkdocs (which reads it with PyYAML) gets back exactly this text
    whatever characters the entry holds.

    >>> front_matter("A <b> é")
    '---\\n"title": "A &lt;b&gt; é"\\n---\\n'
    """
    meta: dict = {"title": esc(title)}
    if description:
        meta["description"] = esc(plain(description)[:300])
    if hide:
        meta["hide"] = list(hide)
    body = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=1_000_000, default_style='"')
    return "---\n" + body + "---\n"


def badge(kind: str) -> str:
    return f'<span class="eras-badge eras-kind-{kind}">{KIND_TITLES[kind][0]}</span>'


def era_chip(site: Site, here: str, era: str | None, short_name: bool = False) -> str:
    """A link to an era, marked with its colour; `short_name` drops "The" and "era" for narrow columns."""
    if not era or era not in site.graph:
        return ""
    colour = site.colours.get(era, "#6b7280")
    if short_name:
        name = re.sub(r"^the\s+|\s+era$", "", site.node(era)["name"], flags=re.IGNORECASE)
        href = esc(site.urls.rel(here, site.src(era)))
        return f'<span class="eras-era" style="--era:{colour}"><a href="{href}">{esc(name)}</a></span>'
    return f'<span class="eras-era" style="--era:{colour}">{site.a(here, era)}</span>'


def figure_value(fig: dict) -> str:
    unit = fig.get("unit") or ""
    value = short(fig["value"])
    if "low" in fig or "high" in fig:
        low = short(fig["low"]) if "low" in fig else "?"
        high = short(fig["high"]) if "high" in fig else "?"
        value += f" ({low} to {high})"
    return f"{value} {unit}".strip()


def entry_table(site: Site, here: str, ids: list[str], columns=("date", "kind", "era", "summary")) -> str:
    """An HTML table of entries in the given order."""
    if not ids:
        return "<p><em>None yet.</em></p>"
    heads = {
        "date": "Date",
        "kind": "Kind",
        "era": "Era",
        "summary": "Summary",
        "org": "Organization",
        "params": "Parameters",
        "compute": "Training compute",
        "reason": "Why",
    }
    rows = []
    for eid in ids:
        node = site.node(eid)
        cells = [f"<td>{site.a(here, eid)}</td>"]
        for col in columns:
            if col == "date":
                cells.append(f"<td>{esc(node.get('date', ''))}</td>")
            elif col == "kind":
                cells.append(f"<td>{badge(node['kind'])}</td>")
            elif col == "era":
                cells.append(f"<td>{era_chip(site, here, node.get('era'))}</td>")
            elif col == "org":
                org = node.get("organization")
                cells.append(f"<td>{site.a(here, org) if org in site.graph else ''}</td>")
            elif col in ("params", "compute"):
                fig = node.get("figures", {}).get("parameters" if col == "params" else "training_compute")
                text = f"{short(fig['value'])} <small>{fig['status']}</small>" if fig else ""
                cells.append(f"<td>{text}</td>")
            elif col == "summary":
                cells.append(f"<td>{inline(node.get('summary', ''), site.link_for(here))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    head = "<tr><th>Name</th>" + "".join(f"<th>{heads[c]}</th>" for c in columns) + "</tr>"
    return f"<table>\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"


# --------------------------------------------------------------------------- entry pages


def entry_page(site: Site, eid: str) -> str:
    """The page of one entry: summary, facts, figures, axes, relations both ways, sources."""
    node = site.node(eid)
    kind = node["kind"]
    here = site.urls.entry(kind, eid)
    link_for = site.link_for(here)
    out = [front_matter(node["name"], node.get("summary", "")), f"# {md_text(node['name'])}", ""]

    facts = [badge(kind)]
    if node.get("date"):
        facts.append(f'<time datetime="{esc(node["date"])}">{esc(node["date"])}</time>')
    if node.get("organization") in site.graph:
        facts.append(site.a(here, node["organization"]))
    if node.get("era"):
        facts.append(era_chip(site, here, node["era"]))
    if kind == "era":
        facts.append(esc(f"{node.get('start')} to {node.get('end') or 'now'}"))
    out.append('<p class="eras-facts">' + " · ".join(f for f in facts if f) + "</p>")
    out.append(f'<p class="eras-summary">{inline(node["summary"], link_for)}</p>')
    if node.get("aliases"):
        out.append(
            '<p class="eras-aliases">Also known as: '
            + ", ".join(f"<em>{esc(a)}</em>" for a in node["aliases"])
            + "</p>"
        )
    if node.get("date_note"):
        out.append(f'<p class="eras-date-note">Date: {esc(node["date"])}, {inline(node["date_note"], link_for)}</p>')
    if node.get("authors"):
        out.append("<p>Authors: " + esc(", ".join(node["authors"])) + "</p>")
    out.append("")

    if node.get("figures"):
        out += ["## Figures", "", figures_table(node["figures"], link_for), ""]
    axes = axes_of(site.graph, eid)
    if axes:
        out += ["## Scaling axes", "", '<ul class="eras-axes">']
        out += [f"<li>{site.a(here, axis)}: {inline(reason, link_for)}</li>" for axis, reason in axes]
        out += ["</ul>", ""]
    if node.get("description"):
        out += ["## About", "", '<div class="eras-description">', blocks(node["description"], link_for), "</div>", ""]
    if kind in ("era", "axis", "organization"):
        out += group_sections(site, eid, here)
    out += relation_sections(site, eid, here)
    if node.get("sources"):
        out += ["## Sources", "", '<ol class="eras-sources">']
        out += [
            f'<li><a href="{esc(s["url"])}" rel="nofollow noopener">{esc(s["title"])}</a></li>' for s in node["sources"]
        ]
        out += ["</ol>", ""]
    if node.get("homepage"):
        out += [
            f'<p>Home page: <a href="{esc(node["homepage"])}" rel="nofollow noopener">{esc(node["homepage"])}</a></p>',
            "",
        ]
    return "\n".join(out)


def figures_table(figures: dict, link_for) -> str:
    rows = []
    for name, spec in vocab.FIGURES.items():
        fig = figures.get(name)
        if not fig:
            continue
        note = inline(fig["note"], link_for) if fig.get("note") else ""
        by = f" by {esc(fig['by'])}" if fig.get("by") else ""
        rows.append(
            f"<tr><th>{esc(spec.title)}</th><td>{esc(figure_value(fig))}</td>"
            f'<td><span class="eras-status eras-status-{esc(fig["status"])}">{esc(fig["status"])}</span>{by}</td>'
            f'<td><a href="{esc(fig["source"])}" rel="nofollow noopener">source</a></td><td>{note}</td></tr>'
        )
    return (
        "<table>\n<thead><tr><th>Figure</th><th>Value</th><th>Status</th><th>Source</th>"
        "<th>Note</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )


def relation_sections(site: Site, eid: str, here: str) -> list[str]:
    """Outgoing relations under their labels, then incoming ones under the inverse labels."""
    out_rel = outgoing(site.graph, eid)
    in_rel = {r: s for r, s in incoming(site.graph, eid).items() if r in vocab.RELATIONS}
    if not out_rel and not in_rel:
        return []
    rows = [(vocab.RELATIONS[rel].label, targets) for rel, targets in out_rel.items()]
    rows += [(vocab.RELATIONS[rel].inverse, sources) for rel, sources in in_rel.items()]
    body = "\n".join(
        f"<tr><th>{esc(label.capitalize())}</th><td>{', '.join(site.a(here, i) for i in ids)}</td></tr>"
        for label, ids in rows
    )
    return ["## Relations", "", f"<table>\n<tbody>\n{body}\n</tbody>\n</table>", ""]


def group_sections(site: Site, eid: str, here: str) -> list[str]:
    """For eras, axes and organizations: their members in date order."""
    node = site.node(eid)
    kind = node["kind"]
    out = []
    if kind == "era":
        for key, title in (("opened_by", "Opened by"), ("closed_by", "Closed by")):
            ids = [i for i in node.get(key, []) if i in site.graph]
            if ids:
                out.append(f"<p><strong>{title}:</strong> " + ", ".join(site.a(here, i) for i in ids) + "</p>")
        ids = members(site.graph, eid, "era")
        out += [
            "",
            f"## Entries in this era ({len(ids)})",
            "",
            entry_table(site, here, ids, ("date", "kind", "summary")),
        ]
    elif kind == "axis":
        edges = dict(pushed(site.graph, eid))
        ids = list(edges)
        rows = [
            f"<tr><td>{site.a(here, i)}</td><td>{esc(site.node(i).get('date', ''))}</td>"
            f"<td>{era_chip(site, here, site.node(i).get('era'))}</td>"
            f"<td>{inline(edges[i], site.link_for(here))}</td></tr>"
            for i in ids
        ]
        out += [
            "",
            f"## Entries that pushed this axis ({len(ids)})",
            "",
            "<table>\n<thead><tr><th>Name</th><th>Date</th><th>Era</th><th>Why</th></tr></thead>"
            "\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>",
        ]
    elif kind == "organization":
        ids = members(site.graph, eid, "organization")
        out += ["", f"## Entries ({len(ids)})", "", entry_table(site, here, ids, ("date", "kind", "era", "summary"))]
    return out + [""]


# --------------------------------------------------------------------------- listing pages


def listing_page(site: Site, kind: str) -> str:
    """Every entry of one kind, in date order."""
    here = site.urls.listing(kind)
    ids = site.by_kind.get(kind, [])
    title = KIND_TITLES[kind][1]
    columns = {
        "model": ("date", "org", "era", "params", "compute"),
        "paper": ("date", "org", "era", "summary"),
        "era": ("summary",),
        "axis": ("summary",),
        "organization": ("summary",),
    }.get(kind, ("date", "era", "summary"))
    if kind == "era":
        ids = eras_in_order(site.graph)
    elif kind in ("axis", "organization"):
        ids = sorted(ids, key=lambda n: site.node(n)["name"].lower())
    return "\n".join(
        [
            front_matter(title),
            f"# {title}",
            "",
            f"{len(ids)} {title.lower()}.",
            "",
            entry_table(site, here, ids, columns),
            "",
        ]
    )


def timeline_page(site: Site) -> str:
    """Every dated entry by year, coloured by era."""
    here = "timeline.md"
    dated = [n for n in site.graph if site.node(n).get("date") and site.node(n)["kind"] not in ("era", "axis")]
    dated.sort(key=lambda n: sort_key(site.graph, n))
    markers = {
        i for e in site.by_kind.get("era", []) for k in ("opened_by", "closed_by") for i in site.node(e).get(k, [])
    }
    out = [
        front_matter("Timeline"),
        "# Timeline",
        "",
        "Every dated entry by year, coloured by era. Entries that mark an era's boundary are highlighted.",
        "",
    ]
    out.append(
        '<div class="eras-legend">' + " ".join(era_chip(site, here, e) for e in eras_in_order(site.graph)) + "</div>"
    )
    out.append("")
    by_year: dict[int, list[str]] = defaultdict(list)
    for n in dated:
        by_year[site.node(n)["date"].year].append(n)
    for year in sorted(by_year):
        out += [f"## {year}", "", '<ul class="eras-timeline">']
        for n in by_year[year]:
            node = site.node(n)
            colour = site.colours.get(node.get("era"), "#6b7280")
            mark = " eras-marker" if n in markers else ""
            axes = " ".join(axis for axis, _ in axes_of(site.graph, n))
            out.append(
                f'<li class="eras-tl-item{mark}" style="--era:{colour}" data-kind="{esc(node["kind"])}" '
                f'data-era="{esc(node.get("era", ""))}" data-axes="{esc(axes)}">'
                f"<time>{esc(node['date'])}</time> {badge(node['kind'])} {site.a(here, n)}"
                f' <span class="eras-tl-summary">{esc(plain(node.get("summary", "")))}</span></li>'
            )
        out += ["</ul>", ""]
    return "\n".join(out)


def render_pages(site: Site) -> dict[str, str]:
    """Every generated page: source path -> Markdown."""
    pages = {}
    for node, kind in site.graph.nodes(data="kind"):
        pages[site.urls.entry(kind, node)] = entry_page(site, node)
    for kind in LISTED_KINDS:
        pages[site.urls.listing(kind)] = listing_page(site, kind)
    pages["timeline.md"] = timeline_page(site)
    return pages


def figures_page(site: Site, csv_src: str) -> str:
    """Every model with its figures, status and era: a sortable, filterable table with a CSV download."""
    here = "figures.md"
    names = list(vocab.FIGURES)
    head = ["Name", "Date", "Era", "Organization"] + [vocab.FIGURES[n].title for n in names]
    rows = []
    for eid in site.by_kind.get("model", []):
        node = site.node(eid)
        org = node.get("organization")
        cells = [
            f"<td>{site.a(here, eid)}</td>",
            f'<td data-value="{esc(node.get("date", ""))}">{esc(node.get("date", ""))}</td>',
            f'<td data-value="{esc(node.get("era", ""))}">{era_chip(site, here, node.get("era"), True)}</td>',
            f"<td>{site.a(here, org) if org in site.graph else ''}</td>",
        ]
        for name in names:
            fig = (node.get("figures") or {}).get(name)
            if not fig:
                cells.append('<td data-value=""></td>')
                continue
            unit = f" {fig['unit']}" if name == "training_data" and fig.get("unit") else ""
            cells.append(
                f'<td data-value="{fig["value"]!r}">{esc(short(fig["value"]) + unit)} '
                f'<span class="eras-status eras-status-{esc(fig["status"])}" title="{esc(fig["status"])}">'
                f"{esc(fig['status'][0].upper())}</span></td>"
            )
        rows.append("<tr>" + "".join(cells) + "</tr>")
    table = (
        '<table class="eras-table eras-sortable">\n<thead><tr>'
        + "".join(f'<th data-sort="{i}">{esc(h)}</th>' for i, h in enumerate(head))
        + "</tr></thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>"
    )
    csv_url = esc(site.urls.rel(here, csv_src))
    return "\n".join(
        [
            front_matter("Figure table", hide=("navigation", "toc")),
            "# Figure table",
            "",
            "Every model's figures with their status: **O** official, **E** estimated (by a named party), "
            "**R** rumored. Click a column heading to sort; type to filter. Each entry's page gives the source "
            "of every number.",
            "",
            f'<p><a href="{csv_url}" download>Download all entries as CSV</a> (one row per entry, with each '
            "figure's value, unit, status, estimator and source).</p>",
            "",
            '<div class="eras-table-wrap">',
            '<input type="search" class="eras-table-filter" placeholder="Filter models…" aria-label="Filter models">',
            table,
            "</div>",
            "",
        ]
    )


def coverage_page(site: Site) -> str:
    """What the knowledge base still lacks, rule by rule."""
    from kb.check.editorial import REQUIRED_RULES, RULES

    here = "coverage.md"
    out = [
        front_matter("Coverage"),
        "# Coverage",
        "",
        "What is still missing. Figures that were never disclosed (o1's size, for instance) stay missing on "
        "purpose: Eras leaves them out rather than guess. Rules marked *required* are enforced by the tests "
        "for the shipped entries.",
        "",
    ]
    for rule in RULES:
        ids = rule.offenders(site.graph)
        tag = " (required)" if rule.name in REQUIRED_RULES else ""
        out += [f"## {rule.title}{tag}", "", f"{len(ids)} entries.", ""]
        if ids:
            out.append("<p>" + ", ".join(site.a(here, i) for i in ids) + "</p>")
            out.append("")
    return "\n".join(out)
