"""The page of one entry: facts, figures, axes, members, relations, neighbourhood, charts and sources."""

from __future__ import annotations

from markupsafe import Markup

from kb import vocab
from kb.graph import axes_of, incoming, members, outgoing, pushed
from kb.markdown import plain
from kb.outputs.cite import citations
from kb.site.charts import chart_svg
from kb.site.context import ASSET_DIR, Context, entry_table, figure_value
from kb.site.network import neighbourhood, script_json
from kb.site.page import Page, SearchDoc, Section
from kb.site.results import results_sections
from kb.site.templating import macro, render
from kb.site.text import blocks

TEMPLATE = "entry.html"
NEIGHBOURHOOD_KINDS = ("model", "paper", "concept", "article")
# entries people look up by name rank above articles and listings that mention them
SEARCH_BOOST = {"model": 2, "paper": 1.5, "concept": 1.5}


def entry_page(ctx: Context, eid: str) -> Page:
    """The page of one entry, its sections in reading order (empty ones left out)."""
    node = ctx.node(eid)
    kind = node["kind"]
    here = ctx.urls.entry(kind, eid)
    sections = [
        Section(html=intro(ctx, eid, here)),
        *facts_sections(ctx, eid, here),
        *results_sections(ctx, eid, here),
        *group_sections(ctx, eid, here),
        *relation_sections(ctx, eid, here),
        *neighbourhood_sections(ctx, eid, here),
        *source_sections(node),
        Section("Cite", render("cite.html", text="\n".join(citations(eid, node)))),  # no blank line: one HTML block
    ]
    return Page(
        src=here,
        title=node["name"],
        description=node.get("summary", ""),
        sections=sections,
        edit=f"entries/{node['path']}",
        search=search_doc(node),
    )


def search_doc(node: dict) -> SearchDoc:
    """Name, aliases (as tags, weighed highest), summary and description."""
    words = [plain(node.get("summary", ""))]
    if node.get("aliases"):
        words.append("Also known as: " + ", ".join(node["aliases"]))
    if node.get("description"):
        words.append(plain(node["description"]))
    if node.get("results"):  # results are searchable: "o1 AIME", "cons@64"
        words.append("Results: " + "; ".join(_result_words(r) for r in node["results"]))
    return SearchDoc(node["name"], tuple(words), tuple(node.get("aliases") or ()), SEARCH_BOOST.get(node["kind"]))


def _result_words(result: dict) -> str:
    model = f"{result['model']} " if result.get("model") else ""
    return f"{model}{result['benchmark']} {result['score']:g} {result['setting']}"


def intro(ctx: Context, eid: str, here: str) -> Markup:
    """Kind, date, organization and era in a line; then the summary, aliases, date note and authors."""
    node = ctx.node(eid)
    span = f"{node.get('start')} to {node.get('end') or 'now'}" if node["kind"] == "era" else ""
    return macro(TEMPLATE, "intro")(
        kind=node["kind"],
        date=node.get("date") or "",
        org=ctx.link(here, node.get("organization")),
        era=ctx.chip(here, node.get("era")),
        span=span,
        summary=ctx.inline(here, node["summary"]),
        aliases=node.get("aliases") or [],
        date_note=ctx.inline(here, node["date_note"]) if node.get("date_note") else "",
        authors=node.get("authors") or [],
        history=ctx.dates.get(eid),
    )


def facts_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """Figures, scaling axes and the longer description."""
    node = ctx.node(eid)
    sections = []
    figures = node.get("figures") or {}
    if figures:
        rows = [
            {
                "title": spec.title,
                "value": figure_value(figures[name]),
                "figure": figures[name],
                "note": ctx.inline(here, figures[name]["note"]) if figures[name].get("note") else "",
            }
            for name, spec in vocab.FIGURES.items()
            if figures.get(name)
        ]
        sections.append(Section("Figures", macro(TEMPLATE, "figures")(rows)))
    axes = [(ctx.link(here, axis), ctx.inline(here, reason)) for axis, reason in axes_of(ctx.graph, eid)]
    if axes:
        sections.append(Section("Scaling axes", macro(TEMPLATE, "axes")(axes)))
    if node.get("description"):
        description = blocks(node["description"], ctx.link_for(here))
        sections.append(Section("About", macro(TEMPLATE, "about")(description)))
    return sections


def group_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """For eras, axes and organizations: their members in date order, with a chart for eras and axes."""
    kind = ctx.node(eid)["kind"]
    if kind == "era":
        return era_sections(ctx, eid, here)
    if kind == "axis":
        return axis_sections(ctx, eid, here)
    if kind == "organization":
        ids = members(ctx.graph, eid, "organization")
        return [Section(f"Entries ({len(ids)})", entry_table(ctx, here, ids, ("date", "kind", "era", "summary")))]
    return []


def era_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """The entries that opened and closed the era, its training compute chart, and its entries."""
    node = ctx.node(eid)
    boundaries = [
        (title, ctx.links(here, node.get(key, [])))
        for key, title in (("opened_by", "Opened by"), ("closed_by", "Closed by"))
        if ctx.links(here, node.get(key, []))
    ]
    ids = members(ctx.graph, eid, "era")
    sections = [Section(html=macro(TEMPLATE, "boundaries")(boundaries))] if boundaries else []
    if any("training_compute" in (ctx.node(i).get("figures") or {}) for i in ids):
        chart = chart_svg(ctx.graph, "training_compute", here, ctx.urls, era=eid)
        sections.append(Section("Training compute in this era", macro("macros.html", "chart")(chart)))
    sections.append(
        Section(f"Entries in this era ({len(ids)})", entry_table(ctx, here, ids, ("date", "kind", "summary")))
    )
    return sections


def axis_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """The axis' chart (when it names a figure) and the entries that pushed it, each with its reason."""
    sections = []
    figure = ctx.node(eid).get("figure")
    if figure:
        unit = "tokens" if figure == "training_data" else None
        chart = chart_svg(ctx.graph, figure, here, ctx.urls, unit=unit)
        sections.append(Section("Chart", macro("macros.html", "chart")(chart)))
    rows = [
        {
            "link": ctx.link(here, i),
            "date": ctx.node(i).get("date") or "",
            "era": ctx.chip(here, ctx.node(i).get("era")),
            "reason": ctx.inline(here, reason),
        }
        for i, reason in pushed(ctx.graph, eid)
    ]
    sections.append(Section(f"Entries that pushed this axis ({len(rows)})", macro(TEMPLATE, "pushed")(rows)))
    return sections


def relation_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """Outgoing relations under their labels, then incoming ones under the inverse labels."""
    out_rel = outgoing(ctx.graph, eid)
    in_rel = {r: s for r, s in incoming(ctx.graph, eid).items() if r in vocab.RELATIONS}
    rows = [(vocab.RELATIONS[rel].label, targets) for rel, targets in out_rel.items()]
    rows += [(vocab.RELATIONS[rel].inverse, sources) for rel, sources in in_rel.items()]
    if not rows:
        return []
    rows = [(label.capitalize(), ctx.links(here, ids)) for label, ids in rows]
    return [Section("Relations", macro(TEMPLATE, "relations")(rows))]


def neighbourhood_sections(ctx: Context, eid: str, here: str) -> list[Section]:
    """A small network of the entry and its direct relations (for entries that have some)."""
    if ctx.node(eid)["kind"] not in NEIGHBOURHOOD_KINDS:
        return []
    payload = neighbourhood(ctx.graph, ctx.urls, eid, ctx.colours)
    if len(payload["nodes"]) < 2:
        return []
    html = macro(TEMPLATE, "neighbourhood")(
        root=ctx.root(here),
        payload=Markup(script_json(payload)),  # JSON with '<', '>' and '&' escaped: safe inside <script>
        vis_js=ctx.href(here, f"{ASSET_DIR}/vis-network.min.js"),
    )
    return [Section("Neighbourhood", html)]


def source_sections(node: dict) -> list[Section]:
    """The sources, then the home page (organizations) without a heading of its own."""
    sections = []
    if node.get("sources"):
        sections.append(Section("Sources", macro(TEMPLATE, "sources")(node["sources"])))
    if node.get("homepage"):
        sections.append(Section(html=macro(TEMPLATE, "homepage")(node["homepage"])))
    return sections
