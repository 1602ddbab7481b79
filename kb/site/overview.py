"""Page fragments that give an overview: the network page, entry neighbourhoods, era cards and compute records."""

from __future__ import annotations

from kb.site.network import neighbourhood, script_json
from kb.site.pages import Site, era_chip, front_matter
from kb.site.palette import eras_in_order
from kb.site.text import esc, inline
from kb.site.trends import fit_trend, records
from kb.site.urls import Urls
from kb.values import short

ASSET_DIR = "assets/eras"


def script_tag(urls: Urls, here: str, name: str) -> str:
    return f'<script src="{esc(urls.rel(here, f"{ASSET_DIR}/{name}"))}"></script>'


def network_page(site: Site) -> str:
    here = "network.md"
    urls = site.urls
    root = urls.rel(here, "index.md")
    return "\n".join(
        [
            front_matter("Network", hide=("navigation", "toc")),
            "# Network",
            "",
            "Every entry and how it connects. Left to right is time, each era given the same width; each "
            "band holds the entries that pushed one scaling axis. Colour is the era, shape the kind of entry. "
            "Hover over a node to see its neighbours and summary; click it to open its page. Links to eras, "
            "axes and organizations start hidden: turn them on under Filters.",
            "",
            f'<div class="eras-network-app" data-root="{esc(root)}">',
            '<div class="eras-network-controls">',
            '<input type="search" class="eras-network-search" placeholder="Find an entry…" aria-label="Find an entry" '
            'list="eras-network-names">',
            '<datalist id="eras-network-names"></datalist>',
            '<label>Depth <select class="eras-network-depth"><option value="1">1</option>'
            '<option value="2">2</option></select></label>',
            '<button type="button" class="eras-network-reset">Show all</button>',
            "</div>",
            '<details class="eras-network-filters"><summary>Filters</summary></details>',
            '<div class="eras-network-body">',
            '<div id="eras-network" class="eras-network" aria-label="Network of entries"></div>',
            '<aside class="eras-network-panel" aria-live="polite"><p>Select a node to see its summary.</p></aside>',
            "</div>",
            '<div class="eras-network-legend"></div>',
            "</div>",
            "",
            script_tag(urls, here, "vis-network.min.js"),
            script_tag(urls, here, "network-data.js"),
            "",
        ]
    )


def neighbourhood_block(site: Site, eid: str, here: str) -> str:
    payload = neighbourhood(site.graph, site.urls, eid, site.colours)
    if len(payload["nodes"]) < 2:
        return ""
    root = site.urls.rel(here, "index.md")
    return "\n".join(
        [
            "## Neighbourhood",
            "",
            f'<div class="eras-mini-network" data-root="{esc(root)}" aria-label="Direct relations of this entry">'
            f'<script type="application/json">{script_json(payload)}</script></div>',
            "",
            script_tag(site.urls, here, "vis-network.min.js"),
            "",
        ]
    )


def home_overview(site: Site, here: str) -> str:
    """The eras at a glance, for the home page."""
    cards = []
    for era in eras_in_order(site.graph):
        node = site.node(era)
        span = f"{node.get('start')} to {node.get('end') or 'now'}"
        count = sum(1 for _, _, r in site.graph.in_edges(era, data="relation") if r == "era")
        cards.append(
            f'<div class="eras-card" style="--era:{site.colours[era]}"><h3>{site.a(here, era)}</h3>'
            f'<p class="eras-span">{esc(span)} · {count} entries</p>'
            f"<p>{inline(node['summary'], site.link_for(here))}</p></div>"
        )
    return '<div class="eras-cards">\n' + "\n".join(cards) + "\n</div>"


def compute_records(site: Site, here: str) -> str:
    """The record-setting training runs in the knowledge base, and how fast the record grew."""
    found = records(site.graph)
    if not found:
        return "<p><em>No model reports its training compute yet.</em></p>"
    rows = []
    for _, value, node in found:
        data = site.node(node)
        fig = data["figures"]["training_compute"]
        by = f" by {esc(fig['by'])}" if fig.get("by") else ""
        rows.append(
            f"<tr><td>{esc(data['date'])}</td><td>{site.a(here, node)}</td>"
            f"<td>{era_chip(site, here, data.get('era'))}</td><td>{esc(short(value))} FLOP</td>"
            f'<td><span class="eras-status eras-status-{esc(fig["status"])}">{esc(fig["status"])}</span>{by}</td></tr>'
        )
    sentences = []
    overall = fit_trend([(x, v) for x, v, _ in found])
    if overall and overall.doubling_months:
        sentences.append(
            f"Fitted to these {overall.points} records, the largest training run doubled about every "
            f"<strong>{overall.doubling_months:.1f} months</strong> from {int(overall.first)} to {int(overall.last)}."
        )
    for era in eras_in_order(site.graph):
        in_era = [(x, v) for x, v, n in found if site.node(n).get("era") == era]
        trend = fit_trend(in_era)
        if trend and trend.doubling_months:
            sentences.append(
                f"Within {site.a(here, era)}: every {trend.doubling_months:.1f} months ({trend.points} records)."
            )
    note = (
        "Records among the models in Eras that report training compute, official or estimated (rumors left out); "
        "a model missing from the knowledge base cannot set a record here."
    )
    table = (
        "<table>\n<thead><tr><th>Date</th><th>Model</th><th>Era</th><th>Training compute</th><th>Status</th></tr>"
        "</thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>"
    )
    return f"<p>{' '.join(sentences)}</p>\n{table}\n<p><small>{note}</small></p>"


def stats(site: Site, here: str) -> str:
    counts = {
        kind: len(site.by_kind.get(kind, [])) for kind in ("model", "paper", "concept", "article", "organization")
    }
    parts = [f'<a href="{esc(site.urls.rel(here, site.urls.listing(k)))}">{n} {k}s</a>' for k, n in counts.items()]
    return '<p class="eras-stats">' + " · ".join(parts) + "</p>"
