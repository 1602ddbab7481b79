"""Benchmark results on the site: score against test-time budget charts, and results tables."""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup

from kb import vocab
from kb.graph import budget, results_on
from kb.site.charts import marker
from kb.site.context import Context
from kb.site.page import Section
from kb.site.templating import macro, render

WIDTH, HEIGHT = 720, 400
LEFT, RIGHT, TOP, BOTTOM = 56, 210, 24, 44
SERIES_COLOURS = ("#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777")


@dataclass(frozen=True)
class Frame:
    """Where budgets (log scale) and scores land on the canvas."""

    x0: float
    x1: float
    y0: float
    y1: float

    def sx(self, samples: int) -> float:
        span = max(self.x1 - self.x0, 1e-9)
        return LEFT + (math.log10(samples) - self.x0) / span * (WIDTH - LEFT - RIGHT)

    def sy(self, score: float) -> float:
        span = max(self.y1 - self.y0, 1e-9)
        return TOP + (1 - (score - self.y0) / span) * (HEIGHT - TOP - BOTTOM)


def series_of(ctx: Context, benchmark: str, models=None) -> dict[tuple[str, str], list[dict]]:
    """(entry, label) -> its results on `benchmark` ordered by budget; one series per model measured."""
    series: dict[tuple[str, str], list[dict]] = {}
    for node, result in results_on(ctx.graph, benchmark, models):
        label = result.get("model") or ctx.node(node)["name"]
        series.setdefault((node, label), []).append(result)
    return series


def _frame(ctx: Context, benchmark: str, series: dict) -> Frame:
    budgets = [budget(r) for rs in series.values() for r in rs]
    scores = [r["score"] for rs in series.values() for r in rs]
    bounds = ctx.node(benchmark).get("range") or {}
    low = bounds.get("min", min(scores)) if bounds.get("max") is not None else min(scores) * 0.95
    high = bounds["max"] if bounds.get("max") is not None else max(scores) * 1.05
    return Frame(0.0, max(1.0, math.ceil(math.log10(max(budgets)))), low, high)


def budget_chart(ctx: Context, here: str, benchmark: str, models=None, title: str | None = None) -> Markup:
    """An SVG of score against samples per problem (log scale): one line per model, one point per result.

    Points link to the page that prints the score, their hover text names the setting; the legend links
    to each series' entry. Official results are discs, estimated ones diamonds, rumored ones triangles.
    """
    series = series_of(ctx, benchmark, models)
    if models is None:  # a benchmark's own chart draws the models measured at more than one budget
        series = {key: rs for key, rs in series.items() if _several_budgets(rs)}
    bench = ctx.node(benchmark)
    title = title or f"{bench['name']}: score against test-time budget"
    if not series:
        return render("budget_chart.svg", lines=[], title=title)
    frame = _frame(ctx, benchmark, series)
    unit = bench.get("unit") or ""
    ordered = sorted(series.items(), key=lambda s: s[0][1].lower())
    lines = [
        _line(ctx, here, frame, i, node, label, results, unit) for i, ((node, label), results) in enumerate(ordered)
    ]
    x_ticks = [{"x": frame.sx(10**e), "text": f"{10**e:,}"} for e in range(int(frame.x0), int(frame.x1) + 1)]
    y_ticks = [{"y": frame.sy(v), "text": f"{v:g}"} for v in _ticks(frame.y0, frame.y1)]
    geometry = {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "legend_x": WIDTH - RIGHT + 14,
    }
    return render(
        "budget_chart.svg",
        lines=lines,
        title=title,
        g=geometry,
        x_ticks=x_ticks,
        y_ticks=y_ticks,
        y_label=f"{bench.get('metric', 'score')}",
        x_label="samples per problem (log scale)",
    )


def _line(ctx: Context, here: str, frame: Frame, i: int, node: str, label: str, results: list, unit: str) -> dict:
    """One series: its colour, the path through its points, the points (link, hover text, shape), its legend."""
    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    points = [
        {
            "x": frame.sx(budget(r)),
            "y": frame.sy(r["score"]),
            "href": r["source"],
            "tip": _tip(label, r, unit),
            "shape": marker(r["status"], frame.sx(budget(r)), frame.sy(r["score"]), colour),
        }
        for r in results
    ]
    return {
        "colour": colour,
        "path": " ".join(f"{'M' if j == 0 else 'L'}{p['x']:.1f} {p['y']:.1f}" for j, p in enumerate(points)),
        "points": points,
        "label": label if len(label) <= 32 else label[:31] + "…",
        "href": ctx.link(here, node).href,
        "legend_y": TOP + 14 + 18 * i,
    }


def _tip(label: str, result: dict, unit: str) -> str:
    how = vocab.AGGREGATIONS[result["aggregation"]].label
    samples = f", {result['samples']} samples" if result.get("samples") else ""
    extra = f", {result['thinking_tokens']:,.0f} thinking tokens" if result.get("thinking_tokens") else ""
    cost = f", ${result['cost_usd']:g} per task" if result.get("cost_usd") else ""
    return f"{label}: {result['score']:g}{unit} - {result['setting']} ({how}{samples}{extra}{cost}; {result['status']})"


def _ticks(low: float, high: float) -> list[float]:
    step = 10 ** math.floor(math.log10(max(high - low, 1e-9)))
    while (high - low) / step < 4:
        step /= 2
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step) + 1)]


def results_table(ctx: Context, here: str, rows: list[tuple[str, dict]], by_benchmark: bool) -> Markup:
    """A table of results: on an entry's page by benchmark, on a benchmark's page by model."""
    shaped = []
    for node, r in rows:
        subject = ctx.link(here, r["benchmark"]) if by_benchmark else ctx.link(here, node)
        shaped.append(
            {
                "subject": subject,
                "model": r.get("model"),
                "score": f"{r['score']:g}{ctx.node(r['benchmark']).get('unit') or ''}",
                "setting": r["setting"],
                "how": vocab.AGGREGATIONS[r["aggregation"]].label,
                "samples": r.get("samples"),
                "submissions": r.get("submissions"),
                "tokens": f"{r['thinking_tokens']:,.0f}" if r.get("thinking_tokens") else "",
                "cost": f"${r['cost_usd']:g}" if r.get("cost_usd") else "",
                "status": r["status"],
                "by": r.get("by"),
                "source": r["source"],
                "note": ctx.inline(here, r["note"]) if r.get("note") else "",
            }
        )
    return render("results_table.html", rows=shaped, by_benchmark=by_benchmark)


def _several_budgets(results: list[dict]) -> bool:
    return len({budget(r) for r in results}) > 1


def _declared(ctx: Context, here: str, chart: dict) -> Markup:
    """A chart an entry declares under `charts:`: one benchmark, the models it names."""
    svg = budget_chart(ctx, here, chart["benchmark"], set(chart["models"]), chart.get("title"))
    return macro("macros.html", "chart")(svg)


def entry_results(ctx: Context, eid: str) -> list[tuple[str, dict]]:
    """An entry's own results, by benchmark then budget."""
    results = ctx.node(eid).get("results") or []
    return [(eid, r) for r in sorted(results, key=lambda r: (r["benchmark"], r.get("model") or "", budget(r)))]


def results_sections(ctx: Context, eid: str, here: str) -> list:
    """Sections for an entry page: a benchmark's meaning, chart and results; an entry's results and charts."""
    node = ctx.node(eid)
    sections = []
    if node["kind"] == "benchmark":
        sections.append(Section("What a score means", render("benchmark_facts.html", node=node)))
        rows = results_on(ctx.graph, eid)
        if any(_several_budgets(rs) for rs in series_of(ctx, eid).values()):
            sections.append(
                Section("Score against test-time budget", macro("macros.html", "chart")(budget_chart(ctx, here, eid)))
            )
        if rows:
            sections.append(Section(f"Results ({len(rows)})", results_table(ctx, here, rows, by_benchmark=False)))
        return sections
    for chart in node.get("charts") or []:
        sections.append(Section(chart.get("title") or "Score against test-time budget", _declared(ctx, here, chart)))
    if node.get("results"):
        table = results_table(ctx, here, entry_results(ctx, eid), by_benchmark=True)
        sections.append(Section(f"Results at their test-time budgets ({len(node['results'])})", table))
    return sections


def featured_chart(ctx: Context, here: str, holder: str) -> Markup:
    """The first chart an entry declares (the home page shows the test-time-compute axis' chart)."""
    charts = ctx.node(holder).get("charts") if holder in ctx.graph else None
    return _declared(ctx, here, charts[0]) if charts else Markup("")
