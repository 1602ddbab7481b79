"""Everything the site generates from a checked knowledge base: pages, assets and page fragments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import vocab
from .charts import chart_svg
from .export import to_csv
from .graph import build
from .network import VIS_CSS, VIS_JS, data_script, neighbourhood, script_json
from .pages import Site, coverage_page, era_chip, figures_page, front_matter, render_pages
from .reference import cli_page, relations_page, schema_page
from .text import esc, inline, plain
from .urls import Urls
from .validate import KnowledgeBase
from .values import short

ASSETS = Path(__file__).parent / "assets"
ASSET_DIR = "assets/eras"


@dataclass
class RenderedSite:
    pages: dict[str, str] = field(default_factory=dict)  # src path -> Markdown
    assets: dict[str, str | Path] = field(default_factory=dict)  # src path -> text or a file to copy
    edit: dict[str, str] = field(default_factory=dict)  # src path -> repository path to edit
    hooks: dict[str, Callable[[str], str]] = field(default_factory=dict)  # marker -> fragment renderer
    # pages whose body is plain HTML between headings: the plugin skips Markdown for their bodies
    raw: set[str] = field(default_factory=set)
    search: list[dict] = field(default_factory=list)  # search documents for the raw pages
    urls: Urls = field(default_factory=Urls)


PART = "<!-- eras-part {} -->"


def split_sections(markdown: str) -> tuple[str, list[str]]:
    r"""Split a generated page into a Markdown stub and its HTML blocks.

    The stub keeps the front matter, the headings and any prose (blocks that do not start with '<');
    each HTML block becomes a placeholder. Rendering the stub gives mkdocs its title and table of
    contents cheaply; the HTML blocks are put back untouched (see join_sections).

    >>> stub, parts = split_sections("---\ntitle: x\n---\n# X\n<p>a</p>\n\nSome **prose**.\n## B\n<p>b</p>\n")
    >>> [line for line in stub.split("\n") if line]
    ['---', 'title: x', '---', '# X', '<!-- eras-part 0 -->', 'Some **prose**.', '## B', '<!-- eras-part 1 -->']
    >>> parts
    ['<p>a</p>', '<p>b</p>']
    """
    lines = markdown.split("\n")
    stub: list[str] = []
    parts: list[str] = []
    current: list[str] = []
    index = 0
    if lines and lines[0] == "---":
        end = lines.index("---", 1)
        stub = lines[: end + 1]
        index = end + 1

    def flush() -> None:
        body = "\n".join(current).strip("\n")
        current.clear()
        if not body.strip():
            return
        if body.lstrip().startswith("<"):
            stub.extend(["", PART.format(len(parts)), ""])
            parts.append(body)
        else:
            stub.extend(["", body, ""])

    for line in lines[index:]:
        if line.startswith("#"):
            flush()
            stub.append(line)
        elif not line.strip():
            flush()
        else:
            current.append(line)
    flush()
    return "\n".join(stub) + "\n", parts


def join_sections(html: str, parts: list[str]) -> str:
    """Put the HTML parts back where the stub left their placeholders."""
    for i, part in enumerate(parts):
        html = html.replace(PART.format(i), part, 1)
    return html


def search_documents(site: Site) -> list[dict]:
    """One search document per entry: name, aliases, summary and description, escaped for Material's results."""
    docs = []
    for node, data in site.graph.nodes(data=True):
        words = [plain(data.get("summary", ""))]
        if data.get("aliases"):
            words.append("Also known as: " + ", ".join(data["aliases"]))
        if data.get("description"):
            words.append(plain(data["description"]))
        doc = {
            "location": site.urls.url(site.urls.entry(data["kind"], node)),
            "title": esc(data["name"]),
            "text": "".join(f"<p>{esc(w)}</p>" for w in words),
        }
        if data.get("aliases"):  # Material weighs tags highest: a search for an alias finds its entry first
            doc["tags"] = [esc(a) for a in data["aliases"]]
        if data["kind"] in SEARCH_BOOST:
            doc["boost"] = SEARCH_BOOST[data["kind"]]
        docs.append(doc)
    return docs


def page_documents(out: RenderedSite, entry_pages: set[str]) -> list[dict]:
    """A title-only search document for each generated overview page (timeline, listings, figure table...)."""
    docs = []
    for src in sorted(out.raw - entry_pages):
        front = out.pages[src].split("---\n")[1]
        title = yaml.safe_load(front).get("title")  # already escaped by front_matter()
        if title:
            docs.append({"location": out.urls.url(src), "title": title, "text": ""})
    return docs


# entries people look up by name rank above articles and listings that mention them
SEARCH_BOOST = {"model": 2, "paper": 1.5, "concept": 1.5}


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
    from .palette import eras_in_order

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
    from .palette import eras_in_order
    from .stats import fit_trend, records

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


def render_site(kb: KnowledgeBase, urls: Urls | None = None) -> RenderedSite:
    """Render pages, assets and fragments from a knowledge base that has passed validation."""
    urls = urls or Urls()
    graph = build(kb)
    site = Site(graph, urls)
    out = RenderedSite(urls=urls)
    out.pages = render_pages(site)
    for eid, entry in kb.entries.items():
        src = urls.entry(entry.kind, eid)
        out.edit[src] = f"entries/{vocab.FOLDERS[entry.kind]}/{entry.path.name}"
        block = neighbourhood_block(site, eid, src) if entry.kind in ("model", "paper", "concept", "article") else ""
        if block:
            out.pages[src] = _insert_before(out.pages[src], "## Sources", block)
    for axis in site.by_kind.get("axis", []):
        figure = graph.nodes[axis].get("figure")
        if figure:
            src = urls.entry("axis", axis)
            unit = "tokens" if figure == "training_data" else None
            chart = f'<div class="eras-chart-wrap">\n{chart_svg(graph, figure, src, urls, unit=unit)}\n</div>\n'
            out.pages[src] = _insert_before(out.pages[src], "## Entries that pushed", f"## Chart\n\n{chart}")
    out.pages["network.md"] = network_page(site)
    csv_src = f"{ASSET_DIR}/eras-entries.csv"
    out.assets[csv_src] = to_csv(graph)
    out.pages["figures.md"] = figures_page(site, csv_src)
    out.pages["coverage.md"] = coverage_page(site)
    out.raw = set(out.pages)
    out.pages["reference/schema.md"] = schema_page()
    out.pages["reference/relations.md"] = relations_page()
    out.pages["reference/cli.md"] = cli_page()
    out.search = search_documents(site) + page_documents(out, set(out.edit))
    out.assets[f"{ASSET_DIR}/vis-network.min.js"] = VIS_JS
    out.assets[f"{ASSET_DIR}/vis-network.css"] = VIS_CSS
    out.assets[f"{ASSET_DIR}/network-data.js"] = data_script(graph, urls)
    for asset in sorted(ASSETS.iterdir()):
        out.assets[f"{ASSET_DIR}/{asset.name}"] = asset
    out.hooks = {
        "eras-overview": lambda here: home_overview(site, here),
        "stats": lambda here: stats(site, here),
        "compute-records": lambda here: compute_records(site, here),
        "compute-chart": lambda here: (
            f'<div class="eras-chart-wrap">\n{chart_svg(graph, "training_compute", here, urls)}\n</div>'
        ),
        "parameters-chart": lambda here: (
            f'<div class="eras-chart-wrap">\n{chart_svg(graph, "parameters", here, urls)}\n</div>'
        ),
        "data-chart": lambda here: (
            f'<div class="eras-chart-wrap">\n{chart_svg(graph, "training_data", here, urls, unit="tokens")}\n</div>'
        ),
    }
    return out


def _insert_before(page: str, heading: str, block: str) -> str:
    index = page.find(f"\n{heading}")
    if index < 0:
        return page.rstrip("\n") + "\n\n" + block + "\n"
    return page[: index + 1] + block + "\n" + page[index + 1 :]
