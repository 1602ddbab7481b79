"""Everything the site generates from a checked knowledge base: pages, assets and page fragments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from kb import vocab
from kb.graph import build
from kb.markdown import plain
from kb.model import KnowledgeBase
from kb.outputs.export import to_csv
from kb.site.charts import chart_svg
from kb.site.network import VIS_CSS, VIS_JS, data_script
from kb.site.overview import ASSET_DIR, compute_records, home_overview, neighbourhood_block, network_page, stats
from kb.site.pages import Site, coverage_page, figures_page, render_pages
from kb.site.reference import cli_page, relations_page, schema_page
from kb.site.text import esc
from kb.site.urls import Urls

ASSETS = Path(__file__).parent / "assets"


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
    for era in site.by_kind.get("era", []):
        src = urls.entry("era", era)
        if any(
            data.get("era") == era and "training_compute" in (data.get("figures") or {})
            for _, data in graph.nodes(data=True)
        ):
            chart = chart_svg(graph, "training_compute", src, urls, era=era)
            block = f'## Training compute in this era\n\n<div class="eras-chart-wrap">\n{chart}\n</div>\n'
            out.pages[src] = _insert_before(out.pages[src], "## Entries in this era", block)
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
