"""Fragments the hand-written pages ask for by marker (<!-- eras:NAME -->): counts, era cards, records, charts."""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from kb.site.charts import chart_svg
from kb.site.context import Context
from kb.site.palette import NO_ERA, eras_in_order
from kb.site.results import featured_chart
from kb.site.templating import macro
from kb.site.trends import fit_trend, records
from kb.values import short

TEMPLATE = "fragments.html"
COUNTED_KINDS = ("model", "paper", "concept", "article", "organization", "benchmark")


def fragments(ctx: Context) -> dict[str, Callable[[str], Markup]]:
    """Marker name -> a function of the page's source path giving the fragment's HTML."""

    def chart(figure: str, unit: str | None = None) -> Callable[[str], Markup]:
        return lambda here: macro("macros.html", "chart")(chart_svg(ctx.graph, figure, here, ctx.urls, unit=unit))

    return {
        "eras-overview": lambda here: era_cards(ctx, here),
        "stats": lambda here: stats(ctx, here),
        "compute-records": lambda here: compute_records(ctx, here),
        "compute-chart": chart("training_compute"),
        "parameters-chart": chart("parameters"),
        "data-chart": chart("training_data", unit="tokens"),
        "test-time-chart": lambda here: featured_chart(ctx, here, "test-time-compute"),
    }


def era_cards(ctx: Context, here: str) -> Markup:
    """The eras at a glance, for the home page: span, size and summary of each."""
    cards = []
    for era in eras_in_order(ctx.graph):
        node = ctx.node(era)
        cards.append(
            {
                "colour": ctx.colours.get(era, NO_ERA),
                "link": ctx.link(here, era),
                "span": f"{node.get('start')} to {node.get('end') or 'now'}",
                "count": sum(1 for _, _, rel in ctx.graph.in_edges(era, keys=True) if rel == "era"),
                "summary": ctx.inline(here, node["summary"]),
            }
        )
    return macro(TEMPLATE, "cards")(cards)


def stats(ctx: Context, here: str) -> Markup:
    """How many entries of each kind, each count linking to its listing."""
    links = [ctx.listing_link(here, kind, f"{len(ctx.by_kind.get(kind, []))} {kind}s") for kind in COUNTED_KINDS]
    return macro(TEMPLATE, "stats")(links)


def compute_records(ctx: Context, here: str) -> Markup:
    """The record-setting training runs in the knowledge base, and how fast the record grew."""
    found = records(ctx.graph)
    if not found:
        return Markup("<p><em>No model reports its training compute yet.</em></p>")
    rows = []
    for _, value, node in found:
        data = ctx.node(node)
        rows.append(
            {
                "date": data["date"],
                "link": ctx.link(here, node),
                "era": ctx.chip(here, data.get("era")),
                "value": short(value),
                "figure": data["figures"]["training_compute"],
            }
        )
    overall = fit_trend([(x, v) for x, v, _ in found])
    eras = []
    for era in eras_in_order(ctx.graph):
        trend = fit_trend([(x, v) for x, v, n in found if ctx.node(n).get("era") == era])
        if trend and trend.doubling_months:
            eras.append((ctx.link(here, era), trend))
    return macro(TEMPLATE, "records")(overall if overall and overall.doubling_months else None, eras, rows)
