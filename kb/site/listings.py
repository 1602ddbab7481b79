"""The overview pages generated from the graph: a listing per kind, the timeline, the figure table, coverage."""

from __future__ import annotations

from collections import defaultdict

from markupsafe import Markup

from kb import vocab
from kb.graph import axes_of, sort_key
from kb.markdown import plain
from kb.model import KnowledgeBase
from kb.site.context import KIND_TITLES, Context, entry_table
from kb.site.page import Page, SearchDoc, Section
from kb.site.palette import NO_ERA, eras_in_order
from kb.site.templating import macro
from kb.values import short

TEMPLATE = "listings.html"
LISTED_KINDS = ("era", "axis", "model", "paper", "concept", "article", "organization", "benchmark")
LISTING_COLUMNS = {
    "model": ("date", "org", "era", "params", "compute"),
    "paper": ("date", "org", "era", "summary"),
    "era": ("summary",),
    "axis": ("summary",),
    "organization": ("summary",),
    "benchmark": ("date", "summary"),
}


def overview_page(src: str, title: str, sections: list[Section], hide: tuple[str, ...] = ()) -> Page:
    """A generated overview page; search finds it by its title."""
    return Page(src=src, title=title, sections=sections, hide=hide, search=SearchDoc(title))


def listing_page(ctx: Context, kind: str) -> Page:
    """Every entry of one kind: eras in order, axes and organizations by name, the others by date."""
    here = ctx.urls.listing(kind)
    ids = ctx.by_kind.get(kind, [])
    if kind == "era":
        ids = eras_in_order(ctx.graph)
    elif kind in ("axis", "organization"):
        ids = sorted(ids, key=lambda n: ctx.node(n)["name"].lower())
    title = KIND_TITLES[kind][1]
    table = entry_table(ctx, here, ids, LISTING_COLUMNS.get(kind, ("date", "era", "summary")))
    return overview_page(here, title, [Section(prose=f"{len(ids)} {title.lower()}.", html=table)])


def timeline_page(ctx: Context) -> Page:
    """Every dated entry by year, coloured by era; entries that open or close an era are marked."""
    here = "timeline.md"
    graph = ctx.graph
    dated = [n for n, d in graph.nodes(data=True) if d.get("date") and d["kind"] not in ("era", "axis")]
    dated.sort(key=lambda n: sort_key(graph, n))
    markers = {
        i for e in ctx.by_kind.get("era", []) for k in ("opened_by", "closed_by") for i in ctx.node(e).get(k, [])
    }
    by_year: dict[int, list[dict]] = defaultdict(list)
    for n in dated:
        node = ctx.node(n)
        by_year[node["date"].year].append(
            {
                "marker": n in markers,
                "colour": ctx.colours.get(node.get("era"), NO_ERA),
                "kind": node["kind"],
                "era": node.get("era", ""),
                "axes": " ".join(axis for axis, _ in axes_of(graph, n)),
                "date": node["date"],
                "link": ctx.link(here, n),
                "summary": plain(node.get("summary", "")),
            }
        )
    intro = Section(
        prose="Every dated entry by year, coloured by era. Entries that mark an era's boundary are highlighted.",
        # the filters (eras.js) go into the slot, above the first year rather than under its heading
        html=macro(TEMPLATE, "legend")([ctx.chip(here, e) for e in eras_in_order(graph)])
        + Markup('\n<div class="eras-timeline-filters-slot"></div>'),
    )
    years = [Section(str(year), macro(TEMPLATE, "timeline_year")(by_year[year])) for year in sorted(by_year)]
    return overview_page(here, "Timeline", [intro, *years])


def figures_page(ctx: Context, csv_src: str) -> Page:
    """Every model, and every paper that reports a figure (the charts draw both), with its figures, status and
    era: a sortable, filterable table with a CSV download."""
    here = "figures.md"
    names = list(vocab.FIGURES)
    rows = []
    papers = [p for p in ctx.by_kind.get("paper", []) if ctx.node(p).get("figures")]
    for eid in sorted(ctx.by_kind.get("model", []) + papers, key=lambda n: sort_key(ctx.graph, n)):
        node = ctx.node(eid)
        figures = node.get("figures") or {}
        cells = []
        for name in names:
            fig = figures.get(name)
            unit = f" {fig['unit']}" if fig and name == "training_data" and fig.get("unit") else ""
            cells.append(
                fig and {"sort": repr(fig["value"]), "text": short(fig["value"]) + unit, "status": fig["status"]}
            )
        rows.append(
            {
                "link": ctx.link(here, eid),
                "date": node.get("date") or "",
                "era_id": node.get("era", ""),
                "era": ctx.chip(here, node.get("era"), short_name=True),
                "org": ctx.link(here, node.get("organization")),
                "figures": cells,
            }
        )
    head = ["Name", "Date", "Era", "Organization"] + [vocab.FIGURES[n].title for n in names]
    table = macro(TEMPLATE, "figure_table")(ctx.href(here, csv_src), head, rows)
    prose = (
        "Every model's figures, and those of the papers that report any, with their status: **O** official, "
        "**E** estimated (by a named party), **R** rumored. Click a column heading to sort; type to filter. "
        "Each entry's page gives the source of every number."
    )
    return overview_page(here, "Figure table", [Section(prose=prose, html=table)], hide=("navigation", "toc"))


COVERAGE_INTRO = (
    "What is still missing. Figures that were never disclosed (o1's size, for instance) stay missing on "
    "purpose: Eras leaves them out rather than guess. Rules marked *required* are errors of `kb validate` "
    "(so no entry can miss them); the others are advice."
)
MISSING_INTRO = Markup(
    '<p>The notable models in <a href="{url}">Epoch AI\'s Data on Notable AI Models</a> ({file}, CC BY 4.0) '
    "that no entry matches by name, alias or <code>epoch_name</code>: {count} of {total} rows, newest first. "
    "<code>kb import epoch {file} 'NAME'</code> drafts one.</p>"
)


def coverage_page(ctx: Context, kb: KnowledgeBase, epoch=None) -> Page:
    """What the knowledge base still lacks, editorial rule by rule, and (given Epoch's table) which notable
    models it has no entry for."""
    from kb.check.editorial import RULES

    here = "coverage.md"
    sections = [Section(prose=COVERAGE_INTRO)]
    for rule in RULES:
        ids = [i for i in rule.offenders(kb) if i in ctx.graph]
        heading = rule.title + (" (required)" if rule.required else "")
        count = f"{len(ids)} {'entry' if len(ids) == 1 else 'entries'}."
        links = macro(TEMPLATE, "links")(ctx.links(here, ids)) if ids else Markup("")
        sections.append(Section(heading, links, prose=count))
    if epoch is not None:
        sections.append(Section("Notable models not yet in Eras", missing_models(kb, epoch)))
    return overview_page(here, "Coverage", sections)


def missing_models(kb: KnowledgeBase, table) -> Markup:
    """A table of the rows of Epoch's file that no entry matches; every cell is escaped, links are http(s)."""
    from kb.outputs.epoch import EPOCH_URL
    from kb.outputs.epoch_import import unmatched_rows

    rows = unmatched_rows(kb, table)
    intro = MISSING_INTRO.format(url=EPOCH_URL, file=table.path.name, count=len(rows), total=len(table.rows))
    cells = []
    for row in rows:
        name = Markup("{}").format(row.model)
        if row.link.startswith(("https://", "http://")):
            name = Markup('<a href="{}">{}</a>').format(row.link, row.model)
        figures = ", ".join(f"{vocab.FIGURES[f].title.lower()} {short(v)}" for f, v in row.figures.items())
        cells.append(
            Markup("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>").format(
                row.date or "", name, row.organization, figures
            )
        )
    head = Markup("<tr><th>Date</th><th>Model</th><th>Organization</th><th>Epoch's figures</th></tr>")
    return intro + Markup('<table class="eras-missing"><thead>{}</thead><tbody>{}</tbody></table>').format(
        head, Markup("").join(cells)
    )


PROBLEMS_PAGE = "problems.md"


def problems_page(problems):
    """A page listing every problem, shown while `kb serve` runs on entries with errors."""
    items = Markup("").join(Markup("<li><code>{}</code></li>").format(p.format()) for p in problems)
    html = Markup("<p>These entries have errors and are left out of the site until they are fixed:</p><ul>{}</ul>")
    return Page(PROBLEMS_PAGE, "Problems in the entries", sections=[Section(html=html.format(items))])
